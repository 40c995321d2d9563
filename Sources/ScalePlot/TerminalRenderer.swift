import Foundation

/// Renders a plot with Unicode braille (2×4 dots a character cell), never wider than `width`
/// columns: tick labels on the left and below, a legend line, and ANSI colours only when asked.
public enum TerminalRenderer {
    static let colors = ["\u{1B}[34m", "\u{1B}[31m", "\u{1B}[32m", "\u{1B}[35m", "\u{1B}[33m", "\u{1B}[36m"]
    static let reset = "\u{1B}[0m"

    /// The plot as text at most `width` columns wide, its plot area `height` rows of cells (at least 2); ANSI colours
    /// only when `color` is true.
    public static func render(_ plot: Plot, width: Int, height: Int = 16, color: Bool) -> String {
        let (xAxis, yAxis, skipped) = plot.axes()
        let yTicks = Ticks.ticks(yAxis, target: max(2, height / 4)).filter { $0 >= yAxis.lo && $0 <= yAxis.hi }
        let labelWidth = min(10, (yTicks.map { Ticks.label($0).count }.max() ?? 1) + 1)
        let cols = max(4, width - labelWidth - 1)
        let rows = max(2, height)
        let dotW = cols * 2, dotH = rows * 4
        // per cell: braille bits and the series that drew last
        var bits = [[UInt8]](repeating: [UInt8](repeating: 0, count: cols), count: rows)
        var owner = [[Int]](repeating: [Int](repeating: -1, count: cols), count: rows)
        func set(_ dx: Int, _ dy: Int, _ s: Int) {
            guard dx >= 0, dx < dotW, dy >= 0, dy < dotH else { return }
            let cx = dx / 2, cy = dy / 4, bx = dx % 2, by = dy % 4
            let bit: UInt8 = bx == 0 ? [0x01, 0x02, 0x04, 0x40][by] : [0x08, 0x10, 0x20, 0x80][by]
            bits[cy][cx] |= bit
            owner[cy][cx] = s
        }
        func dot(_ x: Double, _ y: Double) -> (Int, Int)? {
            let tx = xAxis.position(x), ty = yAxis.position(y)
            guard tx.isFinite, ty.isFinite else { return nil }
            return (Int((tx * Double(dotW - 1)).rounded()), Int(((1 - ty) * Double(dotH - 1)).rounded()))
        }
        let slots = plot.colorSlots()
        for (i, s) in plot.series.enumerated() {
            let pts = plot.drawnPoints(s, xAxis, yAxis)
            var previous: (Int, Int)?
            var step = 0
            for (x, y) in pts {
                guard let d = dot(x, y) else { continue }
                if s.kind.joined, let p = previous {
                    let dashed = s.solidRange.map { !$0.contains(x) } ?? false
                    // Bresenham between consecutive points; dashed runs skip every other pair of dots
                    var x0 = p.0, y0 = p.1
                    let dx = abs(d.0 - x0), dy = -abs(d.1 - y0), sx = x0 < d.0 ? 1 : -1, sy = y0 < d.1 ? 1 : -1
                    var err = dx + dy
                    while true {
                        step += 1
                        if !dashed || (step / 2) % 2 == 0 { set(x0, y0, slots[i]) }
                        if x0 == d.0 && y0 == d.1 { break }
                        let e2 = 2 * err
                        if e2 >= dy { err += dy; x0 += sx }
                        if e2 <= dx { err += dx; y0 += sy }
                    }
                } else {
                    set(d.0, d.1, slots[i])
                }
                previous = d
            }
        }
        var lines: [String] = []
        if !plot.title.isEmpty { lines.append(String(plot.title.prefix(width))) }
        // y tick label rows
        var labelAt: [Int: String] = [:]
        for t in yTicks {
            let r = Int(((1 - yAxis.position(t)) * Double(rows - 1)).rounded())
            labelAt[r] = Ticks.label(t)
        }
        for r in 0..<rows {
            let label = String((labelAt[r] ?? "").prefix(labelWidth))
            var line = String(repeating: " ", count: labelWidth - label.count) + label + "┤"
            for c in 0..<cols {
                // U+2800 + an 8-bit pattern is always a valid scalar (the braille block), so the fallback never shows.
                let ch = bits[r][c] == 0 ? " " : String(Unicode.Scalar(0x2800 + UInt32(bits[r][c])) ?? " ")
                if color, owner[r][c] >= 0, bits[r][c] != 0 {
                    line += colors[owner[r][c] % colors.count] + ch + reset
                } else {
                    line += ch
                }
            }
            lines.append(line)
        }
        // x axis and tick labels
        lines.append(String(repeating: " ", count: labelWidth) + "└" + String(repeating: "─", count: cols))
        var axisLine = [Character](repeating: " ", count: labelWidth + 1 + cols)
        var lastEnd = -1
        for t in Ticks.ticks(xAxis, target: max(2, cols / 12)) where t >= xAxis.lo && t <= xAxis.hi {
            let label = Array(Ticks.label(t))
            let center = labelWidth + 1 + Int((xAxis.position(t) * Double(cols - 1)).rounded())
            let start = max(0, min(axisLine.count - label.count, center - label.count / 2))
            guard start > lastEnd else { continue }
            for (k, ch) in label.enumerated() { axisLine[start + k] = ch }
            lastEnd = start + label.count
        }
        lines.append(String(axisLine))
        var caption = "x: \(plot.xLabel)   y: \(plot.yLabel)"
        if skipped > 0 { caption += "   (\(skipped) point\(skipped == 1 ? "" : "s") not shown: not finite or not positive on a log axis)" }
        lines.append(String(caption.prefix(width)))
        var legend = ""
        for (i, s) in plot.series.enumerated() {
            let mark = ["", "⠂"][s.kind.marked ? 1 : 0] + (s.kind.joined ? "─" : "")
            let entry = "\(mark) \(s.label)"
            guard visibleWidth(legend) + entry.count + 3 <= width else { break }
            legend += (legend.isEmpty ? "" : "   ") + (color ? colors[slots[i] % colors.count] + entry + reset : entry)
        }
        lines.append(legend)
        return lines.joined(separator: "\n")
    }

    /// Columns a line takes on a terminal: ANSI escapes take none, every other character one.
    public static func visibleWidth(_ s: String) -> Int {
        var n = 0, inEscape = false
        for ch in s.unicodeScalars {
            if inEscape { if ch == "m" { inEscape = false }; continue }
            if ch == "\u{1B}" { inEscape = true; continue }
            n += 1
        }
        return n
    }
}
