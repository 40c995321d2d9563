import RealModule

/// Special functions written once over `ModelReal`, so a model evaluates them in double and in
/// extended precision alike. Domains, accuracy and what happens outside are stated per function;
/// `SpecialFunctionReferenceTests` holds them to mpmath (Tests/References/special_functions.py).
public enum GenericSpecial {
    /// Bernoulli numbers B_2, B_4, …, B_20 (Abramowitz and Stegun, Table 23.2).
    static let bernoulli: [Double] = [1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510, 43867.0 / 798, -174611.0 / 330]

    /// The digamma function ψ(x) = Γ'(x)/Γ(x). For x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x
    /// up to x ≥ 10, then the asymptotic series (Abramowitz and Stegun 6.3.18) to B_20; for x < 0
    /// the reflection ψ(x) = ψ(1 − x) − π/tan(πx) (A&S 6.3.7). Relative accuracy about 1e-15
    /// away from the positive root x₀ ≈ 1.4616, where it is absolute (≈ 1e-16); NaN at the poles
    /// (0, −1, −2, …), and at −∞.
    public static func digamma<R: ModelReal>(_ x0: R) -> R {
        if x0.isNaN || x0 == -.infinity { return .nan }
        if x0 == .infinity { return .infinity }
        if x0 <= 0 {
            if x0 == x0.rounded(.down) { return .nan }
            // π/tan(πx) with the argument reduced to (−½, ½] so tan stays accurate
            let r = x0 - x0.rounded()
            return digamma(1 - x0) - R.pi / R.tan(R.pi * r)
        }
        var x = x0, result: R = 0
        while x < 10 { result -= 1 / x; x += 1 }
        let f = 1 / (x * x)
        var series: R = 0, power = f
        for (i, b) in bernoulli.enumerated() {
            series += R(b) / R(2 * (i + 1)) * power
            power *= f
        }
        return result + R.log(x) - 1 / (2 * x) - series
    }

