import Foundation

/// Reductions over data, with one rule for NaN: it propagates. A NaN anywhere in the data makes
/// min, max, sum, mean and sd NaN, wherever it stands (IEEE 754-2019's `minimum` and `maximum`
/// and R's `min`, `max`, `sum`, `mean` and `sd` agree on this); `sorted` puts NaNs last. The older
/// IEEE `minNum`/`maxNum` rule (NaN ignored) is not used: a missing value silently dropped is a
/// wrong answer, while Swift's `min(x, y)` gave either, depending on the order.
public enum Reductions {
    /// The smaller of x and y, NaN if either is.
    public static func minimum(_ x: Double, _ y: Double) -> Double { x.isNaN || y.isNaN ? .nan : Swift.min(x, y) }

    /// The larger of x and y, NaN if either is.
    public static func maximum(_ x: Double, _ y: Double) -> Double { x.isNaN || y.isNaN ? .nan : Swift.max(x, y) }

    /// The smallest value (NaN if any is); nil for no values.
    public static func minimum(_ xs: [Double]) -> Double? {
        guard let first = xs.first else { return nil }
        return xs.dropFirst().reduce(first, minimum)
    }

    /// The largest value (NaN if any is); nil for no values.
    public static func maximum(_ xs: [Double]) -> Double? {
        guard let first = xs.first else { return nil }
        return xs.dropFirst().reduce(first, maximum)
    }

    /// Σ x_i left to right (±∞ when the true sum is beyond the double range).
    public static func sum(_ xs: [Double]) -> Double { xs.reduce(0, +) }

    /// Σ x_i / n; a sum that overflows although every value is finite is taken on a scale where it
    /// does not (the mean of 1e308 and 1e308 is 1e308). NaN for no values.
    public static func mean(_ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return .nan }
        let plain = sum(xs) / Double(xs.count)
        guard !plain.isFinite, xs.allSatisfy(\.isFinite) else { return plain }
        let s = scale(xs)
        return s * (sum(xs.map { $0 / s }) / Double(xs.count))
    }

    /// The sample standard deviation √(Σ(x_i − x̄)²/(n − 1)), NaN for fewer than two values. Data
    /// beyond 2^±500 are first divided by a power of two near their largest magnitude (exact), so
    /// the squares neither overflow nor underflow: sd of 1e308 and −1e308 is 1.41e308, not ∞.
    public static func standardDeviation(_ xs: [Double]) -> Double {
        guard xs.count > 1 else { return .nan }
        let s = scale(xs)
        let ys = s == 1 ? xs : xs.map { $0 / s }
        let m = sum(ys) / Double(ys.count)
        return s * (ys.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(ys.count - 1)).squareRoot()
    }

    /// The values in increasing order, NaNs last.
    public static func sorted(_ xs: [Double]) -> [Double] {
        xs.sorted { $0 < $1 || ($1.isNaN && !$0.isNaN) }
    }

    /// 1 for data whose largest finite magnitude is within 2^±500, else that magnitude's binade.
    static func scale(_ xs: [Double]) -> Double {
        let largest = xs.lazy.filter(\.isFinite).map(abs).max() ?? 0
        guard largest > 0, !(0x1p-500...0x1p500).contains(largest) else { return 1 }
        return Double(sign: .plus, exponent: largest.exponent, significand: 1)
    }

    /// The q-quantile (0 ≤ q ≤ 1) by linear interpolation between order statistics: R's type 7
    /// and numpy's default, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) with h = (n − 1)·q over the
    /// sorted values (Hyndman & Fan 1996). NaN anywhere gives NaN. `xs` must not be empty.
    public static func quantile(_ xs: [Double], _ q: Double) -> Double {
        if xs.contains(where: \.isNaN) { return .nan }
        let v = xs.sorted()
        let h = Double(v.count - 1) * q
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, v.count - 1)
        let frac = h - Double(lo)
        // at a whole h the order statistic itself, so that infinities do not make inf − inf
        return frac == 0 ? v[lo] : v[lo] + frac * (v[hi] - v[lo])
    }

    /// The mean of each value and up to `window − 1` values before it (fewer at the start, as
    /// pandas' `rolling(window, min_periods=1).mean()`); a window holding NaN is that NaN (its
    /// payload, so a missing value stays missing). Short windows are summed afresh; long ones as a
    /// difference of prefix sums kept in double-double (Knuth's two-sum), which loses nothing to
    /// cancellation, so every mean is within a few ulps of the exact one in O(n).
    public static func trailingMeans(_ xs: [Double], window: Int) -> [Double] {
        var out = [Double](repeating: 0, count: xs.count)
        var lastNaN = -1  // the latest index holding NaN
        var prefixHi = [Double](repeating: 0, count: window > 64 ? xs.count + 1 : 0)
        var prefixLo = prefixHi
        if window > 64 {
            var hi = 0.0, lo = 0.0
            for (i, x) in xs.enumerated() {
                let v = x.isNaN ? 0 : x
                let s = hi + v, bb = s - hi
                lo += (hi - (s - bb)) + (v - bb)
                hi = s
                prefixHi[i + 1] = hi
                prefixLo[i + 1] = lo
            }
        }
        for i in xs.indices {
            if xs[i].isNaN { lastNaN = i }
            let start = Swift.max(0, i - window + 1)
            if lastNaN >= start { out[i] = xs[lastNaN]; continue }
            let n = Double(i - start + 1)
            if window <= 64 {
                var s = 0.0
                for j in start...i { s += xs[j] }
                out[i] = s / n
            } else {
                let d = prefixHi[i + 1] - prefixHi[start], bb = d - prefixHi[i + 1]
                let e = (prefixHi[i + 1] - (d - bb)) - (prefixHi[start] + bb)
                out[i] = (d + (e + (prefixLo[i + 1] - prefixLo[start]))) / n
            }
        }
        return out
    }
}
