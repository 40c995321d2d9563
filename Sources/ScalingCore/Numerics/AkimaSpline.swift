/// Akima's piecewise cubic interpolant (Akima 1970, "A new method of interpolation and smooth
/// curve fitting based on local procedures", J. ACM 17(4)): a C¹ curve through every point whose
/// slope at each point is a weighted mean of the neighbouring secant slopes, so one outlier does not
/// make the curve ring the way a cubic spline does.
///
/// Follows scipy.interpolate.Akima1DInterpolator (method "akima", scipy 1.17) to the letter —
/// including its two extrapolated secants at each end and its rule that where both weights
/// vanish (below 1e-9 of the largest) the slope is the mean of the two outer secants — because
/// Porian et al. 2024 locate each budget's optimum with it, and we replicate their numbers.
public struct AkimaSpline: Sendable {
    /// The knots' abscissae.
    public let x: [Double]
    /// The values at the knots.
    public let y: [Double]
    /// The slope at each point.
    public let slopes: [Double]

    /// `x` strictly increasing, at least two points; nil otherwise.
    public init?(x: [Double], y: [Double]) {
        let n = x.count
        guard n >= 2, y.count == n, zip(x, x.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        self.x = x
        self.y = y
        guard n > 2 else {
            let s = (y[1] - y[0]) / (x[1] - x[0])
            slopes = [s, s]
            return
        }
        // m[2..n] are the n − 1 secants; two more are extrapolated linearly at each end.
        var m = [Double](repeating: 0, count: n + 3)
        for i in 0..<(n - 1) { m[i + 2] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]) }
        m[1] = 2 * m[2] - m[3]
        m[0] = 2 * m[1] - m[2]
        m[n + 1] = 2 * m[n] - m[n - 1]
        m[n + 2] = 2 * m[n + 1] - m[n]
        var f1 = [Double](repeating: 0, count: n), f2 = f1
        var largest = -Double.infinity
        for i in 0..<n {
            f1[i] = abs(m[i + 3] - m[i + 2])
            f2[i] = abs(m[i + 1] - m[i])
            largest = max(largest, f1[i] + f2[i])
        }
        var t = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let f12 = f1[i] + f2[i]
            t[i] = f12 > 1e-9 * largest ? (f1[i] * m[i + 1] + f2[i] * m[i + 2]) / f12 : 0.5 * (m[i + 3] + m[i])
        }
        slopes = t
    }

    /// The interpolant at `u`; NaN outside [x₀, xₙ₋₁] (an interpolant says nothing there; scipy's
    /// default `extrapolate=False` does the same).
    public func callAsFunction(_ u: Double) -> Double {
        guard let first = x.first, let last = x.last, u >= first, u <= last else { return .nan }
        var lo = 0, hi = x.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if x[mid] <= u { lo = mid } else { hi = mid }
        }
        let h = x[hi] - x[lo], s = (y[hi] - y[lo]) / h, d = u - x[lo]
        let c2 = (3 * s - 2 * slopes[lo] - slopes[hi]) / h
        let c3 = (slopes[lo] + slopes[hi] - 2 * s) / (h * h)
        return y[lo] + d * (slopes[lo] + d * (c2 + d * c3))
    }
}
