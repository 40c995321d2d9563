import Foundation

/// Hoffmann et al.'s approaches to the compute-optimal allocation, run on the same runs so that
/// they can be read side by side (Porian et al. 2024 show how far they drift apart, and why):
///
/// - Approach 2 with each budget's optimum located by a parabola (Hoffmann et al. 2022, §3.2);
/// - Approach 2 with Porian et al.'s Akima interpolant (`IsoFLOP.Locator.akima`);
/// - Approach 3: a = β/(α+β), b = α/(α+β) from a fit of L = E + A/N^α + B/D^β (§3.3).
///
/// Each exponent comes with a percentile interval from a seeded bootstrap over runs: for
/// Approach 2 the runs are resampled within each budget (the budgets are the design, the runs
/// the noise) and the whole analysis is repeated; for Approach 3 the caller supplies the refits.
public enum Approaches {
    /// A value with its bootstrap percentile interval (NaN bounds when no replicate succeeded).
    public struct Estimate: Sendable {
        public var value: Double
        public var lower: Double
        public var upper: Double
    }

    /// One approach's answer: N_opt ∝ C^a, D_opt ∝ C^b, and the allocation at `budget`.
    public struct Row: Sendable {
        public var method: String
        public var a: Estimate
        public var b: Estimate
        public var budget: Double
        public var N: Estimate
        public var D: Estimate
        /// The law's loss at the optimum (Approach 3 only: Approach 2 locates sizes, not a law).
        public var loss: Estimate?
        public var budgetsUsed: Int
        /// Budgets left out, each with its reason.
        public var skipped: [String]
        /// Replicates that gave an answer, of those attempted.
        public var replicates: Int
        public var attempted: Int
        /// N_opt(C) = coefficient·C^a, for drawing the method's line.
        public var coefficientN: Double
    }

    /// Approach 2 on runs (N, loss, C): the analysis, then `resamples` reanalyses of runs drawn
    /// with replacement within each budget (resample k uses stream k of `seed`).
    public static func approach2(
        N: [Double], loss: [Double], compute C: [Double], locator: IsoFLOP.Locator, budget: Double,
        resamples: Int, seed: UInt64, level: Double = 0.95, cancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(IsoFLOP.AnalysisError) -> Row {
        let analysis = try IsoFLOP.analyse(N: N, loss: loss, compute: C, locator: locator)
        let groups = IsoFLOP.groups(compute: C)
        let slots = UnsafeMutableBufferPointer<(a: Double, b: Double, kN: Double, kD: Double)?>.allocate(capacity: resamples)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        let shared = UnsafeSendable(slots)
        DispatchQueue.concurrentPerform(iterations: (resamples + 15) / 16) { block in
            for k in (block * 16)..<min(resamples, (block + 1) * 16) {
                if cancelled() { return }
                var rng = SeededRandom(seed: seed, stream: UInt64(k))
                var rows: [Int] = []
                for g in groups { for _ in g { rows.append(g[rng.index(below: g.count)]) } }
                guard let r = try? IsoFLOP.analyse(N: rows.map { N[$0] }, loss: rows.map { loss[$0] }, compute: rows.map { C[$0] }, locator: locator) else { continue }
                shared.value[k] = (r.N.exponent, r.D.exponent, r.N.coefficient, r.D.coefficient)
            }
        }
        let reps = slots.compactMap { $0 }
        func estimate(_ value: Double, _ draws: [Double]) -> Estimate {
            let p = Fitter.percentileInterval(draws, level: level)
            return Estimate(value: value, lower: p.lower, upper: p.upper)
        }
        let nAt = { (kN: Double, a: Double) in kN * Foundation.pow(budget, a) }
        let dAt = { (kD: Double, b: Double) in kD * Foundation.pow(budget, b) }
        return Row(
            method: locator == .parabola ? "Approach 2 (parabola)" : "Approach 2 (Akima, Porian et al.)",
            a: estimate(analysis.N.exponent, reps.map(\.a)), b: estimate(analysis.D.exponent, reps.map(\.b)),
            budget: budget,
            N: estimate(nAt(analysis.N.coefficient, analysis.N.exponent), reps.map { nAt($0.kN, $0.a) }),
            D: estimate(dAt(analysis.D.coefficient, analysis.D.exponent), reps.map { dAt($0.kD, $0.b) }),
            loss: nil, budgetsUsed: analysis.budgets.count, skipped: analysis.skipped,
            replicates: reps.count, attempted: resamples, coefficientN: analysis.N.coefficient)
    }

    /// Approach 3 from the fitted law and the laws of its bootstrap refits.
    public static func approach3(
        fit: ComputeOptimal.ChinchillaForm, replicates: [ComputeOptimal.ChinchillaForm], attempted: Int,
        budget: Double, level: Double = 0.95
    ) -> Row {
        func estimate(_ f: (ComputeOptimal.ChinchillaForm) -> Double) -> Estimate {
            let p = Fitter.percentileInterval(replicates.map(f), level: level)
            return Estimate(value: f(fit), lower: p.lower, upper: p.upper)
        }
        return Row(
            method: "Approach 3 (fit of E + A/N^α + B/D^β)", a: estimate(\.a), b: estimate(\.b), budget: budget,
            N: estimate { $0.optimum(budget: budget).N }, D: estimate { $0.optimum(budget: budget).D },
            loss: estimate { $0.optimum(budget: budget).loss }, budgetsUsed: 0, skipped: [],
            replicates: replicates.count, attempted: attempted, coefficientN: fit.G * Foundation.pow(1.0 / 6, fit.a))
    }
}
