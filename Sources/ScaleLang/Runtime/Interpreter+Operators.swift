import Foundation

/// Arithmetic and comparison, broadcast elementwise over vectors. Comparisons and `and`/`or`/`not`
/// give `true`/`false`, elementwise a bool vector; arithmetic reads true and false as 1 and 0.
///
/// Division by zero and other domain errors follow IEEE 754 (1/0 is inf, 0/0 and log(-1) are nan);
/// only fits, which must not silently produce garbage, turn them into errors.
///
/// `na` follows R's rules: arithmetic and comparisons with `na` give `na` (tested per element, not
/// left to how the hardware carries a NaN's payload); `na and false` is false and `na or true` is
/// true, since the answer does not depend on the missing value. Text joins only with text.
extension Interpreter {
    func unaryOperation(_ op: UnaryOp, _ v: Value, at range: SourceRange) throws(ScaleError) -> Value {
        switch (op, v) {
        case (.negate, .number(let x)): return .number(x.isNA ? x : -x)
        case (.negate, .vector(let xs)): return .vector(xs.map { $0.isNA ? $0 : -$0 })
        case (.not, .bool(let b)): return .bool(!b)
        case (.not, .vector(let xs)): return .bools(xs.map { $0.isNA ? nil : $0 == 0 })
        case (.not, .bools(let bs)): return .bools(bs.map { $0.map(!) })
        case (.not, .number(let x)): return x.isNA ? .number(.na) : .bool(x == 0)
        default:
            throw .runtime("cannot apply '\(op.rawValue)' to a \(v.typeName)", at: range)
        }
    }

    func binaryOperation(_ op: BinaryOp, _ a: Value, _ b: Value, at range: SourceRange, leftRange: SourceRange, rightRange: SourceRange) throws(ScaleError) -> Value {
        // Text: concatenation of text, and equality.
        switch (op, a, b) {
        case (.add, .string(let x), .string(let y)):
            guard x.utf8.count + y.utf8.count <= limits.stringLength else {
                throw .runtime("this would make a string of \(x.utf8.count + y.utf8.count) bytes, more than the limit of \(limits.stringLength)", at: range)
            }
            return .string(x + y)
        case (.add, .string, _) where b.isNumeric, (.add, _, .string) where a.isNumeric:
            throw .runtime("cannot add a \(a.typeName) and a \(b.typeName): text joins only with text", at: range,
                           hint: "format the number first: \"loss = {x}\", or \"loss = \" + fmt(x, 4)")
        case (.equal, .string(let x), .string(let y)): return .bool(x == y)
        case (.notEqual, .string(let x), .string(let y)): return .bool(x != y)
        case (.equal, .strings(let xs), .string(let y)), (.equal, .string(let y), .strings(let xs)): return .bools(xs.map { $0.map { $0 == y } })
        case (.notEqual, .strings(let xs), .string(let y)), (.notEqual, .string(let y), .strings(let xs)): return .bools(xs.map { $0.map { $0 != y } })
        case (.equal, .strings(let xs), .strings(let ys)), (.notEqual, .strings(let xs), .strings(let ys)):
            guard xs.count == ys.count else { throw .runtime("vector lengths differ: \(xs.count) and \(ys.count) for '\(op.rawValue)'", at: range) }
            return .bools(zip(xs, ys).map { x, y in x.flatMap { x in y.map { (x == $0) == (op == .equal) } } })
        case (.add, .object(let p as PlotValue), .object(let q as PlotValue)):
            // layers: q drawn over p on one set of axes
            return .object(PlotValue(plot: p.plot.overlaid(with: q.plot), interpreter: self, forceTerminal: p.forceTerminal || q.forceTerminal))
        case (.equal, .bool(let x), .bool(let y)): return .bool(x == y)
        case (.notEqual, .bool(let x), .bool(let y)): return .bool(x != y)
        case (.equal, .string, .number(let x)) where x.isNA, (.notEqual, .string, .number(let x)) where x.isNA,
             (.equal, .number(let x), .string) where x.isNA, (.notEqual, .number(let x), .string) where x.isNA:
            return .number(.na)
        case (.equal, .strings(let xs), .number(let x)) where x.isNA, (.notEqual, .strings(let xs), .number(let x)) where x.isNA,
             (.equal, .number(let x), .strings(let xs)) where x.isNA, (.notEqual, .number(let x), .strings(let xs)) where x.isNA:
            return .bools(Array(repeating: nil, count: xs.count))
        default: break
        }
        guard let x = a.numericOperand else {
            throw .runtime("cannot apply '\(op.rawValue)' to a \(a.typeName) and a \(b.typeName)", at: leftRange)
        }
        guard let y = b.numericOperand else {
            throw .runtime("cannot apply '\(op.rawValue)' to a \(a.typeName) and a \(b.typeName)", at: rightRange)
        }
        let f = Self.missingAware(op, Self.kernel(op))
        let logical = op.isComparison || op == .and || op == .or
        let many: [Double]
        switch (x, y) {
        case (.scalar(let p), .scalar(let q)):
            let r = f(p, q)
            if r.isNA { return .number(.na) }
            return logical ? .bool(r != 0) : .number(r)
        case (.scalar(let p), .many(let qs)): many = qs.map { f(p, $0) }
        case (.many(let ps), .scalar(let q)): many = ps.map { f($0, q) }
        case (.many(let ps), .many(let qs)):
            guard ps.count == qs.count else {
                throw .runtime("vector lengths differ: \(ps.count) and \(qs.count) for '\(op.rawValue)'", at: range)
            }
            var out = [Double](repeating: 0, count: ps.count)
            for i in 0..<ps.count { out[i] = f(ps[i], qs[i]) }
            many = out
        }
        return logical ? .bools(many.map { $0.isNA ? nil : $0 != 0 }) : .vector(many)
    }

