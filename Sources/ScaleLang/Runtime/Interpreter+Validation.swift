import Foundation
import ScalingCore

/// `bootstrap FIT COUNT [seed S] [of EXPR, …]` and `holdout FIT largest K by COLUMN`.
extension Interpreter {
    func commandOperandFit(_ command: Command, in scope: Scope, at range: SourceRange) throws(ScaleError) -> (FitValue, Expr) {
        guard let first = command.operands.first else {
            throw .runtime("'\(command.verb)' needs a fit, as in '\(command.verb) f …'", at: range)
        }
        guard case .object(let o) = try evaluate(first, in: scope), let fit = o as? FitValue else {
            throw .runtime("'\(command.verb)' expects a fit result, as from 'f = fit …'", at: first.range)
        }
        return (fit, first)
    }

    func clause(_ command: Command, _ word: String) -> Command.Clause? {
        command.clauses.last(where: { $0.word == word })
    }

    func bootstrapCommand(_ command: Command, in scope: Scope, at range: SourceRange) throws(ScaleError) -> Value {
        let (fit, fitExpr) = try commandOperandFit(command, in: scope, at: range)
        guard command.operands.count >= 2 else {
            throw .runtime("'bootstrap' needs a number of resamples, as in 'bootstrap f 1000'", at: range)
        }
        let countValue = try scalar(try evaluate(command.operands[1], in: scope), at: command.operands[1].range, what: "the number of resamples")
        guard countValue >= 2, countValue == countValue.rounded(), countValue <= Double(limits.trials) else {
            throw .runtime("the number of resamples must be a whole number from 2 to \(limits.trials)", at: command.operands[1].range)
        }
        var seed: UInt64 = 1
        if let s = clause(command, "seed") {
            seed = try self.seed(try scalar(try evaluate(s.value, in: scope), at: s.value.range, what: "the seed"), at: s.value.range)
        } else if case .number(let x)? = settings["seed"] {
            seed = try self.seed(x, at: range)
        }
        guard fit.summary.converged else {
            throw .runtime("the fit did not converge (\(fit.summary.reason)); there is no optimum to resample around", at: fitExpr.range)
        }
        let boot: Fitter.Bootstrap
        do {
            boot = try Fitter.bootstrap(fit.problem, from: fit.summary.values, count: Int(countValue), seed: seed, cancelled: { Interrupt.isRequested })
        } catch {
            throw .runtime("bootstrap: \(error.description)", at: range)
        }
        var names: [String] = fit.summary.parameters
        var estimates = fit.summary.values
        var samples: [[Double]] = (0..<names.count).map { j in boot.replicates.map { $0[j] } }
        let derived = command.clauses.filter { $0.word == "of" }
        for d in derived {
            // Each derived quantity is evaluated with the fit's name bound to each replicate.
            let inner = Scope(parent: scope)
            var values: [Double] = []
            for rep in boot.replicates {
                if case .name(let n) = fitExpr.kind { inner.variables[n] = .object(fit.with(values: rep)) }
                values.append(try scalar(try evaluate(d.value, in: inner), at: d.value.range, what: "a derived quantity"))
            }
            if case .name(let n) = fitExpr.kind { inner.variables[n] = .object(fit) }
            estimates.append(try scalar(try evaluate(d.value, in: inner), at: d.value.range, what: "a derived quantity"))
            names.append(d.value.formula)
            samples.append(values)
        }
        var lo: [Double] = [], hi: [Double] = [], med: [Double] = []
        for s in samples {
            let q = Fitter.percentileInterval(s)
            lo.append(q.lower); med.append(q.median); hi.append(q.upper)
        }
        let table = Table(columns: [
            .init(name: "quantity", data: .text(names)), .init(name: "estimate", data: .numbers(estimates)),
            .init(name: "lo", data: .numbers(lo)), .init(name: "median", data: .numbers(med)), .init(name: "hi", data: .numbers(hi)),
        ])
        let header = "bootstrap of \(describe(fitExpr)): \(boot.attempted) resamples of \(fit.problem.rows) rows, seed \(seed); "
            + "\(boot.replicates.count) refits converged; 95% percentile intervals"
        return .object(ResultTable(title: header, table: table, typeName: "bootstrap"))
    }

