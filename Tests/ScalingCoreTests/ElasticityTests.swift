import Foundation
import Testing
@testable import ScalingCore

/// `ModelExpr.elasticity` against an independent route: the central difference of log L in
/// log x (step 1e-5 in log x, truncation error about 1e-10 relative for these smooth laws), on a
/// grid of inputs that includes a law crossing zero (where the elasticity is unbounded) and a
/// negative law.
struct ElasticityTests {
    /// L(N, D) = E + A/N^a + B/D^b with Chinchilla's values, and the same law shifted below zero.
    static func law(shift: Double) -> ModelExpr {
        .constant(1.69 + shift) + .constant(406.4) / .pow(.column(0), .constant(0.34)) + .constant(410.7) / .pow(.column(1), .constant(0.28))
    }

    @Test(arguments: [0.0, -3.0])
    func matchesTheLogLogSlope(shift: Double) throws {
        let L = Self.law(shift: shift)
        for c in 0..<2 {
            let e = try L.elasticity(column: c, limit: 10_000)
            for N in [1e6, 7e10, 1e14] {
                for D in [1e8, 1.4e12, 1e16] {
                    var x = [N, D]
                    let value = e.value(parameters: [], columns: x)
                    let h = 1e-5
                    x[c] = (c == 0 ? N : D) * Foundation.exp(h)
                    let up = L.value(parameters: [], columns: x)
                    x[c] = (c == 0 ? N : D) * Foundation.exp(-h)
                    let down = L.value(parameters: [], columns: x)
                    // log|L| has the same slope as log L, and works for a negative law
                    let slope = (Foundation.log(abs(up)) - Foundation.log(abs(down))) / (2 * h)
                    #expect(abs(value - slope) <= 1e-7 * max(1, abs(slope)), "column \(c) at N = \(N), D = \(D): \(value) vs \(slope)")
                }
            }
        }
    }

    /// At large N the N-term vanishes: the elasticity in N goes to 0 from below, never past it.
    @Test func vanishesFarOut() throws {
        let e = try Self.law(shift: 0).elasticity(column: 0, limit: 10_000)
        let far = e.value(parameters: [], columns: [1e30, 1e12])
        #expect(far < 0 && far > -1e-8)
    }
}