    /// The polygamma function ψ⁽ⁿ⁾(x), the n-th derivative of ψ, for whole 1 ≤ n < 2^53 and any x
    /// that is not a pole; n ≤ 1000 where x < 0. For x > 0, ψ⁽ⁿ⁾(x) = (−1)^(n+1)·n!·ζ(n + 1, x)
    /// with the Hurwitz zeta summed term by term to y = x + m ≥ n + 10 (stopping early once the
    /// rest is below an ulp) and the Euler–Maclaurin/asymptotic tail there (A&S 6.4.11, to B_20),
    /// all scaled by x^(n+1)/n! so that nothing overflows on the way: the result is ±∞ only where
    /// it is itself beyond the largest double (ψ⁽¹⁷⁰⁾(2) = −2.42e255 is finite). For x < 0 the
    /// reflection ψ⁽ⁿ⁾(x) = (−1)ⁿ·ψ⁽ⁿ⁾(1 − x) − π^(n+1)·P_n(cot πx) (from ψ(1 − x) − ψ(x) =
    /// π·cot πx, A&S 6.3.7, differentiated n times), where P_n(cot z) = dⁿ cot z/dzⁿ comes from
    /// P₀(t) = t, P_{k+1}(t) = −(1 + t²)·P_k'(t) (its coefficients share one sign and one parity,
    /// so it is evaluated without cancellation) — no recurrence over |x| steps, which had made
    /// x < −1000 NaN. Relative accuracy about 1e-13 for n ≤ 100 where the value is not near a
    /// zero (ψ⁽ⁿ⁾ of even n changes sign between the negative poles, and there the accuracy is
    /// absolute, relative to the terms), about 1e-12 up to n = 170 (the scaling's exp and log
    /// are of size log n!). NaN for n not a whole number ≥ 1 (n = 0 is `digamma`), at the poles
    /// 0, −1, −2, … (every double below −2^52 is one), for x = −∞ or NaN, and for x < 0 with
    /// n > 1000; 0 at x = +∞.
    public static func polygamma<R: ModelReal>(_ n: R, _ x0: R) -> R {
        guard n >= 1, n == n.rounded(.down), n < 9_007_199_254_740_992, !x0.isNaN, x0 != -.infinity else { return .nan }
        if x0 == .infinity { return 0 }
        if x0 <= 0, x0 == x0.rounded(.down) { return .nan }
        if x0 > 0 { return polygammaOfPositive(n, x0) }
        guard n <= 1000 else { return .nan }
        let odd = n.truncatingRemainder(dividingBy: 2) == 1
        // cot(πx) from x reduced to r ∈ [−½, ½]: 1/tan(πr) near 0, and tan(π(½ − |r|)) near ±½,
        // where 1/tan(π/2) would be 6e-17 rather than 0 (and P_n(0) = 0 for even n)
        let r = x0 - x0.rounded()
        let t = abs(r) <= 0.25 ? 1 / R.tan(R.pi * r) : (r < 0 ? -1 : 1) * R.tan(R.pi * (0.5 - abs(r)))
        let q = scaledCotDerivative(Int(n), t)
        // ψ⁽ⁿ⁾(x) = (−1)ⁿψ⁽ⁿ⁾(1 − x) − n!·π^(n+1)·Q_n(t): both terms with their signs and logs
        // the first term is (−1)ⁿ times a value of sign (−1)^(n+1): negative for every n
        if q == 0 {
            let first = polygammaOfPositive(n, 1 - x0)
            return odd ? -first : first
        }
        let log1 = R.logGamma(n + 1) - (n + 1) * R.log(1 - x0) + R.log(hurwitzScaledSum(n + 1, 1 - x0))
        let sign1: R = -1, sign2: R = q > 0 ? -1 : 1
        let log2 = R.logGamma(n + 1) + (n + 1) * R.log(R.pi) + R.log(abs(q))
        if Swift.max(log1, log2) < 600 {
            let first = polygammaOfPositive(n, 1 - x0)
            return (odd ? -first : first) + sign2 * R.exp(log2)
        }
        // beyond exp's range one of them may be, and their sum still within it (or not)
        let big = Swift.max(log1, log2)
        let bracket = sign1 * R.exp(log1 - big) + sign2 * R.exp(log2 - big)
        if bracket == 0 { return 0 }
        return (bracket < 0 ? -1 : 1) * R.exp(big + R.log(abs(bracket)))
    }

    /// ψ⁽ⁿ⁾(x) for x > 0 (see `polygamma`): ±n!·x^−s·S, S = x^s·ζ(s, x), s = n + 1, with
    /// n!·x^−s as the product (1/x)·Π (i/x), whose rounding errors are about √n ulps, where that
    /// and its partial products stay within range; else as exp(log Γ(s) − s·log x), whose error
    /// is of the size of that exponent times an ulp.
    private static func polygammaOfPositive<R: ModelReal>(_ n: R, _ x: R) -> R {
        let s = n + 1
        let sign: R = n.truncatingRemainder(dividingBy: 2) == 1 ? 1 : -1   // (−1)^(n+1)
        let sum = hurwitzScaledSum(s, x)
        let logScale = R.logGamma(s) - s * R.log(x)
        // the partial products fall to about e^−min(n, x) before they rise
        if n <= 2000, abs(logScale) < 690, x <= 600 || n <= x {
            var scale = 1 / x, i: R = 1
            while i <= n { scale *= i / x; i += 1 }
            return sign * scale * sum
        }
        return sign * R.exp(logScale + R.log(sum))
    }

