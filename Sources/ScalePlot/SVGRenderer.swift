import Foundation

/// Renders a plot as a standalone SVG 1.1 document: byte-deterministic (fixed decimals), with
/// axes, grid, tick labels, axis labels, title and legend; lines clipped to the plot area and
/// dashed where a fitted law extrapolates beyond its data.
public enum SVGRenderer {
    /// Okabe and Ito's colour-blind-safe palette.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

    /// A figure's width in pixels unless asked otherwise.
    public static let defaultWidth = 640
    /// A figure's height in pixels unless asked otherwise.
    public static let defaultHeight = 400

    /// The plot as an SVG document `width`×`height` pixels; the same plot always gives the same bytes.
    public static func render(_ plot: Plot, width: Int = defaultWidth, height: Int = defaultHeight) -> String {
        let (xAxis, yAxis, _) = plot.axes()
        let left = 70.0, right = 20.0, top = plot.title.isEmpty ? 20.0 : 40.0
        // The legend goes in the plot area's emptiest corner when one is free of every point;
        // otherwise below the x label, three entries a row.
        let legend = legendSize(plot)
        let inside = plot.series.isEmpty ? nil : freeCorner(plot, xAxis, yAxis, width: width, height: height, left: left, right: right, top: top, bottom: 50, legend: legend)
        let bottom = inside == nil ? 50.0 + 18.0 * Double((plot.series.count + 2) / 3) : 50.0
        let w = Double(width) - left - right, h = Double(height) - top - bottom
        func px(_ x: Double) -> Double { left + xAxis.position(x) * w }
        func py(_ y: Double) -> Double { top + (1 - yAxis.position(y)) * h }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" font-family="Helvetica, Arial, sans-serif" font-size="12">
            <rect x="0" y="0" width="\(width)" height="\(height)" fill="#ffffff"/>
            <defs><clipPath id="plotarea"><rect x="\(f(left))" y="\(f(top))" width="\(f(w))" height="\(f(h))"/></clipPath></defs>

            """
        if !plot.title.isEmpty {
            out += "<text x=\"\(f(left + w / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(escape(plot.title))</text>\n"
        }
        for t in Ticks.ticks(xAxis) where t >= xAxis.lo && t <= xAxis.hi {
            let x = px(t)
            out += "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(top + h))\" stroke=\"#e5e5e5\"/>\n"
            out += "<text x=\"\(f(x))\" y=\"\(f(top + h + 16))\" text-anchor=\"middle\">\(escape(Ticks.label(t)))</text>\n"
        }
        for t in Ticks.ticks(yAxis) where t >= yAxis.lo && t <= yAxis.hi {
            let y = py(t)
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + w))\" y2=\"\(f(y))\" stroke=\"#e5e5e5\"/>\n"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(escape(Ticks.label(t)))</text>\n"
        }
        out += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(w))\" height=\"\(f(h))\" fill=\"none\" stroke=\"#333333\"/>\n"
        out += "<text x=\"\(f(left + w / 2))\" y=\"\(f(top + h + 34))\" text-anchor=\"middle\">\(escape(plot.xLabel))</text>\n"
        out += "<text transform=\"translate(16 \(f(top + h / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(plot.yLabel))</text>\n"
        let slots = plot.colorSlots()
        for (i, s) in plot.series.enumerated() {
            let color = palette[slots[i] % palette.count]
            let points = plot.drawnPoints(s, xAxis, yAxis)
            if let band = s.band {
                // shaded: along the upper ends, back along the lower, where both are drawable
                var upper: [String] = [], lower: [String] = []
                for (k, x) in s.x.enumerated() where k < band.lower.count && k < band.upper.count {
                    let lo = band.lower[k], hi = band.upper[k]
                    guard x.isFinite, lo.isFinite, hi.isFinite, !xAxis.log || x > 0, !yAxis.log || (lo > 0 && hi > 0) else { continue }
                    upper.append("\(f(px(x))),\(f(py(hi)))")
                    lower.append("\(f(px(x))),\(f(py(lo)))")
                }
                if upper.count >= 2 {
                    out += "<polygon points=\"\((upper + lower.reversed()).joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.18\" stroke=\"none\" clip-path=\"url(#plotarea)\"/>\n"
                }
            }
            if s.kind.joined {
                // split into solid (inside the data range) and dashed (extrapolated) runs
                var runs: [(dashed: Bool, pts: [(Double, Double)])] = []
                for (x, y) in points {
                    let dashed = s.solidRange.map { !$0.contains(x) } ?? false
                    if let last = runs.last, last.dashed == dashed {
                        runs[runs.count - 1].pts.append((x, y))
                    } else {
                        let bridge = runs.last?.pts.last
                        runs.append((dashed, (bridge.map { [$0] } ?? []) + [(x, y)]))
                    }
                }
                for run in runs where run.pts.count >= 2 {
                    let d = run.pts.map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " ")
                    out += "<polyline points=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(run.dashed ? " stroke-dasharray=\"6 4\"" : "") clip-path=\"url(#plotarea)\"/>\n"
                }
            }
            if s.kind.marked {
                out += "<g fill=\"\(color)\" fill-opacity=\"0.75\" clip-path=\"url(#plotarea)\">\n"
                for (x, y) in points { out += "<circle cx=\"\(f(px(x)))\" cy=\"\(f(py(y)))\" r=\"3\"/>\n" }
                out += "</g>\n"
            }
            // legend: in a free corner, one entry a row; else three a row under the x label
            let lx: Double, ly: Double
            if let corner = inside {
                lx = corner.x + 6
                ly = corner.y + 16 + 18 * Double(i)
            } else {
                lx = left + Double(i % 3) * (w / 3)
                ly = top + h + 52 + 18 * Double(i / 3)
            }
            if s.kind.joined {
                out += "<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 16))\" y2=\"\(f(ly - 4))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            }
            if s.kind.marked {
                out += "<circle cx=\"\(f(lx + 8))\" cy=\"\(f(ly - 4))\" r=\"3\" fill=\"\(color)\"/>\n"
            }
            out += "<text x=\"\(f(lx + 22))\" y=\"\(f(ly))\">\(escape(s.label))</text>\n"
        }
        out += "</svg>\n"
        return out
    }

    /// The legend's box inside the plot area: the longest label at about 7 pixels a character,
    /// one 18-pixel row a series.
    static func legendSize(_ plot: Plot) -> (width: Double, height: Double) {
        let longest = plot.series.map(\.label.count).max() ?? 0
        return (34 + 7 * Double(longest), 8 + 18 * Double(plot.series.count))
    }

    /// The top-left of the legend's box in the first corner (top right, top left, bottom right,
    /// bottom left) that holds no point of any series nor any part of a line, with a margin of
    /// 4 pixels; nil when none does, or the box does not fit.
    static func freeCorner(_ plot: Plot, _ xAxis: Plot.Axis, _ yAxis: Plot.Axis, width: Int, height: Int,
                           left: Double, right: Double, top: Double, bottom: Double, legend: (width: Double, height: Double)) -> (x: Double, y: Double)? {
        let w = Double(width) - left - right, h = Double(height) - top - bottom
        guard legend.width + 8 < w / 2 + 60, legend.height + 8 < h / 2 + 40 else { return nil }
        var marks: [(Double, Double)] = []
        for s in plot.series {
            let positions = plot.drawnPoints(s, xAxis, yAxis).map { (left + xAxis.position($0.0) * w, top + (1 - yAxis.position($0.1)) * h) }
            marks += positions
            guard s.kind.joined else { continue }
            for (a, b) in zip(positions, positions.dropFirst()) {
                for k in 1..<10 { marks.append((a.0 + (b.0 - a.0) * Double(k) / 10, a.1 + (b.1 - a.1) * Double(k) / 10)) }
            }
        }
        let corners = [(left + w - legend.width - 4, top + 4), (left + 4, top + 4),
                       (left + w - legend.width - 4, top + h - legend.height - 4), (left + 4, top + h - legend.height - 4)]
        for (x, y) in corners {
            // 4 pixels of room around the box, more than a marker's radius
            let clear = !marks.contains { $0.0 >= x - 4 && $0.0 <= x + legend.width + 4 && $0.1 >= y - 4 && $0.1 <= y + legend.height + 4 }
            if clear { return (x, y) }
        }
        return nil
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
