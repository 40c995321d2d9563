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

    /// Muennighoff et al. 2023's data-constrained law and its optimum under a unique-token budget,
    /// against Python: D' = U_D + U_D·R*·(1 − exp(−R/R*)) with U_D = min(D, U), and
    /// scipy.optimize.minimize_scalar over log N along 6·N·D = C (1e-12 tolerance).
    @Test func dataConstrainedLawAndOptimum() throws {
        // fresh data (U ≥ D): exactly Chinchilla's law; four epochs of 1T unique tokens: python 1.8975327011943621
        #expect(try number("muennighoff(70B, 1.4T, 10T)") == (try number("chinchilla(70B, 1.4T)")))
        #expect(abs(try number("muennighoff(70B, 4T, 1T)") - 1.8975327011943621) < 1e-14)
        // U = 100B at 1e23 FLOPs: N = 20652376916.789207, loss 2.0172412970295253, 8.07 epochs
        #expect(abs(try number("(optimal muennighoff at C = 1e23 with U = 100B).N") / 20652376916.789207 - 1) < 1e-6)
        #expect(abs(try number("(optimal muennighoff at C = 1e23 with U = 100B).loss") - 2.0172412970295253) < 1e-11)
        #expect(abs(try number("(optimal muennighoff at C = 1e23 with U = 100B).epochs") - 8.070096112335435) < 1e-5)
        // a quarter of the unconstrained optimum's tokens: 3.47 epochs cost 0.16% of loss
        // ("up to about 4 epochs are almost as good as unique data")
        #expect(abs(try number("(optimal muennighoff at C = 1e23 with U = 285.42B).loss") - 2.0081363480148466) < 1e-11)
        #expect(abs(try number("(optimal muennighoff at C = 1e23 with U = 1e15).N") / (try number("(optimal chinchilla at C = 1e23).N")) - 1) < 1e-6)
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

    @Test func customCostUsesTheNumericSearch() throws {
        // mpmath (40 digits): the root of dL/dN along 6·N·D + 2·N·1e12 = C is N = 26395563154.595727
        // (scipy.optimize.minimize_scalar on the loss itself stops at 26395560490.5, 1e-7 away: the loss is flat there)
        let n = try number("(optimal chinchilla at C = 5.76e23 cost 6*N*D + 2*N*1T).N")
        #expect(abs(n / 26395563154.595727 - 1) < 1e-10)
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
