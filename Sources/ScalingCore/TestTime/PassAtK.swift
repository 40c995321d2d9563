import Foundation

/// Repeated-sampling metrics: pass@k, coverage, and the per-problem difficulty distribution.
public enum RepeatedSampling {
    /// Counts or parameters outside what a metric accepts, in words.
    public struct InputError: Error, CustomStringConvertible, Sendable {
        /// The reason, in words.
        public var description: String
    }

    /// The unbiased pass@k estimator of Chen et al. (2021), "Evaluating Large Language Models
    /// Trained on Code", from n samples of which c are correct: 1 − C(n−c, k)/C(n, k), computed
    /// as 1 − ∏_{i=n−c+1}^{n} (1 − k/i) — never with factorials, which overflow. Domain
    /// 0 ≤ c ≤ n ≤ 2^53, 1 ≤ k ≤ n; 1 when n − c < k.
    public static func passAtK(n: Double, c: Double, k: Double) throws(InputError) -> Double {
        guard n >= 1, c >= 0, c <= n, k >= 1, k <= n, n == n.rounded(), c == c.rounded(), k == k.rounded() else {
            throw InputError(description: "pass@k needs whole numbers with 0 ≤ c ≤ n and 1 ≤ k ≤ n; got n = \(shown(n)), c = \(shown(c)), k = \(shown(k))")
        }
        guard n <= 9_007_199_254_740_992 else {
            throw InputError(description: "pass@k counts must be at most 2^53 (whole numbers beyond it are not exact in Double); got n = \(n)")
        }
        if n - c < k { return 1 }
        // C(n−c, k)/C(n, k) as a product of min(c, k) factors, each in (0, 1]:
        // ∏_{i=n−c+1}^{n} (1 − k/i) over c factors, or ∏_{j=0}^{k−1} (1 − c/(n − j)) over k; summed
        // as logs with log1p and returned through expm1, so that a pass@k near 0 keeps its digits.
        let factors = min(c, k)
        guard factors <= 10_000_000 else {
            throw InputError(description: "pass@k multiplies min(c, k) factors; at most 10 million are supported, got \(factors)")
        }
        var logProduct = 0.0
        if c <= k {
            var i = n - c + 1
            while i <= n {
                logProduct += Foundation.log1p(-k / i)
                i += 1
            }
        } else {
            var j = 0.0
            while j < k {
                logProduct += Foundation.log1p(-c / (n - j))
                j += 1
            }
        }
        return 0 - Foundation.expm1(logProduct)   // +0, not −0, when no factor is below 1 (c = 0)
    }

    /// Coverage after k samples at a fixed success probability: 1 − (1 − p)^k, via log1p/expm1.
    public static func coverage(k: Double, p: Double) -> Double {
        if p >= 1 { return 1 }
        return 0 - Foundation.expm1(k * Foundation.log1p(-p))   // +0 at k = 0 or p = 0
    }

    /// Coverage with p ~ Beta(a, b) across problems: 1 − E[(1 − p)^k] = 1 − B(a, b + k)/B(a, b),
    /// `GenericSpecial.betaCoverage` (about 14 digits in coverage and in 1 − coverage, for every
    /// k ≥ 0 and a, b > 0; NaN outside).
    public static func coverage(k: Double, betaA a: Double, betaB b: Double) -> Double {
        GenericSpecial.betaCoverage(k, a, b)
    }

    /// The outcome of a beta-binomial fit of problem difficulty.
    public struct BetaFit: Sendable {
        /// The Beta distribution's a.
        public var a: Double
        /// The Beta distribution's b.
        public var b: Double
        /// The log-likelihood at (a, b).
        public var logLikelihood: Double
        /// Whether Newton's method met its convergence test.
        public var converged: Bool
        /// Newton iterations taken.
        public var iterations: Int
    }

