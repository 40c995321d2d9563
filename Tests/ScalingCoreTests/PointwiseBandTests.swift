import Foundation
import Testing

@testable import ScalingCore

/// The pointwise band of a fitted law, against the closed form for a straight line and, for a
/// power law, delta method against bootstrap.
struct PointwiseBandTests {
    static let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    static let y: [Double] = [2.1, 3.9, 6.2, 7.8, 10.1, 12.2, 13.8, 16.1, 18.0, 19.9]

    /// y = a + b·x: the delta-method half-width is t(0.975, n − 2)·s·√(1/n + (x₀ − x̄)²/Sxx),
    /// the confidence interval of the mean, to 1e-10 relative.
    @Test(arguments: [0.0, 1, 5.5, 10, 20])
    func lineBandIsTheClosedFormIntervalOfTheMean(x0: Double) throws {
        let law = ModelExpr.add(.parameter(0), .multiply(.parameter(1), .column(0)))
        let problem = FitProblem(response: .column(1), model: law, columns: [Self.x, Self.y], columnNames: ["x", "y"], parameterNames: ["a", "b"])
        let fit = try Fitter.fit(problem, starts: [[0, 1]])
        let n = Double(Self.x.count), mean = Self.x.reduce(0, +) / n
        let sxx = Self.x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        let sxy = zip(Self.x, Self.y).map { ($0 - mean) * $1 }.reduce(0, +)
        let b = sxy / sxx, a = Self.y.reduce(0, +) / n - b * mean
        let rss = zip(Self.x, Self.y).map { ($1 - a - b * $0) * ($1 - a - b * $0) }.reduce(0, +)
        let s = (rss / (n - 2)).squareRoot()
        let t = Special.studentTQuantile(0.975, n - 2)
        let closed = t * s * (1 / n + (x0 - mean) * (x0 - mean) / sxx).squareRoot()
        let band = PointwiseBand.delta(law: law, values: fit.values, covariance: fit.covariance, rows: Self.x.count, points: [[x0]], level: 0.95)
        let half = (band.upper[0] - band.lower[0]) / 2
        #expect(abs(half - closed) <= 1e-10 * closed)
        #expect(abs(band.center[0] - (a + b * x0)) <= 1e-10 * abs(a + b * x0) + 1e-12)
    }

    /// A saturating power law fitted to noisy data: the delta-method and bootstrap 95% bands
    /// agree within 10% in width at the data's largest x.
    @Test func powerLawDeltaAndBootstrapAgreeAtTheDataEdge() throws {
        let law = ModelExpr.add(.parameter(0), .multiply(.parameter(1), .power(.column(0), .negate(.parameter(2)))))
        // fixed noise: a deterministic sequence in [-1, 1]
        let xs = (0..<60).map { 1e8 * Foundation.pow(10, Double($0) / 15) }
        let noise = (0..<60).map { Foundation.sin(Double($0) * 12.9898) * 0.5 }
        let ys = zip(xs, noise).map { 1.7 + 400 * Foundation.pow($0, -0.34) + 0.03 * $1 }
        let problem = FitProblem(response: .column(1), model: law, columns: [xs, ys], columnNames: ["N", "loss"], parameterNames: ["E", "A", "alpha"])
        let fit = try Fitter.fit(problem, starts: [[1.7, 400, 0.34]])
        let edge = [[xs.max() ?? 0]]
        let delta = PointwiseBand.delta(law: law, values: fit.values, covariance: fit.covariance, rows: xs.count, points: edge, level: 0.95)
        let boot = try Fitter.bootstrap(problem, from: fit.values, count: 400, seed: 7)
        let percentile = PointwiseBand.bootstrap(law: law, values: fit.values, replicates: boot.replicates, points: edge, level: 0.95)
        let wDelta = delta.upper[0] - delta.lower[0], wBoot = percentile.upper[0] - percentile.lower[0]
        #expect(boot.replicates.count > 380)
        #expect(abs(wBoot / wDelta - 1) < 0.10, "delta \(wDelta), bootstrap \(wBoot)")
    }
}

/// The HC1 sandwich against its closed form for a straight line: the slope's variance is
/// n/(n − 2) · Σ (xᵢ − x̄)² rᵢ² / (Σ (xᵢ − x̄)²)², to 1e-12 relative.
struct SandwichCovarianceTests {
    @Test func slopeVarianceOfALine() {
        let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8], y: [Double] = [2.3, 3.9, 6.4, 7.7, 10.9, 11.6, 14.8, 15.1]
        let problem = FitProblem(response: .column(1), model: .parameter(0) * .column(0) + .parameter(1), columns: [x, y],
                                 columnNames: ["x", "y"], parameterNames: ["a", "b"])
        let n = Double(x.count), mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let a = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / sxx, b = my - a * mx
        let r = zip(x, y).map { $1 - a * $0 - b }
        let exact = n / (n - 2) * zip(x, r).reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) * $1.1 * $1.1 } / (sxx * sxx)
        let cov = SandwichCovariance.hc1(problem, values: [a, b])
        #expect(abs(cov[0][0] / exact - 1) < 1e-12)
        #expect(abs(cov[0][1] - cov[1][0]) <= 1e-12 * abs(cov[0][1]))
    }
}
