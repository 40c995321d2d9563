/// A fitting problem: response and model over data columns, and what to estimate.
///
/// Residuals are r_i = √w_i · (y_i − f_i(θ)) with y the response (free of parameters) and f the
/// model. Least squares minimises Σ r_i²; with `huberDelta` the objective is Σ ρ_δ(r_i), Huber's
/// loss ρ_δ(r) = r²/2 for |r| ≤ δ and δ(|r| − δ/2) beyond (the Chinchilla replication's choice).
public struct FitProblem: Sendable {
    /// The response y, an expression in the columns only (no parameters), e.g. log(loss).
    public var response: ModelExpr
    /// The model f(θ), an expression in the columns and the parameters `.parameter(j)`.
    public var model: ModelExpr
    /// The data, one array per column referenced by `.column(i)`, all of one length.
    public var columns: [[Double]]
    /// The columns' names, in the order of `columns`, for messages.
    public var columnNames: [String]
    /// The parameters' names, in the order of `.parameter(j)`; their count is the problem's p.
    public var parameterNames: [String]
    /// Optional weights per row (positive).
    public var weights: [Double]?
    /// Huber's δ (on the residuals' scale); nil for least squares.
    public var huberDelta: Double?
    /// Bounds per parameter; −∞ and ∞ when unbounded. Trial points are projected into the box.
    public var lowerBounds: [Double]
    /// Upper bounds per parameter, as `lowerBounds`.
    public var upperBounds: [Double]
    /// Evaluation limit per start; nil for the default (MINPACK's 100·(p+1), times 10).
    public var maxEvaluations: Int?
    /// How `response` and `model` relate to the data's own scale (set by `onLogScale`): read
    /// from here, never from the expressions' shape.
    public internal(set) var scale: ResponseScale

    /// A problem; bounds default to (−∞, ∞) for every parameter, and the rest to least squares, unweighted.
    public init(response: ModelExpr, model: ModelExpr, columns: [[Double]], columnNames: [String], parameterNames: [String],
                weights: [Double]? = nil, huberDelta: Double? = nil, lowerBounds: [Double]? = nil, upperBounds: [Double]? = nil,
                maxEvaluations: Int? = nil) {
        self.response = response
        self.model = model
        self.columns = columns
        self.columnNames = columnNames
        self.parameterNames = parameterNames
        self.weights = weights
        self.huberDelta = huberDelta
        self.lowerBounds = lowerBounds ?? Array(repeating: -.infinity, count: parameterNames.count)
        self.upperBounds = upperBounds ?? Array(repeating: .infinity, count: parameterNames.count)
        self.maxEvaluations = maxEvaluations
        self.scale = ResponseScale(response: response, model: model)
    }

    /// The number of data rows n (the first column's length; 0 without columns).
    public var rows: Int { columns.first?.count ?? 0 }
    /// The number of parameters p.
    public var parameterCount: Int { parameterNames.count }

    /// Bounds that no value satisfies, or that are not numbers.
    public enum BoundsError: Error, Equatable, Sendable {
        case notANumber(parameter: String)
        /// lower ≥ upper (bounds are strict: `a > 5, a < 5` leaves nothing).
        case empty(parameter: String, lower: Double, upper: Double)
    }

    /// Checks parameter `j`'s bounds: a NaN bound would be ignored by every comparison with it,
    /// and an empty interval would leave the fit projecting onto one end and calling it converged.
    public func checkBounds(of j: Int) throws(BoundsError) {
        let lo = lowerBounds[j], hi = upperBounds[j]
        if lo.isNaN || hi.isNaN { throw .notANumber(parameter: parameterNames[j]) }
        if lo >= hi { throw .empty(parameter: parameterNames[j], lower: lo, upper: hi) }
    }

    /// The problem restricted to some rows (for bootstrap resamples and hold-out refits).
    public func selecting(rows indices: [Int]) -> FitProblem {
        var p = self
        p.columns = columns.map { c in indices.map { c[$0] } }
        p.weights = weights.map { w in indices.map { w[$0] } }
        return p
    }
}

