/// Shortest text that reads back as the same Double (`0.1`, `0.3333333333333333`, `5.88e+23`);
/// integers print without a trailing `.0`; `na` prints as "na".
public func formatShortest(_ x: Double) -> String {
    if x.isNA { return "na" }
    if x.isNaN { return "nan" }
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

