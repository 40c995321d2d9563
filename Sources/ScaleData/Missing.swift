/// The missing value, `na`, distinct from NaN.
///
/// A number column stores `na` as a quiet NaN carrying R's payload 1954 (R's `NA_real_`), so a
/// column stays one `[Double]` and a stray arithmetic on it still yields a NaN rather than a
/// number. The language never relies on the payload surviving arithmetic: its operators and
/// reductions test their operands with `isNA` and give `na` themselves (R's rules). Text and bool
/// columns hold `nil`.
extension Double {
    /// `na`: a quiet NaN with payload 0x7A2 (1954, as R's NA).
    public static let na = Double(bitPattern: 0x7FF8_0000_0000_07A2)

    /// Whether this is `na` (of either sign: negation flips only the sign bit).
    @inlinable public var isNA: Bool {
        bitPattern & 0x7FF7_FFFF_FFFF_FFFF == 0x7FF0_0000_0000_07A2
    }
}
