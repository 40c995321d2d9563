/// SplitMix64 (Steele, Lea and Flood 2014, "Fast splittable pseudorandom number generators"):
/// a 64-bit generator whose stream for (seed, index) is a pure function of the two, so that work
/// split into blocks across threads gives the same numbers whatever the thread count.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// The stream of `seed`: the same seed always gives the same numbers.
    public init(seed: UInt64) {
        state = seed
    }

    /// The independent stream number `stream` of `seed`.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SeededRandom(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        state = mixer.next() &+ Self.mix(stream &* 0xD1B5_4A32_D192_ED03)
    }

    /// The next 64 bits of the stream (SplitMix64's step and output mix).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    private static func mix(_ z0: UInt64) -> UInt64 {
        var z = z0
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1): 53 random bits, never exactly 0.
    public mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// Uniform integer in 0..<n without modulo bias.
    public mutating func index(below n: Int) -> Int {
        Int(truncatingIfNeeded: next(upperBound: UInt64(n)))
    }
}

/// Percentile of sorted data by linear interpolation between order statistics (type 7 of
/// Hyndman and Fan 1996, the default of R and numpy).
public func percentile(sorted x: [Double], _ q: Double) -> Double {
    guard !x.isEmpty else { return .nan }
    let h = Double(x.count - 1) * q
    let lo = Int(h.rounded(.down)), hi = min(lo + 1, x.count - 1)
    // Between equal or infinite neighbours the interpolation would be ∞ − ∞ (NaN): a bootstrap
    // of a quantity that is infinite in most replicates has infinite percentiles.
    if x[lo] == x[hi] || h == Double(lo) { return x[lo] }
    if x[lo] == -.infinity || x[hi] == .infinity { return x[lo] == -.infinity ? x[lo] : x[hi] }
    return x[lo] + (h - Double(lo)) * (x[hi] - x[lo])
}
