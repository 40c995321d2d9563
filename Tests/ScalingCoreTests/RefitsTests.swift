import Foundation
import Testing
@testable import ScalingCore

/// Backtests and influence on a problem whose refits have closed forms: log y = c + d·log x by
/// least squares. References from numpy's lstsq on the same rows, run outside ScaleLab; the
/// refits here are iterative (Levenberg–Marquardt), so agreement is to 1e-9.
struct RefitsTests {
    static let x: [Double] = [1e18, 1.2e18, 3e18, 3.3e18, 1e19, 1.1e19, 3e19, 3.2e19, 1e20, 1.05e20]
    static let y: [Double] = [3.1, 3.05, 2.9, 2.88, 2.75, 2.74, 2.62, 2.60, 2.51, 2.52]
    static let problem = FitProblem(
        response: .function(.log, [.column(1)]), model: .add(.parameter(0), .multiply(.parameter(1), .function(.log, [.column(0)]))),
        columns: [x, y], columnNames: ["C", "loss"], parameterNames: ["c", "d"])

    @Test func backtestForecastsEachLaterGroupOnTheDataScale() throws {
        let cutoffs = Fitter.cutoffs(holdingOut: 3, of: Self.x)
        #expect(cutoffs == [1e19, 3e19, 1e20])
        let folds = try Fitter.backtest(Self.problem, from: [1, 0], key: Self.x, cutoffs: [1e19, 1e20])
        #expect(folds.map(\.cutoff) == [1e19, 1e19, 1e19, 1e20])
        #expect(folds.map(\.groupFrom) == [1e19, 3e19, 1e20, 1e20])
        let first = folds[0..<3].flatMap { $0.forecast.relativeErrors }
        let expectedFirst = [-0.01898197337474128, -0.02094916665013513, -0.03523115507984098, -0.031522377421231984,
                             -0.06232338573555274, -0.06874181487592745]
        #expect(first.count == expectedFirst.count)
        for (e, r) in zip(first, expectedFirst) { #expect(abs(e - r) < 1e-9) }
        let last = folds[3].forecast.relativeErrors
        #expect(last.count == 2)
        for (e, r) in zip(last, [-0.019554155487939373, -0.025747202113292733]) { #expect(abs(e - r) < 1e-9) }
        #expect(folds[3].forecast.trained == Array(0..<8))
        #expect(folds[3].forecast.actual == [2.51, 2.52])
    }

    @Test func influenceOfEachBudgetOnTheSlope() {
        let groups = [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]
        let d = Fitter.leaveOut(Self.problem, from: [1, 0], groups: groups).map { $0?[1] ?? .nan }
        let expected = [-0.04050205576374429, -0.04513800573765875, -0.04429187421635494, -0.04345121610390202, -0.048379569904289]
        #expect(d.count == expected.count)
        for (v, r) in zip(d, expected) { #expect(abs(v - r) < 1e-9) }
    }

    /// A chain's replicate k pairs replicate k of each problem's own bootstrap (problem j seeded
    /// seed + j), so a quantity read across the chain carries both fits' uncertainty.
    @Test func chainedBootstrapPairsEachProblemsOwnReplicates() throws {
        let second = FitProblem(
            response: .column(1), model: .add(.parameter(0), .multiply(.parameter(1), .column(0))),
            columns: [Self.y, Self.x.map { 1e-19 * $0 }], columnNames: ["loss", "err"], parameterNames: ["e", "k"])
        let chain = try Fitter.bootstrap(chain: [Self.problem, second], from: [[1, 0], [0, 1]], count: 40, seed: 11)
        let first = try Fitter.bootstrap(Self.problem, from: [1, 0], count: 40, seed: 11)
        let other = try Fitter.bootstrap(second, from: [0, 1], count: 40, seed: 12)
        #expect(chain.replicates.count == 40 && first.replicates.count == 40 && other.replicates.count == 40)
        #expect(chain.replicates.map { $0[0] } == first.replicates)
        #expect(chain.replicates.map { $0[1] } == other.replicates)
        #expect(first.replicates[0] != first.replicates[1])
    }

    @Test func aRefitWithTooFewRowsIsAnError() {
        #expect(throws: FitError.self) { try Fitter.forecast(Self.problem, trainedOn: [0], predicting: [1], from: [1, 0]) }
    }

    /// A NaN in the data is an error that says where, in the core's terms only (no syntax).
    @Test func nonFiniteDataIsPlacedWithoutSyntax() {
        var p = Self.problem
        p.columns[0][3] = .nan
        do {
            _ = try Fitter.fit(p, starts: [[1, 0]])
            Issue.record("no error")
        } catch {
            #expect(error.nonFinite?.row == 3)
            #expect(error.nonFinite?.column == p.columnNames[0])
            #expect(error.nonFinite?.value.isNaN == true)
            #expect(error.description == "row 4 of column '\(p.columnNames[0])' is nan")
        }
    }
}
