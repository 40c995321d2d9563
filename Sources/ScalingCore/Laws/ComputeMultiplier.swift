import Foundation

/// What one law's compute is worth in another's: the effective compute multiplier k(C) with
/// L_new(C) = L_base(k·C), each law at its own compute-optimal loss L(C) (its minimum over the
/// allocations with 6·N·D = C), and the budget at which two such curves cross.
///
/// The losses come in as functions of the budget, so that the caller decides how an optimum is
/// found (the closed form of E + A/N^α + B/D^β, or the numeric search) and the search here is
/// only in log C.
public enum ComputeMultiplier {
    /// k ≥ 0 with base(k·C) = target, found by Brent's method in log k to 1e-14 relative. The
    /// base loss must decrease with compute. Infinity when the target is below everything the
    /// base reaches within 10^60 times C (below its irreducible loss), 0 when it is above what
    /// the base reaches with 10^-60 times C; nan when the base is not finite there.
    public static func multiplier(base: (Double) -> Double, target: Double, at C: Double) -> Double {
        guard target.isFinite, C > 0 else { return .nan }
        func f(_ u: Double) -> Double { base(C * Foundation.exp(u)) - target }
        let f0 = f(0)
        guard f0.isFinite else { return .nan }
        if f0 == 0 { return 1 }
        // bracket: the base is decreasing, so step up in compute when above the target, down when below
        let direction = f0 > 0 ? 1.0 : -1.0
        var near = 0.0, far = 0.0
        var step = 1.0
        while true {
            far = near + direction * step
            if abs(far) > 60 * Foundation.log(10) { return direction > 0 ? .infinity : 0 }
            let v = f(far)
            guard v.isFinite else { return .nan }
            if (v > 0) != (f0 > 0) || v == 0 { break }
            near = far
            step *= 2
        }
        guard let u = Brent.root(f, min(near, far), max(near, far), tol: 1e-14) else { return .nan }
        return Foundation.exp(u)
    }

    /// The budgets in [lo, hi] where the two curves cross (new − base changes sign), each found by
    /// Brent's method in log C to 1e-14 relative, from a scan of `scan` log-spaced points.
    public static func crossovers(base: (Double) -> Double, new: (Double) -> Double, from lo: Double, to hi: Double, scan: Int = 400) -> [Double] {
        guard lo > 0, hi > lo else { return [] }
        let a = Foundation.log(lo), b = Foundation.log(hi)
        func gap(_ u: Double) -> Double { new(Foundation.exp(u)) - base(Foundation.exp(u)) }
        var out: [Double] = []
        var u0 = a, g0 = gap(a)
        if g0 == 0 { out.append(lo) }
        for k in 1...scan {
            let u1 = a + (b - a) * Double(k) / Double(scan)
            let g1 = gap(u1)
            if g0.isFinite, g1.isFinite, g1 != 0, g0 != 0, (g0 > 0) != (g1 > 0), let u = Brent.root(gap, u0, u1, tol: 1e-14) {
                out.append(Foundation.exp(u))
            } else if g1 == 0 {
                out.append(Foundation.exp(u1))
            }
            (u0, g0) = (u1, g1)
        }
        return out
    }
}
