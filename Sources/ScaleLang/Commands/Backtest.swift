import Foundation
import ScalePlot
import ScalingCore

extension Commands {
    /// `backtest FIT [by COLUMN] [largest K] [below X, …]`
    static let backtest = CommandDeclaration(
        verb: "backtest",
        summary: "refit on the runs below each of the largest budgets and forecast every later one: relative errors per held-out "
            + "group on the data's scale, as the papers report extrapolation",
        operands: [OperandDeclaration("fit", .expression(.fit), "a fit result, as from 'f = fit …'")],
        clauses: [
            ClauseDeclaration("by", .expression(.column), placeholder: "COLUMN", "the column that orders and groups the runs (default C); runs within 25% of each other form one group"),
            ClauseDeclaration("largest", .expression(.count(CountDomain(1, 1000))), placeholder: "K", "hold out each of the K largest groups in turn (default 3)"),
            ClauseDeclaration("below", .list(.number(.finite)), placeholder: "X, …", "refit below each of these values instead"),
        ],
        examples: [
            "t = table(C = [1, 1.1, 3, 3.3, 10, 11, 30, 33, 100, 105] * 1e18)",
            "t.loss = 1.8 + 30 * t.C^-0.07 + [0.01, -0.01, 0.005, 0, -0.004, 0.003, 0, -0.002, 0.001, 0]",
            "f = fit loss ~ E + A * C^-a on t start E = 1.5, A = 20, a = 0.1", "backtest f by C largest 2",
        ],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.backtest(input) })
}

extension Interpreter {
    func backtest(_ input: CommandInput) throws(ScaleError) -> Value {
        let range = input.range
        let fit = try input.fit(0).value
        let byName = input.clause("by")?.text ?? "C"
        guard case .numbers(let key)? = fit.table.column(byName) else {
            throw .runtime("the fitted table has no numeric column '\(byName)'", at: input.clause("by")?.range ?? range,
                           hint: suggestion(byName, fit.table.columnNames, list: "columns"))
        }
        let cutoffs: [Double]
        if let below = input.clause("below") {
            cutoffs = below.items.compactMap(\.number)
        } else {
            cutoffs = Fitter.cutoffs(holdingOut: input.clause("largest")?.count ?? 3, of: key)
        }
        let folds: [Fitter.BacktestFold]
        do {
            folds = try Fitter.backtest(fit.problem, from: fit.summary.values, key: key, cutoffs: cutoffs, cancelled: { Interrupt.isRequested })
        } catch {
            throw .runtime("backtest: \(error.message)", at: range)
        }
        guard !folds.isEmpty else {
            throw .runtime("no runs lie at or above \(cutoffs.map { formatSignificant($0, digits: digits) }.joined(separator: ", ")) in '\(byName)'", at: input.clause("below")?.range ?? range)
        }
        func meanAbs(_ xs: [Double]) -> Double { xs.map(abs).reduce(0, +) / Double(xs.count) }
        let table = Table(columns: [
            .init(name: "below", data: .numbers(folds.map(\.cutoff))),
            .init(name: "trained", data: .numbers(folds.map { Double($0.forecast.trained.count) })),
            .init(name: byName + "_from", data: .numbers(folds.map(\.groupFrom))),
            .init(name: byName + "_to", data: .numbers(folds.map(\.groupTo))),
            .init(name: "runs", data: .numbers(folds.map { Double($0.forecast.predicted.count) })),
            .init(name: "mean_rel_error", data: .numbers(folds.map { $0.forecast.relativeErrors.reduce(0, +) / Double($0.forecast.predicted.count) })),
            .init(name: "mean_abs_rel_error", data: .numbers(folds.map { meanAbs($0.forecast.relativeErrors) })),
            .init(name: "max_abs_rel_error", data: .numbers(folds.map { $0.forecast.relativeErrors.map(abs).max() ?? .nan })),
            .init(name: "converged", data: .text(folds.map { $0.forecast.converged ? "yes" : "NO: \($0.forecast.reason)" })),
        ])
        let scale = fit.problem.scale == .asWritten ? "the response's scale" : "the data's scale (exp of the fitted log)"
        let title = "backtest: refit on the runs below each cutoff of \(byName), forecast each later group; relative error (forecast − actual)/actual on \(scale)"
        let result = ResultTable(title: title, table: table, typeName: "backtest")
        var rows: [(Double, Double, Double, Double, Double)] = []
        for f in folds {
            for (k, i) in f.forecast.predicted.enumerated() {
                rows.append((f.cutoff, key[i], f.forecast.actual[k], f.forecast.forecast[k], f.forecast.relativeErrors[k]))
            }
        }
        result.extra["forecasts"] = .table(Table(columns: [
            .init(name: "below", data: .numbers(rows.map(\.0))), .init(name: byName, data: .numbers(rows.map(\.1))),
            .init(name: "actual", data: .numbers(rows.map(\.2))), .init(name: "forecast", data: .numbers(rows.map(\.3))),
            .init(name: "rel_error", data: .numbers(rows.map(\.4))),
        ]))
        var series: [Plot.Series] = []
        for cutoff in Array(Set(folds.map(\.cutoff))).sorted() {
            let these = rows.filter { $0.0 == cutoff }
            series.append(Plot.Series(label: "fitted below \(formatSignificant(cutoff, digits: 3))", kind: .points, x: these.map(\.2), y: these.map(\.3)))
        }
        let all = rows.flatMap { [$0.2, $0.3] }
        if let lo = all.min(), let hi = all.max() { series.append(Plot.Series(label: "forecast = actual", kind: .line, x: [lo, hi], y: [lo, hi])) }
        result.extra["plot"] = .object(PlotValue(plot: Plot(series: series, title: "Backtest: forecast against actual", xLabel: "actual", yLabel: "forecast"),
                                                 interpreter: self, forceTerminal: false))
        return .object(result)
    }
}
