import Foundation

/// Globally adaptive Gauss–Kronrod quadrature, and expectations over a Beta distribution built
/// on it that follow the density's mass.
enum AdaptiveQuadrature {
    /// The 15-point Kronrod extension of the 7-point Gauss rule: nodes (the positive half, the
    /// last is 0) and weights from QUADPACK's qk15 (Piessens et al., "QUADPACK", Springer 1983).
    static let kronrodNodes: [Double] = [0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
                                         0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
                                         0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
                                         0.207784955007898467600689403773245, 0]
    static let kronrodWeights: [Double] = [0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
                                           0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
                                           0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
                                           0.204432940075298892414161999234649, 0.209482141084727828012999174891714]
    /// The 7-point Gauss weights, for the Kronrod nodes 1, 3, 5 and 7 (the last is the centre).
    static let gaussWeights: [Double] = [0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
                                         0.381830050505118944950369775488975, 0.417959183673469387755102040816327]

    /// The 15-point Kronrod value on [a, b] and |Kronrod − Gauss| as its error estimate.
    static func kronrod(_ a: Double, _ b: Double, _ f: (Double) -> Double) -> (value: Double, error: Double) {
        let half = 0.5 * (b - a), mid = 0.5 * (a + b)
        let centre = f(mid)
        var k = kronrodWeights[7] * centre, g = gaussWeights[3] * centre
        for i in 0..<7 {
            let pair = f(mid - half * kronrodNodes[i]) + f(mid + half * kronrodNodes[i])
            k += kronrodWeights[i] * pair
            if i % 2 == 1 { g += gaussWeights[i / 2] * pair }
        }
        return (k * half, abs((k - g) * half))
    }

    /// ∫ f over the pieces between consecutive `breaks` (sorted), bisecting whichever piece has
    /// the largest error estimate until the estimates sum to at most max(absolute, relative·|∫|)
    /// or `maxPieces` pieces are in use. A NaN anywhere makes the result NaN.
    static func integrate(breaks: [Double], absolute: Double = 1e-14, relative: Double = 1e-12, maxPieces: Int = 2000,
                          _ f: (Double) -> Double) -> Double {
        var pieces: [(a: Double, b: Double, value: Double, error: Double)] = []
        for (a, b) in zip(breaks, breaks.dropFirst()) where b > a {
            let (v, e) = kronrod(a, b, f)
            pieces.append((a, b, v, e))
        }
        while pieces.count < maxPieces {
            let total = pieces.reduce(0) { $0 + $1.value }, error = pieces.reduce(0) { $0 + $1.error }
            if !total.isFinite || error <= max(absolute, relative * abs(total)) { return total }
            guard let worst = pieces.indices.max(by: { pieces[$0].error < pieces[$1].error }) else { break }
            let (a, b) = (pieces[worst].a, pieces[worst].b), m = 0.5 * (a + b)
            guard m > a, m < b else { pieces[worst].error = 0; continue }   // no room left to bisect
            let (lv, le) = kronrod(a, m, f), (rv, re) = kronrod(m, b, f)
            pieces[worst] = (a, m, lv, le)
            pieces.append((m, b, rv, re))
        }
        return pieces.reduce(0) { $0 + $1.value }
    }

    /// E[f(p)] for p ~ Beta(a, b), a, b > 0, with f bounded on [0, 1]. The integral of f·density
    /// is split at ½, at the mode, at the mean ± 1, 2, 4, …, 64 standard deviations and at the
    /// mean − c/a and mean + c/b for the same c (the decay lengths of the tails, which for a or
    /// b below 1 are longer than the standard deviation), and at any `features` of f (such as the
    /// p ≈ 1/k where 1 − (1 − p)^k turns); each piece is then integrated adaptively
    /// (`integrate`). The doubling spacing keeps every piece within a few decay lengths of the
    /// mass it borders, so no piece hides a peak at its end from the rule. Where a < 1 the lower
    /// half [0, ½] is taken in t = p^a, over which p^(a−1)dp = dt/a has no singularity, and
    /// where b < 1 the upper half in t = (1 − p)^b, with the breaks mapped. Absolute error about
    /// 1e-12 or below for a, b from 1e-3 to 1e4 and f = 1 − (1 − p)^k, k ≤ 1e6 (against the
    /// closed form, `BetaCoverageTests`). A fixed 64-point rule over p = t^(1/a) and
    /// 1 − p = t^(1/b), which this replaced, compressed a density with a or b above 1 into a spike
    /// that its nodes missed: beta(2000, 8000) gave NaN and beta(20, 30) at k = 1 0.3547 for 0.4.
    /// NaN for a or b not finite and positive.
    static func betaExpectation(_ a: Double, _ b: Double, features: [Double] = [], _ f: (Double) -> Double) -> Double {
        guard a > 0, b > 0, a.isFinite, b.isFinite else { return .nan }
        let logB = GenericSpecial.logBeta(a, b)
        let mean = a / (a + b), sd = (a * b / (a + b + 1)).squareRoot() / (a + b)
        var breaks = [0.5] + features
        for c in [1.0, 2, 4, 8, 16, 32, 64] { breaks += [mean - c * sd, mean + c * sd, mean - c / a, mean + c / b] }
        if a > 1, b > 1 { breaks.append((a - 1) / (a + b - 2)) }
        breaks = Array(Set(breaks.filter { $0 > 0 && $0 < 1 })).sorted()
        let lower = [0] + breaks.filter { $0 < 0.5 } + [0.5], upper = [0.5] + breaks.filter { $0 > 0.5 } + [1]
        func weighted(_ p: Double) -> Double {
            guard p > 0, p < 1 else { return 0 }
            return f(p) * Foundation.exp((a - 1) * Foundation.log(p) + (b - 1) * Foundation.log1p(-p) - logB)
        }
        var total = 0.0
        if a < 1 {
            // p = t^(1/a): density·dp = (1 − p)^(b−1)/(a·B) dt
            total += integrate(breaks: lower.map { Foundation.pow($0, a) }) { t in
                let p = Foundation.pow(t, 1 / a)
                return f(p) * Foundation.exp((b - 1) * Foundation.log1p(-p) - logB) / a
            }
        } else {
            total += integrate(breaks: lower, weighted)
        }
        if b < 1 {
            // 1 − p = t^(1/b): density·dp = p^(a−1)/(b·B) dt
            total += integrate(breaks: upper.map { Foundation.pow(1 - $0, b) }.reversed()) { t in
                let q = Foundation.pow(t, 1 / b)
                return f(1 - q) * Foundation.exp((a - 1) * Foundation.log1p(-q) - logB) / b
            }
        } else {
            total += integrate(breaks: upper, weighted)
        }
        return total
    }
}
