import Foundation
import ScalingCore

extension Commands {
    /// `influence FIT of EXPR [by COLUMN]`
    static let influence = CommandDeclaration(
        verb: "influence",
        summary: "refit without each run (or each group of equal values of a column) and rank them by how far they move a quantity",
        operands: [OperandDeclaration("fit", .expression(.fit), "a fit result, as from 'f = fit …'")],
        clauses: [
            ClauseDeclaration("of", .expression(.expression), placeholder: "EXPR", required: true,
                              "the quantity, evaluated with the fit's name bound to each refit (f.alpha, (optimal f at C = 1e24).N)"),
            ClauseDeclaration("by", .expression(.column), placeholder: "COLUMN", "leave out each group of rows with one value of this column, instead of each row"),
        ],
        examples: [
            "t = table(x = [1, 2, 3, 4, 5, 6], y = [2.1, 3.9, 6.2, 7.8, 10.1, 14.2])", "f = fit y ~ a * x + b on t",
            "influence f of f.a",
        ],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.influence(input) })
}

extension Interpreter {
    func influence(_ input: CommandInput) throws(ScaleError) -> Value {
        let range = input.range, scope = input.scope
        let (fit, fitExpr) = try input.fit(0)
        guard let quantity = input.clause("of")?.expression else {
            throw .runtime("say which quantity: 'influence f of f.alpha'", at: range)
        }
        guard fit.summary.converged else {
            throw .runtime("the fit did not converge (\(fit.summary.reason)); there is no optimum to compare refits with", at: fitExpr.range)
        }
        let n = fit.problem.rows
        var groups: [[Int]]
        var keyColumn: Table.ColumnData
        var keyName = "row"
        if let by = input.clause("by"), let name = by.text {
            guard let column = fit.table.column(name) else {
                throw .runtime("the fitted table has no column '\(name)'", at: by.range, hint: suggestion(name, fit.table.columnNames, list: "columns"))
            }
            keyName = name
            // groups of text in order of first appearance, of numbers in increasing order
            groups = TableVerbs.groups(fit.table, by: [name])
            if case .numbers(let v) = column { groups.sort { v[$0[0]] < v[$1[0]] } }
            keyColumn = column.selecting(groups.map { $0[0] })
        } else {
            groups = (0..<n).map { [$0] }
            keyColumn = .numbers((0..<n).map { Double($0 + 1) })
        }
        // The quantity with the fit's name bound to a given parameter vector.
        func evaluateQuantity(_ values: [Double]) throws(ScaleError) -> Double {
            let inner = Scope(parent: scope)
            if case .name(let name) = fitExpr.kind { inner.variables[name] = .object(fit.with(values: values)) }
            return try scalar(try evaluate(quantity, in: inner), at: quantity.range, what: "the quantity")
        }
        let full = try evaluateQuantity(fit.summary.values)
        let refits = Fitter.leaveOut(fit.problem, from: fit.summary.values, groups: groups, cancelled: { Interrupt.isRequested })
        if Interrupt.isRequested { throw .runtime("interrupted", at: range) }
        var without: [Double] = []
        for r in refits { without.append(try r.map { (values: [Double]) throws(ScaleError) -> Double in try evaluateQuantity(values) } ?? .nan) }
        // Largest move first; refits that failed (NaN) last.
        let order = without.indices.sorted { a, b in
            let da = abs(without[a] - full), db = abs(without[b] - full)
            return da.isNaN ? false : (db.isNaN ? true : (da, b) > (db, a))
        }
        let table = Table(columns: [
            .init(name: keyName, data: keyColumn.selecting(order)),
            .init(name: "rows", data: .numbers(order.map { Double(groups[$0].count) })),
            .init(name: "without", data: .numbers(order.map { without[$0] })),
            .init(name: "change", data: .numbers(order.map { without[$0] - full })),
            .init(name: "rel_change", data: .numbers(order.map { (without[$0] - full) / full })),
        ])
        let failed = without.filter(\.isNaN).count
        var title = "influence on \(quantity.formula) = \(formatSignificant(full, digits: digits)): refit without each "
            + (keyName == "row" ? "row" : "group of '\(keyName)'") + " (\(groups.count) refits), largest change first"
        if failed > 0 { title += "\n  \(failed) refit\(failed == 1 ? "" : "s") did not converge (nan)" }
        return .object(ResultTable(title: title, table: table, typeName: "influence"))
    }
}
