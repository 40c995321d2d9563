/// Minimises ½ dᵀHd + gᵀd over a box lo ≤ d ≤ hi that contains 0, for a small symmetric positive
/// (semi)definite H: the step of a Gauss–Newton or reweighted least-squares iteration on the
/// linear parameters of a separable model, where non-negativity is a bound.
///
/// A primal active-set method (Nocedal and Wright, Numerical Optimization, 2nd ed., Algorithm
/// 16.3, specialised to bounds; with only lower bounds at −c it is Lawson and Hanson's NNLS,
/// Solving Least Squares Problems, 1974, ch. 23, in its normal-equations form as Bro and de Jong,
/// "A fast non-negativity-constrained least squares algorithm", J. Chemometrics 11, 1997). Each
/// subproblem is solved by Cholesky after scaling H to a unit diagonal, which removes the spread
/// of scales between columns such as 1 and N^−α.
enum BoundedQuadratic {
    /// The minimiser, or nil when H restricted to the free variables is singular at working
    /// precision (the caller then uses other weights or damping).
    static func solve(h: [Double], g: [Double], lo: [Double], hi: [Double]) -> [Double]? {
        let q = g.count
        var d = [Double](repeating: 0, count: q)
        // −1 at the lower bound, +1 at the upper bound, 0 free.
        var state = [Int](repeating: 0, count: q)
        for _ in 0..<(6 * q + 10) {
            let free = (0..<q).filter { state[$0] == 0 }
            var x = d
            if !free.isEmpty {
                // H_FF x_F = −(g_F + H_FB d_B)
                var rhs = free.map { i in -g[i] - (0..<q).reduce(0.0) { state[$1] != 0 ? $0 + h[i * q + $1] * d[$1] : $0 } }
                let sub = free.flatMap { i in free.map { h[i * q + $0] } }
                guard choleskySolve(sub, &rhs, free.count) else { return nil }
                for (k, i) in free.enumerated() { x[i] = rhs[k] }
            }
            // Step from d towards x as far as the box allows.
            var t = 1.0, blocking = -1
            for i in free where x[i] < lo[i] || x[i] > hi[i] {
                let bound = x[i] < lo[i] ? lo[i] : hi[i]
                let ti = (bound - d[i]) / (x[i] - d[i])
                if ti < t { t = max(ti, 0); blocking = i }
            }
            if blocking >= 0 {
                for i in free { d[i] += t * (x[i] - d[i]) }
                d[blocking] = x[blocking] < lo[blocking] ? lo[blocking] : hi[blocking]
                state[blocking] = x[blocking] < lo[blocking] ? -1 : 1
                continue
            }
            d = x
            // Multipliers of the bounds held: release the one whose gradient points most into the box.
            var release = -1, worst = 0.0
            for i in 0..<q where state[i] != 0 {
                let gi = g[i] + (0..<q).reduce(0.0) { $0 + h[i * q + $1] * d[$1] }
                let scale = h[i * q + i].squareRoot() * (d.map(abs).max() ?? 0) + abs(g[i])
                let pull = state[i] < 0 ? -gi : gi
                if pull > 1e-12 * scale, pull > worst { worst = pull; release = i }
            }
            guard release >= 0 else { return d }
            state[release] = 0
        }
        return d
    }

    /// Solves A x = b in place for symmetric A (row-major n×n), after scaling A to a unit
    /// diagonal; false when A is not positive definite at working precision.
    static func choleskySolve(_ a: [Double], _ b: inout [Double], _ n: Int) -> Bool {
        var s = [Double](repeating: 1, count: n)
        for i in 0..<n {
            guard a[i * n + i] > 0, a[i * n + i].isFinite else { return false }
            s[i] = 1 / a[i * n + i].squareRoot()
        }
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { l[i * n + j] = a[i * n + j] * s[i] * s[j] } }
        guard l.withUnsafeMutableBufferPointer({ choleskyFactorInPlace($0.baseAddress.unsafelyUnwrapped, n, minimumPivot: 1e-13) }) else { return false }
        var z = (0..<n).map { b[$0] * s[$0] }
        for i in 0..<n {
            for k in 0..<i { z[i] -= l[i * n + k] * z[k] }
            z[i] /= l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(i + 1, n) { z[i] -= l[k * n + i] * z[k] }
            z[i] /= l[i * n + i]
        }
        for i in 0..<n { b[i] = z[i] * s[i] }
        return b.allSatisfy(\.isFinite)
    }
}
