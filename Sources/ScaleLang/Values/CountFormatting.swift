/// A count with a magnitude suffix: 7e10 → "70B", 1.4e12 → "1.4T", 3.2e6 → "3.2M"; 4 significant
/// digits; beyond the T range, scientific notation (5.76e+23).
func formatCount(_ x: Double) -> String {
    let a = abs(x)
    let units: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]
    if a >= 1e15 || a == 0 || !a.isFinite { return formatSignificant(x, digits: 4) }
    for (scale, suffix) in units where a >= scale {
        return formatSignificant(x / scale, digits: 4) + suffix
    }
    return formatSignificant(x, digits: 4)
}
