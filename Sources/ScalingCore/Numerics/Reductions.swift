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
}
