import Foundation
import Testing
@testable import ScalingCore

/// The damped Gauss–Newton screen for Huber objectives against the BFGS that polishes: both
/// must find the same minimum of the same objective.
struct HuberLMTests {
    /// y = 3·exp(−0.5·x) with small deterministic wiggles and three gross outliers, Huber δ = 0.05.
    func decayProblem() -> ResidualModel {
        let x = (0..<40).map { Double($0) * 0.25 }
        var y = x.map { 3 * Foundation.exp(-0.5 * $0) + 0.01 * Foundation.sin(7 * $0) }
        y[5] += 1; y[17] -= 0.8; y[30] += 2
        let model = ModelExpr.parameter(0) * ModelExpr.call(.exp, .negate(.parameter(1)) * .column(0))
        let problem = FitProblem(response: .column(1), model: model, columns: [x, y], columnNames: ["x", "y"],
                                 parameterNames: ["a", "b"], huberDelta: 0.05)
        let programs = ResidualModel.programs(for: problem)
        return ResidualModel(problem: problem, y: y, valueProgram: programs.value, jacobianProgram: programs.jacobian)
    }

    @Test func dampedSolveIsExact() {
        // (H + 1·I) d = −g with H = [[3, 1], [1, 2]], g = [1, 2]: [[4, 1], [1, 3]] d = [−1, −2] → d = [−1/11, −7/11]
        var d = [0.0, 0.0]
        #expect(HuberLM.dampedSolve([3, 1, 1, 2], 1, [1, 2], &d, 2))
        #expect(abs(d[0] + 1.0 / 11) < 1e-15 && abs(d[1] + 7.0 / 11) < 1e-15)
        // not positive definite: refused rather than solved
        #expect(!HuberLM.dampedSolve([1, 3, 3, 1], 0, [1, 2], &d, 2))
    }

    @Test func reachesTheBFGSOptimum() {
        let model = decayProblem()
        let reference = HuberBFGS(model: model, delta: 0.05).solve(start: [3, 0.5], relativeDecrease: 1e-15)
        #expect(reference.converged)
        #expect(abs(reference.x[0] - 3) < 0.02 && abs(reference.x[1] - 0.5) < 0.01)  // the outliers do not pull it off
        // BFGS itself stops short from [1, 1] (its line search fails); the damped steps do not
        for start in [[1.0, 1.0], [2.0, 0.3], [4.0, 0.8], [0.5, 2.0]] {
            let lm = HuberLM(model: model, delta: 0.05).solve(start: start, relativeDecrease: 1e-15)
            #expect(lm.converged, "start \(start): \(lm.reason)")
            #expect(abs(lm.objective - reference.objective) <= 1e-12 * reference.objective, "start \(start)")
            #expect(abs(lm.x[0] - reference.x[0]) < 1e-7 && abs(lm.x[1] - reference.x[1]) < 1e-7, "start \(start): \(lm.x)")
        }
        // From [10, 0.1] every residual starts far beyond δ, where Huber's curvature is zero and
        // pure Gauss–Newton steps ran off to b → ∞; the reweighted (IRLS) curvature pulls all the
        // residuals in at once and reaches the same optimum.
        let far = HuberLM(model: model, delta: 0.05).solve(start: [10, 0.1], relativeDecrease: 1e-15)
        #expect(far.converged && abs(far.objective - reference.objective) <= 1e-12 * reference.objective, "\(far)")
        // From b = 200, exp(−b·x) vanishes beyond x = 0 and the objective is flat in b: the run
        // stops on that plateau, which is far above the optimum, so a grid never takes it as best.
        let plateau = HuberLM(model: model, delta: 0.05).solve(start: [1, 200], relativeDecrease: 1e-15)
        #expect(plateau.objective > reference.objective * 2)
    }
}
