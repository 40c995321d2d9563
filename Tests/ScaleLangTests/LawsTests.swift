import Foundation
import Testing
@testable import ScaleLang
@testable import ScalingCore

/// Pre-training laws and allocation. References were computed independently in Python (the
/// closed form of DESIGN.md §1 in float64; scipy.optimize.minimize_scalar for the numeric case).
struct LawsTests {
    func number(_ source: String) throws -> Double {
        let interpreter = Interpreter(output: { _ in })
        try interpreter.run(Source(name: "t", text: "x = " + source))
        guard case .number(let x)? = interpreter.value(of: "x") else { throw ScaleError(.runtime, "not a number", at: .none) }
        return x
    }

    @Test func chinchillaLossAtItsOwnSize() throws {
        #expect(abs(try number("chinchilla(70B, 1.4T)") - 1.936645) < 5e-7)
        #expect(abs(try number("chinchilla(70B, 1.4T, E = 1.7)") - (1.9366454705587173 + 0.01)) < 1e-12)
    }

    /// FLOPs and parameters from a model's shape (Kaplan et al. 2020, Table 1), worked by hand:
    /// 12·24·1024² = 301,989,888 non-embedding parameters, plus 50,432·1024 = 51,642,368 for the
    /// embedding; 1e10 tokens × (6·1e9 + 6·24·2048·2048 = 603,979,776) = 6.603979776e19 FLOP.
    @Test func flopsAndParametersFromTheShape() throws {
        #expect(try number("flops(70B, 1.4T)") == 5.88e23)
        #expect(try number("flops(1e9, 1e10, layers = 24, context = 2048, width = 2048)") == 6.603979776e19)
        #expect(try number("params(layers = 24, width = 1024, vocab = 50432)") == 353_632_256)
        #expect(try number("params(layers = 24, width = 1024, vocab = 50432, embedding = false)") == 301_989_888)
        // the output layer's FLOPs for an N without it: 1e10 × 6 × (301,989,888 + 1024·50,432)
        #expect(try number("flops(301989888, 1e10, width = 1024, vocab = 50432)") == 2.121793536e19)
        #expect(try number("params(2, 64, 100, ff = 2)") == 71_936)  // 2·2·64·(128 + 128) + 100·64
    }

    @Test func optimalChinchillaAtGophersBudget() throws {
        // python: N = 32189859151.368168, D = 2982305686662.796, D/N = 92.64736675730495
        #expect(abs(try number("(optimal chinchilla at C = 5.76e23).N") / 32189859151.368168 - 1) < 1e-12)
        #expect(abs(try number("(optimal chinchilla at C = 5.76e23).D") / 2982305686662.796 - 1) < 1e-12)
        #expect(abs(try number("(optimal chinchilla at C = 5.76e23).tokens_per_param") - 92.64736675730495) < 1e-9)
    }

    @Test func optimalEpochReplication() throws {
        // python: N = 72248702500.38242, D/N = 18.391244955314203
        #expect(abs(try number("(optimal epoch2024 at C = 5.76e23).N") / 72248702500.38242 - 1) < 1e-12)
        #expect(abs(try number("(optimal epoch2024 at C = 5.76e23).tokens_per_param") - 18.391244955314203) < 1e-9)
    }

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

    @Test func customCostUsesTheNumericSearch() throws {
        // mpmath (40 digits): the root of dL/dN along 6·N·D + 2·N·1e12 = C is N = 26395563154.595727
        // (scipy.optimize.minimize_scalar on the loss itself stops at 26395560490.5, 1e-7 away: the loss is flat there)
        let n = try number("(optimal chinchilla at C = 5.76e23 cost 6*N*D + 2*N*1T).N")
        #expect(abs(n / 26395563154.595727 - 1) < 1e-10)
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

    @Test func computeAccountingMatchesItsFormulas() throws {
        #expect(abs(try number("gpu_hours(5.76e23)") - 5.76e23 / (989e12 * 0.4 * 3600)) < 1e-6)
        #expect(abs(try number("gpu_hours(5.76e23, gpu = A100, mfu = 0.5)") - 5.76e23 / (312e12 * 0.5 * 3600)) < 1e-6)
        #expect(try number("cost(1e24, price = 2)") == 1e24 / (989e12 * 0.4 * 3600) * 2)
        #expect(try number("flops(70B, 1.4T)") == 6 * 70e9 * 1.4e12)
        #expect(try number("infer_flops(70B, 1000)") == 2 * 70e9 * 1000)
    }

    @Test func symbolicDerivativeMatchesTheSeedFormula() throws {
        // ∂L/∂N = −α·A·N^(−α−1)
        let expected = -0.34 * 406.4 * Foundation.pow(70e9, -1.34)
        #expect(abs(try number("d(chinchilla, N)(70B, 1.4T)") / expected - 1) < 1e-14)
        let expectedD = -0.28 * 410.7 * Foundation.pow(1.4e12, -1.28)
        #expect(abs(try number("d(chinchilla, D)(N = 70B, D = 1.4T)") / expectedD - 1) < 1e-14)
        // elasticity = N·∂L/∂N / L
        let l = 1.69 + 406.4 / Foundation.pow(70e9, 0.34) + 410.7 / Foundation.pow(1.4e12, 0.28)
        #expect(abs(try number("elasticity(chinchilla, N)(70B, 1.4T)") / (70e9 * expected / l) - 1) < 1e-13)
    }

    @Test func inferenceAwareOptimumSatisfiesItsConstraint() throws {
        let interpreter = Interpreter(output: { _ in })
        try interpreter.run(Source(name: "t", text: "o = optimal chinchilla for loss = 2.0 with inference 10T"))
        guard case .object(let o)? = interpreter.value(of: "o"), let n = o.member("N"), let d = o.member("D"),
              case .number(let N) = n, case .number(let D) = d else { Issue.record("no result"); return }
        let form = ComputeOptimal.ChinchillaForm(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)
        #expect(abs(form.loss(N, D) - 2.0) < 1e-12)
        // Optimality (Lagrange): at the optimum, moving along the constraint does not lower the total.
        func total(_ n: Double) -> Double {
            // D on the constraint for this n
            let dd = Foundation.pow(410.7 / (2.0 - 1.69 - 406.4 / Foundation.pow(n, 0.34)), 1 / 0.28)
            return 6 * n * dd + 2 * n * 10e12
        }
        #expect(total(N) <= total(N * 1.001) && total(N) <= total(N / 1.001))
    }
}

extension ComputeOptimal.ChinchillaForm: CustomTestStringConvertible {
    public var testDescription: String { "E=\(E) A=\(A) B=\(B) α=\(alpha) β=\(beta)" }
}
