import Foundation

/// A small model plus test-time samples against an m× larger model, at equal total FLOPs.
///
/// Snell et al. (2024), "Scaling LLM Test-Time Compute Optimally can be More Effective than
/// Scaling Model Parameters", compare at matched FLOPs: both models see the same pre-training
/// tokens D and answer the same inference load of Q queries × T tokens; the larger one samples
/// once, the smaller one spends the difference on k samples per query. Equal totals,
/// 6·N·D + 2·N·Q·T·k = 6·m·N·D + 2·m·N·Q·T, give k = m + 3·(m − 1)·D/(Q·T): many samples when
/// the inference load is small beside the pre-training tokens, about m when it dominates.
///
/// How the larger model does on each problem is an assumption, stated: a problem's success
/// probability is logistic in the loss, logit p = (L* − L)/s for a per-problem threshold L*, so
/// the larger model's lower loss shifts every problem's logit by (L_small − L_large)/s. Problems
/// at p = 0 or 1 stay there.
public enum MatchedCompute {
    /// The setting of one comparison: the models, the compute they share, the problems and the verifier.
    public struct Assumptions: Sendable {
        /// The small model's parameters N.
        public var smallParameters: Double
        /// The ratio m of the larger model's parameters to the small one's (m > 1 for a comparison).
        public var ratio: Double
        /// Pre-training tokens D, the same for both models.
        public var tokens: Double
        /// Queries Q in the inference load.
        public var queries: Double
        /// Tokens T generated per sample.
        public var tokensPerSample: Double
        /// Each problem's success probability for one sample of the small model, in [0, 1].
        public var problems: [Double]
        /// How the small model's k samples are turned into one answer (see `TestTimeSimulation.Verifier`).
        public var verifier: TestTimeSimulation.Verifier
        /// Loss per unit of logit (the s above).
        public var lossPerLogit: Double

        /// The assumptions, stored as given (nothing is checked).
        public init(smallParameters: Double, ratio: Double, tokens: Double, queries: Double, tokensPerSample: Double,
                    problems: [Double], verifier: TestTimeSimulation.Verifier, lossPerLogit: Double) {
            self.smallParameters = smallParameters
            self.ratio = ratio
            self.tokens = tokens
            self.queries = queries
            self.tokensPerSample = tokensPerSample
            self.problems = problems
            self.verifier = verifier
            self.lossPerLogit = lossPerLogit
        }

        /// Samples per query that equalise the totals (fractional), k = m + 3(m − 1)·D/(Q·T).
        public var matchedSamples: Double {
            ratio + 3 * (ratio - 1) * tokens / (queries * tokensPerSample)
        }

        /// Total FLOPs (pre-training plus inference) of a model of N parameters drawing k samples per query.
        public func totalFLOPs(parameters N: Double, samples k: Double) -> Double {
            6 * N * tokens + 2 * N * queries * tokensPerSample * k
        }
    }

    /// Success probabilities on one problem.
    public struct Problem: Sendable, Equatable {
        /// One sample of the small model, one sample of the large one, and the small model's best of k.
        public var small: Double
        /// One sample of the large model: `small` shifted by the loss drop (`shifted`).
        public var large: Double
        /// The small model's best of k, by the assumed verifier (`TestTimeSimulation.bestOfExact`).
        public var smallWithSamples: Double
    }

    /// The outcome of `compare`: the losses and FLOPs of both sides and the success probability per problem.
    public struct Result: Sendable {
        /// Samples k per query the small model draws (whole, at least 1).
        public var samples: Int
        /// The pre-training law's loss at the small model's N and D.
        public var smallLoss: Double
        /// The pre-training law's loss at m·N and D.
        public var largeLoss: Double
        /// Total FLOPs of the small model with its k samples (`Assumptions.totalFLOPs`).
        public var smallFLOPs: Double
        /// Total FLOPs of the large model with one sample.
        public var largeFLOPs: Double
        /// One row per problem, in the order of `Assumptions.problems`.
        public var problems: [Problem]
        /// Mean success of the small model's best of k over the problems (NaN with no problems).
        public var smallAccuracy: Double { problems.reduce(0) { $0 + $1.smallWithSamples } / Double(problems.count) }
        /// Mean success of one large-model sample over the problems (NaN with no problems).
        public var largeAccuracy: Double { problems.reduce(0) { $0 + $1.large } / Double(problems.count) }
    }

    /// Success probability after the loss falls by `lossDrop`, on the logistic assumption.
    public static func shifted(_ p: Double, lossDrop: Double, lossPerLogit s: Double) -> Double {
        if p <= 0 || p >= 1 { return p }
        let logit = Foundation.log(p / (1 - p)) + lossDrop / s
        return 1 / (1 + Foundation.exp(-logit))
    }

    /// `loss(N, D)` is the pre-training law. The small model draws ⌊k⌋ samples (whole samples, so
    /// it never spends more than the larger one).
    public static func compare(_ a: Assumptions, loss: (Double, Double) -> Double) -> Result {
        // an undefined match (ratio 1 with no inference, 0·∞) buys no extra sample; Int(NaN) traps
        let samples = a.matchedSamples
        let k = samples >= 1 ? Int(min(samples.rounded(.down), Double(Int32.max))) : 1
        let large = a.ratio * a.smallParameters
        let smallLoss = loss(a.smallParameters, a.tokens), largeLoss = loss(large, a.tokens)
        let rows = a.problems.map { p in
            Problem(small: p, large: shifted(p, lossDrop: smallLoss - largeLoss, lossPerLogit: a.lossPerLogit),
                    smallWithSamples: TestTimeSimulation.bestOfExact(k: k, p: p, verifier: a.verifier))
        }
        return Result(samples: k, smallLoss: smallLoss, largeLoss: largeLoss,
                      smallFLOPs: a.totalFLOPs(parameters: a.smallParameters, samples: Double(k)),
                      largeFLOPs: a.totalFLOPs(parameters: large, samples: 1), problems: rows)
    }
}
