import Foundation

/// Chinchilla's Approach 2 (Hoffmann et al. 2022, §3.2): for each compute budget, locate the
/// loss-minimising N among its runs; then fit the power laws N_opt = k·C^a and D_opt = k'·C^b
/// across budgets by least squares in log–log.
///
/// How each budget's optimum is located matters (Porian et al. 2024, §3): a parabola in log N
/// (Hoffmann et al.) is pulled by the runs far from the minimum, which are many when the sizes
/// sampled are not centred on it. `Locator.akima` is Porian et al.'s procedure instead.
///
/// Approach 2 is biased whenever the sizes sampled per budget are not symmetric about the
/// optimum in log N, or the curve is not a parabola there (Besiroglu et al. 2024; Open-Athena's
/// scaling-law analysis): the methods can disagree with Approach 3 for that reason alone.
public enum IsoFLOP {
    /// How the optimum of one budget is located.
    public enum Locator: String, Sendable, CaseIterable {
        /// The vertex of the least-squares parabola of loss against log N (Hoffmann et al. 2022).
        case parabola
        /// The minimum of Akima's interpolant of log loss against log N, read on a geometric grid
        /// of 25 points per interval between the smallest and largest size (Porian et al. 2024,
        /// formll/resolving-scaling-law-discrepancies, analysis.py: `interpolation`, with
        /// interp_num = (sizes − 1)·25); the lowest loss per size is used when a size repeats, and
        /// sizes within `sameSize` of each other count as one (an interpolant through two points
        /// 2.4e-7 apart in log N swings by orders of magnitude between them).
        case akima
    }

    /// One compute budget's located optimum.
    public struct Budget: Sendable {
        /// The budget's compute C in FLOPs: the geometric mean of its runs' C.
        public var compute: Double
        /// How many runs the budget grouped.
        public var runs: Int
        /// The located loss-minimising parameter count N_opt.
        public var N: Double
        /// Tokens at the optimum, D = C/(6·N_opt).
        public var D: Double
        /// The loss at the optimum, as the locator reads it (the parabola's vertex, or the interpolant's minimum).
        public var loss: Double
    }

    /// A fitted power law y = k·x^a across budgets, from least squares in log–log.
    public struct PowerLaw: Sendable {
        /// The coefficient k (e^intercept).
        public var coefficient: Double
        /// The exponent a (the log–log slope).
        public var exponent: Double
        /// The exponent's standard error; NaN with fewer than 3 budgets.
        public var standardError: Double
        /// The lower end of the exponent's 95% interval, a − t(0.975, n − 2)·se.
        public var lower: Double
        /// The upper end of the exponent's 95% interval.
        public var upper: Double
    }

    /// The outcome of `analyse`.
    public struct Analysis: Sendable {
        /// The budgets that gave an optimum, in increasing compute.
        public var budgets: [Budget]
        /// Why each other budget was skipped, one line each ("C ≈ …: reason").
        public var skipped: [String]
        /// N_opt = k·C^a.
        public var N: PowerLaw
        /// D_opt = k'·C^b.
        public var D: PowerLaw
    }

    /// Why the analysis could not run: mismatched or empty inputs, or fewer than 3 budgets with an optimum.
    public struct AnalysisError: Error, CustomStringConvertible, Sendable {
        /// The reason, in words.
        public var description: String
    }

    /// Groups runs whose compute agrees within `groupRatio` (sorted by C, a new group starts when
    /// C exceeds the group's smallest by more than that factor: the budgets of a study are
    /// discrete, while reported or extracted C values scatter by a few percent).
    public static func analyse(
        N: [Double], loss: [Double], compute C: [Double], groupRatio: Double = 1.25, locator: Locator = .parabola
    ) throws(AnalysisError) -> Analysis {
        guard N.count == loss.count, N.count == C.count, !N.isEmpty else { throw AnalysisError(description: "N, loss and C must have the same, non-zero length") }
        var budgets: [Budget] = [], skipped: [String] = []
        for g in groups(compute: C, groupRatio: groupRatio) {
            let c = Foundation.exp(g.map { Foundation.log(C[$0]) }.reduce(0, +) / Double(g.count))
            let label = String(format: "C ≈ %.3g", c)
            let distinct = Set(g.map { N[$0] }).count
            guard distinct >= 3 else { skipped.append("\(label): \(distinct) distinct model size\(distinct == 1 ? "" : "s"), need 3"); continue }
            switch locate(g.map { N[$0] }, g.map { loss[$0] }, by: locator) {
            case .success(let (n, l)):
                budgets.append(Budget(compute: c, runs: g.count, N: n, D: c / (6 * n), loss: l))
            case .failure(let reason):
                skipped.append("\(label): \(reason.description)")
            }
        }
        guard budgets.count >= 3 else {
            throw AnalysisError(description: "only \(budgets.count) budget\(budgets.count == 1 ? "" : "s") gave a minimum; need 3 to fit the power laws"
                                + (skipped.isEmpty ? "" : " (skipped: " + skipped.joined(separator: "; ") + ")"))
        }
        let logC = budgets.map { Foundation.log($0.compute) }
        return Analysis(budgets: budgets, skipped: skipped,
                        N: powerLaw(logC, budgets.map { Foundation.log($0.N) }),
                        D: powerLaw(logC, budgets.map { Foundation.log($0.D) }))
    }

