import Foundation

/// Bootstrap intervals and hold-out validation for a fitted problem.
extension Fitter {
    /// Bootstrap replicates of one fit's parameters.
    public struct Bootstrap: Sendable {
        /// One parameter vector per replicate that converged, in replicate order.
        public var replicates: [[Double]]
        /// Replicates attempted (`count`), converged or not.
        public var attempted: Int
        /// The seed the resamples were drawn from.
        public var seed: UInt64
    }

    /// Resamples rows with replacement `count` times (replicate k uses stream k of `seed`), refits
    /// each from `start` (the optimum) in parallel, and keeps the converged fits. The replicates
    /// do not depend on the number of threads.
    public static func bootstrap(_ problem: FitProblem, from start: [Double], count: Int, seed: UInt64,
                                 cancelled: @escaping @Sendable () -> Bool = { false }) throws(FitError) -> Bootstrap {
        let chained = try bootstrap(chain: [problem], from: [start], count: count, seed: seed, cancelled: cancelled)
        return Bootstrap(replicates: chained.replicates.map { $0[0] }, attempted: count, seed: seed)
    }

    /// Replicates of several fits taken together, for a quantity that depends on all of them
    /// (a law of loss fitted after a law of (N, D), and read at the end of the chain): replicate k
    /// resamples each problem's own rows (problem j from stream k of `seed + j`, so problem 0
    /// resamples exactly as `bootstrap` does) and keeps the k-th set only when every refit converged.
    public struct ChainBootstrap: Sendable {
        /// Per replicate kept, one parameter vector per problem.
        public var replicates: [[[Double]]]
        /// Replicates attempted, kept or not.
        public var attempted: Int
        /// The seed the resamples were drawn from (problem j used `seed + j`).
        public var seed: UInt64
    }

    /// `ChainBootstrap` for `problems`, refitting problem j from `starts[j]`;
    /// `bootstrap(_:from:count:seed:)` is its one-problem case.
    /// `clusters[j]`, when given, partitions problem j's rows into clusters (the checkpoints of
    /// one run, the runs of one configuration) that are resampled whole: a replicate draws as many
    /// clusters as there are, with replacement, and takes every row of each.
    public static func bootstrap(chain problems: [FitProblem], from starts: [[Double]], count: Int, seed: UInt64,
                                 clusters: [[[Int]]]? = nil,
                                 cancelled: @escaping @Sendable () -> Bool = { false }) throws(FitError) -> ChainBootstrap {
        let slots = UnsafeMutableBufferPointer<[[Double]]?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        let shared = UnsafeSendable(slots)
        // Each problem's model is analysed and differentiated once, not once per resample.
        let plans = problems.map(RefitPlan.init)
        let blockSize = 16
        DispatchQueue.concurrentPerform(iterations: (count + blockSize - 1) / blockSize) { b in
            for k in (b * blockSize)..<min(count, (b + 1) * blockSize) {
                if cancelled() { return }
                var set: [[Double]] = []
                for (j, problem) in problems.enumerated() {
                    var rng = SeededRandom(seed: seed &+ UInt64(j), stream: UInt64(k))
                    let rows = resampledRows(problem.rows, clusters: clusters?[j], rng: &rng)
                    guard let x = refit(problem.selecting(rows: rows), plan: plans[j], from: starts[j], cancelled: cancelled) else { break }
                    set.append(x)
                }
                if set.count == problems.count { shared.value[k] = set }
            }
        }
        if cancelled() { throw FitError("interrupted") }
        return ChainBootstrap(replicates: slots.compactMap { $0 }, attempted: count, seed: seed)
    }

    /// The rows of one resample of `n` rows: n rows drawn with replacement, or, with `clusters`
    /// (a partition of the rows), as many clusters drawn with replacement and all rows of each, in
    /// the order drawn. Replicate k of a bootstrap draws from stream k of its seed.
    public static func resampledRows(_ n: Int, clusters: [[Int]]?, rng: inout SeededRandom) -> [Int] {
        guard let clusters, !clusters.isEmpty else { return (0..<n).map { _ in rng.index(below: n) } }
        var rows: [Int] = []
        rows.reserveCapacity(n)
        for _ in clusters.indices { rows += clusters[rng.index(below: clusters.count)] }
        return rows
    }

    /// The optimum of `problem` reached from a nearby `start` (a bootstrap resample, the problem
    /// less a few rows), or nil when the refit did not converge. Only the parameters: the
    /// statistics of each refit are not needed where thousands are run.
    /// `plan`: the model's, when the caller refits it many times.
    ///
    /// A separable model's refit runs variable projection from the optimum's nonlinear values as
    /// from a point near the optimum for at most `warmIterations` steps, then, if that did not
    /// converge, as a fit from a far start does.
    static let warmIterations = 40

    /// What the refits of one model share, worked out once: whether it is separable, and the
    /// expressions of the program a refit runs (variable projection's; else the model's derivatives).
    struct RefitPlan: Sendable {
        let separable: SeparableModel?
        let outputs: [ModelExpr]

        init(_ problem: FitProblem) {
            separable = SeparableModel.detect(problem.model, parameterCount: problem.parameterCount)
            outputs = separable.map { VariableProjection.outputs($0, parameterCount: problem.parameterCount) } ?? ResidualModel.derivatives(of: problem)
        }
    }

    static func refit(_ problem: FitProblem, plan given: RefitPlan? = nil, from start: [Double],
                      cancelled: @escaping @Sendable () -> Bool) -> [Double]? {
        guard let y = try? validate(problem) else { return nil }
        let plan = given ?? RefitPlan(problem)
        if let separable = plan.separable {
            // As the fit itself ran: the linear parameters solved exactly, the others searched from
            // the optimum's. First with Huber's exact curvature at once and a short budget: a
            // resample's optimum lies near the full data's, and a few Gauss–Newton steps reach it.
            // A refit that does not converge so runs the whole procedure, as the fit did.
            let program = CompiledModel(plan.outputs, columns: problem.columns, rows: problem.rows)
            let solver = VariableProjection(problem: problem, separable: separable, y: y, program: program)
            let theta = separable.nonlinear.map { start[$0] }
            let warm = solver.solve(start: theta, nearOptimum: true, maxIterations: warmIterations, cancelled: cancelled)
            if warm.converged { return warm.x }
            let run = solver.solve(start: theta, cancelled: cancelled)
            return run.converged ? run.x : nil
        }
        let programs = ResidualModel.programs(for: problem, derivatives: plan.outputs)
        let model = ResidualModel(problem: problem, y: y, valueProgram: programs.value, jacobianProgram: programs.jacobian)
        let run = runOne(model, start: start, cancelled: cancelled)
        if run.converged { return run.x }
        // BFGS's line search can stall short of a Huber optimum; the damped Gauss–Newton steps
        // usually finish the refit (HuberLMTests shows such a start).
        guard let delta = problem.huberDelta else { return nil }
        let retry = HuberLM(model: model, delta: delta).solve(start: start, relativeDecrease: 1e-12, cancelled: cancelled)
        return retry.converged ? retry.x : nil
    }

    /// Percentile interval [q/2, 1 − q/2] of values (nan entries are left out).
    public static func percentileInterval(_ values: [Double], level: Double = 0.95) -> (lower: Double, median: Double, upper: Double) {
        let sorted = values.filter { !$0.isNaN }.sorted()
        let a = (1 - level) / 2
        return (percentile(sorted: sorted, a), percentile(sorted: sorted, 0.5), percentile(sorted: sorted, 1 - a))
    }
}
