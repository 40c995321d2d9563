/// The FLOP counts of a dense transformer that the laws and commands use, in one place: about
/// 6·N FLOPs a token to train (forward and backward) and 2·N a token to run (forward only), with
/// N the non-embedding parameters (Kaplan et al. 2020, "Scaling Laws for Neural Language Models",
/// §2.1; the C = 6·N·D of Hoffmann et al. 2022).
public enum TransformerFLOPs {
    /// Training compute of N parameters on D tokens: 6·N·D.
    public static func training(parameters N: Double, tokens D: Double) -> Double { 6 * N * D }

    /// Inference compute of N parameters over T tokens: 2·N·T.
    public static func inference(parameters N: Double, tokens T: Double) -> Double { 2 * N * T }

    /// The tokens that C training FLOPs buy N parameters: C/(6·N).
    public static func tokens(trainingFLOPs C: Double, parameters N: Double) -> Double { C / (6 * N) }
}
