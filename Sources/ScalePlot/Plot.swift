import Foundation

/// A plot: series of points or lines with axes, ready to render to a terminal or to SVG.
/// The library never prints; renderers return strings.
public struct Plot: Sendable, Equatable {
    /// How an axis maps values: `auto` picks log when every value is positive and they span more than two decades.
    public enum Scale: Sendable, Equatable { case auto, log, linear }

    /// One set of points, or one line, with its legend label.
    public struct Series: Sendable, Equatable {
        /// Whether the series is drawn as separate points, as a line joining them in x order, or
        /// both; the raw values are gnuplot's names (`with points|lines|linespoints`).
        public enum Kind: String, Sendable, Equatable, CaseIterable {
            case points, line = "lines", linePoints = "linespoints"
            /// Whether a line joins the points.
            public var joined: Bool { self != .points }
            /// Whether each point is marked.
            public var marked: Bool { self != .line }
        }
        /// The legend's text for the series.
        public var label: String
        /// Points or line.
        public var kind: Kind
        /// The x values, paired with `y` by index.
        public var x: [Double]
        /// The y values, paired with `x` by index.
        public var y: [Double]
        /// For a fitted law drawn over a range: the x-range of its data. Outside it the line is
        /// dashed (extrapolation).
        public var solidRange: ClosedRange<Double>?
        /// Series with the same group share a colour (a fitted curve and the points it was
        /// fitted to); nil gives the series a colour of its own.
        public var colorGroup: Int?
        /// A pointwise band about a line, by index with `x`: drawn shaded in the line's colour.
        public var band: Band?

        /// Lower and upper ends of a band at each x.
        public struct Band: Sendable, Equatable {
            /// The lower ends.
            public var lower: [Double]
            /// The upper ends.
            public var upper: [Double]
            /// A band from its ends.
            public init(lower: [Double], upper: [Double]) {
                self.lower = lower
                self.upper = upper
            }
        }

        /// A series; by default solid throughout, with a colour of its own.
        public init(label: String, kind: Kind, x: [Double], y: [Double], solidRange: ClosedRange<Double>? = nil, colorGroup: Int? = nil) {
            self.label = label
            self.kind = kind
            self.x = x
            self.y = y
            self.solidRange = solidRange
            self.colorGroup = colorGroup
        }
    }

    /// `other` drawn over this plot on one set of axes: its series after these, in colours of
    /// their own (its colour groups kept apart from these), each axis labelled by both plots'
    /// names once; the title and each axis's scale are this plot's unless it has none.
    public func overlaid(with other: Plot) -> Plot {
        let offset = (series.compactMap(\.colorGroup).max() ?? -1) + 1
        var layered = self
        layered.series += other.series.map { s in
            var s = s
            s.colorGroup = s.colorGroup.map { $0 + offset }
            return s
        }
        func merged(_ a: String, _ b: String) -> String {
            var names: [String] = []
            for n in (a.components(separatedBy: ", ") + b.components(separatedBy: ", ")) where !n.isEmpty && !names.contains(n) { names.append(n) }
            return names.joined(separator: ", ")
        }
        layered.xLabel = merged(xLabel, other.xLabel)
        layered.yLabel = merged(yLabel, other.yLabel)
        if title.isEmpty { layered.title = other.title }
        if xScale == .auto { layered.xScale = other.xScale }
        if yScale == .auto { layered.yScale = other.yScale }
        return layered
    }

    /// The series' points as drawn: finite, positive on a log axis, and for a joined series in
    /// increasing x (ties in their given order), so a line never zig-zags back through the data.
    func drawnPoints(_ s: Series, _ xAxis: Axis, _ yAxis: Axis) -> [(Double, Double)] {
        let points = zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite && (!xAxis.log || $0.0 > 0) && (!yAxis.log || $0.1 > 0) }
        guard s.kind.joined else { return points }
        return points.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
    }

    /// Each series' colour, as an index into a palette: in order of appearance, one per series
    /// or per colour group.
    public func colorSlots() -> [Int] {
        var slots: [Int] = []
        var groups: [Int: Int] = [:]
        var next = 0
        for s in series {
            if let g = s.colorGroup, let slot = groups[g] {
                slots.append(slot)
                continue
            }
            if let g = s.colorGroup { groups[g] = next }
            slots.append(next)
            next += 1
        }
        return slots
    }

    /// The series, drawn in order.
    public var series: [Series]
    /// The title above the plot; empty for none.
    public var title: String
    /// The x axis's label; empty for none.
    public var xLabel: String
    /// The y axis's label; empty for none.
    public var yLabel: String
    /// The x axis's scale.
    public var xScale: Scale
    /// The y axis's scale.
    public var yScale: Scale

    /// A plot; both axes `.auto` and no title or labels unless given.
    public init(series: [Series], title: String = "", xLabel: String = "", yLabel: String = "", xScale: Scale = .auto, yScale: Scale = .auto) {
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
    }

    /// An axis after resolving `.auto`: log when every value is positive and they span more than
    /// two decades.
    struct Axis {
        var log: Bool
        var lo: Double
        var hi: Double

        func position(_ v: Double) -> Double {
            if log { return (Foundation.log10(v) - Foundation.log10(lo)) / (Foundation.log10(hi) - Foundation.log10(lo)) }
            // Halved when the span itself overflows (an axis from −1e308 to 1e308).
            if !(hi - lo).isFinite { return (v / 2 - lo / 2) / (hi / 2 - lo / 2) }
            return (v - lo) / (hi - lo)
        }
    }

    /// Finite values usable on each axis (log axes need positive values); others are skipped.
    func axes() -> (x: Axis, y: Axis, skipped: Int) {
        func resolve(_ scale: Scale, _ values: [Double]) -> Bool {
            switch scale {
            case .log: return true
            case .linear: return false
            case .auto:
                let finite = values.filter(\.isFinite)
                guard let lo = finite.min(), let hi = finite.max(), lo > 0 else { return false }
                return hi / lo > 100
            }
        }
        let allX = series.flatMap(\.x), allY = series.flatMap(\.y)
        let xLog = resolve(xScale, allX), yLog = resolve(yScale, allY)
        var xs: [Double] = [], ys: [Double] = [], skipped = 0
        for s in series {
            for (x, y) in zip(s.x, s.y) {
                if x.isFinite, y.isFinite, !xLog || x > 0, !yLog || y > 0 { xs.append(x); ys.append(y) } else { skipped += 1 }
            }
        }
        func bounds(_ v: [Double], _ log: Bool) -> Axis {
            guard var lo = v.min(), var hi = v.max() else { return Axis(log: log, lo: log ? 1 : 0, hi: log ? 10 : 1) }
            if lo == hi {
                if log { lo /= 2; hi *= 2 } else { lo -= 0.5 * max(abs(lo), 1); hi += 0.5 * max(abs(hi), 1) }
            } else if log {
                // 5% of the span each side (in log space on a log axis): no marker on the frame
                let pad = Foundation.pow(hi / lo, 0.05)
                lo /= pad; hi *= pad
            } else {
                let pad = 0.05 * (hi - lo)
                lo -= pad; hi += pad
            }
            // Padding values near the ends of the double range must not reach 0 or ±∞ (every
            // position and tick is computed from these bounds).
            if log { lo = max(lo, .leastNormalMagnitude); hi = min(hi, .greatestFiniteMagnitude) }
            lo = max(lo, -.greatestFiniteMagnitude); hi = min(hi, .greatestFiniteMagnitude)
            return Axis(log: log, lo: lo, hi: hi)
        }
        return (bounds(xs, xLog), bounds(ys, yLog), skipped)
    }
}
