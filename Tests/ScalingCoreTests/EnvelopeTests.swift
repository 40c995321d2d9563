import Foundation
import Testing
@testable import ScalingCore

/// Approach 1 against the law the curves were drawn from: curves of L = E + A/N^α + B/D^β along
/// D = C/(6N), for sizes dense enough that some run sits near every optimum, give an envelope
/// whose exponents are the law's own, a = β/(α + β) and b = α/(α + β) (Hoffmann et al. 2022,
/// eq. 4), within 0.01; and each envelope point is the lowest of the curves there.
struct EnvelopeTests {
    static let form = ComputeOptimal.ChinchillaForm(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)

    static func curves(sizes: Int) -> [Envelope.Curve] {
        (0..<sizes).map { k in
            let N = 1e7 * Foundation.pow(1e4, Double(k) / Double(sizes - 1))
            // a run's curve from 1e8 tokens to 400 tokens a parameter, 60 log-spaced points
            let ds = (0..<60).map { j in 1e8 * Foundation.pow(400 * N / 1e8, Double(j) / 59) }
            return Envelope.Curve(N: N, compute: ds.map { 6 * N * $0 }, loss: ds.map { form.loss(N, $0) })
        }
    }

    @Test func exponentsAreTheLawsOwn() throws {
        let analysis = try Envelope.analyse(Self.curves(sizes: 120), levels: 400)
        let a = 0.28 / 0.62, b = 0.34 / 0.62
        #expect(abs(analysis.N.exponent - a) < 0.01, "a = \(analysis.N.exponent), law \(a)")
        #expect(abs(analysis.D.exponent - b) < 0.01, "b = \(analysis.D.exponent), law \(b)")
        // a and b sum to 1 (N·D = C/6 on every point), to rounding
        #expect(abs(analysis.N.exponent + analysis.D.exponent - 1) < 1e-9)
    }

    @Test func eachPointIsTheLowestCurveThere() throws {
        let curves = Self.curves(sizes: 12)
        let analysis = try Envelope.analyse(curves, levels: 50)
        for p in analysis.points {
            let lc = Foundation.log(p.compute)
            for c in curves {
                let lcs = c.compute.map { Foundation.log($0) }
                if let l = Envelope.value(lcs, c.loss, at: lc) { #expect(p.loss <= l) }
            }
            #expect(abs(p.N * p.D * 6 / p.compute - 1) < 1e-12)
        }
    }

    @Test func tooLittleIsAnError() {
        let one = [Envelope.Curve(N: 1e8, compute: [1e17, 1e18], loss: [3, 2.8])]
        #expect(throws: IsoFLOP.AnalysisError.self) { try Envelope.analyse(one, levels: 20) }
        #expect(throws: IsoFLOP.AnalysisError.self) { try Envelope.analyse([], levels: 20) }
    }

    /// Approach 1 as `approaches` runs it: its values are the envelope's own (exactly: the same
    /// analysis), its bootstrap is seeded (the same seed, the same interval; another seed, another),
    /// the interval holds the value, and each replicate is the envelope of the distinct runs drawn,
    /// so on noise-free curves of the law the interval lies within 0.03 of a = β/(α + β).
    @Test func approach1IsTheEnvelopeWithSeededIntervals() throws {
        let curves = Self.curves(sizes: 40)
        let envelope = try Envelope.analyse(curves, levels: 300)
        let one = try Approaches.approach1(curves: curves, levels: 300, budget: 1e22, resamples: 60, seed: 5)
        #expect(one.row.a.value == envelope.N.exponent && one.row.b.value == envelope.D.exponent)
        #expect(one.row.N.value == envelope.N.coefficient * Foundation.pow(1e22, envelope.N.exponent))
        #expect(one.row.a.lower <= one.row.a.value && one.row.a.value <= one.row.a.upper)
        #expect(one.row.replicates == 60 && one.row.attempted == 60)
        let a = 0.28 / 0.62
        #expect(abs(one.row.a.lower - a) < 0.03 && abs(one.row.a.upper - a) < 0.03, "[\(one.row.a.lower), \(one.row.a.upper)]")
        let again = try Approaches.approach1(curves: curves, levels: 300, budget: 1e22, resamples: 60, seed: 5)
        #expect(again.row.a.lower == one.row.a.lower && again.row.a.upper == one.row.a.upper)
        let other = try Approaches.approach1(curves: curves, levels: 300, budget: 1e22, resamples: 60, seed: 6)
        #expect(other.row.a.lower != one.row.a.lower || other.row.a.upper != one.row.a.upper)
        let none = try Approaches.approach1(curves: curves, levels: 300, budget: 1e22, resamples: 0, seed: 5)
        #expect(none.row.a.lower.isNaN && none.row.a.upper.isNaN && none.row.a.value == envelope.N.exponent)
    }
}
