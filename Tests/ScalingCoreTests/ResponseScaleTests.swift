import Foundation
import Testing
@testable import ScalingCore

/// A problem's scale is a field read once when it is made: the three written forms, `in log`
/// applied once however often it is asked for, kept through row selections, and the map back to
/// the data (exp exactly, to the bit, for a response under a log).
struct ResponseScaleTests {
    static let x = ModelExpr.column(0), y = ModelExpr.column(1), a = ModelExpr.parameter(0)

    static func problem(_ response: ModelExpr, _ model: ModelExpr) -> FitProblem {
        FitProblem(response: response, model: model, columns: [[1, 2, 3], [2, 4, 6]], columnNames: ["x", "y"], parameterNames: ["a"])
    }

    @Test func theWrittenFormsAreRead() {
        #expect(Self.problem(Self.y, Self.a * Self.x).scale == .asWritten)
        #expect(Self.problem(.call(.log, Self.y), .call(.log, Self.a * Self.x)).scale == .logOfBoth)
        #expect(Self.problem(.call(.log, Self.y), Self.a * .call(.log, Self.x)).scale == .logResponse)
        // the log of an expression of columns, modelled off the log: not a law of a column's log
        #expect(Self.problem(.call(.log, Self.y - Self.x), Self.a).scale == .asWritten)
    }

    @Test func inLogIsAppliedOnceAndKept() {
        let once = Self.problem(Self.y, Self.a * Self.x).onLogScale()
        #expect(once.scale == .logOfBoth)
        let twice = once.onLogScale()
        #expect(twice.response == once.response && twice.model == once.model)
        #expect(once.selecting(rows: [0, 2]).scale == .logOfBoth)
        let data = once.dataScale
        #expect(data.isLog && data.response == Self.y && data.law == Self.a * Self.x)
        #expect(Self.problem(Self.y, Self.a * Self.x).dataScale.isLog == false)
    }

    @Test func theMapBackToTheData() {
        for v in [-700.0, -1, 0, 0.5, 3, 700] {
            #expect(ResponseScale.logOfBoth.toData(v) == Foundation.exp(v))
            #expect(ResponseScale.logResponse.toData(v) == Foundation.exp(v))
            #expect(ResponseScale.asWritten.toData(v) == v)
        }
    }
}
