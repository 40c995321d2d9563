import Foundation
import Testing
@testable import ScalingCore

/// A sample count that is 0/0 or 0·∞ (no extra compute over no queries; a larger model of ratio 1
/// with no inference) is one sample, not a trap in Int(NaN).
struct UndefinedSampleCountTests {
    @Test func phaseComparisonWithNothingSpentOnNothing() {
        let a = PhaseComparison.Assumptions(parameters: 7e9, tokens: 1.4e11, extraFLOPs: 0, queries: 0, tokensPerSample: 1000,
                                            problems: [0.5], verifier: .oracle)
        #expect(a.samplesPerQuery == 1)
    }

    @Test func matchedComputeAtRatioOneWithNoInference() {
        let a = MatchedCompute.Assumptions(smallParameters: 1e9, ratio: 1, tokens: 2e10, queries: 0, tokensPerSample: 1000,
                                           problems: [0.5], verifier: .oracle, lossPerLogit: 0.08)
        #expect(a.matchedSamples.isNaN)
        let r = MatchedCompute.compare(a) { n, d in 1.69 + 406.4 / pow(n, 0.34) + 410.7 / pow(d, 0.28) }
        #expect(r.samples == 1)
    }
}
