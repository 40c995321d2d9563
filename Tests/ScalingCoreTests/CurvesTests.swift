import Foundation
import Testing
@testable import ScalingCore

/// The curve readers against independent routes: TensorBoard's smoothing against its closed
/// form Σ w^(n−i)(1 − w)x_i / (1 − wⁿ) (summed separately, so within 1e-12 relative), and the
/// interpolation against numpy's `interp` semantics worked by hand, edges included.
struct CurvesTests {
    static func closedForm(_ xs: [Double], _ w: Double) -> [Double] {
        (1...xs.count).map { n in
            var s = 0.0
            for i in 1...n { s += Foundation.pow(w, Double(n - i)) * (1 - w) * xs[i - 1] }
            return s / (1 - Foundation.pow(w, Double(n)))
        }
    }

    @Test(arguments: [0.0, 0.3, 0.6, 0.9, 0.99, 0.999])
    func smoothingIsTheDebiasedMovingAverage(weight: Double) {
        var g = SystemRandomNumberGenerator()
        let xs = (0..<200).map { i in 3 * Foundation.pow(Double(i + 1), -0.1) + Double.random(in: -0.05...0.05, using: &g) }
        for (a, b) in zip(Curves.tensorBoardSmoothing(xs, weight: weight), Self.closedForm(xs, weight)) {
            #expect(abs(a - b) <= 1e-12 * abs(b), "w = \(weight): \(a) vs \(b)")
        }
    }

    @Test func smoothingPassesNonFiniteAndConstantCurvesThrough() {
        #expect(Curves.tensorBoardSmoothing([2, 2, 2], weight: 0.9) == [2, 2, 2])
        let s = Curves.tensorBoardSmoothing([1, .nan, 3], weight: 0.5)
        #expect(s[0] == 1 && s[1].isNaN)
        // the NaN is skipped: the third point is the average of 1 and 3 alone, (0.25·1 + 0.5·3)/0.75
        #expect(abs(s[2] - (0.25 + 1.5) / 0.75) < 1e-15)
        #expect(Curves.tensorBoardSmoothing([], weight: 0.5) == [])
        #expect(Curves.tensorBoardSmoothing([1], weight: 0) == [1])
    }

    @Test func interpolationMatchesNumpyInterpInsideAndIsNaNOutside() {
        let xs: [Double] = [400, 100, 200, 800], ys: [Double] = [2.5, 3.0, 2.8, 2.2]  // unsorted on purpose
        // np.interp([100, 150, 200, 300, 600, 800], [100, 200, 400, 800], [3.0, 2.8, 2.5, 2.2])
        let expected: [Double] = [3.0, 2.9, 2.8, 2.65, 2.35, 2.2]
        for (x0, y) in zip([100.0, 150, 200, 300, 600, 800], expected) {
            #expect(abs(Curves.value(xs: xs, ys: ys, at: x0) - y) < 1e-14, "at \(x0)")
        }
        for x0 in [99.0, 801, .nan, -.infinity, .infinity] { #expect(Curves.value(xs: xs, ys: ys, at: x0).isNaN) }
        #expect(Curves.value(xs: [], ys: [], at: 1).isNaN)
        // points with a missing coordinate are left out
        #expect(Curves.value(xs: [1, 2, 3], ys: [1, .nan, 3], at: 2) == 2)
        #expect(Curves.value(xs: [5], ys: [7], at: 5) == 7)
    }
}

/// The annealing law's areas against their definition written out as the double sum
/// S2(s) = Σ_{i≤s} Σ_{k≤i} (η_(k−1) − η_k)·λ^(i−k) (Tissue et al. 2024), over schedules with
/// warm-up, cosine decay and steps, within 1e-12 relative.
struct LearningRateAreaTests {
    static func direct(_ lr: [Double], _ lambda: Double) -> (s1: [Double], s2: [Double]) {
        let eta = [lr[0]] + lr  // η_0 = η_1
        var s1: [Double] = [], s2: [Double] = []
        for s in 1...lr.count {
            s1.append((1...s).reduce(0) { $0 + eta[$1] })
            var total = 0.0
            for i in 1...s { for k in 1...i { total += (eta[k - 1] - eta[k]) * Foundation.pow(lambda, Double(i - k)) } }
            s2.append(total)
        }
        return (s1, s2)
    }

    @Test(arguments: [0.0, 0.9, 0.999])
    func areasMatchTheDoubleSum(lambda: Double) {
        let n = 300
        let cosine = (0..<n).map { i in 1e-3 * (0.1 + 0.9 * 0.5 * (1 + Foundation.cos(Double.pi * Double(i) / Double(n - 1)))) }
        let warmup = (0..<n).map { i in 1e-3 * min(1, Double(i + 1) / 50) }
        let steps = (0..<n).map { i in i < 200 ? 1e-3 : i < 250 ? 3e-4 : 1e-4 }
        for lr in [cosine, warmup, steps] {
            let got = Curves.learningRateAreas(lr, decay: lambda), want = Self.direct(lr, lambda)
            for k in 0..<n {
                #expect(abs(got.s1[k] - want.s1[k]) <= 1e-12 * abs(want.s1[k]))
                #expect(abs(got.s2[k] - want.s2[k]) <= 1e-12 * max(abs(want.s2[k]), 1e-6))
            }
        }
        // a constant schedule is never annealed
        #expect(Curves.learningRateAreas([1e-3, 1e-3, 1e-3], decay: lambda).s2 == [0, 0, 0])
        #expect(Curves.learningRateAreas([], decay: lambda).s1 == [])
    }
}
