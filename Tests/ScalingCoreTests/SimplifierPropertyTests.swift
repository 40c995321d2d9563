import Foundation
import Testing
@testable import ScalingCore

/// The simplifier's rewrites must hold wherever the expression is defined, for negative values
/// too: random expressions, built node for node without simplification, at random points in
/// [−4, 4], against their simplified form, their compiled program and (for derivatives) a
/// Richardson-extrapolated central difference in 80-bit arithmetic.
struct SimplifierPropertyTests {
    /// Expressions in x (parameter 0) and y (column 0) with every node kind, negative constants,
    /// zero, and nested powers with whole, half and negative exponents: the forms whose rewrites
    /// have domains.
    struct Generator {
        var rng: SeededRandom
        static let constants: [Double] = [0, 1, -1, 2, -2, 0.5, -0.5, 3]
        static let exponents: [Double] = [2, 3, -1, -2, 0.5, 1.5, -0.5, 1.0 / 3]

        mutating func expression(_ depth: Int) -> ModelExpr {
            switch rng.index(below: depth <= 0 ? 3 : 14) {
            case 0: return .parameter(0)
            case 1: return .column(0)
            case 2: return .constant(Self.constants[rng.index(below: Self.constants.count)])
            case 3: return .add(expression(depth - 1), expression(depth - 1))
            case 4: return .subtract(expression(depth - 1), expression(depth - 1))
            case 5: return .multiply(expression(depth - 1), expression(depth - 1))
            case 6: return .divide(expression(depth - 1), expression(depth - 1))
            case 7, 8: return .power(expression(depth - 1), .constant(Self.exponents[rng.index(below: Self.exponents.count)]))
            case 9: return .power(.power(expression(depth - 1), .constant(Self.exponents[rng.index(below: 4)])),
                                  .constant(Self.exponents[rng.index(below: Self.exponents.count)]))
            case 10: return .power(.function(.exp, [expression(depth - 1)]), expression(depth - 1))
            case 11: return .negate(expression(depth - 1))
            case 12:
                // Every function a model may call, with as many arguments as it takes.
                let f = MathFunction.all[rng.index(below: MathFunction.all.count)]
                return .function(f, (0..<f.arity).map { _ in expression(depth - 1) })
            default: return .function(.log, [.function(.exp, [expression(depth - 1)])])
            }
        }
    }

    /// True when every subexpression of `e` is finite at the point. An overflow inside can be
    /// hidden by what follows (atan(log(exp(1e6))) is −π/2 where the true value is ≈ π/2 − 1e-6):
    /// the rewrites (log(exp(u)) = u) are exact where no intermediate overflows, so that is where
    /// they are compared.
    static func finiteThroughout(_ e: ModelExpr, x: Double, y: Double) -> Bool {
        guard e.value(parameters: [x], columns: [y]).isFinite else { return false }
        return e.children.allSatisfy { finiteThroughout($0, x: x, y: y) }
    }

    /// The relative gap between `a` and `b` on the scale of `b` (absolute below 1).
    static func gap(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(1, abs(b)) }

    @Test func simplifiedAndCompiledProgramsAgreeWithTheExpression() {
        var gen = Generator(rng: SeededRandom(seed: 20261126))
        var compared = 0, negativeCompared = 0
        for _ in 0..<3000 {
            let raw = gen.expression(4)
            let simple = raw.simplified
            let points = (0..<4).map { _ in (x: -4 + 8 * gen.rng.uniform(), y: -4 + 8 * gen.rng.uniform()) }
            let program = CompiledModel([simple], columns: [points.map(\.y)], rows: points.count)
            let ws = program.makeWorkspace()
            for (i, pt) in points.enumerated() {
                let direct = raw.value(parameters: [pt.x], columns: [pt.y])
                let wide = Double(raw.wideValue(parameters: [pt.x], columns: [pt.y]))
                // Ill-conditioned points (the double and 80-bit values of the same tree differ) say
                // nothing about the rewrites.
                guard Self.finiteThroughout(raw, x: pt.x, y: pt.y), wide.isFinite, Self.gap(direct, wide) <= 1e-12 else { continue }
                let simplified = simple.value(parameters: [pt.x], columns: [pt.y])
                [pt.x].withUnsafeBufferPointer { program.run(parameters: $0.baseAddress.unsafelyUnwrapped, in: ws) }
                let compiled = program.value(output: 0, row: i, in: ws)
                guard simplified.isFinite else { continue }
                // Tolerance: 1e-9 relative; a rewrite that holds only for some signs is off by O(1).
                #expect(Self.gap(simplified, direct) <= 1e-9, "\(raw) → \(simple) at x = \(pt.x), y = \(pt.y): \(simplified) vs \(direct)")
                #expect(!compiled.isFinite || Self.gap(compiled, simplified) <= 1e-12, "compiled \(simple) at x = \(pt.x): \(compiled) vs \(simplified)")
                compared += 1
                if pt.x < 0 || pt.y < 0 { negativeCompared += 1 }
            }
        }
        #expect(compared > 4000 && negativeCompared > 2000, "\(compared) points, \(negativeCompared) with a negative input")
    }

