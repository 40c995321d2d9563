import Foundation

/// Refits of one problem on some of its rows: forecasts checked against rows the refit did not
/// see (backtests, as the scaling-law papers report extrapolation) and the influence of each row
/// or group on a quantity derived from the fit.
extension Fitter {
    /// A refit on `trained` rows and its predictions for `predicted` rows, on the data's own scale
    /// (`ResponseScale.toData`), beside the actual values.
    public struct Forecast: Sendable {
        /// The rows the refit was fitted to (indices into the problem's rows).
        public var trained: [Int]
        /// The rows it forecast.
        public var predicted: [Int]
        /// The actual values at the predicted rows, on the data's own scale.
        public var actual: [Double]
        /// The refit's predictions at the predicted rows, on the data's own scale.
        public var forecast: [Double]
        /// The refit's parameters, and whether it converged (else why not).
        public var parameters: [Double]
        /// Whether the refit converged.
        public var converged: Bool
        /// Why the refit stopped, in words.
        public var reason: String
        /// (forecast − actual)/actual per predicted row.
        public var relativeErrors: [Double] { zip(forecast, actual).map { ($0 - $1) / $1 } }
    }

    /// Refits on `trained` from `start` and predicts `predicted`.
    public static func forecast(
        _ problem: FitProblem, trainedOn trained: [Int], predicting predicted: [Int], from start: [Double],
        cancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(FitError) -> Forecast {
        guard trained.count >= problem.parameterCount else {
            throw FitError("a refit on \(trained.count) row\(trained.count == 1 ? "" : "s") cannot estimate \(problem.parameterCount) parameters")
        }
        let sample = problem.selecting(rows: trained)
        var parameters: [Double], converged = true, reason = ""
        if let x = refit(sample, from: start, cancelled: cancelled) {
            parameters = x
        } else {
            let full = try fit(sample, starts: [start], cancelled: cancelled)
            (parameters, converged, reason) = (full.values, full.converged, full.reason)
        }
        let target = problem.selecting(rows: predicted)
        let toData = problem.scale.toData(_:)
        let actual = evaluate(target.response, parameters: [], columns: target.columns, rows: predicted.count).map(toData)
        let forecast = evaluate(target.model, parameters: parameters, columns: target.columns, rows: predicted.count).map(toData)
        return Forecast(trained: trained, predicted: predicted, actual: actual, forecast: forecast, parameters: parameters,
                        converged: converged, reason: reason)
    }

    /// One fold of a backtest: the runs below `cutoff` are fitted, the runs of one later group forecast.
    public struct BacktestFold: Sendable {
        /// The key below which runs are fitted.
        public var cutoff: Double
        /// The smallest and largest key of the group forecast.
        public var groupFrom: Double
        /// The largest key of the group forecast.
        public var groupTo: Double
        /// The refit and its forecast of the group.
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
            let later = groups.filter { g in g.allSatisfy { key[$0] >= cutoff } }.map { $0.sorted() }
            guard !later.isEmpty else { continue }
            // One refit per cutoff, its forecast split by group.
            let all = try forecast(problem, trainedOn: trained, predicting: later.flatMap { $0 }, from: start, cancelled: cancelled)
            var offset = 0
            for g in later {
                var f = all
                let slice = offset..<(offset + g.count)
                f.predicted = Array(all.predicted[slice])
                f.actual = Array(all.actual[slice])
                f.forecast = Array(all.forecast[slice])
                offset += g.count
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

    /// The parameters refitted without each group of rows in turn, from `start` (nil where the
    /// refit did not converge), for the influence of each group on a quantity of the fit. Groups
    /// are refitted in parallel; the result does not depend on the thread count.
    public static func leaveOut(
        _ problem: FitProblem, from start: [Double], groups: [[Int]], cancelled: @escaping @Sendable () -> Bool = { false }
    ) -> [[Double]?] {
        let n = problem.rows
        let slots = UnsafeMutableBufferPointer<[Double]?>.allocate(capacity: groups.count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        let shared = UnsafeSendable(slots)
        DispatchQueue.concurrentPerform(iterations: groups.count) { k in
            if cancelled() { return }
            let left = Set(groups[k])
            let kept = (0..<n).filter { !left.contains($0) }
            guard kept.count >= problem.parameterCount else { return }
            shared.value[k] = refit(problem.selecting(rows: kept), from: start, cancelled: cancelled)
        }
        return Array(slots)
    }
}
