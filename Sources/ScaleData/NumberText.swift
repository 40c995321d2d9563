/// Text that reads back bit for bit, −0 included: `formatShortest`, but −0 as `-0`. For files,
/// where a saved table must load back equal.
public func formatRoundTrip(_ x: Double) -> String {
    x == 0 && x.sign == .minus ? "-0" : formatShortest(x)
}

/// Shortest text that reads back as the same Double (`0.1`, `0.3333333333333333`, `5.88e+23`);
/// integers print without a trailing `.0`; −0 prints as 0 (it compares equal to 0, and a script
/// has no use for its sign; `formatRoundTrip` keeps it), `na` as na and NaN of either sign as nan.
public func formatShortest(_ x: Double) -> String {
    if x.isNA { return "na" }
    if x.isNaN { return "nan" }
    if x == 0 { return "0" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    var s = x.description
    if s.hasSuffix(".0") { s.removeLast(2) }
    // Swift writes whole numbers below 2^53 in full (1000000000); the exponent form is shorter
    // for round ones (1e+09) and reads back the same.
    let digits = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
    if digits.count >= 7, digits.allSatisfy(\.isNumber) {
        let significant = digits.reversed().drop { $0 == "0" }.reversed()
        let exponent = digits.count - 1
        let mantissa = significant.count > 1 ? String(significant.prefix(1)) + "." + String(significant.dropFirst()) : String(significant)
        let e = (s.hasPrefix("-") ? "-" : "") + mantissa + "e+" + (exponent < 10 ? "0" : "") + String(exponent)
        if e.count < s.count { return e }
    }
    return s
}

