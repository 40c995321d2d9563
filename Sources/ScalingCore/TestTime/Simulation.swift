import Foundation

/// Test-time strategies simulated over numbers of samples k: exact wherever a closed form or a
/// numerical integral exists, seeded Monte Carlo otherwise (and alongside, as a check).
public enum TestTimeSimulation {
    /// How hard the problems are: one success probability, a Beta distribution across problems,
    /// or a list of per-problem probabilities (each problem weighted equally).
    public enum Difficulty: Sendable {
        case fixed(Double)
        case beta(Double, Double)
        case empirical([Double])
    }

    /// How the best sample is chosen: by an oracle (any correct sample wins), or by a verifier
    /// whose score for a sample is 1[correct] + N(0, σ²). `auc(x)` is the noisy verifier whose
    /// chance of ranking a correct sample above a wrong one is x: σ = 1/(√2·Φ⁻¹(x)).
    public enum Verifier: Sendable {
        case oracle
        case noisy(Double)

        /// The noisy verifier with AUC x, σ = 1/(√2·Φ⁻¹(x)): for x in (0.5, 1); x = 1 gives σ = 0, x = 0.5 σ = inf,
        /// and below 0.5 σ is negative.
        public static func auc(_ x: Double) -> Verifier { .noisy(1 / (2.0.squareRoot() * Special.normalQuantile(x))) }
    }

    /// One number of samples k: the Monte Carlo accuracy with its interval, and the exact value where one exists.
    public struct Row: Sendable {
        /// The number of samples k.
        public var k: Int
        /// The simulated accuracy (the mean over trials).
        public var accuracy: Double
        /// The lower end of the 95% Wilson interval of the simulated accuracy.
        public var lo: Double
        /// The upper end of the 95% Wilson interval.
        public var hi: Double
        /// The exact value where one exists.
        public var exact: Double?
        /// The Monte Carlo trials behind `accuracy`.
        public var samples: Int

        /// A row with these values.
        public init(k: Int, accuracy: Double, lo: Double, hi: Double, exact: Double?, samples: Int) {
            self.k = k; self.accuracy = accuracy; self.lo = lo; self.hi = hi; self.exact = exact; self.samples = samples
        }
    }

    /// A simulation stopped because it was asked to.
    public struct Cancelled: Error, Sendable {}

    // MARK: - Integration over the difficulty distribution

    /// E[f(p)] over the difficulty distribution, for f bounded on [0, 1]. Over a Beta, by
    /// `AdaptiveQuadrature.betaExpectation` (absolute error about 1e-13), split also at the
    /// `features` of f given; NaN for a Beta whose a or b is not finite.
    public static func expectation(_ d: Difficulty, features: [Double] = [], _ f: (Double) -> Double) -> Double {
        switch d {
        case .fixed(let p): return f(p)
        case .empirical(let ps): return ps.reduce(0) { $0 + f($1) } / Double(ps.count)
        case .beta(let a, let b): return AdaptiveQuadrature.betaExpectation(a, b, features: features, f)
        }
    }

    /// Exact best-of-k accuracy over the difficulty distribution: with an oracle verifier and a
    /// Beta, the closed form 1 − B(a, b + k)/B(a, b) (`GenericSpecial.betaCoverage`); otherwise
    /// the expectation of `bestOfExact(k:p:verifier:)`, split where 1 − (1 − p)^k turns (p ≈ 1/k).
    public static func bestOfExact(k: Int, difficulty: Difficulty, verifier: Verifier) -> Double {
        if case .beta(let a, let b) = difficulty, case .oracle = verifier { return GenericSpecial.betaCoverage(Double(k), a, b) }
        let kk = Double(k)
        return expectation(difficulty, features: [0.1 / kk, 1 / kk, 10 / kk]) { bestOfExact(k: k, p: $0, verifier: verifier) }
    }

    /// Draws a problem's success probability.
    static func draw(_ d: Difficulty, _ rng: inout SeededRandom) -> Double {
        switch d {
        case .fixed(let p): return p
        case .empirical(let ps): return ps[rng.index(below: ps.count)]
        case .beta(let a, let b):
            let x = gammaVariate(a, &rng), y = gammaVariate(b, &rng)
            return x / (x + y)
        }
    }

