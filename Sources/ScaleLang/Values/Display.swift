import Foundation

/// `digits` significant digits, C's `%g` style (`1.93665`, `5.88e+23`).
public func formatSignificant(_ x: Double, digits: Int) -> String {
    FormatSpec(precision: max(1, min(17, digits)), style: .g).format(x)
}

extension FormatSpec {
    /// `x` in this format (`{x:.3g}`, `fmt`); na, nan and ±inf as the language prints them, and −0
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
        case .bools(let bs): return displayList(bs.map(boolText))
        // text vectors are mostly names (columns(t)): shown whole up to a thousand
        case .strings(let xs): return displayList(xs.map { $0.map { "\"\($0)\"" } ?? "na" }, limit: 1000)
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
        case .bools(let bs): return displayList(bs.map(boolText), limit: Int.max)
        default: return display(digits: 6)
        }
    }
}

private func boolText(_ b: Bool?) -> String { b.map { $0 ? "true" : "false" } ?? "na" }

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

/// How wide a table may be shown: the terminal's width while the REPL echoes a value (bound with
/// `DisplayWidth.$columns.withValue`, so no other thread's display sees it), nil where the output
/// is a file or a notebook, which get every column.
public enum DisplayWidth {
    /// The width tables are fitted to while set (the terminal's); nil for no limit.
    @TaskLocal public static var columns: Int?
}

/// Aligned columns; long tables show their first and last rows, and a table wider than
/// `DisplayWidth.columns` its first and last columns with "…" between (the footer says how many
/// are not shown), rather than wrapping every line mid-word.
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
            for i in shown { col.append(i.map { v[$0] ?? "na" } ?? "…") }
        case .bools(let v):
            numeric.append(false)
            for i in shown { col.append(i.map { boolText(v[$0]) } ?? "…") }
        }
        cells.append(col)
    }
    if cells.isEmpty { return "(empty table)" }
    var widths = cells.map { $0.map(\.count).max() ?? 0 }
    var hidden = 0
    if let limit = DisplayWidth.columns, widths.reduce(0, +) + 2 * (widths.count - 1) > limit, widths.count > 2 {
        // columns from both ends while they fit beside a one-character "…" column
        var left = 0, right = widths.count - 1, used = 1
        var keepLeft: [Int] = [], keepRight: [Int] = []
        while left <= right {
            let j = keepLeft.count <= keepRight.count ? left : right
            guard used + widths[j] + 2 <= limit || (keepLeft.isEmpty && keepRight.isEmpty) else { break }
            used += widths[j] + 2
            if j == left { keepLeft.append(j); left += 1 } else { keepRight.insert(j, at: 0); right -= 1 }
        }
        hidden = widths.count - keepLeft.count - keepRight.count
        if hidden > 0 {
            let order = keepLeft + [-1] + keepRight
            cells = order.map { $0 < 0 ? Array(repeating: "…", count: shown.count + 1) : cells[$0] }
            numeric = order.map { $0 < 0 ? false : numeric[$0] }
            widths = cells.map { $0.map(\.count).max() ?? 0 }
        }
    }
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
    let notShown = hidden > 0 ? "; \(hidden) not shown to fit the terminal's width: columns(t) names them" : ""
    lines.append("(\(n) row\(n == 1 ? "" : "s"), \(t.columns.count) column\(t.columns.count == 1 ? "" : "s")\(notShown))")
    return lines.joined(separator: "\n")
}