    /// x^s·ζ(s, x) = Σ_j (x/(x + j))^s for s ≥ 2 and x > 0: the terms to y = x + m ≥ s + 9, or
    /// fewer once the rest is below an ulp of the sum, then (x/y)^s times the asymptotic tail
    /// y/(s − 1) + ½ + Σ B_2k·(s)_(2k−1)/((2k)!·y^(2k−1)) (A&S 6.4.11, 23.2.3), to B_20.
    private static func hurwitzScaledSum<R: ModelReal>(_ s: R, _ x: R) -> R {
        let m = Swift.max(0, (s + 9 - x).rounded(.up))
        var sum: R = 0, j: R = 0
        while j < m {
            let term = R.exp(-s * R.log(onePlus: j / x))
            sum += term
            // Σ_{i>j} (x/(x + i))^s ≤ term·(x + j)/(s − 1), by the integral of u^−s beyond x + j
            if term * (x + j) / (s - 1) <= R.ulpOfOne / 8 * sum { return sum }
            j += 1
        }
        let y = x + m, f = 1 / (y * y)
        var c = s / (2 * y), series = y / (s - 1) + 0.5
        for (i, b) in bernoulli.enumerated() {
            series += R(b) * c
            let k2 = R(2 * (i + 1))
            c *= (s + k2 - 1) * (s + k2) / ((k2 + 1) * (k2 + 2)) * f
        }
        return sum + R.exp(-s * R.log(onePlus: m / x)) * series
    }

    /// Q_n(t) = P_n(t)/n!, P_n(cot z) = dⁿ cot z/dzⁿ: Q₀(t) = t, Q_{k+1}(t) = −(1 + t²)·Q_k'(t)/(k + 1),
    /// from its coefficients (scaled by 1/n! so that they stay within range up to n = 1000).
    private static func scaledCotDerivative<R: ModelReal>(_ n: Int, _ t: R) -> R {
        var c: [R] = [0, 1]
        for k in 0..<n {
            var d = [R](repeating: 0, count: c.count + 1)
            for i in 1..<c.count where c[i] != 0 {
                let v = R(i) * c[i] / R(k + 1)
                d[i - 1] -= v
                d[i + 1] -= v
            }
            c = d
        }
        return c.reversed().reduce(0) { $0 * t + $1 }
    }

    /// log Γ(x) − log Γ(x + a) for x ≥ 100 and a ≥ 0, from Stirling's series (A&S 6.1.40) with
    /// the logarithms combined so that nothing of size log Γ(x) cancels: −a·log x −
    /// (x + a − ½)·log1p(a/x) + a + c(x) − c(x + a), c(y) = Σ B_2k/(2k(2k−1) y^(2k−1)).
    private static func logGammaRatio<R: ModelReal>(_ x: R, _ a: R) -> R {
        -a * R.log(x) - (x + a - 0.5) * R.log(onePlus: a / x) + a + stirlingCorrection(x) - stirlingCorrection(x + a)
    }

    /// c(y) = log Γ(y) − [(y − ½)·log y − y + ½·log 2π] = Σ B_2k/(2k(2k−1) y^(2k−1)), six terms:
    /// for y ≥ 100 the first term left out is below 1e-30 of the sum.
    private static func stirlingCorrection<R: ModelReal>(_ y: R) -> R {
        let f = 1 / (y * y)
        var s: R = 0, power = 1 / y
        for (i, b) in bernoulli.prefix(6).enumerated() {
            let k2 = R(2 * (i + 1))
            s += R(b) / (k2 * (k2 - 1)) * power
            power *= f
        }
        return s
    }

    /// log(1 + u) − u, without the cancellation of writing it so where u is small: the series
    /// −u²/2 + u³/3 − … for |u| < ½ (at most about 55 terms), else the two terms as they are.
    static func log1pMinusX<R: ModelReal>(_ u: R) -> R {
        guard abs(u) < 0.5 else { return R.log(onePlus: u) - u }
        var power = u, sum: R = 0
        for k in 2...200 {
            power *= -u
            let term = power / R(k)
            sum += term
            if abs(term) <= R.ulpOfOne * abs(sum) { break }
        }
        return sum
    }

