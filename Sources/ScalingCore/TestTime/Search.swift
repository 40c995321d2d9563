import Foundation

/// Monte Carlo models of search and weighted voting, for strategies without a closed form.
extension TestTimeSimulation {
    /// Step-wise beam search guided by a noisy process reward model (PRM).
    ///
    /// A solution has S steps; each new step is right with probability q, and a solution is right
    /// only if all its steps are. The beam keeps W partial solutions; each is extended W ways
    /// (W² candidates a step), the PRM scores each candidate 1[all steps so far right] + N(0, σ²),
    /// and the W best are kept. The answer is the best-scoring finished solution. It generates
    /// W²·S steps per question, the cost of best-of-W² over whole solutions.
    public static func beamSearch(width w: Int, steps s: Int, stepAccuracy q: Double, sigma: Double, trials: Int, seed: UInt64,
                                  cancelled: @escaping @Sendable () -> Bool = { false }) throws(Cancelled) -> (Double, Double, Double) {
        try monteCarlo(trials: trials, seed: seed, cancelled: cancelled) { rng in
            var beam = [Bool](repeating: true, count: w)
            var scored: [(Double, Bool)] = []
            scored.reserveCapacity(w * w)
            var bestScores = [Double](repeating: 0, count: w)
            for _ in 0..<s {
                scored.removeAll(keepingCapacity: true)
                for parent in beam {
                    for _ in 0..<w {
                        let right = parent && rng.uniform() < q
                        scored.append(((right ? 1 : 0) + sigma * Special.normalQuantileApproximation(rng.uniform()), right))
                    }
                }
                scored.sort { $0.0 > $1.0 }
                beam = scored.prefix(w).map(\.1)
                bestScores = scored.prefix(w).map(\.0)
            }
            _ = bestScores
            return beam.first ?? false
        }
    }

    /// Weighted majority voting: each sample's vote counts its verifier score (1[right] + N(0, σ²),
    /// floored at 0); answers as in `MajorityVote`. The answer with the largest total wins.
    public static func weightedVote(k: Int, difficulty: Difficulty, distractor q: Double, wrong m: Int, sigma: Double, trials: Int, seed: UInt64,
                                    cancelled: @escaping @Sendable () -> Bool = { false }) throws(Cancelled) -> (Double, Double, Double) {
        try monteCarlo(trials: trials, seed: seed, cancelled: cancelled) { rng in
            let p = draw(difficulty, &rng)
            var totals = [Double](repeating: 0, count: 2 + m)
            for _ in 0..<k {
                let u = rng.uniform()
                let answer = u < p ? 0 : (u < p + q ? 1 : 2 + min(m - 1, Int((u - p - q) / max(1 - p - q, 1e-300) * Double(m))))
                let score = (answer == 0 ? 1 : 0) + sigma * Special.normalQuantileApproximation(rng.uniform())
                totals[min(answer, totals.count - 1)] += max(0, score)
            }
            let best = totals.max() ?? 0
            return totals[0] == best && best > 0
        }
    }
}
