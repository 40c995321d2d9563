import Foundation

/// Bootstrap intervals and hold-out validation for a fitted problem.
extension Fitter {
    public struct Bootstrap: Sendable {
        /// One parameter vector per replicate that converged, in replicate order.
        public var replicates: [[Double]]
        public var attempted: Int
        public var seed: UInt64
    }

    /// Resamples rows with replacement `count` times (replicate k uses stream k of `seed`), refits
    /// each from `start` (the optimum) in parallel, and keeps the converged fits. The replicates
    /// do not depend on the number of threads.
    public static func bootstrap(_ problem: FitProblem, from start: [Double], count: Int, seed: UInt64,
                                 cancelled: @escaping @Sendable () -> Bool = { false }) throws(FitError) -> Bootstrap {
        let n = problem.rows
        let slots = UnsafeMutableBufferPointer<[Double]?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        let shared = UnsafeSendable(slots)
        let derivatives = ResidualModel.derivatives(of: problem)
        let blockSize = 16
        DispatchQueue.concurrentPerform(iterations: (count + blockSize - 1) / blockSize) { b in
            for k in (b * blockSize)..<min(count, (b + 1) * blockSize) {
                if cancelled() { return }
                var rng = SeededRandom(seed: seed, stream: UInt64(k))
                let rows = (0..<n).map { _ in rng.index(below: n) }
                let sample = problem.selecting(rows: rows)
                guard let y = try? validate(sample) else { continue }
                let programs = ResidualModel.programs(for: sample, derivatives: derivatives)
                let model = ResidualModel(problem: sample, y: y, valueProgram: programs.value, jacobianProgram: programs.jacobian)
                let run = runOne(model, start: start, cancelled: cancelled)
                if run.converged {
                    shared.value[k] = run.x
                } else if let delta = sample.huberDelta {
                    // BFGS's line search can stall short of a Huber optimum; the damped
                    // Gauss–Newton steps usually finish the refit (HuberLMTests shows such a start).
                    let retry = HuberLM(model: model, delta: delta).solve(start: start, relativeDecrease: 1e-12, cancelled: cancelled)
                    if retry.converged { shared.value[k] = retry.x }
                }
            }
        }
        if cancelled() { throw FitError("interrupted") }
        return Bootstrap(replicates: slots.compactMap { $0 }, attempted: count, seed: seed)
    }

    /// Percentile interval [q/2, 1 − q/2] of values (nan entries are left out).
    public static func percentileInterval(_ values: [Double], level: Double = 0.95) -> (lower: Double, median: Double, upper: Double) {
        let sorted = values.filter { !$0.isNaN }.sorted()
        let a = (1 - level) / 2
        return (percentile(sorted: sorted, a), percentile(sorted: sorted, 0.5), percentile(sorted: sorted, 1 - a))
    }
}
