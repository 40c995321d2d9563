import Foundation

/// Tick positions and labels for an axis.
enum Ticks {
    /// Log axes: powers of ten (every other one or fewer when there are many decades), with 2 and
    /// 5 added when the axis spans under two decades. Linear axes: 1-2-5 steps, about `target` ticks.
    static func ticks(_ axis: Plot.Axis, target: Int = 6) -> [Double] {
        if axis.log {
            let a = Foundation.log10(axis.lo), b = Foundation.log10(axis.hi)
            // An axis past the double range (or an empty one) has no decades to count.
            guard a.isFinite, b.isFinite, a <= b else { return [] }
            let first = Int(a.rounded(.up)), last = Int(b.rounded(.down))
            var out: [Double] = []
            if last - first < 2 {
                for e in (first - 1)...(last) {
                    for m in [1.0, 2, 5] {
                        let v = m * Foundation.pow(10, Double(e))
                        if v >= axis.lo && v <= axis.hi && v.isFinite { out.append(v) }
                    }
                }
                return out
            }
            let stride = max(1, (last - first + target) / target)
            var e = first
            while e <= last && e <= 308 {
                out.append(Foundation.pow(10, Double(e)))
                e += stride
            }
            return out
        }
        let span = axis.hi - axis.lo
        guard span > 0, span.isFinite else { return axis.lo.isFinite ? [axis.lo] : [] }
        let raw = span / Double(target)
        let magnitude = Foundation.pow(10, Foundation.log10(raw).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var v = (axis.lo / step).rounded(.up) * step
        var out: [Double] = []
        while v <= axis.hi + step * 1e-9 {
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return out
    }

    /// Tick text: magnitude suffixes from 1K to below 1e15 (1B, 10B), powers of ten beyond or
    /// below 1e-3, otherwise the shortest decimal (0.5, 2.25).
    static func label(_ v: Double) -> String {
        let a = abs(v)
        if a == 0 { return "0" }
        if a >= 1e15 || a < 1e-3 {
            let e = Foundation.log10(a)
            if abs(e - e.rounded()) < 1e-9 { return (v < 0 ? "-" : "") + "1e\(Int(e.rounded()))" }
            return String(format: "%.2g", v)
        }
        for (scale, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")] where a >= scale {
            return shortest(v / scale) + suffix
        }
        return shortest(v)
    }

    static func shortest(_ x: Double) -> String {
        let rounded = (x * 1e6).rounded() / 1e6
        var s = String(format: "%.6g", rounded)
        if s.contains("e") { s = "\(rounded)" }
        return s
    }
}
