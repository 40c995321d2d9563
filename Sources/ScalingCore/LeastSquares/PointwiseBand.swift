import Foundation

/// A fitted law's pointwise confidence band: at each input, an interval for the law's value
/// (the mean response), not for a new observation.
///
/// - Delta method: f(x; θ̂) ± t(1 − α/2, n − p) · √(gᵀ Σ g), with g = ∂f/∂θ at θ̂ from the
///   law's exact symbolic derivatives and Σ the fit's covariance σ²(JᵀJ)⁻¹. For a model linear in
///   its parameters this is the textbook confidence interval of the mean, exactly.
/// - Bootstrap: the α/2 and 1 − α/2 percentiles (linear interpolation between order statistics)
///   of f(x; θ*) over the converged replicates θ* of a row bootstrap.
///
/// NaN where the covariance is NaN (a singular Jacobian), where n ≤ p, or where the law is not
/// finite; a bootstrap with fewer than two replicates gives NaN.
public enum PointwiseBand {
    /// Lower and upper ends at each point, with the law's value at the estimate.
    public struct Band: Sendable, Equatable {
        /// f(x; θ̂) at each point.
        public var center: [Double]
        /// The band's lower end at each point.
        public var lower: [Double]
        /// The band's upper end at each point.
        public var upper: [Double]
    }

    /// The delta-method band of `law` (parameters `values`, covariance `covariance`, fitted on
    /// `rows` rows) at `points` (each a row of the law's columns), at `level` (0.95 for 95%).
    public static func delta(law: ModelExpr, values: [Double], covariance: [[Double]], rows: Int, points: [[Double]], level: Double) -> Band {
        let p = values.count
        let t = rows > p ? Special.studentTQuantile(0.5 + level / 2, Double(rows - p)) : .nan
        let gradients = (0..<p).map { law.derivative(parameter: $0) }
        var band = Band(center: [], lower: [], upper: [])
        for x in points {
            let f = law.value(parameters: values, columns: x)
            let g = gradients.map { $0.value(parameters: values, columns: x) }
            var variance = 0.0
            for i in 0..<p {
                for j in 0..<p { variance += g[i] * covariance[i][j] * g[j] }
            }
            let half = t * max(variance, 0).squareRoot()
            band.center.append(f)
            band.lower.append(f - half)
            band.upper.append(f + half)
        }
        return band
    }

    /// The percentile band of `law` over bootstrap `replicates` (each a parameter vector), with
    /// its centre at `values`, at `points` and `level`.
    public static func bootstrap(law: ModelExpr, values: [Double], replicates: [[Double]], points: [[Double]], level: Double) -> Band {
        var band = Band(center: [], lower: [], upper: [])
        for x in points {
            band.center.append(law.value(parameters: values, columns: x))
            let sample = replicates.map { law.value(parameters: $0, columns: x) }.filter(\.isFinite).sorted()
            band.lower.append(percentile(sample, 0.5 - level / 2))
            band.upper.append(percentile(sample, 0.5 + level / 2))
        }
        return band
    }

    /// The q-quantile of sorted values, interpolating between order statistics (R's type 7).
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard sorted.count >= 2 else { return .nan }
        let h = Double(sorted.count - 1) * q, lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
