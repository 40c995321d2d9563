/// Out-of-sample checking of a fit: hold out the rows with the largest (or smallest) values of a
/// key, refit on the rest from the full fit's estimates, and measure the prediction error on the
/// held-out rows on the response's data scale (y for a fit of log(y) ~ log(g)).
public enum Holdout {
    /// The outcome of a hold-out check.
    public struct Result: Sendable {
        /// Row indices held out (in increasing order of the key) and kept (in row order).
        public var held: [Int]
        /// Row indices kept for the refit, in row order.
        public var kept: [Int]
        /// The fit on the kept rows, started from the full fit's estimates.
        public var refit: FitResult
        /// The response and the refitted model's prediction on each held-out row, and their difference.
        public var actual: [Double]
        /// The refitted model's prediction per held-out row, on the data scale.
        public var predicted: [Double]
        /// The difference of prediction and response per held-out row.
        public var errors: [Double]
        /// Root mean square and largest absolute prediction error.
        public var rmse: Double
        /// The largest absolute prediction error.
        public var maxError: Double
    }

    /// Holds out the `count` rows largest (`largest`) or smallest by `key`, ties broken by row
    /// order, refits on the others starting from `start`, and predicts the held-out rows.
    /// `count` must leave at least as many rows as parameters (the caller checks and says so).
    public static func run(_ problem: FitProblem, start: [Double], key: [Double], count: Int, largest: Bool,
                           cancelled: @escaping @Sendable () -> Bool = { false }) throws(FitError) -> Result {
        let n = key.count
        let order = (0..<n).sorted { largest ? (key[$0], $1) > (key[$1], $0) : (key[$0], $0) < (key[$1], $1) }
        // the held-out rows are listed in the order of the key they were chosen by
        let held = order.prefix(count).sorted { (key[$0], $0) < (key[$1], $1) }, kept = Array(order.dropFirst(count)).sorted()
        let refit = try Fitter.fit(problem.selecting(rows: kept), starts: [start], cancelled: cancelled)
        let heldProblem = problem.selecting(rows: held)
        // On the data scale: a fit of log(loss) is judged by the loss it predicts.
        let scale = problem.dataScale
        let actual = Fitter.evaluate(scale.response, parameters: [], columns: heldProblem.columns, rows: held.count)
        let predicted = Fitter.evaluate(scale.law, parameters: refit.values, columns: heldProblem.columns, rows: held.count)
        let errors = zip(actual, predicted).map { $1 - $0 }
        let rmse = (errors.reduce(0) { $0 + $1 * $1 } / Double(errors.count)).squareRoot()
        return Result(held: held, kept: kept, refit: refit, actual: actual, predicted: predicted, errors: errors, rmse: rmse,
                      maxError: Reductions.maximum(errors.map(Swift.abs)) ?? .nan)
    }
}
