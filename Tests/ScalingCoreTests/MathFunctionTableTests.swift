import Foundation
import Testing
@testable import ScalingCore

/// The table of math functions (`MathFunction.all`) is what models, compiled programs, the
/// extended-precision walk and the language's builtins read; these hold its entries to their
/// own derivative rules and to the C library.
struct MathFunctionTableTests {
    /// Points inside every one-argument function's domain, away from kinks and poles.
    static let points: [Double] = [0.3, 0.7, 1.3, 2.9]

    @Test func namesAreUniqueAndFindable() {
        #expect(Set(MathFunction.all.map(\.name)).count == MathFunction.all.count)
        for f in MathFunction.all { #expect(MathFunction.named(f.name) == f) }
        #expect(MathFunction.named("no_such_function") == nil)
    }

    /// The values are the C library's (what the model IR produced before the table existed).
    @Test func unaryValuesAreTheCLibrarys() {
        let libm: [(MathFunction, (Double) -> Double)] = [
            (.exp, Foundation.exp), (.log, Foundation.log), (.log10, Foundation.log10), (.log2, Foundation.log2),
            (.sqrt, { $0.squareRoot() }), (.abs, { Swift.abs($0) }), (.sin, Foundation.sin), (.cos, Foundation.cos),
            (.tan, Foundation.tan), (.atan, Foundation.atan),
        ]
        for (f, g) in libm {
            for x in Self.points + [-0.4, 1e-300, 700] where !(x < 0 && [MathFunction.log, .log10, .log2, .sqrt].contains(f)) {
                #expect(f.apply(x).bitPattern == g(x).bitPattern, "\(f)(\(x))")
            }
        }
    }

    /// Each entry's derivative rule against a central difference, and its extended-precision
    /// value within a few ulps of the double one.
    @Test func derivativeRulesMatchDifferences() {
        for f in MathFunction.all where f.arity == 1 && f != .sign {
            let e = ModelExpr.function(f, [.parameter(0)])
            let d = e.derivative(parameter: 0)
            for x in Self.points {
                let h = 1e-6 * x
                let numeric = (f.apply(x + h) - f.apply(x - h)) / (2 * h)
                let exact = d.value(parameters: [x], columns: [])
                #expect(abs(exact - numeric) <= 1e-7 * max(1, abs(exact)), "\(f)'(\(x)): \(exact) against \(numeric)")
                let wide = e.wideValue(parameters: [x], columns: [])
                // (absolute 1e-15 near a root, as digamma's at 1.46, where the double value's error is absolute)
                #expect(abs(Double(wide) - f.apply(x)) <= Swift.max(4 * f.apply(x).ulp, 1e-15), "\(f)(\(x)) in extended precision")
            }
        }
    }

    /// A compiled program calls the same table: exp and log through the column kernels, the rest
    /// row by row; both agree with the IR's own evaluation.
    @Test func compiledProgramAgreesWithTheTree() {
        let xs = Self.points
        for f in MathFunction.all where f.arity == 1 {
            let e = ModelExpr.function(f, [.multiply(.parameter(0), .column(0))])
            let program = CompiledModel([e], columns: [xs], rows: xs.count)
            let compiled = program.evaluate(output: 0, parameters: [1.1])
            for (i, x) in xs.enumerated() {
                let direct = e.value(parameters: [1.1], columns: [x])
                #expect(abs(compiled[i] - direct) <= direct.ulp, "\(f) at \(x)")
            }
        }
    }
}
