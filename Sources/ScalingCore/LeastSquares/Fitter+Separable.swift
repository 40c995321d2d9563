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
            var result = try fitJointly(problem, starts: starts, cancelled: cancelled)
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
        guard let winnerIndex = bestRun(runs, usable: \.finiteStart, converged: \.converged, objective: \.objective) else {
            // Name the row and the operation when the model is not finite at the starts as given.
            try checkStarts(problem, starts, y: y, program: ResidualModel.programs(for: problem).value)
            throw FitError("the model is not finite at any of the \(thetas.count) start\(thetas.count == 1 ? "" : "s"), with its linear parameters solved exactly")
        }
        var winner = runs[winnerIndex]
        let programs = ResidualModel.programs(for: problem)
        if problem.huberDelta == nil && winner.converged {
            // Least squares: MINPACK's Levenberg–Marquardt from the projected optimum, over all the
            // parameters. It stays put at a well-conditioned optimum; where the residuals are near
            // rounding (NIST's Lanczos1, RSS 1.4e-25) the reduced objective is too noisy for the
            // projected search's last digits, and MINPACK's step-size test finishes the job.
            let model = ResidualModel(problem: problem, y: y, valueProgram: programs.value, jacobianProgram: programs.jacobian)
            let polish = runOne(model, start: winner.x, cancelled: cancelled)
            if polish.converged && polish.objective <= winner.objective {
                winner.x = polish.x
                winner.objective = polish.objective
                winner.evaluations += polish.evaluations
            }
        }
        // On the log scale the linear parameters are held at 0 or above even when no bound was given.
        var lower = problem.lowerBounds
        if separable.scale == .log { for j in separable.linear { lower[j] = max(lower[j], 0) } }
        var result = summarize(problem, y: y, programs: programs, winner: SingleRun(winner), runs: runs.map(SingleRun.init), lower: lower)
        result.method = .variableProjection
        return result
    }
}
