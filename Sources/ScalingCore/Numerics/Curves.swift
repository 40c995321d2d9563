import Foundation

/// Reading points off training curves: TensorBoard's smoothing, and a curve's value at a step.
public enum Curves {
    /// TensorBoard's smoothing of a scalar curve, as its classic line chart computes it
    /// (tensorboard/components/vz_line_chart2/line-chart.ts, `resmoothDataset`): an exponential
    /// moving average s_n = w·s_(n−1) + (1 − w)·x_n from s_0 = 0, divided by its weight
    /// 1 − wⁿ so that the first points are not pulled towards 0. A non-finite or missing point is
    /// passed through unchanged and not averaged in; a constant curve is returned as it is. `w` is
    /// in [0, 1) (w = 0 is the curve itself); at w = 1 the curve would never move, and is refused
    /// by the caller.
    public static func tensorBoardSmoothing(_ xs: [Double], weight w: Double) -> [Double] {
        guard let first = xs.first(where: \.isFinite) else { return xs }
        if xs.allSatisfy({ $0 == first }) { return xs }
        var last = 0.0
        var count = 0.0
        return xs.map { x in
            guard x.isFinite else { return x }
            last = last * w + (1 - w) * x
            count += 1
            return last / (1 - Foundation.pow(w, count))
        }
    }

    /// y at x0 by linear interpolation between the two points of (x, y) around it, the points
    /// taken in increasing x (points with a missing or NaN coordinate are left out); the point's
    /// own y where x0 is one of the xs (the first such); NaN outside [min x, max x] or with no
    /// points. Two points at one x with x0 strictly between neighbours use the later one's y on
    /// the right of the step.
    public static func value(xs: [Double], ys: [Double], at x0: Double) -> Double {
        let points = zip(xs, ys).enumerated().filter { !$0.element.0.isNaN && !$0.element.1.isNaN }
            .sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
        guard let lo = points.first?.0, let hi = points.last?.0, x0 >= lo, x0 <= hi, !x0.isNaN else { return .nan }
        // the first point at or beyond x0
        var a = 0, b = points.count
        while a < b {
            let m = (a + b) / 2
            if points[m].0 < x0 { a = m + 1 } else { b = m }
        }
        let right = points[a]
        if right.0 == x0 || a == 0 { return right.1 }
        let left = points[a - 1]
        let t = (x0 - left.0) / (right.0 - left.0)
        return left.1 + t * (right.1 - left.1)
    }

    /// The two areas of a learning-rate schedule η_1 … η_n in the annealing law of Tissue et al.
    /// (2024, "Scaling Law with Learning Rate Annealing", arXiv:2408.11029, eq. 1–3),
    /// L(s) = L0 + A·S1^(−α) − C·S2: the forward area S1(s) = Σ_{i≤s} η_i, and the annealing
    /// area S2(s) = Σ_{i≤s} m_i with the momentum m_i = λ·m_(i−1) + (η_(i−1) − η_i), m_0 = 0 and
    /// η_0 = η_1 (a schedule's first logged rate has not been annealed from anything). λ is in
    /// [0, 1) (the paper's default 0.999). A missing or non-finite rate makes that step and every
    /// later one NaN: the areas are running sums.
    public static func learningRateAreas(_ lr: [Double], decay lambda: Double) -> (s1: [Double], s2: [Double]) {
        var s1 = [Double](), s2 = [Double]()
        s1.reserveCapacity(lr.count)
        s2.reserveCapacity(lr.count)
        var a1 = 0.0, a2 = 0.0, m = 0.0
        var previous = lr.first ?? 0
        for eta in lr {
            let x = eta.isFinite ? eta : .nan
            m = lambda * m + (previous - x)
            a1 += x
            a2 += m
            s1.append(a1)
            s2.append(a2)
            previous = x
        }
        return (s1, s2)
    }
}
