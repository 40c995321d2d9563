import Foundation

extension RepeatedSampling {
    /// A Beta(a, b) difficulty distribution fitted to a coverage curve.
    public struct CoverageCurveFit: Sendable {
        /// The Beta distribution's a.
        public var a: Double
        /// The Beta distribution's b.
        public var b: Double
        /// Standard errors of a and b from the fit.
        public var standardErrors: (a: Double, b: Double)
        /// The fit's residual sum of squares.
        public var rss: Double
        /// Whether the fit converged.
        public var converged: Bool
    }

    /// The a, b whose coverage 1 − B(a, b + k)/B(a, b) (`MathFunction.coverageBeta`) is
    /// closest in least squares to `coverage` at `k` samples: the Large Language Monkeys curve
    /// (Brown et al. 2024) read as Beta-distributed difficulty (Schaeffer et al. 2025). The same
    /// fit as `fit coverage ~ coverage(k, beta(a, b))`, with a, b kept positive and a small grid
    /// of starts (a ∈ {0.1, 0.5, 2}, b ∈ {0.5, 2, 10}).
    public static func fitBetaToCoverage(k: [Double], coverage: [Double]) throws(InputError) -> CoverageCurveFit {
        guard k.count == coverage.count, k.count >= 2 else {
            throw InputError(description: "a coverage curve needs equal columns k and coverage of at least 2 rows")
        }
        for (i, (ki, ci)) in zip(k, coverage).enumerated() where !(ki >= 0 && ki.isFinite && ci >= 0 && ci <= 1) {
            throw InputError(description: "row \(i + 1): need k ≥ 0 samples and 0 ≤ coverage ≤ 1, got k = \(shown(ki)), coverage = \(shown(ci))")
        }
        let model = ModelExpr.function(.coverageBeta, [.column(0), .parameter(0), .parameter(1)])
        let problem = FitProblem(response: .column(1), model: model, columns: [k, coverage], columnNames: ["k", "coverage"],
                                 parameterNames: ["a", "b"], lowerBounds: [1e-9, 1e-9])
        let starts: [[Double]] = [0.1, 0.5, 2].flatMap { (a: Double) -> [[Double]] in [0.5, 2, 10].map { (b: Double) -> [Double] in [a, b] } }
        do throws(FitError) {
            let r = try Fitter.fit(problem, starts: starts)
            return CoverageCurveFit(a: r.values[0], b: r.values[1], standardErrors: (r.standardErrors[0], r.standardErrors[1]),
                                    rss: r.rss, converged: r.converged)
        } catch {
            throw InputError(description: error.description)
        }
    }
}
