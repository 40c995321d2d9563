import Foundation
import Testing
@testable import ScaleLang
@testable import ScalingCore

/// `speedup`: the effective compute multiplier against a closed form and an independent root, the
/// crossover against a hand-solved pair of laws.
struct SpeedupTests {
    func run(_ text: String) throws -> Interpreter { try runInRepository(text) }

    /// The compute-optimal reducible loss A·N^−α + B·D^−β of E + A/N^α + B/D^β at budget C, from
    /// N = G·(C/6)^a, D = (C/6)^b/G, G = (αA/(βB))^(1/(α+β)), written out here on its own.
    static func reducible(A: Double, B: Double, alpha: Double, beta: Double, C: Double) -> Double {
        let G = Foundation.pow(alpha * A / (beta * B), 1 / (alpha + beta))
        let a = beta / (alpha + beta), b = alpha / (alpha + beta)
        let N = G * Foundation.pow(C / 6, a), D = Foundation.pow(C / 6, b) / G
        return A * Foundation.pow(N, -alpha) + B * Foundation.pow(D, -beta)
    }

    /// Two laws that differ only in A: L*(C) = E + K·A^(β/(α+β))·C^(−αβ/(α+β)), so the new law
    /// (A/r) is worth k = r^(1/α) of the base's compute at every budget. To 1e-10 relative, over
    /// a grid of exponents and ratios (r < 1 too: a worse law, k < 1).
    @Test func multiplierOfLawsDifferingInAIsAPowerOfTheRatio() throws {
        for (alpha, beta) in [(0.34, 0.28), (0.2, 0.5), (0.5, 0.15)] {
            for r in [0.5, 2.0, 7.5] {
                let i = try run("""
                    base(N, D) = 1.7 + 400/N^\(alpha) + 410/D^\(beta)
                    new(N, D) = 1.7 + \(400 / r)/N^\(alpha) + 410/D^\(beta)
                    s = speedup new over base at C = 1e19..1e25 times 100
                    """)
                let exact = Foundation.pow(r, 1 / alpha)
                for j in 1...4 {
                    let k = try number(i, "s.k[\(j)]")
                    #expect(abs(k / exact - 1) < 1e-10, "α \(alpha), β \(beta), r \(r): \(k) against \(exact)")
                }
                #expect(try number(i, "s.crossover").isNaN)
            }
        }
    }

    /// Laws that differ in E and A: k at each budget solves L_base*(k·C) = L_new*(C), checked by
    /// bisection here on the written-out optimum (60 halvings of a bracket in log k).
    @Test func multiplierAgreesWithAnIndependentRoot() throws {
        let i = try run("""
            base(N, D) = 1.8 + 200/N^0.34 + 410.7/D^0.28
            new(N, D) = 1.75 + 300/N^0.34 + 410.7/D^0.28
            s = speedup new over base at C = 1e18..1e24 times 10
            """)
        for (j, C) in [1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24].enumerated() {
            let target = 1.75 + Self.reducible(A: 300, B: 410.7, alpha: 0.34, beta: 0.28, C: C)
            var lo = -40.0, hi = 40.0
            for _ in 0..<60 {
                let mid = (lo + hi) / 2
                if 1.8 + Self.reducible(A: 200, B: 410.7, alpha: 0.34, beta: 0.28, C: C * Foundation.exp(mid)) > target { lo = mid } else { hi = mid }
            }
            let k = try number(i, "s.k[\(j + 1)]")
            #expect(abs(Foundation.log(k) - (lo + hi) / 2) < 1e-9, "C = \(C)")
            #expect(abs(try number(i, "s.gap[\(j + 1)]") - (1.8 + Self.reducible(A: 200, B: 410.7, alpha: 0.34, beta: 0.28, C: C) - target)) < 1e-12)
        }
    }

    /// A pair whose optimal curves E + K·C^−γ cross where x = C^−γ = (E_b − E_a)/(K_a − K_b):
    /// 6.9077e21 FLOPs for these, and k = 1 there.
    @Test func crossoverOfAHandSolvedPair() throws {
        let alpha = 0.34, beta = 0.28, gamma = alpha * beta / (alpha + beta)
        func K(_ A: Double) -> Double { Self.reducible(A: A, B: 410.7, alpha: alpha, beta: beta, C: 1e22) / Foundation.pow(1e22, -gamma) }
        let exact = Foundation.pow((1.8 - 1.5) / (K(800) - K(200)), -1 / gamma)
        let i = try run("""
            a(N, D) = 1.5 + 800/N^0.34 + 410.7/D^0.28
            b(N, D) = 1.8 + 200/N^0.34 + 410.7/D^0.28
            s = speedup a over b at C = 1e18..1e26 times 10
            """)
        #expect(abs(try number(i, "s.crossover") / exact - 1) < 1e-10)
        #expect(abs(exact / 6.907700632793014e21 - 1) < 1e-9)
        // below the crossover the law of lower A is ahead, above it the law of lower E
        #expect(try number(i, "s.k[1]") < 1)
        #expect(try number(i, "s.k[9]") > 1)
    }

    /// With a grouped fit the groups are named; mistakes are named too.
    @Test func groupsAndMistakes() throws {
        let i = try run("""
            runs = load "Examples/data/gadre2024_overtraining.csv"
            fs = fit loss_c4_val ~ E + A/N^alpha + B/D^beta on runs by dataset start alpha = [0.2, 0.4], beta = [0.2, 0.4]
            s = speedup fs of "c4_original" over "rpj" at C = 1e21
            t = speedup fs.c4_original over fs.rpj at C = 1e21
            """)
        #expect(try number(i, "s.k[1]") == (try number(i, "t.k[1]")))
        let setup = "runs = load \"Examples/data/gadre2024_overtraining.csv\"\nfs = fit loss_c4_val ~ E + A/N^alpha + B/D^beta on runs by dataset start alpha = [0.2, 0.4], beta = [0.2, 0.4]\n"
        func message(_ s: String) -> String {
            let i = Interpreter(output: { _ in })
            i.baseDirectory = repositoryRoot.path
            do { try i.run(Source(name: "t", text: setup + s)); return "" } catch { return error.message }
        }
        #expect(message("speedup fs of \"c4\" over \"rpj\" at C = 1e21").contains("no group 'c4'"))
        #expect(message("speedup fs over \"rpj\" at C = 1e21").contains("name the new group"))
        #expect(message("speedup chinchilla over epoch2024 at C = 1e21 with resamples = 10").contains("needs both laws to be fits"))
    }
}