    /// Beta-binomial maximum likelihood for per-problem (n, c) counts: the a, b of the Beta
    /// distribution of problem difficulty. Newton's method on (log a, log b) with the exact
    /// gradient (digamma) and a Hessian from differences of that gradient, with step halving.
    ///
    /// A row's log-likelihood log B(c + a, n − c + b) − log B(a, b) is, for n = 1e9, about −1e9
    /// of which only the part of order one depends on a and b: as a difference of log-betas (or
    /// log-gammas near 2e10) it changed by rounding noise of 1e-6 between nearby a, b, and the
    /// line search stopped short of the maximum (n = 1e9 gave a = 0.5298 for a maximum at 0.5384).
    /// So the search climbs W(a, b) = Σ φ(a, c) + φ(b, n − c) − φ(a + b, n), with
    /// φ(s, m) = log Γ(s + m) − log Γ(m + 1) − log Γ(s) = −log1p(m/s) − `logBetaRatio`(s, 1, m),
    /// which is of the size of a·log n, and the log-likelihood reported adds the constant
    /// Σ log B(c + 1, n − c + 1) + log(n + 1) once at the end.
    public static func fitBeta(n: [Double], c: [Double]) throws(InputError) -> BetaFit {
        guard n.count == c.count, !n.isEmpty else { throw InputError(description: "fit_beta needs equal, non-empty columns n and c") }
        for (i, (ni, ci)) in zip(n, c).enumerated() where !(ni >= 1 && ci >= 0 && ci <= ni) {
            throw InputError(description: "row \(i + 1): need n ≥ 1 and 0 ≤ c ≤ n, got n = \(shown(ni)), c = \(shown(ci))")
        }
        func phi(_ s: Double, _ m: Double) -> Double {
            m == 0 ? 0 : -Foundation.log1p(m / s) - GenericSpecial.logBetaRatio(s, 1, m)
        }
        func logLik(_ a: Double, _ b: Double) -> Double {
            var s = 0.0
            for (ni, ci) in zip(n, c) { s += phi(a, ci) + phi(b, ni - ci) - phi(a + b, ni) }
            return s
        }
        let constant = zip(n, c).reduce(0.0) { $0 + GenericSpecial.logBeta($1.1 + 1, $1.0 - $1.1 + 1) + Foundation.log1p($1.0) }
        func fit(_ a: Double, _ b: Double, _ l: Double, _ converged: Bool, _ iterations: Int) -> BetaFit {
            BetaFit(a: a, b: b, logLikelihood: l + constant, converged: converged, iterations: iterations)
        }
        func gradient(_ u: Double, _ v: Double) -> (Double, Double) {
            let a = Foundation.exp(u), b = Foundation.exp(v)
            var ga = 0.0, gb = 0.0
            let dab = GenericSpecial.digamma(a + b)
            for (ni, ci) in zip(n, c) {
                let dn = GenericSpecial.digamma(ni + a + b)
                ga += GenericSpecial.digamma(ci + a) - GenericSpecial.digamma(a) - dn + dab
                gb += GenericSpecial.digamma(ni - ci + b) - GenericSpecial.digamma(b) - dn + dab
            }
            return (ga * a, gb * b)
        }
        // Start from the method of moments on the per-problem rates.
        let rates = zip(c, n).map { $0 / $1 }
        let m = rates.reduce(0, +) / Double(rates.count)
        let v = rates.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(max(rates.count - 1, 1))
        var common = v > 0 ? m * (1 - m) / v - 1 : 10
        if !(common > 0) || !common.isFinite { common = 2 }
        var u = Foundation.log(max(m, 1e-3) * common), w = Foundation.log(max(1 - m, 1e-3) * common)
        var current = logLik(Foundation.exp(u), Foundation.exp(w))
        for iteration in 1...200 {
            let (gu, gw) = gradient(u, w)
            if abs(gu) + abs(gw) < 1e-10 * max(1, abs(current)) {
                return fit(Foundation.exp(u), Foundation.exp(w), current, true, iteration)
            }
            let h = 1e-5
            let (guu, gwu) = gradient(u + h, w), (guw, gww) = gradient(u, w + h)
            var huu = (guu - gu) / h, hww = (gww - gw) / h
            let huw = 0.5 * ((guw - gu) / h + (gwu - gw) / h)
            var det = huu * hww - huw * huw
            // Ascent direction: Newton if the Hessian is negative definite, else gradient.
            var du: Double, dw: Double
            if huu < 0 && det > 0 {
                du = -(hww * gu - huw * gw) / det
                dw = -(huu * gw - huw * gu) / det
            } else {
                huu = 0; hww = 0; det = 0
                du = gu / max(1, abs(gu) + abs(gw)); dw = gw / max(1, abs(gu) + abs(gw))
            }
            var step = 1.0
            var improved = false
            for _ in 0..<50 {
                let nu = u + step * du, nw = w + step * dw
                let l = logLik(Foundation.exp(nu), Foundation.exp(nw))
                if l.isFinite && l >= current {
                    u = nu; w = nw
                    improved = l > current
                    current = l
                    break
                }
                step /= 2
            }
            if !improved {
                return fit(Foundation.exp(u), Foundation.exp(w), current, abs(gu) + abs(gw) < 1e-6 * max(1, abs(current)), iteration)
            }
        }
        return fit(Foundation.exp(u), Foundation.exp(w), current, false, 200)
    }
}

/// A count as written in an error: 10, not 10.0; a fraction in full; nan (never -nan) and 0
/// (never -0), as the language prints them.
func shown(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    let s = "\(x == 0 ? 0 : x)"
    return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
}