    /// x^a (1 − x)^b / B(a, b) for a, b ≥ 100, the factor in front of the incomplete beta's
    /// continued fraction. Written as a·log x + b·log(1 − x) − log B(a, b), its three terms are
    /// each about a + b and cancel to a value of order one: at a = b = 1e5 the sum kept only ten
    /// digits, at 1e12 three. Around the mode x₀ = a/(a + b), with u = x/x₀ − 1 and
    /// v = (1 − x)/(1 − x₀) − 1 (so that a·u + b·v = 0) and Stirling's series for log B, it is
    /// √(ab/(2π(a + b))) · exp(a·(log1p(u) − u) + b·(log1p(v) − v) − c(a) − c(b) + c(a + b)),
    /// where nothing large cancels (DiDonato and Morris, "Significant digit computation of the
    /// incomplete beta function ratios", ACM TOMS 18, 1992, §3; Boost.Math's ibeta_power_terms).
    private static func largeParameterPrefix<R: ModelReal>(_ a: R, _ b: R, _ x: R) -> R {
        let total = a + b
        let u = (x * total - a) / a, v = ((1 - x) * total - b) / b
        let exponent = a * log1pMinusX(u) + b * log1pMinusX(v) - stirlingCorrection(a) - stirlingCorrection(b) + stirlingCorrection(total)
        return R.sqrt(a / (2 * R.pi)) * R.sqrt(b / total) * R.exp(exponent)
    }

    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) for a, b > 0. Where the larger argument
    /// is 100 or more, log Γ(big) − log Γ(big + small) comes from `logGammaRatio` instead of two
    /// nearly equal log-gammas (log B(1, 1e15) = −log 1e15 is right to the last digits, not to
    /// ±8). Relative accuracy about 1e-14 but where log B itself is near 0 (a or b near 1 and
    /// the other near 1 or 2), where it is absolute. NaN for a ≤ 0 or b ≤ 0.
    public static func logBeta<R: ModelReal>(_ a: R, _ b: R) -> R {
        guard a > 0, b > 0 else { return .nan }
        let (small, big) = a < b ? (a, b) : (b, a)
        if big.isInfinite { return -.infinity }
        if big >= 100 {
            return R.logGamma(small) + logGammaRatio(big, small)
        }
        return R.logGamma(a) + R.logGamma(b) - R.logGamma(a + b)
    }

    /// c(x) − c(x + s) for x ≥ 100 and s ≥ 0, with `stirlingCorrection`'s six terms taken in
    /// pairs, x^−m − (x + s)^−m = −x^−m·expm1(−m·log1p(s/x)), so that nothing cancels when s ≪ x
    /// (written as the difference of two sums, a tiny s kept only the digits of s/x beyond 1e-16).
    private static func stirlingCorrectionDifference<R: ModelReal>(_ x: R, _ s: R) -> R {
        let f = 1 / (x * x), lr = R.log(onePlus: s / x)
        var total: R = 0, power = 1 / x
        for (i, b) in bernoulli.prefix(6).enumerated() {
            let k2 = R(2 * (i + 1))
            total -= R(b) / (k2 * (k2 - 1)) * power * R.expMinusOne(-(k2 - 1) * lr)
            power *= f
        }
        return total
    }

    /// log[y(y + s + t)/((y + s)(y + t))] = log1p(−st/((y + s)(y + t))) for y, s, t ≥ 0 (not
    /// both s and t infinite): the log1p while its argument is small, and where it nears −1
    /// (s and t large next to y) log1p(t/(y + s)) − log1p(t/y), whose terms keep their digits.
    private static func logPairFactor<R: ModelReal>(_ s: R, _ y: R, _ t: R) -> R {
        let q = (s / (y + s)) * (t / (y + t))
        if q < 0.5 { return R.log(onePlus: -q) }
        return R.log(onePlus: t / (y + s)) - R.log(onePlus: t / y)
    }

    /// log B(a, b + k) − log B(a, b) = log[Γ(b + k)Γ(a + b)/(Γ(b)Γ(a + b + k))], for a, b > 0 and
    /// k ≥ 0 (whole or not): the log of E[(1 − p)^k] for p ~ Beta(a, b). Never as a difference of
    /// two log-betas, which near k = 0 or for k, b ≫ a keeps only the digits of log B beyond
    /// 1e-16·|log B| (coverage(1e10, beta(1e-10, 1e10)) came out negative). Instead: the value is
    /// symmetric in a and k (it is −Δ_a Δ_k log Γ at b), so s = min(a, k), t = max(a, k); b is
    /// raised to y ≥ 100 by Γ(x + 1) = x·Γ(x), each step adding log1p(−st/((b + s)(b + t)))
    /// (`logPairFactor`, all terms of one sign); at y, Stirling's series (A&S 6.1.40) for the four
    /// log-gammas, whose linear terms cancel exactly and whose logarithms combine to
    /// −s·log1p(t/y) − t·log1p(s/(y + t)) − (y + s − ½)·log1p(−st/((y + s)(y + t)))
    /// plus the difference of Stirling corrections (`stirlingCorrectionDifference`). The terms are
    /// of the size of the result up to a factor of about log(t/y), so the result keeps about 14
    /// digits relative wherever it is not below 1e-300 (against mpmath at 50 digits,
    /// `SpecialFunctionReferenceTests`). 0 at k = 0, −∞ for k = ∞ or a = ∞, 0 for b = ∞;
    /// NaN for a ≤ 0, b ≤ 0, k < 0 or any NaN.
    public static func logBetaRatio<R: ModelReal>(_ a: R, _ b: R, _ k: R) -> R {
        guard a > 0, b > 0, k >= 0 else { return .nan }
        if k == 0 { return 0 }
        if b.isInfinite { return 0 }
        if a.isInfinite || k.isInfinite { return -.infinity }
        let (s, t) = a <= k ? (a, k) : (k, a)
        var shift: R = 0, y = b, j: R = 0
        while y < 100 {
            shift += logPairFactor(s, y, t)
            j += 1
            y = b + j
        }
        let main = -s * R.log(onePlus: t / y) - t * R.log(onePlus: s / (y + t)) - (y + s - 0.5) * logPairFactor(s, y, t)
        return shift + main + stirlingCorrectionDifference(y + t, s) - stirlingCorrectionDifference(y, s)
    }

    /// Coverage after k samples when a problem's success probability is p ~ Beta(a, b):
    /// 1 − E[(1 − p)^k] = 1 − B(a, b + k)/B(a, b) = −expm1(`logBetaRatio`(a, b, k)), for a, b > 0
    /// and k ≥ 0; 1 − coverage is exp(logBetaRatio). Both keep about 14 digits relative (the
    /// tests hold them to mpmath at 1e-10). NaN outside the domain. The one implementation of
    /// coverage under a Beta: the `coverage` builtin, `coverage(k, beta(a, b))` in a model and
    /// best-of-k with an oracle verifier all come here.
    public static func betaCoverage<R: ModelReal>(_ k: R, _ a: R, _ b: R) -> R {
        0 - R.expMinusOne(logBetaRatio(a, b, k))   // 0 − …, not −…: k = 0 gives +0, not −0
    }

    /// The Beta(a, b) density x^(a−1)(1 − x)^(b−1)/B(a, b) for a, b > 0 and 0 ≤ x ≤ 1 (its
    /// limits at x = 0 and 1: 0, 1/B or ∞ by whether the exponent is positive, zero or
    /// negative); NaN outside.
    public static func betaDensity<R: ModelReal>(_ a: R, _ b: R, _ x: R) -> R {
        guard a > 0, b > 0, x >= 0, x <= 1 else { return .nan }
        func term(_ e: R, _ logBase: R, atEdge: Bool) -> R {
            if !atEdge { return e * logBase }
            return e > 0 ? -.infinity : (e == 0 ? 0 : .infinity)
        }
        let logDensity = term(a - 1, R.log(x), atEdge: x == 0) + term(b - 1, R.log(onePlus: -x), atEdge: x == 1) - logBeta(a, b)
        return R.exp(logDensity)
    }

    /// The regularised incomplete beta function I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1, by its
    /// continued fraction evaluated with the modified Lentz method (Numerical Recipes, 3rd ed.,
    /// §6.4), using I_x(a, b) = 1 − I_{1−x}(b, a) where that converges faster; where a and b are
    /// both 100 or more the factor in front is `largeParameterPrefix`. Relative accuracy about
    /// 1e-14 where the result is not tiny next to 1 − result, for a and b up to 1e7; about 1e-12
    /// at 1e8 (against mpmath's quadrature of the density, Tests/References/special_functions.py).
    /// NaN outside the domain, and where the fraction has not converged in its 10,000 terms
    /// (a and b past about 1e9 near the mode), rather than a value of unknown accuracy.
    public static func incompleteBeta<R: ModelReal>(_ a: R, _ b: R, _ x: R) -> R {
        guard a > 0, b > 0, x >= 0, x <= 1 else { return .nan }
        if x == 0 || x == 1 { return x }
        let front = min(a, b) >= 100 ? largeParameterPrefix(a, b, x) : R.exp(a * R.log(x) + b * R.log(onePlus: -x) - logBeta(a, b))
        // Far from the mode the factor underflows and the result is 0 or 1 to the last digit,
        // whether or not the fraction would converge there.
        if front == 0 { return x < (a + 1) / (a + b + 2) ? 0 : 1 }
        if x < (a + 1) / (a + b + 2) {
            return front * continuedFraction(a, b, x) / a
        }
        return 1 - front * continuedFraction(b, a, 1 - x) / b
    }

    private static func continuedFraction<R: ModelReal>(_ a: R, _ b: R, _ x: R) -> R {
        let tiny = R.leastNormalMagnitude / R.ulpOfOne
        let qab = a + b, qap = a + 1, qam = a - 1
        var c: R = 1
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = R(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= R.ulpOfOne { return h }
        }
        return .nan
    }

    /// ∂I_x(a, b)/∂a (`wrtA`) or ∂/∂b, numerically: there is no closed form short of a
    /// hypergeometric ₃F₂. A central difference at steps h and h/2 combined by Richardson
    /// extrapolation (error O(h⁴)), h = 1e-3·min(p, 1) for the parameter p differentiated, so that
    /// p − h stays in the domain: about 1e-9 relative where the derivative is not tiny next to
    /// I itself. NaN outside the domain.
    public static func incompleteBetaParameterDerivative<R: ModelReal>(_ a: R, _ b: R, _ x: R, wrtA: Bool) -> R {
        guard a > 0, b > 0, x >= 0, x <= 1 else { return .nan }
        if x == 0 || x == 1 { return 0 }
        let p = wrtA ? a : b
        let h = 1e-3 * Swift.min(p, 1)
        func value(_ q: R) -> R { wrtA ? incompleteBeta(q, b, x) : incompleteBeta(a, q, x) }
        func central(_ h: R) -> R { (value(p + h) - value(p - h)) / (2 * h) }
        return (4 * central(h / 2) - central(h)) / 3
    }

    /// The logistic function 1/(1 + e^−x), computed so that neither tail overflows or cancels.
    public static func sigmoid<R: ModelReal>(_ x: R) -> R {
        if x >= 0 { return 1 / (1 + R.exp(-x)) }
        let e = R.exp(x)
        return e / (1 + e)
    }

    /// softplus(x) = log(1 + e^x), computed so that neither tail overflows or cancels.
    public static func softplus<R: ModelReal>(_ x: R) -> R {
        if x > 0 { return x + R.log(onePlus: R.exp(-x)) }
        return R.log(onePlus: R.exp(x))
    }
}
