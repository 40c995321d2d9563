extension ComputeOptimal {
    /// The inference-aware optimum beside the training-only one for the same loss, both charged
    /// for serving T tokens: how much smaller the served model is and what share of compute it saves.
    public struct InferenceAwareComparison: Sendable {
        /// The inference-aware optimum, charged for training and serving T tokens.
        public var served: InferenceAware
        /// The training-only (Chinchilla) optimum for the target loss.
        public var trainingOnly: InferenceAware
        /// The training-only model's total when it serves the same T tokens: 6·N·D + 2·N·T.
        public var trainingOnlyTotal: Double
        /// 1 − served total / training-only total.
        public var saving: Double
        /// The served model's N over the training-only model's N (below 1 when serving favours a smaller model).
        public var sizeRatio: Double { served.N / trainingOnly.N }
    }

    /// Both optima at loss `target` with T tokens served; throws as `inferenceAware` does.
    public static func inferenceAwareComparison(loss: (Double, Double) -> Double, target: Double,
                                                inferenceTokens T: Double) throws(SearchError) -> InferenceAwareComparison {
        let served = try inferenceAware(loss: loss, target: target, inferenceTokens: T)
        let trainingOnly = try inferenceAware(loss: loss, target: target, inferenceTokens: 0)
        let total = trainingOnly.trainingFLOPs + TransformerFLOPs.inference(parameters: trainingOnly.N, tokens: T)
        return InferenceAwareComparison(served: served, trainingOnly: trainingOnly, trainingOnlyTotal: total, saving: 1 - served.total / total)
    }
}
