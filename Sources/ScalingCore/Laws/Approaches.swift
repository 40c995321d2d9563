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
        /// The estimate on all the runs.
        public var value: Double
        /// The lower end of the bootstrap percentile interval.
        public var lower: Double
        /// The upper end of the bootstrap percentile interval.
        public var upper: Double
    }

    /// One approach's answer: N_opt ∝ C^a, D_opt ∝ C^b, and the allocation at `budget`.
    public struct Row: Sendable {
        /// The approach's name, as the table shows it.
        public var method: String
        /// The exponent a of N_opt ∝ C^a.
        public var a: Estimate
        /// The exponent b of D_opt ∝ C^b.
        public var b: Estimate
        /// The budget C, in FLOPs, at which `N` and `D` are read.
        public var budget: Double
        /// The optimal parameters at `budget`.
        public var N: Estimate
        /// The optimal tokens at `budget`.
        public var D: Estimate
        /// The law's loss at the optimum (Approach 3 only: Approach 2 locates sizes, not a law).
        public var loss: Estimate?
        /// How many budgets gave an optimum (Approach 2), or contributed runs to the fit.
        public var budgetsUsed: Int
        /// Budgets left out, each with its reason.
        public var skipped: [String]
        /// Replicates that gave an answer, of those attempted.
        public var replicates: Int
        /// Replicates attempted.
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
        return powerLawRow(
            method: locator == .parabola ? "Approach 2 (parabola)" : "Approach 2 (Akima, Porian et al.)",
            N: analysis.N, D: analysis.D, budget: budget, budgetsUsed: analysis.budgets.count, skipped: analysis.skipped,
            resamples: resamples, seed: seed, level: level, cancelled: cancelled
        ) { rng in
            var rows: [Int] = []
            for g in groups { for _ in g { rows.append(g[rng.index(below: g.count)]) } }
            guard let r = try? IsoFLOP.analyse(N: rows.map { N[$0] }, loss: rows.map { loss[$0] }, compute: rows.map { C[$0] }, locator: locator) else { return nil }
            return (r.N, r.D)
        }
    }

    /// Approach 1 on training curves: the envelope (`Envelope.analyse` at `levels` compute
    /// levels), then `resamples` envelopes of runs drawn with replacement (resample k uses stream
    /// k of `seed`). A run drawn twice changes no minimum, so a resample is the envelope of the
    /// distinct runs drawn; a resample whose envelope cannot be read (fewer than 3 levels, or one
    /// size winning everywhere) is left out and counted.
    public static func approach1(
        curves: [Envelope.Curve], levels: Int = Envelope.defaultLevels, budget: Double, resamples: Int, seed: UInt64, level: Double = 0.95,
        cancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(IsoFLOP.AnalysisError) -> (row: Row, analysis: Envelope.Analysis) {
        let analysis = try Envelope.analyse(curves, levels: levels)
        let row = powerLawRow(
            method: "Approach 1 (envelope of training curves)", N: analysis.N, D: analysis.D, budget: budget,
            budgetsUsed: analysis.points.count, skipped: [], resamples: resamples, seed: seed, level: level, cancelled: cancelled
        ) { rng in
            var drawn = [Bool](repeating: false, count: curves.count)
            for _ in curves.indices { drawn[rng.index(below: curves.count)] = true }
            guard let r = try? Envelope.analyse(curves.indices.filter { drawn[$0] }.map { curves[$0] }, levels: levels) else { return nil }
            return (r.N, r.D)
        }
        return (row, analysis)
    }

    /// An approach that reads power laws N_opt = k·C^a and D_opt = k'·C^b off the runs: its row,
    /// with percentile intervals from `resamples` reanalyses (resample k draws from stream k of
    /// `seed`, blocks of 16 on every core; nil from `resample` is a replicate that gave no answer).
    private static func powerLawRow(
        method: String, N: IsoFLOP.PowerLaw, D: IsoFLOP.PowerLaw, budget: Double, budgetsUsed: Int, skipped: [String],
        resamples: Int, seed: UInt64, level: Double, cancelled: @escaping @Sendable () -> Bool,
        resample: @escaping @Sendable (inout SeededRandom) -> (N: IsoFLOP.PowerLaw, D: IsoFLOP.PowerLaw)?
    ) -> Row {
        let slots = UnsafeMutableBufferPointer<(N: IsoFLOP.PowerLaw, D: IsoFLOP.PowerLaw)?>.allocate(capacity: resamples)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        let shared = UnsafeSendable(slots)
        DispatchQueue.concurrentPerform(iterations: (resamples + 15) / 16) { block in
            for k in (block * 16)..<min(resamples, (block + 1) * 16) {
                if cancelled() { return }
                var rng = SeededRandom(seed: seed, stream: UInt64(k))
                shared.value[k] = resample(&rng)
            }
        }
        let reps = slots.compactMap { $0 }
        func estimate(_ value: Double, _ draws: [Double]) -> Estimate {
            let p = Fitter.percentileInterval(draws, level: level)
            return Estimate(value: value, lower: p.lower, upper: p.upper)
        }
        let at = { (law: IsoFLOP.PowerLaw) in law.coefficient * Foundation.pow(budget, law.exponent) }
        return Row(
            method: method, a: estimate(N.exponent, reps.map(\.N.exponent)), b: estimate(D.exponent, reps.map(\.D.exponent)),
            budget: budget, N: estimate(at(N), reps.map { at($0.N) }), D: estimate(at(D), reps.map { at($0.D) }),
            loss: nil, budgetsUsed: budgetsUsed, skipped: skipped,
            replicates: reps.count, attempted: resamples, coefficientN: N.coefficient)
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

    /// Approach 3's own fit, as Besiroglu et al. (2024) replicate it: L = E + A/N^α + B/D^β by
    /// Huber's loss (δ = `huberDelta`) of log L − log L̂, by variable projection (E, A and B are
    /// solved exactly and kept ≥ 0 for each α and β) from a grid of α and β, then `resamples`
    /// bootstrap refits from the optimum (resample k on stream k of `seed`).
    public static func approach3(
        N: [Double], D: [Double], loss: [Double], huberDelta: Double = 1e-3, budget: Double, resamples: Int, seed: UInt64,
        cancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(FitError) -> (row: Row, fit: FitResult) {
        let (e, a, alpha, b, beta) = (ModelExpr.parameter(0), ModelExpr.parameter(1), ModelExpr.parameter(2), ModelExpr.parameter(3), ModelExpr.parameter(4))
        let law = e + a / ModelExpr.pow(.column(0), alpha) + b / ModelExpr.pow(.column(1), beta)
        let problem = FitProblem(response: .column(2), model: law, columns: [N, D, loss], columnNames: ["N", "D", "loss"],
                                 parameterNames: ["E", "A", "alpha", "B", "beta"], huberDelta: huberDelta,
                                 lowerBounds: [0, 0, 0, 0, 0]).onLogScale()
        let exponents: [Double] = [0.1, 0.25, 0.4, 0.6, 0.9]
        let starts: [[Double]] = exponents.flatMap { x in exponents.map { y in [1, 1, x, 1, y] } }
        let fit = try Fitter.fit(problem, starts: starts, method: .automatic, cancelled: cancelled)
        func form(_ v: [Double]) -> ComputeOptimal.ChinchillaForm {
            ComputeOptimal.ChinchillaForm(E: v[0], A: v[1], B: v[3], alpha: v[2], beta: v[4])
        }
        var replicates: [ComputeOptimal.ChinchillaForm] = []
        if resamples > 0 {
            replicates = try Fitter.bootstrap(problem, from: fit.values, count: resamples, seed: seed, cancelled: cancelled).replicates.map(form)
        }
        var row = approach3(fit: form(fit.values), replicates: replicates, attempted: resamples, budget: budget)
        row.method = "Approach 3 (Huber fit of log L, δ = \(huberDelta))"
        if !fit.converged { row.skipped.append("the fit did not converge: \(fit.reason)") }
        return (row, fit)
    }
}
