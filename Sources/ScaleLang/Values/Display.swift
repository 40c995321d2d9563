import Foundation

/// Text that reads back bit for bit, −0 included: `formatShortest`, but −0 as `-0`. For files,
/// where a saved table must load back equal.
public func formatRoundTrip(_ x: Double) -> String {
    x == 0 && x.sign == .minus ? "-0" : formatShortest(x)
}

/// Shortest text that reads back as the same Double (`0.1`, `0.3333333333333333`, `5.88e+23`);
/// integers print without a trailing `.0`; −0 prints as 0 (it compares equal to 0, and a
/// script has no use for its sign; `formatRoundTrip` keeps it), NaN of either sign as nan.
public func formatShortest(_ x: Double) -> String {
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

/// `digits` significant digits, C's `%g` style (`1.93665`, `5.88e+23`).
public func formatSignificant(_ x: Double, digits: Int) -> String {
    FormatSpec(precision: max(1, min(17, digits)), style: .g).format(x)
}

extension FormatSpec {
    /// `x` in this format (`{x:.3g}`, `fmt`); nan and ±inf as the language prints them, and −0
    /// as 0.
    public func format(_ x: Double) -> String {
        x.isFinite ? String(format: "%.\(precision)\(style.rawValue)", x == 0 ? 0 : x) : formatShortest(x)
    }
}

extension Value {
    /// The REPL's echo of a value: numbers to `digits` significant digits, tables aligned,
    /// records as `name: value` lines.
    public func display(digits: Int) -> String {
        switch self {
        case .number(let x): return formatSignificant(x, digits: digits)
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .vector(let xs): return displayList(xs.map { formatSignificant($0, digits: digits) })
        case .bools(let bs): return displayList(bs.map { $0 ? "true" : "false" })
        case .strings(let xs): return displayList(xs.map { "\"\($0)\"" })
        case .record(let r): return displayRecord(r, digits: digits)
        case .table(let t): return displayTable(t, digits: digits)
        case .function(let f): return f.display()
        case .object(let o): return o.display(digits: digits)
        case .nothing: return ""
        }
    }

    /// `print`'s rendering: numbers in shortest round-trip form, strings without quotes.
    public func printed() -> String {
        switch self {
        case .number(let x): return formatShortest(x)
        case .vector(let xs): return displayList(xs.map(formatShortest), limit: Int.max)
        case .bools(let bs): return displayList(bs.map { $0 ? "true" : "false" }, limit: Int.max)
        default: return display(digits: 6)
        }
    }
}

private func displayList(_ items: [String], limit: Int = 20) -> String {
    if items.count <= limit { return "[" + items.joined(separator: ", ") + "]" }
    return "[" + items.prefix(10).joined(separator: ", ") + ", …, " + items.suffix(5).joined(separator: ", ")
        + "]  (\(items.count) values)"
}

func displayRecord(_ r: Record, digits: Int) -> String {
    let width = r.fields.map(\.name.count).max() ?? 0
    return r.fields.map { f in
        let v = f.value.display(digits: digits)
        let pad = String(repeating: " ", count: width - f.name.count)
        if v.contains("\n") { return "\(f.name):\n" + v.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") }
        return "\(f.name):\(pad) \(v)"
    }.joined(separator: "\n")
}

/// Aligned columns; long tables show their first and last rows.
func displayTable(_ t: Table, digits: Int, head: Int = 10, tail: Int = 5) -> String {
    let n = t.rowCount
    let shown: [Int?] = n <= head + tail + 1 ? Array(0..<n) : Array(0..<head) + [nil] + Array((n - tail)..<n)
    var cells: [[String]] = []
    var numeric: [Bool] = []
    for c in t.columns {
        var col = [c.name]
        switch c.data {
        case .numbers(let v):
            numeric.append(true)
            for i in shown { col.append(i.map { formatSignificant(v[$0], digits: digits) } ?? "…") }
        case .text(let v):
            numeric.append(false)
            for i in shown { col.append(i.map { v[$0] } ?? "…") }
        }
        cells.append(col)
    }
    if cells.isEmpty { return "(empty table)" }
    let widths = cells.map { $0.map(\.count).max() ?? 0 }
    var lines: [String] = []
    for r in 0..<(shown.count + 1) {
        var parts: [String] = []
        for (j, col) in cells.enumerated() {
            let s = col[r]
            let pad = String(repeating: " ", count: widths[j] - s.count)
            parts.append(numeric[j] && r > 0 ? pad + s : s + pad)
        }
        lines.append(parts.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
        if r == 0 { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
    }
    lines.append("(\(n) row\(n == 1 ? "" : "s"), \(t.columns.count) column\(t.columns.count == 1 ? "" : "s"))")
    return lines.joined(separator: "\n")
}
