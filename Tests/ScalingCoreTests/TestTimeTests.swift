import Foundation
import Testing
@testable import ScalingCore

/// Test-time numerics against brute force, scipy (quad, betaln, norm) and their own intervals.
struct TestTimeTests {
    @Test func passAtKReferenceValue() throws {
        // Chen et al.'s estimator; 0.4975511147 as in the issue, checked with exact fractions in Python.
        #expect(abs(try RepeatedSampling.passAtK(n: 200, c: 13, k: 10) - 0.4975511147306061) < 1e-12)
    }

    /// Against 1 − C(n−c, k)/C(n, k) in exact integer arithmetic, every case with n ≤ 12.
    @Test func passAtKAgainstCombinations() throws {
        func choose(_ n: Int, _ k: Int) -> Double {
            guard k >= 0, k <= n else { return 0 }
            var r: UInt64 = 1
            for i in 0..<k { r = r * UInt64(n - i) / UInt64(i + 1) }
            return Double(r)
        }
        for n in 1...12 {
            for c in 0...n {
                for k in 1...n {
                    let expected = 1 - choose(n - c, k) / choose(n, k)
                    #expect(abs(try RepeatedSampling.passAtK(n: Double(n), c: Double(c), k: Double(k)) - expected) < 1e-14)
                }
            }
        }
        #expect(throws: RepeatedSampling.InputError.self) { try RepeatedSampling.passAtK(n: 10, c: 11, k: 1) }
    }

    /// Huge counts stay fast (the fuzzer found n = 3e74 looping forever) and accurate; references
    /// are exact fractions (Python fractions.Fraction).
    @Test func passAtKWithHugeCounts() throws {
        #expect(abs(try RepeatedSampling.passAtK(n: 1e12, c: 5e11, k: 3) - 0.875000000000375) < 1e-15)
        #expect(throws: RepeatedSampling.InputError.self) { try RepeatedSampling.passAtK(n: 1e15, c: 3e7, k: 2e7) }
        #expect(abs(try RepeatedSampling.passAtK(n: 9_007_199_254_740_992, c: 11, k: 1) / (11 / 9_007_199_254_740_992) - 1) < 1e-12)  // exactly 11/n
        #expect(throws: RepeatedSampling.InputError.self) { try RepeatedSampling.passAtK(n: 3.3e74, c: 11, k: 1) }
    }

    @Test func coverageWithBetaDifficulty() {
        // scipy.integrate.quad of (1 − (1 − p)^10)·Beta(0.3, 2) density: 0.44149187141306817
        #expect(abs(RepeatedSampling.coverage(k: 10, betaA: 0.3, betaB: 2) - 0.44149187141306817) < 1e-12)
        // the same through the quadrature over the difficulty distribution
        let viaQuadrature = TestTimeSimulation.expectation(.beta(0.3, 2)) { RepeatedSampling.coverage(k: 10, p: $0) }
        #expect(abs(viaQuadrature - 0.44149187141306817) < 1e-7)
    }

    static let bestOf: [(Int, Double, Double, Double)] = [
        // k, p, σ, scipy.integrate.quad of k·p·φσ(s−1)·F(s)^(k−1)
        (16, 0.3, 0.5, 0.9321759779798976), (1024, 0.3, 0.5, 0.9987338112128912), (4, 0.1, 1.0, 0.20354252694559605),
    ]

    @Test(arguments: bestOf)
    func bestOfNoisyExact(k: Int, p: Double, sigma: Double, expected: Double) {
        #expect(abs(TestTimeSimulation.bestOfExact(k: k, p: p, verifier: .noisy(sigma)) - expected) < 1e-10)
    }

    /// Every Monte Carlo estimate lies within its own 95% interval of the exact value (fixed seeds).
    @Test(arguments: [1, 4, 16, 64, 256, 1024])
    func monteCarloCoversTheExactValue(k: Int) throws {
        for (difficulty, verifier) in [(TestTimeSimulation.Difficulty.fixed(0.3), TestTimeSimulation.Verifier.noisy(0.5)),
                                       (.beta(0.3, 2), .noisy(0.5)), (.fixed(0.05), .oracle), (.empirical([0.01, 0.2, 0.7]), .noisy(1))] {
            let exact = TestTimeSimulation.expectation(difficulty) { TestTimeSimulation.bestOfExact(k: k, p: $0, verifier: verifier) }
            let (mean, lo, hi) = try TestTimeSimulation.bestOfMonteCarlo(k: k, difficulty: difficulty, verifier: verifier, trials: 20000, seed: 7)
            #expect(lo <= exact && exact <= hi, "k = \(k): MC \(mean) [\(lo), \(hi)] vs exact \(exact)")
        }
    }

    @Test func monteCarloIsReproducible() throws {
        let a = try TestTimeSimulation.bestOfMonteCarlo(k: 64, difficulty: .beta(0.5, 1), verifier: .noisy(0.3), trials: 12345, seed: 99)
        let b = try TestTimeSimulation.bestOfMonteCarlo(k: 64, difficulty: .beta(0.5, 1), verifier: .noisy(0.3), trials: 12345, seed: 99)
        #expect(a.0 == b.0)
    }

    /// The dynamic program against enumeration of every sequence of answers.
    @Test func majorityVoteAgainstBruteForce() {
        for (p, q, m) in [(0.4, 0.5, 1), (0.5, 0.0, 2), (0.3, 0.2, 3), (0.25, 0.25, 2)] {
            for k in 1...6 {
                let dp = MajorityVote.accuracy(k: k, p: p, distractor: q, wrong: m)
                let brute = MajorityVote.bruteForce(k: k, p: p, distractor: q, wrong: m)
                #expect(abs(dp - brute) < 1e-13, "k = \(k), p = \(p), q = \(q), m = \(m): \(dp) vs \(brute)")
            }
        }
    }

    @Test func majorityVoteCollapsesWhenADistractorIsLikelier() {
        #expect(abs(MajorityVote.accuracy(k: 1, p: 0.4, distractor: 0.5, wrong: 4) - 0.4) < 1e-15)
        #expect(MajorityVote.accuracy(k: 1001, p: 0.4, distractor: 0.5, wrong: 4) < 1e-3)
        // and rises towards 1 when the right answer is the likeliest
        #expect(MajorityVote.accuracy(k: 1001, p: 0.4, distractor: 0.3, wrong: 4) > 0.999)
    }

    @Test func fitBetaRecoversKnownParameters() throws {
        var rng = SeededRandom(seed: 3)
        var n: [Double] = [], c: [Double] = []
        for _ in 0..<3000 {
            let p = TestTimeSimulation.draw(.beta(0.5, 2), &rng)
            n.append(100)
            c.append(Double(TestTimeSimulation.binomial(100, p, &rng)))
        }
        let fit = try RepeatedSampling.fitBeta(n: n, c: c)
        #expect(fit.converged)
        // 3,000 problems: standard errors are a few percent
        #expect(abs(fit.a / 0.5 - 1) < 0.1, "a = \(fit.a)")
        #expect(abs(fit.b / 2 - 1) < 0.1, "b = \(fit.b)")
    }

    @Test func normalQuantileAgainstScipy() {
        #expect(abs(Special.normalQuantile(0.975) - 1.959963984540054) < 1e-14)
        #expect(abs(Special.normalQuantile(1e-10) / -6.361340902404056 - 1) < 1e-13)
    }
}
