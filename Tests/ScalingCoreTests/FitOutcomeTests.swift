import Foundation
import Testing
@testable import ScalingCore

/// Each outcome that qualifies a fit's estimates is reported as data on the result.
struct FitOutcomeTests {
    let x: [Double] = [1, 2, 3, 4, 5, 6]

    @Test func singularJacobian() throws {
        // a·b·x: only the product is determined
        let y = x.map { 2 * $0 + 0.01 * Foundation.sin($0) }
        let problem = FitProblem(response: .column(1), model: .parameter(0) * .parameter(1) * .column(0), columns: [x, y],
                                 columnNames: ["x", "y"], parameterNames: ["a", "b"])
        for method in [FitMethod.levenbergMarquardt, .automatic] {
            let r = try Fitter.fit(problem, starts: [[1, 1]], method: method)
            #expect(r.outcomes.contains { if case .singularJacobian(let names) = $0 { return names.count == 1 } else { return false } }, "\(method): \(r.outcomes)")
            #expect(!r.isClean)
        }
    }

    @Test func parameterAtABound() throws {
        // y = 3·exp(−0.5·x) with b held at 1 or above: b ends on its bound
        let y = x.map { 3 * Foundation.exp(-0.5 * $0) }
        var problem = FitProblem(response: .column(1), model: .parameter(0) * .call(.exp, -(.parameter(1) * .column(0))), columns: [x, y],
                                 columnNames: ["x", "y"], parameterNames: ["a", "b"])
        problem.lowerBounds[1] = 1
        for method in [FitMethod.levenbergMarquardt, .variableProjection] {
            let r = try Fitter.fit(problem, starts: [[1, 2]], method: method)
            #expect(r.values[1] == 1, "\(method)")
            #expect(r.outcomes.contains(.atBound(parameter: "b", bound: 1, isLower: true)), "\(method): \(r.outcomes)")
        }
    }

    @Test func negativeR2() throws {
        // y = 5 − x fitted by a·x (no intercept): a = Σxy/Σx² = 2/3 on x = 1…4, SSE = 50/3, TSS = 5, R² = 1 − 10/3 = −7/3
        let x4: [Double] = [1, 2, 3, 4], y: [Double] = [4, 3, 2, 1]
        let problem = FitProblem(response: .column(1), model: .parameter(0) * .column(0), columns: [x4, y], columnNames: ["x", "y"], parameterNames: ["a"])
        let r = try Fitter.fit(problem, starts: [[1]], method: .automatic)
        #expect(r.method == .variableProjection)
        #expect(abs(r.values[0] - 2.0 / 3) <= 1e-14)
        #expect(abs(r.r2 + 7.0 / 3) <= 1e-13)
        #expect(r.outcomes == [.negativeR2(r.r2)])
    }

    @Test func awayFromMostStarts() throws {
        let y = x.map { 2 * $0 }
        let problem = FitProblem(response: .column(1), model: .parameter(0) * .column(0), columns: [x, y], columnNames: ["x", "y"], parameterNames: ["a"])
        var r = try Fitter.fit(problem, starts: [[1]], method: .levenbergMarquardt)
        r.objective = 0.5
        r.startsAtBest = 1
        // three converged starts at another optimum (objective 1), one at the best, one that did not converge
        #expect(FitOutcome.assess(r, lower: [-.infinity], upper: [.infinity], startObjectives: [1, 1 + 1e-9, 0.5, .nan, 1])
            == [.awayFromMostStarts(startsAtBest: 1, startsAtCommonest: 3, commonestObjective: 1)])
        // most starts at the best: nothing to say
        r.startsAtBest = 3
        #expect(FitOutcome.assess(r, lower: [-.infinity], upper: [.infinity], startObjectives: [0.5, 0.5, 0.5, 1, 1]).isEmpty)
    }

    /// On exact data the starts end at objectives such as 3.9e-31 and 1e-33: both zero to the
    /// precision the residuals carry, so one optimum (they were counted as two, and a fit of exact
    /// data warned that most starts went elsewhere).
    @Test func exactDataIsOneOptimum() throws {
        let y = x.map { 2 * $0 }
        let problem = FitProblem(response: .column(1), model: .parameter(0) * .column(0), columns: [x, y], columnNames: ["x", "y"], parameterNames: ["a"])
        var r = try Fitter.fit(problem, starts: [[1]], method: .levenbergMarquardt)
        r.objective = 3.9e-31
        r.startsAtBest = 1
        let floor = Fitter.roundingFloor(y: y, weights: nil)
        // 64 ulps a row of y = 2x: far below any objective a real misfit leaves, far above 1e-31
        #expect(floor > 1e-28 && floor < 1e-20, "\(floor)")
        #expect(FitOutcome.assess(r, lower: [-.infinity], upper: [.infinity], startObjectives: [3.9e-31, 1e-33, 1e-33], roundingFloor: floor).isEmpty)
        #expect(FitOutcome.assess(r, lower: [-.infinity], upper: [.infinity], startObjectives: [3.9e-31, 1e-33, 1e-33])
            == [.awayFromMostStarts(startsAtBest: 1, startsAtCommonest: 2, commonestObjective: 1e-33)])
    }

    @Test func weightedObjectiveAndPlainRSS() throws {
        // Weighted least squares of y on 1 and x; reference from numpy's normal equations:
        // intercept −0.09616858, slope 1.03409962, Σ w r² = 0.1506513409961686, Σ r² = 0.09774885864858161
        let y = [1.1, 1.9, 3.2, 3.9, 5.1, 6.2], w: [Double] = [1, 2, 1, 3, 1, 2]
        let problem = FitProblem(response: .column(1), model: .parameter(0) + .parameter(1) * .column(0), columns: [x, y],
                                 columnNames: ["x", "y"], parameterNames: ["a", "b"], weights: w)
        for method in [FitMethod.levenbergMarquardt, .variableProjection] {
            let r = try Fitter.fit(problem, starts: [[0, 0]], method: method)
            #expect(abs(r.values[1] - 1.03409962) <= 1e-8, "\(method)")
            #expect(abs(r.objective - 0.1506513409961686) <= 1e-12, "\(method)")
            #expect(abs(r.rss - 0.1506513409961686) <= 1e-12, "\(method)")
            #expect(abs(r.unweightedRSS - 0.09774885864858161) <= 1e-12, "\(method)")
            #expect(r.isClean, "\(method): \(r.outcomes)")
        }
    }
}

/// A bounded parameter's interval stops at its bound; without a standard error its ends stay nan.
struct BoundedIntervalTests {
    @Test func intervalStopsAtTheBound() throws {
        // y = a·x with a near 0 and a > 0: the symmetric interval would reach below 0
        let x: [Double] = [1, 2, 3, 4, 5], y: [Double] = [0.3, -0.2, 0.4, -0.1, 0.2]
        var p = FitProblem(response: .column(1), model: .parameter(0) * .column(0) + .parameter(1), columns: [x, y],
                           columnNames: ["x", "y"], parameterNames: ["a", "b"])
        let free = try Fitter.fit(p, starts: [[0.1, 0.1]])
        #expect(free.lower[0] < 0)
        p.lowerBounds[0] = -0.01
        let bounded = try Fitter.fit(p, starts: [[0.1, 0.1]])
        #expect(bounded.values[0] > -0.01)
        #expect(bounded.lower[0] == -0.01)
        #expect(abs(bounded.upper[0] - free.upper[0]) < 1e-9)
        let ends = Fitter.intervalEnds([1], [.nan], t: 2, p)
        #expect(ends.lower[0].isNaN && ends.upper[0].isNaN)
    }
}
