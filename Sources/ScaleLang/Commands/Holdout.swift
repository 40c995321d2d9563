import ScalingCore

extension Commands {
    /// `holdout FIT largest|smallest K by COLUMN`
    static let holdout = CommandDeclaration(
        verb: "holdout", summary: "refit without the K largest (or smallest) rows by a column; the prediction error on them",
        operands: [OperandDeclaration("fit", .expression(.fit), "a fit result, as from 'f = fit …'")],
        clauses: [
            ClauseDeclaration("largest", .expression(.number(.finite)), placeholder: "K", "hold out the K rows with the largest values"),
            ClauseDeclaration("smallest", .expression(.number(.finite)), placeholder: "K", "hold out the K rows with the smallest values"),
            ClauseDeclaration("by", .expression(.column), placeholder: "COLUMN", "the column that orders the rows"),
        ],
        examples: ["t = table(x = [1, 2, 3, 4, 5, 6], y = [2.1, 3.9, 6.2, 7.8, 10.1, 12.2])", "f = fit y ~ a * x on t",
                   "holdout f largest 2 by x"],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.holdout(input) })
}

extension Interpreter {
    func holdout(_ input: CommandInput) throws(ScaleError) -> Value {
        let range = input.range
        let fit = try input.fit(0).value
        let largest = input.clause("largest"), smallest = input.clause("smallest")
        guard let which = largest ?? smallest, let k = which.number else {
            throw .runtime("say which rows to hold out: 'holdout f largest K by COLUMN'", at: range)
        }
        guard let by = input.clause("by"), let columnName = by.text else {
            throw .runtime("say which column orders the rows: 'holdout f largest K by COLUMN'", at: range)
        }
        let t = fit.table
        guard case .numbers(let key)? = t.column(columnName) else {
            throw .runtime("the fitted table has no numeric column '\(columnName)'", at: by.range,
                           hint: suggestion(columnName, t.columnNames, list: "columns"))
        }
        let n = t.rowCount
        guard k.isFinite, k == k.rounded(), k >= 1, n - Int(min(k, Double(n + 1))) >= fit.problem.parameterCount else {
            throw .runtime("hold out a whole number of rows from 1 to \(n - fit.problem.parameterCount) (the refit needs at least as many rows as parameters)",
                           at: which.range)
        }
        let kk = Int(k)
        let h: Holdout.Result
        do {
            h = try Holdout.run(fit.problem, start: fit.summary.values, key: key, count: kk, largest: largest != nil, cancelled: { Interrupt.isRequested })
        } catch {
            throw .runtime("holdout refit: \(error.message)", at: range)
        }
        let refit = h.refit, kept = h.kept
        let table = Table(columns: [
            .init(name: columnName, data: .numbers(h.held.map { key[$0] })), .init(name: "actual", data: .numbers(h.actual)),
            .init(name: "predicted", data: .numbers(h.predicted)), .init(name: "error", data: .numbers(h.errors)),
        ])
        let status = refit.converged ? "converged" : "DID NOT CONVERGE (\(refit.reason))"
        let title = "holdout: refit on \(kept.count) rows without the \(kk) \(largest != nil ? "largest" : "smallest") by \(columnName) (\(status)); "
            + "prediction error on the held-out rows, \(fit.problem.dataScale.isLog ? "data scale (the fit was of logs)" : "response scale"): RMSE \(formatSignificant(h.rmse, digits: digits)), "
            + "max |error| \(formatSignificant(h.maxError, digits: digits))"
        let result = ResultTable(title: title, table: table, typeName: "holdout")
        result.extra = ["rmse": .number(h.rmse), "max_error": .number(h.maxError), "converged": .bool(refit.converged)]
        for (name, v) in zip(refit.parameterNames, refit.values) { result.extra[name] = .number(v) }
        return .object(result)
    }
}