    /// Gamma(shape, 1) by Marsaglia and Tsang (2000), with the shape < 1 boost.
    static func gammaVariate(_ shape: Double, _ rng: inout SeededRandom) -> Double {
        if shape < 1 { return gammaVariate(shape + 1, &rng) * Foundation.pow(rng.uniform(), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = Special.normalQuantileApproximation(rng.uniform())
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = rng.uniform()
            if Foundation.log(u) < 0.5 * x * x + d - d * v + d * Foundation.log(v) { return d * v }
        }
    }

    // MARK: - Best-of-k

    /// Exact best-of-k accuracy for one problem with success probability p.
    /// Oracle: 1 − (1 − p)^k. Noisy verifier: a sample's score is 1[correct] + σ·Z; the best-scoring
    /// sample is correct with probability k·p·∫ φ(z)·F(z)^(k−1) dz, where the best correct sample
    /// scores 1 + σz and F(z) = p·Φ(z) + (1 − p)·Φ(z + 1/σ) is the chance that another sample
    /// scores less (the density of the maximum of k scores, restricted to a correct sample).
    ///
    /// The integral is taken over z, on the scale of σ: integrating over the score s = 1 + σz
    /// needed the score's density φ((s − 1)/σ)/σ resolved, and for σ ≪ 1 the quadrature nodes
    /// missed its spike (σ = 1e-4 gave 0.468 for k = 1, p = ½). Over z the integrand is smooth
    /// for every σ: at σ = 0 (1/σ = ∞) it is exactly the oracle's, and as σ → ∞ it tends to p.
    /// F^(k−1) is computed as exp((k − 1)·log1p(−G)) from the upper tail G = 1 − F, which keeps
    /// its precision when k is large and G tiny. Composite 32-point Gauss–Legendre on 64 pieces
    /// of z ∈ [−12, 12]; the tails beyond hold at most k·p·Φ(−12) ≈ 2e-33·k.
    public static func bestOfExact(k: Int, p: Double, verifier: Verifier) -> Double {
        switch verifier {
        case .oracle: return RepeatedSampling.coverage(k: Double(k), p: p)
        case .noisy(let sigma):
            if p <= 0 { return 0 }
            if p >= 1 || k <= 1 { return min(p, 1) }
            let kk = Double(k), shift = 1 / sigma
            let lo = -12.0, hi = 12.0, pieces = 64
            var total = 0.0
            for i in 0..<pieces {
                let a = lo + (hi - lo) * Double(i) / Double(pieces), b = lo + (hi - lo) * Double(i + 1) / Double(pieces)
                total += GaussLegendre.integrate(a, b) { z in
                    // G = 1 − F, from the upper tails Φ(−x); F itself where G is large.
                    let upper = p * Special.normalCDF(-z) + (1 - p) * Special.normalCDF(-(z + shift))
                    let logF = upper < 0.5 ? Foundation.log1p(-upper)
                        : Foundation.log(p * Special.normalCDF(z) + (1 - p) * Special.normalCDF(z + shift))
                    return kk * p * Special.normalDensity(z) * Foundation.exp((kk - 1) * logF)
                }
            }
            return min(1, total)
        }
    }

    /// Monte Carlo best-of-k, O(1) per trial by order statistics: the number of correct samples
    /// j ~ Binomial(k, p); the best correct score is 1 + σ·Φ⁻¹(U^(1/j)) and the best wrong one
    /// σ·Φ⁻¹(V^(1/(k−j))) (the maximum of m standard normals has CDF Φ^m). Trials run in blocks
    /// of 1,000, block b on stream b of the seed, so the result does not depend on the threads.
    public static func bestOfMonteCarlo(k: Int, difficulty: Difficulty, verifier: Verifier, trials: Int, seed: UInt64,
                                        cancelled: @escaping @Sendable () -> Bool = { false }) throws(Cancelled) -> (Double, Double, Double) {
        // With one p for every problem, draw j by inversion of the tabulated Binomial(k, p) CDF.
        var table: [Double]?
        if case .fixed(let p) = difficulty, p > 0, p < 1 { table = binomialCDF(k, p) }
        let cdf = table
        return try monteCarlo(trials: trials, seed: seed, cancelled: cancelled) { rng in
            let p = draw(difficulty, &rng)
            let j: Int
            if let cdf {
                let u = rng.uniform()
                var lo = 0, hi = k
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if cdf[mid] < u { lo = mid + 1 } else { hi = mid }
                }
                j = lo
            } else {
                j = binomial(k, p, &rng)
            }
            switch verifier {
            case .oracle: return j > 0
            case .noisy(let sigma):
                if j == 0 { return false }
                if j == k { return true }
                let bestRight = 1 + sigma * Special.normalQuantileApproximation(Foundation.pow(rng.uniform(), 1 / Double(j)))
                let bestWrong = sigma * Special.normalQuantileApproximation(Foundation.pow(rng.uniform(), 1 / Double(k - j)))
                return bestRight > bestWrong
            }
        }
    }

    /// The CDF of Binomial(n, p) at 0…n, from log-space probability masses (exact to rounding).
    static func binomialCDF(_ n: Int, _ p: Double) -> [Double] {
        let lp = Foundation.log(p), lq = Foundation.log1p(-p), ln: Double = Foundation.lgamma(Double(n + 1))
        var cdf = [Double](repeating: 0, count: n + 1)
        var running = 0.0
        for j in 0...n {
            running += Foundation.exp(ln - Foundation.lgamma(Double(j + 1)) - Foundation.lgamma(Double(n - j + 1)) + Double(j) * lp + Double(n - j) * lq)
            cdf[j] = running
        }
        cdf[n] = max(cdf[n], 1)
        return cdf
    }

