import Foundation

/// One-dimensional minimisation and root finding by Brent's methods (R. P. Brent, Algorithms for
/// Minimization without Derivatives, 1973, chapters 4 and 5; as in Numerical Recipes' `brent`
/// and `zbrent`).
public enum Brent {
    /// The minimum of f on [a, b] to absolute tolerance `tol` in x (golden section with
    /// parabolic interpolation). f should be unimodal on the interval.
    public static func minimize(_ f: (Double) -> Double, _ a0: Double, _ b0: Double, tol: Double = 1e-12, maxIterations: Int = 500) -> (x: Double, fx: Double) {
        let cgold = 0.3819660112501051
        var a = min(a0, b0), b = max(a0, b0)
        var x = a + cgold * (b - a), w = x, v = x
        var fx = f(x), fw = fx, fv = fx
        var d = 0.0, e = 0.0
        for _ in 0..<maxIterations {
            let xm = 0.5 * (a + b)
            let tol1 = tol + 1e-15 * abs(x), tol2 = 2 * tol1
            if abs(x - xm) <= tol2 - 0.5 * (b - a) { break }
            var useGolden = true
            if abs(e) > tol1 {
                var r = (x - w) * (fx - fv)
                var q = (x - v) * (fx - fw)
                var p = (x - v) * q - (x - w) * r
                q = 2 * (q - r)
                if q > 0 { p = -p }
                q = abs(q)
                r = e
                e = d
                if abs(p) < abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x) {
                    d = p / q
                    let u = x + d
                    if u - a < tol2 || b - u < tol2 { d = xm >= x ? tol1 : -tol1 }
                    useGolden = false
                }
            }
            if useGolden {
                e = x >= xm ? a - x : b - x
                d = cgold * e
            }
            let u = abs(d) >= tol1 ? x + d : x + (d >= 0 ? tol1 : -tol1)
            let fu = f(u)
            if fu <= fx {
                if u >= x { a = x } else { b = x }
                v = w; fv = fw; w = x; fw = fx; x = u; fx = fu
            } else {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x {
                    v = w; fv = fw; w = u; fw = fu
                } else if fu <= fv || v == x || v == w {
                    v = u; fv = fu
                }
            }
        }
        return (x, fx)
    }

    /// A root of f in [a, b], where f(a) and f(b) differ in sign, to absolute tolerance `tol`.
    public static func root(_ f: (Double) -> Double, _ a0: Double, _ b0: Double, tol: Double = 1e-14, maxIterations: Int = 500) -> Double? {
        var a = a0, b = b0, fa = f(a), fb = f(b)
        guard fa.isFinite, fb.isFinite, (fa <= 0) != (fb <= 0) || fa == 0 || fb == 0 else { return nil }
        if fa == 0 { return a }
        if fb == 0 { return b }
        var c = b, fc = fb, d = 0.0, e = 0.0
        for _ in 0..<maxIterations {
            if (fb > 0) == (fc > 0) { c = a; fc = fa; d = b - a; e = d }
            if abs(fc) < abs(fb) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa }
            let tol1 = 2 * 1e-16 * abs(b) + 0.5 * tol
            let xm = 0.5 * (c - b)
            if abs(xm) <= tol1 || fb == 0 { return b }
            if abs(e) >= tol1 && abs(fa) > abs(fb) {
                let s = fb / fa
                var p: Double, q: Double
                if a == c {
                    p = 2 * xm * s
                    q = 1 - s
                } else {
                    let qq = fa / fc, r = fb / fc
                    p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1))
                    q = (qq - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q }
                p = abs(p)
                if 2 * p < min(3 * xm * q - abs(tol1 * q), abs(e * q)) {
                    e = d; d = p / q
                } else {
                    d = xm; e = d
                }
            } else {
                d = xm; e = d
            }
            a = b; fa = fb
            b += abs(d) > tol1 ? d : (xm >= 0 ? tol1 : -tol1)
            fb = f(b)
        }
        return b
    }
}