    /// The runs of each budget, as indices, in increasing compute: sorted by C, a new budget starts
    /// when C exceeds the smallest of the current one by more than `groupRatio`.
    public static func groups(compute C: [Double], groupRatio: Double = 1.25) -> [[Int]] {
        var groups: [[Int]] = []
        for i in C.indices.sorted(by: { C[$0] < C[$1] }) {
            if let first = groups.last?.first, C[i] <= C[first] * groupRatio { groups[groups.count - 1].append(i) } else { groups.append([i]) }
        }
        return groups
    }

    /// Why a budget gave no optimum.
    public enum Unlocated: Error, CustomStringConvertible, Sendable {
        case singular, opensDownward, atEdge(smallest: Bool)
        /// The located loss lies outside what the budget's runs allow (see `locate`).
        case beyondData(located: Double, lowest: Double, highest: Double)
        /// Fewer than three sizes once sizes within `sameSize` of each other are merged.
        case tooFewSizes(Int)
        /// The reason, in words.
        public var description: String {
            switch self {
            case .singular: return "singular parabola fit"
            case .opensDownward: return "the parabola opens downward (no minimum)"
            case .atEdge(let smallest): return "the minimum is at the \(smallest ? "smallest" : "largest") size sampled, not between sizes"
            case .tooFewSizes(let n): return "\(n) distinct model size\(n == 1 ? "" : "s") once sizes within 0.1% are merged, need 3"
            case .beyondData(let located, let lowest, let highest):
                return String(format: "the located minimum's loss %.4g is not within the runs' losses (%.4g to %.4g, less their spread below)", located, lowest, highest)
            }
        }
    }

    /// Sizes whose ratio is within 1 + `sameSize` are one size to the Akima locator: real ladders
    /// step by 10% or more, while sizes extracted from a figure scatter by parts in 10⁷.
    public static let sameSize = 1e-3

    /// The optimal N of one budget's runs and the loss there; an optimum outside the sizes
    /// sampled (or at their edge) is refused, since it would be an extrapolation.
    ///
    /// Every located optimum is checked against the budget's runs: its loss must lie between the
    /// lowest run's loss less the spread of the runs' losses and the highest run's loss. A locator
    /// can dip below the lowest run between two sizes, but not by more than the runs span; beyond
    /// that it is an artefact, and the budget is skipped with the reason rather than passed on.
    public static func locate(_ N: [Double], _ loss: [Double], by locator: Locator) -> Result<(N: Double, loss: Double), Unlocated> {
        let result = locateUnchecked(N, loss, by: locator)
        guard case .success(let found) = result, let low = loss.min(), let high = loss.max() else { return result }
        guard found.loss.isFinite, found.loss >= low - (high - low), found.loss <= high else {
            return .failure(.beyondData(located: found.loss, lowest: low, highest: high))
        }
        return result
    }