    /// Binomial(n, p), exactly (no approximation). While the mean n·min(p, 1 − p) exceeds 1,000,
    /// Knuth's split by an order statistic (TAOCP vol. 2, 3rd ed., §3.4.1 F): the i-th smallest of
    /// n uniforms, i = n/2 + 1, is X ~ Beta(i, n + 1 − i); if X ≥ p the count is that of the
    /// i − 1 uniforms below X, Binomial(i − 1, p/X), else i plus Binomial(n − i, (p − X)/(1 − X)).
    /// Then the sum of geometric waiting times (Devroye 1986, X.4), whose cost is the mean: so
    /// O(log n + 1,000) per draw, where the waiting times alone cost O(n·p) (k = 1e6 at p = ½).
    static func binomial(_ n: Int, _ p: Double, _ rng: inout SeededRandom) -> Int {
        var n = n, p = p, count = 0
        while n > 1 && Double(n) * min(p, 1 - p) > 1000 {
            let i = n / 2 + 1
            let g1 = gammaVariate(Double(i), &rng), g2 = gammaVariate(Double(n + 1 - i), &rng)
            let x = g1 / (g1 + g2)
            if x >= p {
                n = i - 1; p /= x
            } else {
                count += i; n -= i; p = (p - x) / (1 - x)
            }
        }
        return count + geometricBinomial(n, p, &rng)
    }

    /// Binomial(n, p) by summing geometric waiting times: expected cost O(n·min(p, 1 − p)).
    static func geometricBinomial(_ n: Int, _ p: Double, _ rng: inout SeededRandom) -> Int {
        if p <= 0 || n <= 0 { return 0 }
        if p >= 1 { return n }
        if p > 0.5 { return n - geometricBinomial(n, 1 - p, &rng) }
        // count successes via geometric gaps: position += 1 + floor(log U / log(1 − p))
        let logQ = Foundation.log1p(-p)
        var position = -1, count = -1
        while position < n {
            count += 1
            let gap = (Foundation.log(rng.uniform()) / logQ).rounded(.down)
            if !(gap < Double(n)) { break }  // beyond the last trial (and no overflow for tiny p)
            position += 1 + Int(gap)
        }
        return count
    }

    /// Runs `trial` `trials` times in parallel blocks; returns the mean and a 95% Wilson interval.
    static func monteCarlo(trials: Int, seed: UInt64, cancelled: @escaping @Sendable () -> Bool,
                           _ trial: @escaping @Sendable (inout SeededRandom) -> Bool) throws(Cancelled) -> (Double, Double, Double) {
        let blockSize = 1000
        let blocks = (trials + blockSize - 1) / blockSize
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(blocks, 1))
        counts.initialize(repeating: 0)
        defer { counts.deallocate() }
        let shared = UnsafeSendable(counts)
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            if cancelled() { return }
            var rng = SeededRandom(seed: seed, stream: UInt64(b))
            var wins = 0
            for _ in (b * blockSize)..<min(trials, (b + 1) * blockSize) where trial(&rng) { wins += 1 }
            shared.value[b] = wins
        }
        if cancelled() { throw Cancelled() }
        let wins = counts.reduce(0, +)
        let (lo, hi) = wilson(wins, trials)
        return (Double(wins) / Double(trials), lo, hi)
    }

    /// The Wilson score interval at 95% (Wilson 1927): well-behaved near 0 and 1.
    public static func wilson(_ successes: Int, _ n: Int) -> (Double, Double) {
        guard n > 0 else { return (.nan, .nan) }
        let z = 1.959963984540054, nn = Double(n), phat = Double(successes) / nn
        let denom = 1 + z * z / nn
        let center = (phat + z * z / (2 * nn)) / denom
        let half = z * (phat * (1 - phat) / nn + z * z / (4 * nn * nn)).squareRoot() / denom
        // At 0 or n successes the interval touches 0 or 1 exactly (rounding must not exclude it).
        return (successes == 0 ? 0 : max(0, center - half), successes == n ? 1 : min(1, center + half))
    }
}

/// 32-point Gauss–Legendre quadrature on [a, b] (nodes and weights from Abramowitz and Stegun
/// Table 25.4, computed here by Newton's method on the Legendre polynomial at first use).
enum GaussLegendre {
    static let rule: (nodes: [Double], weights: [Double]) = {
        let n = 32
        var nodes = [Double](repeating: 0, count: n), weights = nodes
        for i in 0..<n {
            var x = Foundation.cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var dp = 0.0
            for _ in 0..<100 {
                var p0 = 1.0, p1 = x
                for k in 2...n {
                    let p2 = ((2 * Double(k) - 1) * x * p1 - (Double(k) - 1) * p0) / Double(k)
                    p0 = p1; p1 = p2
                }
                dp = Double(n) * (x * p1 - p0) / (x * x - 1)
                let dx = p1 / dp
                x -= dx
                if abs(dx) < 1e-16 { break }
            }
            nodes[i] = x
            weights[i] = 2 / ((1 - x * x) * dp * dp)
        }
        return (nodes, weights)
    }()

    static func integrate(_ a: Double, _ b: Double, _ f: (Double) -> Double) -> Double {
        let half = 0.5 * (b - a), mid = 0.5 * (a + b)
        var s = 0.0
        for (x, w) in zip(rule.nodes, rule.weights) { s += w * f(mid + half * x) }
        return s * half
    }
}