    /// Central differences D(h) = (f(x+h) − f(x−h))/2h in 80-bit arithmetic for h = h0/2^j,
    /// extrapolated by Richardson's method (error O(h^2) → O(h^10)); the last correction plus the
    /// rounding of f estimates the error. Returns nil where f is not finite nearby.
    static func richardson(_ f: (Wide) -> Wide, at x: Double) -> (value: Double, error: Double)? {
        let h0 = Wide(1e-2 * max(1, abs(x)))
        var table: [[Wide]] = []
        for j in 0..<5 {
            let h = h0 / Wide(1 << j)
            let d = (f(Wide(x) + h) - f(Wide(x) - h)) / (2 * h)
            guard d.isFinite else { return nil }
            var row = [d]
            for k in stride(from: 1, through: j, by: 1) {
                let factor = Wide(1 << (2 * k))
                row.append((factor * row[k - 1] - table[j - 1][k - 1]) / (factor - 1))
            }
            table.append(row)
        }
        let last = table[4][4], previous = table[3][3]
        // Rounding in f's values (a half ulp of |f(x)| in 80 bits) over the smallest step bounds
        // what cancellation in the differences can hide: equal differences are not exactness.
        let rounding = abs(f(Wide(x))) * Wide.ulpOfOne / (h0 / 16)
        return (Double(last), Double(abs(last - previous) + rounding))
    }

    @Test func derivativesAgreeWithRichardsonDifferences() {
        var gen = Generator(rng: SeededRandom(seed: 112026))
        var compared = 0, negativeCompared = 0
        for _ in 0..<3000 {
            let raw = gen.expression(4)
            let derivative = raw.simplified.derivative(parameter: 0)
            let rawDerivative = raw.derivative(parameter: 0)
            for _ in 0..<3 {
                let x = -4 + 8 * gen.rng.uniform(), y = -4 + 8 * gen.rng.uniform()
                let exact = derivative.value(parameters: [x], columns: [y])
                let unsimplified = rawDerivative.value(parameters: [x], columns: [y])
                guard exact.isFinite, Self.finiteThroughout(raw, x: x, y: y), let (numeric, error) = Self.richardson({ raw.wideValue(parameters: [Double($0)], columns: [y]) }, at: x),
                      numeric.isFinite, error <= 1e-9 * max(1, abs(numeric)) else { continue }
                // Tolerance: 1e-7 relative (absolute below 1) plus the extrapolation's own error
                // estimate; a derivative of the wrong branch is off by O(1).
                #expect(abs(exact - numeric) <= 1e-7 * max(1, abs(numeric)) + 4 * error, "d/dx \(raw) at x = \(x), y = \(y): \(exact) vs \(numeric)")
                #expect(!unsimplified.isFinite || Self.gap(unsimplified, exact) <= 1e-7, "d/dx \(raw) unsimplified at x = \(x): \(unsimplified) vs \(exact)")
                compared += 1
                if x < 0 { negativeCompared += 1 }
            }
        }
        #expect(compared > 3000 && negativeCompared > 1000, "\(compared) points, \(negativeCompared) with x < 0")
    }

