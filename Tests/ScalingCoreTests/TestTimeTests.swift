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
        // mpmath.quad at 30 digits of the same integral over z = (s − 1)/σ, with breakpoints at
        // both bumps; precise verifiers are the oracle's 1 − (1 − p)^k (σ = 1e-4 gave 0.468 and
        // 1.0 for k = 1 and 4, σ = 1e-9 gave 0).
        (1, 0.5, 1e-4, 0.5), (4, 0.5, 1e-4, 0.9375), (1, 0.5, 1e-9, 0.5), (4, 0.5, 1e-9, 0.9375), (4, 0.5, 1e-300, 0.9375),
        (4096, 0.01, 0.1, 1.0), (4096, 0.3, 1, 0.94863721914278719), (64, 0.05, 0.2, 0.9613151504958072),
        (256, 0.001, 10, 0.0013206846553127939),
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

    /// Exact against Monte Carlo over σ from 1e-12 to 10 and k from 1 to 4096, for one p and for
    /// p ~ Beta(0.3, 2) (seeded). Tolerance: 4.5 binomial standard errors of the Monte Carlo mean
    /// (40,000 trials; 10,000 at k ≤ 256 with Beta-distributed p, whose binomial draws cost O(k·p); a false
    /// alarm has probability about 7e-6 per comparison) plus 1e-9.
    @Test(arguments: [1e-12, 1e-9, 1e-6, 1e-4, 1e-2, 0.1, 0.5, 1, 3, 10])
    func exactMatchesMonteCarloForEveryVerifierNoise(sigma: Double) throws {
        for difficulty in [TestTimeSimulation.Difficulty.fixed(0.5), .fixed(0.02), .beta(0.3, 2)] {
            var ks = [1, 2, 4, 16, 64, 256, 1024, 4096]
            if case .beta = difficulty { ks = [1, 16, 256] }
            for k in ks {
                let exact = TestTimeSimulation.expectation(difficulty) { TestTimeSimulation.bestOfExact(k: k, p: $0, verifier: .noisy(sigma)) }
                let trials: Int
                if case .beta = difficulty { trials = 10_000 } else { trials = 40_000 }
                let (mean, _, _) = try TestTimeSimulation.bestOfMonteCarlo(k: k, difficulty: difficulty, verifier: .noisy(sigma), trials: trials, seed: 12)
                let standardError = (max(exact * (1 - exact), 1 / Double(trials)) / Double(trials)).squareRoot()
                #expect(abs(mean - exact) <= 4.5 * standardError + 1e-9, "σ = \(sigma), k = \(k), \(difficulty): exact \(exact), Monte Carlo \(mean)")
                #expect(exact >= 0 && exact <= 1)
            }
        }
    }

    /// The noisy verifier's limits: σ → 0 is the oracle, σ → ∞ picks a sample at random (p).
    @Test func noisyVerifierLimits() {
        for k in [1, 3, 100, 4096] {
            for p in [0.001, 0.3, 0.9] {
                let oracle = TestTimeSimulation.bestOfExact(k: k, p: p, verifier: .oracle)
                // Tolerance: 1e-13 absolute (quadrature of a smooth integrand).
                #expect(abs(TestTimeSimulation.bestOfExact(k: k, p: p, verifier: .noisy(1e-12)) - oracle) <= 1e-13)
                #expect(abs(TestTimeSimulation.bestOfExact(k: k, p: p, verifier: .noisy(.infinity)) - p) <= 1e-13)
            }
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
