import Foundation
import Testing
@testable import ScalingCore

/// max, min, clamp and the conditional (`ifge`) inside a model: their derivatives are the taken
/// branch's (one-sided at a kink, ties to the first argument), checked against one-sided
/// differences on both sides of every kink.
struct PiecewiseDerivativeTests {
    /// f(x) for a model in parameter 0 = x and column 0 = c.
    static func model(_ f: MathFunction, _ args: [ModelExpr]) -> ModelExpr { .function(f, args) }

    /// x·x against 3 − x (they cross at x = (−1 + √13)/2), x against 0.5 and 2 for clamp.
    static let cases: [(name: String, expr: ModelExpr, kinks: [Double])] = {
        let x = ModelExpr.parameter(0)
        let square = ModelExpr.multiply(x, x), line = ModelExpr.subtract(.constant(3), x)
        let cross = (-1 + 13.0.squareRoot()) / 2
        return [
            ("max", model(.max, [square, line]), [cross]),
            ("min", model(.min, [square, line]), [cross]),
            ("clamp", model(.clamp, [.multiply(.constant(2), x), .constant(0.5), .constant(2)]), [0.25, 1]),
            ("ifge", model(.ifge, [x, .constant(1), .function(.exp, [x]), .multiply(.constant(-4), x)]), [1]),
        ]
    }()

    @Test(arguments: cases.indices)
    func derivativeIsTheSideTakens(index: Int) {
        let (name, e, kinks) = Self.cases[index]
        let d = e.derivative(parameter: 0)
        func f(_ x: Double) -> Double { e.value(parameters: [x], columns: []) }
        for k in kinks {
            for side in [-1.0, 1.0] {
                let x = k + side * 1e-3
                let h = 1e-7
                // a one-sided difference that stays on x's side of the kink
                let numeric = side > 0 ? (f(x + h) - f(x)) / h : (f(x) - f(x - h)) / h
                let exact = d.value(parameters: [x], columns: [])
                #expect(abs(exact - numeric) < 1e-5 * max(1, abs(exact)), "\(name)' at \(x): \(exact) against \(numeric)")
                // compiled, as a fit evaluates it
                let compiled = CompiledModel([e, d], columns: [], rows: 1).evaluate(output: 1, parameters: [x])[0]
                #expect(abs(compiled - exact) <= 4 * exact.ulp, "\(name)' compiled at \(x)")
            }
        }
    }

    /// At a tie the derivative is the first argument's: max(x, 2 − x)' and min(x, 2 − x)' at
    /// x = 1 are 1 (and with the arguments swapped, −1); clamp(2x, 0.5, 2)' at 2x = 0.5 and
    /// 2x = 2 is 2; ifge(x, 1, e^x, −4x)' at x = 1 is e.
    @Test func tiesTakeTheFirstArgument() {
        let x = ModelExpr.parameter(0), other = ModelExpr.subtract(.constant(2), x)
        func slope(_ e: ModelExpr, _ at: Double) -> Double { e.derivative(parameter: 0).value(parameters: [at], columns: []) }
        #expect(slope(.call(.max, x, other), 1) == 1)
        #expect(slope(.call(.max, other, x), 1) == -1)
        #expect(slope(.call(.min, x, other), 1) == 1)
        #expect(slope(.call(.min, other, x), 1) == -1)
        #expect(slope(Self.cases[2].expr, 0.25) == 2)
        #expect(slope(Self.cases[2].expr, 1) == 2)
        #expect(slope(Self.cases[3].expr, 1) == Foundation.exp(1.0))
        // outside [lo, hi] clamp is flat, and a NaN argument gives NaN
        #expect(slope(Self.cases[2].expr, 0.1) == 0 && slope(Self.cases[2].expr, 5) == 0)
        #expect(MathFunction.max.apply([.nan, 1]).isNaN && MathFunction.clamp.apply([0.3, .nan, 1]).isNaN)
    }

    /// A derivative of a piecewise model is itself piecewise and differentiates again:
    /// max(x³, x)'' is 6x where x³ ≥ x, else 0.
    @Test func secondDerivativeIsPiecewiseToo() {
        let x = ModelExpr.parameter(0)
        let e = ModelExpr.call(.max, .power(x, .constant(3)), x)
        let d2 = e.derivative(parameter: 0).derivative(parameter: 0)
        #expect(d2.value(parameters: [2], columns: []) == 12)
        #expect(d2.value(parameters: [0.5], columns: []) == 0)
    }
}
