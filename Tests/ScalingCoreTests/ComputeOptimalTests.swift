import Foundation
import Testing
@testable import ScalingCore

/// Compute-optimal allocation and the three phases' arithmetic, called on the core directly.
/// References: the closed form of DESIGN.md §1 in float64, computed independently in Python.
struct ComputeOptimalTests {
    static let forms: [ComputeOptimal.ChinchillaForm] = [
        .init(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28),
        .init(E: 1.82, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658),
        .init(E: 0.5, A: 1e3, B: 50, alpha: 0.5, beta: 0.2),
    ]

    /// The numeric search along C = 6ND agrees with the closed form to 1e-8 relative.
    @Test(arguments: forms)
    func numericPathAgreesWithClosedForm(form: ComputeOptimal.ChinchillaForm) throws {
        for c in [1e19, 1e21, 5.76e23, 1e25] {
            let exact = form.optimum(budget: c)
            let gradient = { (n: Double, d: Double) in
                (-form.alpha * form.A * Foundation.pow(n, -form.alpha - 1), -form.beta * form.B * Foundation.pow(d, -form.beta - 1))
            }
            let numeric = try ComputeOptimal.numeric(loss: form.loss, budget: c, gradient: gradient)
            #expect(abs(numeric.N / exact.N - 1) < 1e-8, "N at C = \(c): \(numeric.N) vs \(exact.N)")
            #expect(abs(numeric.D / exact.D - 1) < 1e-8)
        }
    }

    @Test func detectsTheChinchillaShape() {
        let e: ModelExpr = .constant(1.69) + .constant(406.4) / ModelExpr.pow(.column(0), .constant(0.34))
            + .constant(410.7) / ModelExpr.pow(.column(1), .constant(0.28))
        #expect(ComputeOptimal.ChinchillaForm.detect(e) == ComputeOptimal.ChinchillaForm(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28))
        #expect(ComputeOptimal.ChinchillaForm.detect(e * .constant(2)) == nil)
    }

    /// Synthetic iso-FLOP runs from a known law recover a = β/(α+β) to 0.01, with and without noise.
    @Test(arguments: [0.0, 0.002])
    func isoflopRecoversTheExponent(noise: Double) throws {
        let form = ComputeOptimal.ChinchillaForm(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)
        var rng = SeededRandom(seed: 42)
        var N: [Double] = [], loss: [Double] = [], C: [Double] = []
        for c in [1e19, 3e19, 1e20, 3e20, 1e21, 3e21, 1e22] {
            let center = form.optimum(budget: c).N
            for k in -4...4 {
                let n = center * Foundation.pow(2, Double(k) / 2)
                // C jitters by up to 3%, as in extracted data
                let cj = c * (1 + 0.03 * (rng.uniform() - 0.5))
                N.append(n)
                C.append(cj)
                loss.append(form.loss(n, cj / (6 * n)) + noise * (rng.uniform() - 0.5))
            }
        }
        let analysis = try IsoFLOP.analyse(N: N, loss: loss, compute: C)
        #expect(analysis.budgets.count == 7)
        #expect(abs(analysis.N.exponent - form.a) < 0.01, "a = \(analysis.N.exponent), expected \(form.a)")
        #expect(abs(analysis.D.exponent - form.b) < 0.01)
    }

    @Test func matchedSamplesEqualiseTotalFLOPs() {
        for (m, q) in [(14.0, 1e6), (4.0, 1e9), (2.0, 3e7)] {
            let a = MatchedCompute.Assumptions(smallParameters: 1e9, ratio: m, tokens: 2e10, queries: q, tokensPerSample: 1000,
                                               problems: [0.5], verifier: .oracle, lossPerLogit: 0.08)
            let small = a.totalFLOPs(parameters: 1e9, samples: a.matchedSamples), large = a.totalFLOPs(parameters: m * 1e9, samples: 1)
            #expect(abs(small / large - 1) < 1e-14)
        }
        #expect(MatchedCompute.shifted(0, lossDrop: 1, lossPerLogit: 0.08) == 0)
        #expect(MatchedCompute.shifted(1, lossDrop: 1, lossPerLogit: 0.08) == 1)
        #expect(abs(MatchedCompute.shifted(0.5, lossDrop: 0.08 * Foundation.log(3), lossPerLogit: 0.08) - 0.75) < 1e-15)
    }
}

extension ComputeOptimal.ChinchillaForm: CustomTestStringConvertible {
    public var testDescription: String { "E=\(E) A=\(A) B=\(B) α=\(alpha) β=\(beta)" }
}

/// Percentiles of replicates that include infinities.
struct PercentileTests {
    /// A bootstrap percentile between two infinite replicates is infinite, not ∞ − ∞.
    @Test func percentilesOfInfiniteValues() {
        #expect(ScalingCore.percentile(sorted: [1, .infinity, .infinity], 0.75) == .infinity)
        #expect(ScalingCore.percentile(sorted: [-.infinity, -.infinity, 1], 0.25) == -.infinity)
        #expect(ScalingCore.percentile(sorted: [1, 2, 3], 0.25) == 1.5)
    }
}