    /// The issue's cases: (x^2)^0.5 is |x| (its derivative at −3 is −1, not 1); (x^0.5)^2 is not
    /// defined for x < 0; whole powers of whole powers and powers of exp(…) still fold.
    @Test func powersOfPowersFoldOnlyWhereTheyHold() {
        let x = ModelExpr.parameter(0)
        let root = ModelExpr.pow(ModelExpr.pow(x, .constant(2)), .constant(0.5))
        #expect(root.value(parameters: [-3], columns: []) == 3)
        #expect(root.derivative(parameter: 0).value(parameters: [-3], columns: []) == -1)
        #expect(ModelExpr.pow(ModelExpr.pow(x, .constant(0.5)), .constant(2)).value(parameters: [-3], columns: []).isNaN)
        #expect(ModelExpr.pow(ModelExpr.pow(x, .constant(3)), .constant(-2)) == .power(x, .constant(-6)))
        let e = ModelExpr.call(.exp, x)
        #expect(ModelExpr.pow(ModelExpr.pow(e, .constant(0.5)), .constant(3)) == .power(e, .constant(1.5)))
    }
}

/// Repeated differentiation stays small and finite (the quotient rule squared its denominator at
/// every step, so the 11th derivative of x^x at 2 went through 2^(2^11) and printed NaN).
struct RepeatedDerivativeTests {
    /// References from mpmath.diff(lambda x: x**x, x0, n) at 40 digits.
    static let references: [(order: Int, at: Double, value: Double)] = [
        (11, 2, 47141.41440536019286829), (11, 1.99, 45810.12717706515300226), (12, 2, 134959.5981066036505594),
    ]

    @Test(arguments: references)
    func derivativesOfXToTheX(order: Int, at x: Double, value: Double) throws {
        var e = ModelExpr.pow(.parameter(0), .parameter(0))
        for _ in 0..<order { e = try e.derivative(parameter: 0, limit: 10_000) }
        // Tolerance: 1e-10 relative (the terms are of one sign and the evaluation is in double).
        #expect(abs(e.value(parameters: [x], columns: []) - value) <= 1e-10 * value)
        // A few hundred operations in memory, though the formula written out has tens of millions.
        #expect(e.nodeCount < 1000, "\(e.nodeCount) nodes")
        #expect(e.treeSize(upTo: 1_000_000) > 1_000_000)
    }

    /// A derivative past the limit is an error carrying the sizes, not an exhausted memory.
    @Test func derivativesPastTheLimitAreRefused() {
        var e = ModelExpr.pow(.parameter(0), .parameter(0))
        var thrown: ModelExpr.TooLarge?
        for _ in 0..<12 {
            do { e = try e.derivative(parameter: 0, limit: 200) } catch { thrown = error; break }
        }
        #expect(thrown?.limit == 200 && (thrown?.nodes ?? 0) > 200)
    }

    /// x + x nested 24 deep: 2^25 − 1 nodes as a tree, 49 in memory; evaluation, the derivative and
    /// compilation visit each node once.
    @Test func sharedSubexpressionsAreVisitedOnce() {
        var e = ModelExpr.parameter(0)
        for _ in 0..<24 { e = .add(e, e) }
        #expect(e.nodeCount == 25 && e.treeSize(upTo: 1 << 30) == (1 << 25) - 1)
        #expect(e.value(parameters: [3], columns: []) == 3 * 16_777_216)
        #expect(e.derivative(parameter: 0).value(parameters: [3], columns: []) == 16_777_216)
        let program = CompiledModel([e, e.derivative(parameter: 0)], columns: [], rows: 1)
        #expect(program.evaluate(output: 1, parameters: [3]) == [16_777_216])
    }
}

/// The fuzz target's simplifier mode (`SimplifierCheck`) on seeded random bytes finds nothing.
struct SimplifierCheckTests {
    @Test func randomInputsAgree() {
        var rng = SeededRandom(seed: 4242)
        var compared = 0
        for _ in 0..<5_000 {
            let bytes = (0..<(16 + rng.index(below: 48))).map { _ in UInt8(rng.index(below: 256)) }
            let (e, bx, by) = SimplifierCheck.decode(bytes)
            // Random bit patterns are mostly huge or tiny doubles: points in [−4, 4] too.
            for (x, y) in [(bx, by), (-4 + 8 * rng.uniform(), -4 + 8 * rng.uniform())] {
                if let message = SimplifierCheck.disagreement(e, x: x, y: y) { Issue.record("\(message)") }
                if x.isFinite, y.isFinite, SimplifierCheck.finiteThroughout(e, x: x, y: y) { compared += 1 }
            }
        }
        #expect(compared > 2_000, "\(compared) comparisons")
    }

