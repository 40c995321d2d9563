import Foundation
import Testing
@testable import ScalingCore

/// The approaches side by side, against an independent numpy/scipy bootstrap of the same
/// procedures (Tests/References/porian_approach2.py bootstrap: runs resampled within each budget,
/// 2,000 resamples, numpy's own generator): the
/// percentile intervals agree within the Monte Carlo error of two independent bootstraps
/// (stated per case: the 2.5% and 97.5% points of 2,000 draws wander by about a tenth of the
/// interval's width).
struct ApproachesTests {
    @Test(arguments: [
        ("base_long_kaplan_kaplan_train", IsoFLOP.Locator.akima, 0.80112628, 0.91066939, 0.015),
        ("base_long_kaplan_kaplan_train", .parabola, 0.70424631, 0.94412894, 0.03),
        ("tuned_short_const_standard_val", .akima, 0.4791739, 0.51705804, 0.005),
        ("tuned_short_const_standard_val", .parabola, 0.49088292, 0.52732465, 0.005),
    ])
    func approach2IntervalsAgreeWithNumpy(name: String, locator: IsoFLOP.Locator, lower: Double, upper: Double, tolerance: Double) throws {
        let runs = try IsoFLOPLocatorTests.porian(name)
        let row = try Approaches.approach2(N: runs.N, loss: runs.loss, compute: runs.C, locator: locator, budget: 1e21, resamples: 2000, seed: 7)
        #expect(row.attempted == 2000 && row.replicates == 2000)
        #expect(abs(row.a.lower - lower) < tolerance, "lower \(row.a.lower)")
        #expect(abs(row.a.upper - upper) < tolerance, "upper \(row.a.upper)")
        #expect(row.a.lower < row.a.value && row.a.value < row.a.upper)
        // D = C/(6N) at every budget, so b = 1 − a in every replicate and N·D·6 = C at the budget.
        #expect(abs(row.b.value - (1 - row.a.value)) < 1e-12)
        #expect(abs(row.b.lower - (1 - row.a.upper)) < 1e-12)
        #expect(abs(6 * row.N.value * row.D.value / 1e21 - 1) < 1e-12)
    }

    /// The same seed gives the same interval, whatever the thread count.
    @Test func resamplesAreSeeded() throws {
        let runs = try IsoFLOPLocatorTests.porian("base_short_chinchilla_standard_val")
        let one = try Approaches.approach2(N: runs.N, loss: runs.loss, compute: runs.C, locator: .akima, budget: 1e21, resamples: 100, seed: 3)
        let two = try Approaches.approach2(N: runs.N, loss: runs.loss, compute: runs.C, locator: .akima, budget: 1e21, resamples: 100, seed: 3)
        let other = try Approaches.approach2(N: runs.N, loss: runs.loss, compute: runs.C, locator: .akima, budget: 1e21, resamples: 100, seed: 4)
        #expect(one.a.lower == two.a.lower && one.a.upper == two.a.upper)
        #expect(one.a.lower != other.a.lower || one.a.upper != other.a.upper)
    }

    /// Approach 3 reads the exponents and the optimum off the law: Chinchilla's printed law gives
    /// a = 0.28/0.62 and, at 5.76e23 FLOPs, the closed form of DESIGN.md §1.
    @Test func approach3FromTheLaw() {
        let law = ComputeOptimal.ChinchillaForm(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)
        let row = Approaches.approach3(fit: law, replicates: [law, law], attempted: 2, budget: 5.76e23)
        #expect(abs(row.a.value - 0.28 / 0.62) < 1e-15)
        let G = pow(0.34 * 406.4 / (0.28 * 410.7), 1 / 0.62)
        #expect(abs(row.N.value / (G * pow(5.76e23 / 6, 0.28 / 0.62)) - 1) < 1e-14)
        #expect(abs(row.coefficientN * pow(5.76e23, row.a.value) / row.N.value - 1) < 1e-12)
    }
}
