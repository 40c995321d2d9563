import Foundation

/// The simplifier and the compiler checked against direct evaluation, for fuzzing: bytes decode
/// into an expression built node for node (no rewrite applied) and a point; the expression
/// passed through the simplifying constructors, and the compiled program of it and its
/// derivative, must agree with the unsimplified tree wherever every intermediate value of the
/// tree is finite. `SimplifierPropertyTests` runs the same comparison on seeded random input.
public enum SimplifierCheck {
    static let constants: [Double] = [0, 1, -1, 2, -2, 0.5, -0.5, 3, 1e-3, 10, 1e300, -0.0]
    static let exponents: [Double] = [2, 3, -1, -2, 0.5, 1.5, -0.5, 1.0 / 3, 0, 1, 4]
    /// Every function a model may call, each with as many arguments as it takes.
    static let functions: [MathFunction] = MathFunction.all

    /// An expression in x (parameter 0) and y (column 0) read from `bytes`, and the point: the
    /// first 16 bytes (when there are) give x and y as doubles, each later byte chooses a node.
    public static func decode(_ bytes: [UInt8]) -> (expression: ModelExpr, x: Double, y: Double) {
        var x = 1.5, y = -0.75
        var rest = bytes[...]
        if bytes.count >= 16 {
            x = Double(bitPattern: bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) })
            y = Double(bitPattern: bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) })
            rest = bytes[16...]
        }
        var budget = 64
        func next() -> UInt8 { rest.popFirst() ?? 0 }
        func node(_ depth: Int) -> ModelExpr {
            budget -= 1
            let b = next()
            if depth > 8 || budget <= 0 || rest.isEmpty { return b % 3 == 0 ? .parameter(0) : b % 3 == 1 ? .column(0) : .constant(constants[Int(b) % constants.count]) }
            switch b % 13 {
            case 0: return .parameter(0)
            case 1: return .column(0)
            case 2: return .constant(constants[Int(next()) % constants.count])
            case 3: return .add(node(depth + 1), node(depth + 1))
            case 4: return .subtract(node(depth + 1), node(depth + 1))
            case 5: return .multiply(node(depth + 1), node(depth + 1))
            case 6: return .divide(node(depth + 1), node(depth + 1))
            case 7: return .power(node(depth + 1), .constant(exponents[Int(next()) % exponents.count]))
            case 8: return .power(node(depth + 1), node(depth + 1))
            case 9: return .negate(node(depth + 1))
            case 10:
                let f = functions[Int(next()) % functions.count]
                return .function(f, (0..<f.arity).map { _ in node(depth + 1) })
            case 11: return .function(.log, [.function(.exp, [node(depth + 1)])])
            default: return .power(.power(node(depth + 1), .constant(exponents[Int(next()) % exponents.count])), .constant(exponents[Int(next()) % exponents.count]))
            }
        }
        return (node(0), x, y)
    }

    /// Where the simplified or compiled evaluation of `raw` at (x, y) disagrees with the tree's,
    /// a description; nil where they agree, or where the comparison says nothing (an
    /// intermediate value is not finite). Agreement is within 16 times the tree's running error
    /// bound (`errorBound`) plus 1e-9 relative: the rewrites are exact in real arithmetic, and
    /// the tree's own rounding can be large (log(exp(u)) is 0 for u = 1e-166, where its
    /// rewrite, u, is right).
    public static func disagreement(_ raw: ModelExpr, x: Double, y: Double) -> String? {
        guard x.isFinite, y.isFinite, finiteThroughout(raw, x: x, y: y) else { return nil }
        let (direct, bound) = errorBound(raw, x: x, y: y)
        // (A bound that is not finite, from a derivative that is not, says nothing either.)
        func agree(_ a: Double, _ b: Double, _ bound: Double) -> Bool { a == b || !bound.isFinite || abs(a - b) <= 16 * bound + 1e-9 * abs(b) }
        let simple = raw.simplified
        let simplified = simple.value(parameters: [x], columns: [y])
        if simplified.isFinite, !agree(simplified, direct, bound) {
            return "\(raw) simplified to \(simple): \(simplified) against \(direct) at x = \(x), y = \(y)"
        }
        guard finiteThroughout(simple, x: x, y: y) else { return nil }
        let program = CompiledModel([simple, simple.derivative(parameter: 0)], columns: [[y]], rows: 1)
        let compiled = program.evaluate(output: 0, parameters: [x])[0]
        if compiled.isFinite, !agree(compiled, simplified, errorBound(simple, x: x, y: y).bound) {
            return "\(simple) compiled: \(compiled) against \(simplified) at x = \(x), y = \(y)"
        }
        // The compiled derivatives trade an ulp or so for speed (see `CompiledModel`).
        let d = simple.derivative(parameter: 0)
        guard d.treeSize(upTo: 2000) <= 2000, finiteThroughout(d, x: x, y: y) else { return nil }
        let (derivative, derivativeBound) = errorBound(d, x: x, y: y)
        let compiledDerivative = program.evaluate(output: 1, parameters: [x])[0]
        if compiledDerivative.isFinite, !agree(compiledDerivative, derivative, derivativeBound) {
            return "d/dx \(simple) compiled: \(compiledDerivative) against \(derivative) at x = \(x), y = \(y)"
        }
        return nil
    }

    /// The value of the tree at (x, y) with a first-order bound on its rounding error: each
    /// operation adds an ulp of its result (2^-52: the C library's functions are within one) and
    /// the spacing of subnormals (2^-1074: a result that underflows loses relative precision) to
    /// its operands' errors carried through its derivative (Wilkinson's running error analysis;
    /// Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §2.1 and §3.3).
    static func errorBound(_ e: ModelExpr, x: Double, y: Double) -> (value: Double, bound: Double) {
        let eps = 0x1p-52
        switch e {
        case .constant(let c): return (c, 0)
        case .column: return (y, 0)
        case .parameter: return (x, 0)
        case .negate(let a):
            let (v, b) = errorBound(a, x: x, y: y)
            return (-v, b)
        case .add(let l, let r), .subtract(let l, let r), .multiply(let l, let r), .divide(let l, let r), .power(let l, let r):
            let (a, ea) = errorBound(l, x: x, y: y), (b, eb) = errorBound(r, x: x, y: y)
            // The node's value from its operands', not the subtree again: evaluating every
            // subtree afresh made an input with nested betainc run for seconds.
            let v = e.operate(a, b)
            let carried: Double
            switch e {
            case .add, .subtract: carried = ea + eb
            case .multiply: carried = abs(b) * ea + abs(a) * eb + ea * eb
            // First order holds while an operand's error is below its size; past that (x − x
            // with x in error by more than itself, then squared or divided by) there is no bound.
            case .divide: carried = eb >= abs(b) ? .infinity : (ea + abs(v) * eb) / abs(b)
            case .power where ea >= abs(a) || eb >= 1: carried = .infinity
            // A negative base to an exponent in error jumps between branches (−1 to an
            // exponent of −1 ± 1e-16 is −1 or NaN): no bound.
            default: carried = eb == 0 ? abs(b * v / a) * ea : a < 0 ? .infinity : abs(v * Foundation.log(a)) * eb + (ea == 0 ? 0 : abs(b * v / a) * ea)
            }
            return (v, carried + eps * abs(v) + 0x1p-1074)
        case .function(let f, let args):
            let operands = args.map { errorBound($0, x: x, y: y) }
            let u = operands.map(\.value)
            let v = f.apply(u)
            // Where an argument's error reaches a point where the function jumps (sign at 0, ifge
            // where x = y), the exact value may be the other side's: no bound (sign(log(exp(x)))
            // at x = 1e-100 is 0 in the tree, whose log(exp(x)) rounds to 0, and 1 simplified).
            if f == .sign && operands[0].bound > 0 && operands[0].bound >= abs(u[0])
                || f == .ifge && operands[0].bound + operands[1].bound > 0 && abs(u[0] - u[1]) <= operands[0].bound + operands[1].bound {
                return (v, .infinity)
            }
            if operands.contains(where: { $0.bound >= max(abs($0.value), 1) }) && f != .abs && f != .sign { return (v, .infinity) }
            // Each argument's error carried through the function's partial derivative in it, read
            // from the function's own derivative rule (at parameters standing for the arguments),
            // the largest at the argument and at either end of its error: at a kink (abs at 0)
            // the slope at the point itself says nothing of the slopes beside it.
            var carried = 0.0
            for (k, operand) in operands.enumerated() where operand.bound != 0 {
                var below = u, above = u
                below[k] -= operand.bound
                above[k] += operand.bound
                // A slope that is NaN at the argument itself (coverage_beta(k, a, b) at k = 0 with
                // a subnormal b, where it climbs from 0 to ½ within k < 1e-276) bounds nothing; at
                // either end it may only mean the end is outside the domain (sqrt below 0).
                let slopes = [u, below, above].map { abs(f.partialDerivative(k, at: $0)) }
                if slopes[0].isNaN { return (v, .infinity) }
                // The change across the error's ends as well: where the function climbs steeply
                // between them and is flat at all three points (betainc(3.2, 5.5e303, x) rises
                // from 0 to 1 for x within 1e-16 of 0), the slopes alone miss it.
                let change = [below, above].map { abs(f.apply($0) - v) }.filter { !$0.isNaN }.max() ?? 0
                carried += max(slopes.filter { !$0.isNaN }.max().unsafelyUnwrapped * operand.bound, change)
            }
            return (v, carried + eps * abs(v) + 0x1p-1074)
        }
    }

    /// True when every subexpression of `e` is finite at the point (log(exp(u)) = u is exact, but
    /// not where exp(u) overflows and what follows hides it).
    static func finiteThroughout(_ e: ModelExpr, x: Double, y: Double) -> Bool {
        let list = NodeList(e)
        var values = [Double](repeating: 0, count: list.nodes.count)
        list.run(&values, parameters: [x], columns: [[y]], row: 0)
        return values.allSatisfy(\.isFinite)
    }
}