/// Why a fit could not be run, in words naming the row, column or parameter.
/// Why a fit could not run, in the core's own terms (no syntax of any language): a description,
/// and for data a caller might filter, where the bad value is.
public struct FitError: Error, CustomStringConvertible, Sendable {
    /// The reason, in words naming the row, column or parameter.
    public var description: String
    /// A NaN or ±Inf in the data: its column, its row (from 0) and the value.
    public var nonFinite: (column: String, row: Int, value: Double)?

    /// An error with that description and no `nonFinite` location.
    public init(_ description: String) { self.description = description }

    static func nonFinite(column: String, row: Int, value: Double) -> FitError {
        var e = FitError("row \(row + 1) of column '\(column)' is \(Fitter.format(value))")
        e.nonFinite = (column, row, value)
        return e
    }
}

/// The outcome of a fit, with the statistics of its summary.
public struct FitResult: Sendable {
    /// The parameters' names, in the order of `values`.
    public var parameterNames: [String]
    /// The estimates (the best last iterate when no start converged).
    public var values: [Double]
    /// σ·√diag((JᵀJ)⁻¹) at the optimum, σ² = RSS/(n − p); nan where the Jacobian is singular.
    public var standardErrors: [Double]
    /// 95% intervals value ± t(0.975, n − p)·se.
    public var lower: [Double]
    /// Upper ends of the 95% intervals, as `lower`.
    public var upper: [Double]
    /// σ²·(JᵀJ)⁻¹ at the optimum, p×p; all NaN where the Jacobian is singular.
    public var covariance: [[Double]]
    /// Σ r² for least squares, Σ ρ_δ(r) for Huber.
    public var objective: Double
    /// Σ r² with r the weighted residuals √w·(y − f), summed in extended precision.
    public var rss: Double
    /// σ = √(RSS/(n − p)); NaN when n ≤ p.
    public var residualStandardError: Double
    /// 1 − Σ(y − f)²/Σ(y − ȳ)², on the response's scale.
    public var r2: Double
    /// AIC and BIC from the Gaussian log-likelihood as R's nls reports them (p + 1 parameters with σ).
    public var aic: Double
    /// BIC, as `aic` with log n in place of 2 per parameter.
    public var bic: Double
    /// Iterations of the winning start.
    public var iterations: Int
    /// Model evaluations of the winning start.
    public var evaluations: Int
    /// Why the winning start stopped, in words (e.g. "gradient below tolerance", "interrupted").
    public var reason: String
    /// Whether the winning start met a convergence test; when false the values are not an estimate.
    public var converged: Bool
    /// How many starts were run.
    public var startsTried: Int
    /// How many starts converged.
    public var startsConverged: Int
    /// How many starts had a model that was not finite at the start point.
    public var startsNotFinite: Int
    /// How many converged starts reached the winner's objective (to within rounding).
    public var startsAtBest: Int
    /// y − f per row, unweighted.
    public var residuals: [Double]
    /// f per row at the estimates.
    public var fitted: [Double]
    /// Caveats in words (a singular Jacobian, a parameter that does not move the residuals, no start converged).
    public var warnings: [String]
    /// Σ (y − f)², unweighted: beside `objective` and `rss` when the fit is weighted.
    public var unweightedRSS: Double = .nan
    /// The degrees of freedom of the intervals' Student's t: n − p of the fit (of the joint fit,
    /// for a group of one with shared parameters).
    public var intervalDegreesOfFreedom = 0
    /// The parameters that the pivoted QR of the Jacobian found dependent on the others (empty
    /// when it has full rank).
    public var singularParameters: [String] = []
    /// Which method ran (never `.automatic`).
    public var method: FitMethod = .levenbergMarquardt
    /// What the estimates alone do not show: see `FitOutcome`.
    public var outcomes: [FitOutcome] = []

    /// Converged, with no outcome that qualifies the estimates.
    public var isClean: Bool { converged && outcomes.isEmpty }
}