    func holdoutCommand(_ command: Command, in scope: Scope, at range: SourceRange) throws(ScaleError) -> Value {
        let (fit, _) = try commandOperandFit(command, in: scope, at: range)
        let largest = clause(command, "largest"), smallest = clause(command, "smallest")
        guard let which = largest ?? smallest else {
            throw .runtime("say which rows to hold out: 'holdout f largest K by COLUMN'", at: range)
        }
        let k = try scalar(try evaluate(which.value, in: scope), at: which.value.range, what: "the number of rows to hold out")
        guard let by = clause(command, "by") else {
            throw .runtime("say which column orders the rows: 'holdout f largest K by COLUMN'", at: range)
        }
        let t = fit.table
        let columnName: String
        switch by.value.kind {
        case .name(let n): columnName = n
        case .string(let s): columnName = s
        default: throw .runtime("'by' expects a column name", at: by.value.range)
        }
        guard case .numbers(let key)? = t.column(columnName) else {
            throw .runtime("the fitted table has no numeric column '\(columnName)'", at: by.value.range,
                           hint: suggestion(columnName, t.columnNames, list: "columns"))
        }
        let n = t.rowCount
        guard k.isFinite, k == k.rounded(), k >= 1, n - Int(min(k, Double(n + 1))) >= fit.problem.parameterCount else {
            throw .runtime("hold out a whole number of rows from 1 to \(n - fit.problem.parameterCount) (the refit needs at least as many rows as parameters)",
                           at: which.value.range)
        }
        let kk = Int(k)
        let order = (0..<n).sorted { largest != nil ? (key[$0], $1) > (key[$1], $0) : (key[$0], $0) < (key[$1], $1) }
        // the held-out rows are listed in the order of the column they were chosen by
        let held = order.prefix(kk).sorted { (key[$0], $0) < (key[$1], $1) }, kept = Array(order.dropFirst(kk)).sorted()
        let refit: FitResult
        do {
            refit = try Fitter.fit(fit.problem.selecting(rows: kept), starts: [fit.summary.values], cancelled: { Interrupt.isRequested })
        } catch {
            throw .runtime("holdout refit: \(error.description)", at: range)
        }
        let heldProblem = fit.problem.selecting(rows: held)
        let actual = Fitter.evaluate(heldProblem.response, parameters: [], columns: heldProblem.columns, rows: held.count)
        let predicted = Fitter.evaluate(heldProblem.model, parameters: refit.values, columns: heldProblem.columns, rows: held.count)
        let errors = zip(actual, predicted).map { $1 - $0 }
        let rmse = (errors.reduce(0) { $0 + $1 * $1 } / Double(errors.count)).squareRoot()
        let table = Table(columns: [
            .init(name: columnName, data: .numbers(held.map { key[$0] })), .init(name: "actual", data: .numbers(actual)),
            .init(name: "predicted", data: .numbers(predicted)), .init(name: "error", data: .numbers(errors)),
        ])
        let status = refit.converged ? "converged" : "DID NOT CONVERGE (\(refit.reason))"
        let title = "holdout: refit on \(kept.count) rows without the \(kk) \(largest != nil ? "largest" : "smallest") by \(columnName) (\(status)); "
            + "prediction error on the held-out rows, response scale: RMSE \(formatSignificant(rmse, digits: digits)), "
            + "max |error| \(formatSignificant(errors.map(abs).max() ?? .nan, digits: digits))"
        let result = ResultTable(title: title, table: table, typeName: "holdout")
        result.extra = ["rmse": .number(rmse), "max_error": .number(errors.map(abs).max() ?? .nan), "converged": .bool(refit.converged)]
        for (name, v) in zip(refit.parameterNames, refit.values) { result.extra[name] = .number(v) }
        return .object(result)
    }
}

extension Value {
    /// A result shown as a table (a simulation, a hold-out, bootstrap intervals) as the table it
    /// shows, so that indexing, `where`, `use`, `save` and the builtins take it as one; else itself.
    var tabular: Value {
        if case .object(let r as ResultTable) = self { return .table(r.table) }
        return self
    }
}

/// A result that is a table with a title line (bootstrap intervals, hold-out errors, …);
/// `r.table` is the table, `r.COLUMN` a column, plus named scalars in `extra`.
final class ResultTable: DomainObject {
    let title: String
    let table: Table
    let typeName: String
    var extra: [String: Value] = [:]

    init(title: String, table: Table, typeName: String) {
        self.title = title
        self.table = table
        self.typeName = typeName
    }

    func display(digits: Int) -> String {
        title + "\n" + displayTable(table, digits: digits, head: 20, tail: 5)
    }

    func member(_ name: String) -> Value? {
        if name == "table" { return .table(table) }
        if let x = extra[name] { return x }
        if let c = table.column(name) { return c.value }
        // a row by its first column's text (b.alpha → [estimate, lo, …])
        if case .text(let keys)? = table.columns.first?.data, let i = keys.firstIndex(of: name) {
            return .record(table.row(i))
        }
        return nil
    }

    var memberNames: [String] {
        var names = ["table"] + table.columnNames + extra.keys.sorted()
        if case .text(let keys)? = table.columns.first?.data { names += keys }
        return names
    }
}
