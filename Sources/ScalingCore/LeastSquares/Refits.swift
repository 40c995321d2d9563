import Foundation

/// Refits of one problem on some of its rows: forecasts checked against rows the refit did not
/// see (backtests, as the scaling-law papers report extrapolation) and the influence of each row
/// or group on a quantity derived from the fit.
extension Fitter {
    /// A refit on `trained` rows and its predictions for `predicted` rows, on the data's own scale
    /// (see `dataScale`), beside the actual values.
    public struct Forecast: Sendable {
        public var trained: [Int]
        public var predicted: [Int]
        public var actual: [Double]
        public var forecast: [Double]
        public var refit: FitResult
        /// (forecast − actual)/actual per predicted row.
        public var relativeErrors: [Double] { zip(forecast, actual).map { ($0 - $1) / $1 } }
    }

    /// How a response maps back to the data: `log(y) ~ …` predicts log y, and the data's scale is
    /// exp of the prediction; any other response is its own scale.
    public static func dataScale(of response: ModelExpr) -> (Double) -> Double {
        if case .function(.log, let inner) = response, case .column = inner { return { Foundation.exp($0) } }
        return { $0 }
    }

    /// Refits on `trained` from `start` and predicts `predicted`.
    public static func forecast(
        _ problem: FitProblem, trainedOn trained: [Int], predicting predicted: [Int], from start: [Double],
        cancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(FitError) -> Forecast {
        guard trained.count >= problem.parameterCount else {
            throw FitError("a refit on \(trained.count) row\(trained.count == 1 ? "" : "s") cannot estimate \(problem.parameterCount) parameters")
        }
        let refit = try fit(problem.selecting(rows: trained), starts: [start], cancelled: cancelled)
        let target = problem.selecting(rows: predicted)
        let toData = dataScale(of: problem.response)
        let actual = evaluate(target.response, parameters: [], columns: target.columns, rows: predicted.count).map(toData)
        let forecast = evaluate(target.model, parameters: refit.values, columns: target.columns, rows: predicted.count).map(toData)
        return Forecast(trained: trained, predicted: predicted, actual: actual, forecast: forecast, refit: refit)
    }

    /// One fold of a backtest: the runs below `cutoff` are fitted, the runs of one later group forecast.
    public struct BacktestFold: Sendable {
        public var cutoff: Double
        /// The smallest and largest key of the group forecast.
        public var groupFrom: Double
        public var groupTo: Double
        public var forecast: Forecast
    }

    /// For each cutoff, refits on the rows whose `key` is below it and forecasts every later group
    /// (rows grouped as budgets are: `IsoFLOP.groups`), one fold per (cutoff, group).
    public static func backtest(
        _ problem: FitProblem, from start: [Double], key: [Double], cutoffs: [Double],
        cancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(FitError) -> [BacktestFold] {
        let groups = IsoFLOP.groups(compute: key)
        var folds: [BacktestFold] = []
        for cutoff in cutoffs.sorted() {
            let trained = key.indices.filter { key[$0] < cutoff }
            for g in groups where g.allSatisfy({ key[$0] >= cutoff }) {
                let f = try forecast(problem, trainedOn: trained, predicting: g.sorted(), from: start, cancelled: cancelled)
                folds.append(BacktestFold(cutoff: cutoff, groupFrom: g.map { key[$0] }.min() ?? .nan, groupTo: g.map { key[$0] }.max() ?? .nan, forecast: f))
            }
        }
        return folds
    }

    /// The cutoffs that hold out each of the `largest` largest groups of `key` in turn: the
    /// smallest key of each such group.
    public static func cutoffs(holdingOut largest: Int, of key: [Double]) -> [Double] {
        IsoFLOP.groups(compute: key).suffix(largest).compactMap { g in g.map { key[$0] }.min() }
    }

    /// The change in `quantity` when each group of rows is left out and the problem refitted
    /// from `start`: (group, value without it); refits that fail give NaN. Groups run in parallel.
    public static func influence(
        _ problem: FitProblem, from start: [Double], groups: [[Int]], quantity: @escaping @Sendable (FitResult) -> Double,
        cancelled: @escaping @Sendable () -> Bool = { false }
    ) -> [Double] {
        let n = problem.rows
        let slots = UnsafeMutableBufferPointer<Double>.allocate(capacity: groups.count)
        slots.initialize(repeating: .nan)
        defer { slots.deallocate() }
        let shared = UnsafeSendable(slots)
        DispatchQueue.concurrentPerform(iterations: groups.count) { k in
            if cancelled() { return }
            let left = Set(groups[k])
            let kept = (0..<n).filter { !left.contains($0) }
            guard kept.count >= problem.parameterCount, let refit = try? fit(problem.selecting(rows: kept), starts: [start], cancelled: cancelled),
                  refit.converged else { return }
            shared.value[k] = quantity(refit)
        }
        return Array(slots)
    }
}
