import Foundation

/// The models and defaults behind `compare` and `matched`: each assumption's default value, the
/// logistic map from loss to accuracy, the default mix of problems, and the loss floor of a law.
/// The language reads options and calls these; it holds no numbers of its own.
public enum ComparisonModels {
    /// Defaults of the assumptions, as the results' titles and help name them.
    public enum Defaults {
        /// Training tokens per parameter when tokens are not given: D = 20·N.
        public static let tokensPerParameter = 20.0
        /// Extra compute as a fraction of the base training FLOPs 6·N·D.
        public static let extraFraction = 0.1
        /// The loss at which the logistic accuracy is 1/2.
        public static let midpoint = 2.2
        /// Loss per logit: the scale of the logistic accuracy, and of the logit shift in `MatchedCompute`.
        public static let lossPerLogit = 0.08
        /// The ScaleRL ceiling's height above the base accuracy.
        public static let headroom = 0.25
        /// The ScaleRL midpoint as a fraction of the base compute.
        public static let rlMidpoint = 0.2
        /// The ScaleRL exponent.
        public static let rlExponent = 1.0
        /// The share of problems out of reach of the model (p = 0), in [0, 1).
        public static let beyond = 0.3
        /// Queries served over the deployment; test-time compute is paid on each.
        public static let queries = 1e6
        /// Tokens generated per sample.
        public static let tokensPerSample = 1000.0
        /// The AUC of the default verifier, `auc(0.9)`.
        public static let verifierAUC = 0.9
        /// The small model's parameters in `matched`.
        public static let smallModel = 1e9
        /// Five difficulty levels, easiest first, in the manner of Snell et al. (2024)'s bins.
        public static let matchedProblems = [0.9, 0.6, 0.3, 0.1, 0.02]
    }

    /// accuracy(loss) = 1 / (1 + exp((loss − midpoint)/scale)): a logistic in the loss.
    public static func logisticAccuracy(midpoint: Double, scale: Double) -> @Sendable (Double) -> Double {
        { 1 / (1 + Foundation.exp(($0 - midpoint) / scale)) }
    }

    /// The base accuracy cannot come from a mix with this share out of reach (it would need p > 1).
    public struct UnreachableAccuracy: Error, Sendable {
        /// The accuracy asked for.
        public var accuracy: Double
        /// The share of problems out of reach.
        public var beyond: Double
    }

    /// 1000 problems: a share `beyond` out of reach (p = 0), the rest at the p that averages to
    /// `accuracy`; also that p.
    public static func problems(accuracy: Double, beyond: Double) throws(UnreachableAccuracy) -> (problems: [Double], p: Double) {
        let p = accuracy / (1 - beyond)
        guard p <= 1 else { throw UnreachableAccuracy(accuracy: accuracy, beyond: beyond) }
        let outOfReach = Int((beyond * 1000).rounded())
        return (Array(repeating: 0, count: outOfReach) + Array(repeating: p, count: 1000 - outOfReach), p)
    }

    /// The loss as N and D grow without bound: E for the E + A/N^α + B/D^β shape, else the law
    /// read far out (N = D = 1e40).
    public static func lossFloor(_ law: ModelExpr) -> Double {
        ComputeOptimal.ChinchillaForm.detect(law)?.E ?? law.value(parameters: [], columns: [1e40, 1e40])
    }
}
