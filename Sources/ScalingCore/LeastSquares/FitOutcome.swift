import Foundation

/// Something about a fit's end that its estimates alone do not show, as data: the language turns
/// each into a line of warning, and a fit with any of them is not reported as plainly converged.
public enum FitOutcome: Sendable, Equatable {
    /// The run stopped without meeting a convergence test.
    case notConverged(reason: String)
    /// The Jacobian at the optimum is rank-deficient: these parameters cannot be told apart from
    /// the others (their standard errors are not available).
    case singularJacobian(parameters: [String])
    /// A parameter ended on one of its bounds (given, or 0 for a linear parameter of a log-scale
    /// separable fit), so its interval is not a confidence interval.
    case atBound(parameter: String, bound: Double, isLower: Bool)
    /// R² below zero: the fitted law explains the response worse than its mean.
    case negativeR2(Double)
    /// Of a grid's converged starts, more went to one other optimum than to the best one.
    case awayFromMostStarts(startsAtBest: Int, startsAtCommonest: Int, commonestObjective: Double)

    /// One line for a warning.
    public var message: String {
        switch self {
        case .notConverged(let reason):
            return "the fit did not converge (\(reason)); the values are its last iterate"
        case .singularJacobian(let names):
            return "the Jacobian is singular at the optimum: \(names.map { "'\($0)'" }.joined(separator: ", ")) cannot be told apart from the other parameters"
        case .atBound(let name, let bound, let isLower):
            return "'\(name)' ended at its \(isLower ? "lower" : "upper") bound \(Fitter.format(bound)); its interval is not a confidence interval"
        case .negativeR2(let r2):
            return "R² is \(Fitter.format(r2)): the fitted law explains the response worse than its mean"
        case .awayFromMostStarts(let atBest, let commonest, let objective):
            return "only \(atBest) start\(atBest == 1 ? "" : "s") reached the best optimum, while \(commonest) went to another (objective \(Fitter.format(objective)))"
        }
    }

    /// The outcomes of `result`: its convergence, R², parameters on the bounds `lower`/`upper`, and
    /// the objectives that the converged starts reached (nan for the others). Objectives apart by
    /// less than `roundingFloor` are one optimum (see `Fitter.isSameOptimum`).
    static func assess(_ result: FitResult, lower: [Double], upper: [Double], startObjectives: [Double],
                       roundingFloor: Double = 0) -> [FitOutcome] {
        var out: [FitOutcome] = []
        if !result.converged { out.append(.notConverged(reason: result.reason)) }
        if !result.singularParameters.isEmpty { out.append(.singularJacobian(parameters: result.singularParameters)) }
        for (j, x) in result.values.enumerated() {
            if x == lower[j] { out.append(.atBound(parameter: result.parameterNames[j], bound: x, isLower: true)) }
            else if x == upper[j] { out.append(.atBound(parameter: result.parameterNames[j], bound: x, isLower: false)) }
        }
        if result.r2 < 0 { out.append(.negativeR2(result.r2)) }
        // Group the converged starts' objectives: sorted, a gap beyond `sameOptimum` starts a new optimum.
        let reached = startObjectives.filter(\.isFinite).sorted()
        var groups: [(objective: Double, count: Int)] = []
        for v in reached {
            if let last = groups.last, Fitter.isSameOptimum(v, last.objective, roundingFloor: roundingFloor) {
                groups[groups.count - 1].count += 1
            } else {
                groups.append((v, 1))
            }
        }
        // (a best optimum that no converged start reached is the not-converged outcome's to report)
        if result.startsAtBest > 0, let commonest = groups.max(by: { $0.count < $1.count }), commonest.count > result.startsAtBest,
           !Fitter.isSameOptimum(commonest.objective, result.objective, roundingFloor: roundingFloor) {
            out.append(.awayFromMostStarts(startsAtBest: result.startsAtBest, startsAtCommonest: commonest.count, commonestObjective: commonest.objective))
        }
        return out
    }
}