    /// `kernel` with R's rules for `na`: `na` in gives `na` out, except where the other operand
    /// decides a logical operator alone (`false and na` is false, `true or na` is true).
    static func missingAware(_ op: BinaryOp, _ kernel: @escaping (Double, Double) -> Double) -> (Double, Double) -> Double {
        switch op {
        case .and:
            return { a, b in
                if (!a.isNA && a == 0) || (!b.isNA && b == 0) { return 0 }
                return a.isNA || b.isNA ? .na : kernel(a, b)
            }
        case .or:
            return { a, b in
                if (!a.isNA && !a.isNaN && a != 0) || (!b.isNA && !b.isNaN && b != 0) { return 1 }
                return a.isNA || b.isNA ? .na : kernel(a, b)
            }
        default:
            return { a, b in
                let r = kernel(a, b)
                // only a NaN result can come from na (comparisons give 0 for NaN operands)
                guard r.isNaN || op.isComparison else { return r }
                return a.isNA || b.isNA ? .na : r
            }
        }
    }

    static func kernel(_ op: BinaryOp) -> (Double, Double) -> Double {
        switch op {
        case .add: return (+)
        case .subtract: return (-)
        case .multiply: return (*)
        case .divide: return (/)
        case .power: return { pow($0, $1) }
        case .modulo: return { a, b in let r = fmod(a, b); return r != 0 && (r < 0) != (b < 0) ? r + b : r }
        case .equal: return { $0 == $1 ? 1 : 0 }
        case .notEqual: return { $0 != $1 ? 1 : 0 }
        case .less: return { $0 < $1 ? 1 : 0 }
        case .lessEqual: return { $0 <= $1 ? 1 : 0 }
        case .greater: return { $0 > $1 ? 1 : 0 }
        case .greaterEqual: return { $0 >= $1 ? 1 : 0 }
        case .and: return { $0 != 0 && $1 != 0 ? 1 : 0 }
        case .or: return { $0 != 0 || $1 != 0 ? 1 : 0 }
        }
    }
}

enum NumericOperand {
    case scalar(Double)
    case many([Double])
}

extension Value {
    var numericOperand: NumericOperand? {
        switch self {
        case .number(let x): return .scalar(x)
        case .bool(let b): return .scalar(b ? 1 : 0)
        case .vector(let xs): return .many(xs)
        case .bools(let bs): return .many(bs.map(Value.number(of:)))
        default: return nil
        }
    }

    var isNumeric: Bool { numericOperand != nil }
}

extension BinaryOp {
    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }
}
