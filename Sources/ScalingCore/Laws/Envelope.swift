import Foundation

/// Chinchilla's Approach 1 (Hoffmann et al. 2022, "Training Compute-Optimal Large Language
/// Models", §3.1): each run's training curve maps compute to loss; at each of many log-spaced
/// compute levels the run with the lowest loss there is the compute-optimal one, and power laws
/// N_opt ∝ C^a and D_opt ∝ C^b are fitted to those winners (the paper used 1,500 levels).
public enum Envelope {
    /// One run's curve: its parameters N and, per logged point, the compute spent so far and
    /// the loss there.
    public struct Curve: Sendable {
        /// The run's parameters.
        public var N: Double
        /// The compute spent so far at each logged point, FLOPs.
        public var compute: [Double]
        /// The loss at each logged point.
        public var loss: [Double]

        /// A curve of `N` parameters through the points (compute, loss), in any order.
        public init(N: Double, compute: [Double], loss: [Double]) {
            self.N = N
            self.compute = compute
            self.loss = loss
        }
    }

    /// The lowest loss any run reaches at one compute level, the run (by index) that reaches it,
    /// its N and the tokens D = C/(6·N) it had seen there.
    public struct Point: Sendable {
        /// The compute level, FLOPs.
        public var compute: Double
        /// The lowest loss any curve reaches there.
        public var loss: Double
        /// The index of the curve that reaches it.
        public var curve: Int
        /// That run's parameters.
        public var N: Double
        /// The tokens it had seen there, C/(6·N).
        public var D: Double
    }

    /// The envelope's points and the power laws across them (exponents with 95% intervals from
    /// the log-log least squares; the points are not independent, so read the intervals as
    /// optimistic, as the paper's own were).
    public struct Analysis: Sendable {
        /// The envelope, in increasing compute (levels no curve covers are left out).
        public var points: [Point]
        /// N_opt = k·C^a across the points.
        public var N: IsoFLOP.PowerLaw
        /// D_opt = k_D·C^b across the points.
        public var D: IsoFLOP.PowerLaw
    }

    /// Hoffmann et al. 2022's count of compute levels for Approach 1: every default reads this.
    public static let defaultLevels = 1500

    /// The envelope at `levels` compute values log-spaced from the smallest to the largest
    /// compute any curve reaches. A curve's loss at C is linear in log C between its logged
    /// points (non-finite points left out) and is not extrapolated: a run counts only within the
    /// compute it covered. An error when fewer than 3 levels find a run, or when every winner has
    /// one N (no exponent can be read).
    public static func analyse(_ curves: [Curve], levels: Int = defaultLevels) throws(IsoFLOP.AnalysisError) -> Analysis {
        guard levels >= 2 else { throw IsoFLOP.AnalysisError(description: "the envelope needs at least 2 compute levels") }
        // each curve's finite points, in increasing compute, on log compute
        let prepared: [(lc: [Double], loss: [Double])] = curves.map { c in
            let points = zip(c.compute, c.loss).filter { $0.0 > 0 && $0.0.isFinite && $0.1.isFinite }.sorted { $0.0 < $1.0 }
            return (points.map { Foundation.log($0.0) }, points.map(\.1))
        }
        let ends = prepared.filter { !$0.lc.isEmpty }
        guard let lo = ends.map({ $0.lc[0] }).min(), let hi = ends.compactMap(\.lc.last).max(), hi > lo else {
            throw IsoFLOP.AnalysisError(description: "the curves cover no range of compute (each needs points at positive, finite compute)")
        }
        var points: [Point] = []
        for k in 0..<levels {
            let lc = k == levels - 1 ? hi : lo + (hi - lo) * Double(k) / Double(levels - 1)
            var best: (loss: Double, curve: Int)?
            for (i, p) in prepared.enumerated() {
                guard let loss = value(p.lc, p.loss, at: lc) else { continue }
                if best.map({ loss < $0.loss }) ?? true { best = (loss, i) }
            }
            guard let best, curves[best.curve].N > 0 else { continue }
            let C = Foundation.exp(lc), N = curves[best.curve].N
            points.append(Point(compute: C, loss: best.loss, curve: best.curve, N: N, D: TransformerFLOPs.tokens(trainingFLOPs: C, parameters: N)))
        }
        guard points.count >= 3 else {
            throw IsoFLOP.AnalysisError(description: "only \(points.count) compute levels are reached by a run: the envelope needs 3")
        }
        guard Set(points.map(\.N)).count >= 2 else {
            throw IsoFLOP.AnalysisError(description: "one run size is best at every compute level: the envelope gives no exponent (add runs of other sizes)")
        }
        let lc = points.map { Foundation.log($0.compute) }
        return Analysis(points: points, N: IsoFLOP.powerLaw(lc, points.map { Foundation.log($0.N) }),
                        D: IsoFLOP.powerLaw(lc, points.map { Foundation.log($0.D) }))
    }

    /// The loss at log compute x, linear between the points around it; nil outside them.
    static func value(_ lc: [Double], _ loss: [Double], at x: Double) -> Double? {
        guard let first = lc.first, let last = lc.last, x >= first, x <= last else { return nil }
        var a = 0, b = lc.count
        while a < b {
            let m = (a + b) / 2
            if lc[m] < x { a = m + 1 } else { b = m }
        }
        if lc[a] == x || a == 0 { return loss[a] }
        let t = (x - lc[a - 1]) / (lc[a] - lc[a - 1])
        return loss[a - 1] + t * (loss[a] - loss[a - 1])
    }
}
