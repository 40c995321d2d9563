/// A fitting problem: response and model over data columns, and what to estimate.
///
/// Residuals are r_i = √w_i · (y_i − f_i(θ)) with y the response (free of parameters) and f the
/// model. Least squares minimises Σ r_i²; with `huberDelta` the objective is Σ ρ_δ(r_i), Huber's
/// loss ρ_δ(r) = r²/2 for |r| ≤ δ and δ(|r| − δ/2) beyond (the Chinchilla replication's choice).
public struct FitProblem: Sendable {
    public var response: ModelExpr
    public var model: ModelExpr
    /// The data, one array per column referenced by `.column(i)`, all of one length.
    public var columns: [[Double]]
    public var columnNames: [String]
    public var parameterNames: [String]
    /// Optional weights per row (positive).
    public var weights: [Double]?
    public var huberDelta: Double?
    /// Bounds per parameter; −∞ and ∞ when unbounded. Trial points are projected into the box.
    public var lowerBounds: [Double]
    public var upperBounds: [Double]
    /// Evaluation limit per start; nil for the default (MINPACK's 100·(p+1), times 10).
    public var maxEvaluations: Int?

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
    }

    public var rows: Int { columns.first?.count ?? 0 }
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
    public var description: String
    /// A NaN or ±Inf in the data: its column, its row (from 0) and the value.
    public var nonFinite: (column: String, row: Int, value: Double)?

    public init(_ description: String) { self.description = description }

    static func nonFinite(column: String, row: Int, value: Double) -> FitError {
        var e = FitError("row \(row + 1) of column '\(column)' is \(Fitter.format(value))")
        e.nonFinite = (column, row, value)
        return e
    }
}

/// The outcome of a fit, with the statistics of its summary.
public struct FitResult: Sendable {
    public var parameterNames: [String]
    public var values: [Double]
    /// σ·√diag((JᵀJ)⁻¹) at the optimum, σ² = RSS/(n − p); nan where the Jacobian is singular.
    public var standardErrors: [Double]
    /// 95% intervals value ± t(0.975, n − p)·se.
    public var lower: [Double]
    public var upper: [Double]
    public var covariance: [[Double]]
    /// Σ r² for least squares, Σ ρ_δ(r) for Huber.
    public var objective: Double
    public var rss: Double
    public var residualStandardError: Double
    /// 1 − Σ(y − f)²/Σ(y − ȳ)², on the response's scale.
    public var r2: Double
    /// AIC and BIC from the Gaussian log-likelihood as R's nls reports them (p + 1 parameters with σ).
    public var aic: Double
    public var bic: Double
    public var iterations: Int
    public var evaluations: Int
    public var reason: String
    public var converged: Bool
    public var startsTried: Int
    public var startsConverged: Int
    public var startsNotFinite: Int
    public var startsAtBest: Int
    /// y − f per row, unweighted.
    public var residuals: [Double]
    public var fitted: [Double]
    public var warnings: [String]
    /// Σ (y − f)², unweighted: beside `objective` and `rss` when the fit is weighted.
    public var unweightedRSS: Double = .nan
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