    private static func locateUnchecked(_ N: [Double], _ loss: [Double], by locator: Locator) -> Result<(N: Double, loss: Double), Unlocated> {
        var lowest: [Double: Double] = [:]
        for (n, l) in zip(N, loss) { lowest[n] = min(lowest[n] ?? .infinity, l) }
        let sizes = lowest.keys.sorted()
        let x = sizes.map { Foundation.log($0) }
        guard let lo = x.first, let hi = x.last else { return .failure(.singular) }
        switch locator {
        case .parabola:
            // Every run counts in the parabola, as in Hoffmann et al.
            guard let (a0, a1, a2) = quadraticFit(N.map { Foundation.log($0) }, loss) else { return .failure(.singular) }
            guard a2 > 0 else { return .failure(.opensDownward) }
            let xmin = -a1 / (2 * a2)
            guard xmin > lo else { return .failure(.atEdge(smallest: true)) }
            guard xmin < hi else { return .failure(.atEdge(smallest: false)) }
            return .success((Foundation.exp(xmin), a0 + a1 * xmin + a2 * xmin * xmin))
        case .akima:
            // near-duplicate sizes merged: the geometric mean of the sizes, the lowest of their losses
            var merged: [(logN: [Double], loss: Double)] = []
            for (s, lx) in zip(sizes, x) {
                let l = lowest[s] ?? .nan
                if let last = merged.last, let first = last.logN.first, lx - first <= Foundation.log1p(sameSize) {
                    merged[merged.count - 1] = (last.logN + [lx], min(last.loss, l))
                } else {
                    merged.append(([lx], l))
                }
            }
            let mx = merged.map { $0.logN.reduce(0, +) / Double($0.logN.count) }
            guard mx.count >= 3 else { return .failure(.tooFewSizes(mx.count)) }
            guard let lo = mx.first, let hi = mx.last,
                  let spline = AkimaSpline(x: mx, y: merged.map { Foundation.log($0.loss) }) else { return .failure(.singular) }
            let points = (mx.count - 1) * 25
            var best = 0, bestValue = Double.infinity
            for k in 0..<points {
                let v = spline(geometricGridLog(lo, hi, k, points))
                if v < bestValue { best = k; bestValue = v }
            }
            guard best > 0 else { return .failure(.atEdge(smallest: true)) }
            guard best < points - 1 else { return .failure(.atEdge(smallest: false)) }
            return .success((Foundation.exp(geometricGridLog(lo, hi, best, points)), Foundation.exp(bestValue)))
        }
    }

    /// log of the k-th of `count` points spaced evenly in log from e^lo to e^hi, ends exact.
    static func geometricGridLog(_ lo: Double, _ hi: Double, _ k: Int, _ count: Int) -> Double {
        k == count - 1 ? hi : lo + Double(k) * (hi - lo) / Double(count - 1)
    }

    /// y = a0 + a1·x + a2·x² by least squares (normal equations on centred x, solved by Cramer's rule).
    static func quadraticFit(_ x: [Double], _ y: [Double]) -> (Double, Double, Double)? {
        let n = Double(x.count), mx = x.reduce(0, +) / n
        let u = x.map { $0 - mx }
        var s = [Double](repeating: 0, count: 5), t = [Double](repeating: 0, count: 3)
        for (ui, yi) in zip(u, y) {
            var p = 1.0
            for k in 0..<5 { s[k] += p; if k < 3 { t[k] += p * yi }; p *= ui }
        }
        let m = [[s[0], s[1], s[2]], [s[1], s[2], s[3]], [s[2], s[3], s[4]]]
        func det(_ a: [[Double]]) -> Double {
            a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
        }
        let d = det(m)
        guard abs(d) > 1e-300 else { return nil }
        var sol = [Double](repeating: 0, count: 3)
        for k in 0..<3 {
            var mk = m
            for r in 0..<3 { mk[r][k] = t[r] }
            sol[k] = det(mk) / d
        }
        // back from centred u = x − mx
        let (b0, b1, b2) = (sol[0], sol[1], sol[2])
        return (b0 - b1 * mx + b2 * mx * mx, b1 - 2 * b2 * mx, b2)
    }

    /// log y = log k + e·log x by least squares, with the slope's standard error and 95% interval.
    static func powerLaw(_ lx: [Double], _ ly: [Double]) -> PowerLaw {
        let n = Double(lx.count)
        let mx = lx.reduce(0, +) / n, my = ly.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for (x, y) in zip(lx, ly) { sxx += (x - mx) * (x - mx); sxy += (x - mx) * (y - my) }
        let slope = sxy / sxx, intercept = my - slope * mx
        var rss = 0.0
        for (x, y) in zip(lx, ly) { let r = y - intercept - slope * x; rss += r * r }
        let dof = n - 2
        let se = dof > 0 ? (rss / dof / sxx).squareRoot() : .nan
        let t = dof > 0 ? Special.studentTQuantile(0.975, dof) : .nan
        return PowerLaw(coefficient: Foundation.exp(intercept), exponent: slope, standardError: se, lower: slope - t * se, upper: slope + t * se)
    }
}
