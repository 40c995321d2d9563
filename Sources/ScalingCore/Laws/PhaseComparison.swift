import Foundation

/// What an extra compute budget buys a trained model in each of the three phases — more
/// pre-training, RL post-training, or sampling at test time — per FLOP and at the limit.
///
/// The seed articles rank the phases twice: by return per FLOP, test time > RL > pre-training;
/// by ceiling, pre-training > RL > test time. This computes both rankings from named assumptions
/// so that a user can see which assumption flips them:
/// - pre-training: the compute-optimal model for the base compute plus the extra, its accuracy
///   read off the loss by `accuracy(loss)`; its ceiling is the accuracy at the law's floor;
/// - RL: a curve of RL compute (the ScaleRL sigmoid by default) starting at the base accuracy;
///   its ceiling is the curve's asymptote;
/// - test time: best-of-k with a verifier, the extra compute spread over every deployed query
///   (2·N FLOPs per token), on a mix of problems some of which are beyond the model (p = 0): no
///   number of samples solves those, which is what sets the test-time ceiling.
public enum PhaseComparison {
    /// The named assumptions a comparison is computed from.
    public struct Assumptions: Sendable {
        /// Parameters and pre-training tokens of the base model.
        public var parameters: Double
        /// Pre-training tokens D of the base model (with `parameters` above, N).
        public var tokens: Double
        /// Extra FLOPs to spend in one phase.
        public var extraFLOPs: Double
        /// Queries served over the deployment, and tokens per sampled answer.
        public var queries: Double
        /// Tokens generated per sampled answer.
        public var tokensPerSample: Double
        /// Per-problem success probability of one sample from the base model.
        public var problems: [Double]
        /// How the k samples of a query are turned into one answer (see `TestTimeSimulation.Verifier`).
        public var verifier: TestTimeSimulation.Verifier
        /// Samples per query at which the test-time ceiling is read.
        public var ceilingSamples = 1_000_000

        /// The assumptions, stored as given, with `ceilingSamples` at its default of 10⁶.
        public init(parameters: Double, tokens: Double, extraFLOPs: Double, queries: Double, tokensPerSample: Double,
                    problems: [Double], verifier: TestTimeSimulation.Verifier) {
            self.parameters = parameters
            self.tokens = tokens
            self.extraFLOPs = extraFLOPs
            self.queries = queries
            self.tokensPerSample = tokensPerSample
            self.problems = problems
            self.verifier = verifier
        }

        /// The base model's training compute, 6·N·D.
        public var baseFLOPs: Double { 6 * parameters * tokens }

        /// Samples per query the extra compute pays for, the first one being already paid:
        /// 1 + extra / (2·N·tokens per sample·queries), whole samples only.
        public var samplesPerQuery: Int {
            let k = 1 + extraFLOPs / (2 * parameters * tokensPerSample * queries)
            // undefined (0/0 when nothing is spent on nothing) buys no extra sample; Int(NaN) traps
            guard k >= 1 else { return 1 }
            return Int(min(k.rounded(.down), Double(Int32.max)))
        }
    }

    /// One phase's outcome.
    public struct Phase: Sendable, Equatable {
        /// "pre-training", "RL" or "test time".
        public var name: String
        /// Accuracy after spending the extra compute in this phase, and the gain over the base.
        public var accuracy: Double
        /// `accuracy` less the phase's starting accuracy (the base model's; one sample on the mix for test time).
        public var gain: Double
        /// `gain` per extra FLOP (±inf or NaN when the extra compute is 0).
        public var gainPerFLOP: Double
        /// Accuracy as the compute spent in this phase grows without bound.
        public var ceiling: Double
    }

    /// The outcome of `compare`: the base, the three phases, and their two rankings.
    public struct Result: Sendable {
        /// The base model's accuracy, `accuracy(baseLoss)`.
        public var baseAccuracy: Double
        /// Accuracy of one sample on the test-time problem mix (the test-time phase's base).
        public var problemMixAccuracy: Double
        /// Samples per query the extra compute pays for (`Assumptions.samplesPerQuery`).
        public var samplesPerQuery: Int
        /// Pre-training, RL and test time, in that order.
        public var phases: [Phase]
        /// Phase names, best first.
        public var byReturn: [String] { phases.sorted { $0.gainPerFLOP > $1.gainPerFLOP }.map(\.name) }
        /// Phase names, highest ceiling first.
        public var byCeiling: [String] { phases.sorted { $0.ceiling > $1.ceiling }.map(\.name) }
    }

    /// The ScaleRL sigmoid (Khatri et al. 2025) R(C) = R0 + (A − R0)/(1 + (Cmid/C)^B).
    public static func sigmoid(R0: Double, A: Double, Cmid: Double, B: Double) -> @Sendable (Double) -> Double {
        { C in C <= 0 ? R0 : R0 + (A - R0) / (1 + Foundation.pow(Cmid / C, B)) }
    }

    /// Compares the phases. `baseLoss` is the base model's loss, `optimum` the compute-optimal
    /// model for the base compute plus the extra, `lossFloor` the loss as N and D grow without
    /// bound; `rl` maps RL compute to accuracy and `rlCeiling` is its limit.
    public static func compare(_ a: Assumptions, baseLoss: Double, optimum: ComputeOptimal.Allocation, lossFloor: Double,
                               accuracy: (Double) -> Double, rl: (Double) -> Double, rlCeiling: Double) -> Result {
        let base = accuracy(baseLoss)
        let extra = a.extraFLOPs
        func phase(_ name: String, _ acc: Double, from start: Double, ceiling: Double) -> Phase {
            Phase(name: name, accuracy: acc, gain: acc - start, gainPerFLOP: (acc - start) / extra, ceiling: ceiling)
        }
        let pre = phase("pre-training", accuracy(optimum.loss), from: base, ceiling: accuracy(lossFloor))
        let post = phase("RL", rl(extra), from: base, ceiling: rlCeiling)
        let k = a.samplesPerQuery
        // A mix is typically a few distinct probabilities repeated: integrate each once.
        var counts: [Double: Int] = [:]
        for p in a.problems { counts[p, default: 0] += 1 }
        func mean(samples: Int) -> Double {
            counts.keys.sorted().reduce(0) { $0 + Double(counts[$1] ?? 0) * TestTimeSimulation.bestOfExact(k: samples, p: $1, verifier: a.verifier) }
                / Double(a.problems.count)
        }
        let single = mean(samples: 1), sampled = mean(samples: max(k, 1)), limit = mean(samples: a.ceilingSamples)
        let test = phase("test time", sampled, from: single, ceiling: limit)
        return Result(baseAccuracy: base, problemMixAccuracy: single, samplesPerQuery: k, phases: [pre, post, test])
    }
}
