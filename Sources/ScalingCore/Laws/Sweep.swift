import Foundation

/// Runs to train next, laid out before any is trained.
public enum Sweep {
    /// One planned run: its budget, parameters and tokens (6·N·D = C for an iso-FLOP run).
    public struct Run: Sendable, Equatable {
        public var budget: Double
        public var N: Double
        public var D: Double

        public init(budget: Double, N: Double, D: Double) {
            self.budget = budget
            self.N = N
            self.D = D
        }
    }

    /// An iso-FLOP sweep at budget C: `sizes` model sizes log-spaced over a factor `span` from
    /// smallest to largest, centred in log N on `center` (a law's compute-optimal N, so that the
    /// sweep spans the valley the parabola of Chinchilla's Approach 2 is fitted to), each trained
    /// on D = C/(6·N) tokens. One size is the centre itself.
    public static func isoFLOP(budget C: Double, center: Double, sizes: Int, span: Double) -> [Run] {
        guard sizes > 1 else { return [Run(budget: C, N: center, D: C / (6 * center))] }
        let half = Double(sizes - 1) / 2
        return (0..<sizes).map { i in
            let N = center * Foundation.pow(span, (Double(i) - half) / Double(sizes - 1))
            return Run(budget: C, N: N, D: C / (6 * N))
        }
    }
}
