import Foundation

/// How a fit searches its parameters.
public enum FitMethod: String, Sendable, CaseIterable {
    /// Variable projection when some parameters enter linearly, else all parameters together.
    case automatic
    /// Variable projection (`VariableProjection`): an error when no parameter enters linearly.
    case variableProjection = "varpro"
    /// All parameters together: MINPACK's Levenberg–Marquardt for least squares; for Huber,
    /// damped Gauss–Newton steps then BFGS.
    case levenbergMarquardt = "lm"

    /// For a summary: which method ran.
    public var summaryName: String {
        switch self {
        case .automatic: return "automatic"
        case .variableProjection: return "variable projection"
        case .levenbergMarquardt: return "Levenberg–Marquardt"
        }
    }
}

extension Fitter {
    /// Fits `problem` from `starts` (full parameter vectors) by `method`; see `fit(_:starts:cancelled:)`.
    ///
    /// With variable projection only the starts' nonlinear parameters matter (the linear ones are
    /// solved exactly from each), so a grid collapses to its distinct nonlinear points. The result
    /// has the statistics of every parameter, the linear ones included, and says which method ran.
    public static func fit(_ problem: FitProblem, starts: [[Double]], method: FitMethod,
                           cancelled: @escaping @Sendable () -> Bool = { false }) throws(FitError) -> FitResult {
        let separable = method == .levenbergMarquardt ? nil : SeparableModel.detect(problem.model, parameterCount: problem.parameterCount)
        guard let separable else {
            if method == .variableProjection {
                throw FitError("no parameter enters the model linearly, so variable projection cannot be used")
            }
            var result = try fit(problem, starts: starts, cancelled: cancelled)
            result.method = .levenbergMarquardt
            return result
        }
        return try fitSeparable(problem, separable, starts: starts, cancelled: cancelled)
    }

    static func fitSeparable(_ problem: FitProblem, _ separable: SeparableModel, starts: [[Double]],
                             cancelled: @escaping @Sendable () -> Bool) throws(FitError) -> FitResult {
        let y = try validate(problem)
        guard !starts.isEmpty else { throw FitError("no starting values") }
        for s in starts where s.count != problem.parameterCount {
            throw FitError("a start has \(s.count) values for \(problem.parameterCount) parameters")
        }
        var seen = Set<[Double]>()
        let thetas = starts.map { s in separable.nonlinear.map { s[$0] } }.filter { seen.insert($0).inserted }
        let program = VariableProjection.program(for: problem, separable)
        let blockSize = 8
        let results = UnsafeMutableBufferPointer<HuberBFGS.Outcome?>.allocate(capacity: thetas.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let shared = UnsafeSendable(results)
        DispatchQueue.concurrentPerform(iterations: (thetas.count + blockSize - 1) / blockSize) { b in
            let solver = VariableProjection(problem: problem, separable: separable, y: y, program: program)
            for s in (b * blockSize)..<min(thetas.count, (b + 1) * blockSize) {
                if cancelled() { return }
                shared.value[s] = solver.solve(start: thetas[s], cancelled: cancelled)
            }
        }
        if cancelled() { throw FitError("interrupted") }
        let runs = results.compactMap { $0 }
        var best: Int?
        for (i, r) in runs.enumerated() where r.finiteStart && r.objective.isFinite {
            guard let b = best else { best = i; continue }
            if (r.converged && !runs[b].converged) || (r.converged == runs[b].converged && r.objective < runs[b].objective) { best = i }
        }
        guard let winnerIndex = best else {
            throw FitError("the model is not finite at any of the \(thetas.count) start\(thetas.count == 1 ? "" : "s"), with its linear parameters solved exactly")
        }
        let winner = runs[winnerIndex]
        var result = statistics(problem, y: y, x: winner.x, programs: ResidualModel.programs(for: problem))
        result.objective = problem.huberDelta == nil ? result.rss : winner.objective
        result.iterations = winner.iterations
        result.evaluations = winner.evaluations
        result.reason = winner.reason
        result.converged = winner.converged
        result.startsTried = thetas.count
        result.startsConverged = runs.filter(\.converged).count
        result.startsNotFinite = runs.filter { !$0.finiteStart }.count
        result.startsAtBest = runs.filter { $0.converged && abs($0.objective - winner.objective) <= sameOptimum * max(abs(winner.objective), 1e-300) }.count
        result.method = .variableProjection
        if !winner.converged {
            result.warnings.insert("no start converged; the values are the best last iterate, not an estimate", at: 0)
        }
        // On the log scale the linear parameters are held at 0 or above even when no bound was given.
        var lower = problem.lowerBounds
        if separable.scale == .log { for j in separable.linear { lower[j] = max(lower[j], 0) } }
        result.outcomes = FitOutcome.assess(result, lower: lower, upper: problem.upperBounds,
                                            startObjectives: runs.map { $0.converged ? $0.objective : .nan })
        return result
    }
}