    /// The fuzzer's find: sign(log(exp(x))) at x = 9.7e-101 is 0 as a tree (log(exp(x)) rounds to
    /// 0) and 1 simplified (sign(x), the exact value). The tree's error reaches sign's jump, so the
    /// comparison says nothing there; away from the jump a wrong rewrite is still caught.
    @Test func errorsReachingAJumpBoundNothing() {
        let x = ModelExpr.parameter(0)
        let e = ModelExpr.function(.sign, [.function(.log, [.function(.exp, [x])])])
        #expect(SimplifierCheck.disagreement(e, x: 9.704187067161276e-101, y: 0) == nil)
        #expect(SimplifierCheck.errorBound(e, x: 9.704187067161276e-101, y: 0).bound == .infinity)
        #expect(SimplifierCheck.errorBound(e, x: 0.5, y: 0).bound < 1e-15)
        let choice = ModelExpr.function(.ifge, [x, .constant(0.1), .constant(1), .constant(2)])
        #expect(SimplifierCheck.errorBound(choice, x: 0.1, y: 0).bound < 1e-15)
        #expect(SimplifierCheck.errorBound(.function(.ifge, [.function(.log, [.function(.exp, [x])]), .constant(0), .constant(1), .constant(2)]), x: 1e-100, y: 0).bound == .infinity)
        // coverage_beta(k, a, b) climbs from 0 to ½ within k < 1e-276 when b is subnormal, where its
        // slope at k = 0 is NaN: a k in error there bounds nothing either.
        let k = ModelExpr.function(.log, [.function(.exp, [x])]), y = ModelExpr.column(0)
        #expect(SimplifierCheck.disagreement(.function(.coverageBeta, [k, y, y]), x: 2.1857053416609215e-277, y: 4.5e-322) == nil)
        // betainc(3.16, y, x) for y = 5.5e303 rises from 0 to 1 within x < 1e-16, flat at both
        // ends and at x = 0: the change across the error bounds it.
        let steep = ModelExpr.subtract(.function(.betainc, [.constant(3.1622776601683533), y, k]), x)
        #expect(SimplifierCheck.disagreement(.function(.min, [steep, x]), x: 7.787733761940214e-308, y: 5.54505692303711e+303) == nil)
    }

    /// A fuzzer find: d/dx 1/(1/(x/y))/x⁶ compiled was −9.43e300 at x = −3.125, y = 6.8e-304,
    /// against −7.856295197974001e300 (mpmath, Tests/References/compiled_derivative_regression.py):
    /// dividing by a column through its reciprocal, and (x·y)/b as (x/b)·y, went through numbers
    /// that underflowed to subnormals. Those rows are now computed as written.
    @Test func quotientShortcutNearTheEndOfTheRange() throws {
        let bytes = try #require(Data(base64Encoded: "wAj///8AbnQA/f39/f39/f39/f39/f39/f39/f39/f39/f0AAQ=="))
        let (e, x, y) = SimplifierCheck.decode([UInt8](bytes))
        #expect(x == -3.1249999925619765 && y == 6.833639853623446e-304)
        #expect(SimplifierCheck.disagreement(e, x: x, y: y) == nil)
        let simple = e.simplified
        let program = CompiledModel([simple, simple.derivative(parameter: 0)], columns: [[y]], rows: 1)
        let derivative = program.evaluate(output: 1, parameters: [x])[0]
        #expect(abs(derivative / -7.856295197974001e300 - 1) < 1e-14, "\(derivative)")
    }

    /// abs(log(exp(x))) + x at a subnormal x: the tree's log(exp(x)) is 0 where its rewrite, x, is
    /// right, and the error bound must carry that through abs with the slope beside the kink (1),
    /// not the one at it (0).
    @Test func errorBoundsCarryThroughAKink() throws {
        let bytes = try #require(Data(base64Encoded: "AAAAAAAAEwAAFwoA//8AAgMKAwsAAAsA"))
        let (e, x, y) = SimplifierCheck.decode([UInt8](bytes))
        #expect(SimplifierCheck.disagreement(e, x: x, y: y) == nil)
    }

    @Test func powerOfAPowerAgreesAtNegativeBases() {
        // (x^2)^0.5 at x = −3 is 3; folded to x^1 it was −3, which this check reports.
        let e = ModelExpr.power(.power(.parameter(0), .constant(2)), .constant(0.5))
        #expect(SimplifierCheck.disagreement(e, x: -3, y: 0) == nil)
    }
}
