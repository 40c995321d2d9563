import Foundation

/// A model formula over data columns and parameters: the IR that the language lowers its
/// syntax to, which the core differentiates, compiles and evaluates.
///
/// Build it with the simplifying constructors (`+`, `*`, `pow`, …) so that derivatives stay small.
public indirect enum ModelExpr: Hashable, Sendable {
    case constant(Double)
    /// A data column, by index into the columns handed to the evaluator.
    case column(Int)
    /// A parameter, by index into the parameter vector.
    case parameter(Int)
    case negate(ModelExpr)
    case add(ModelExpr, ModelExpr)
    case subtract(ModelExpr, ModelExpr)
    case multiply(ModelExpr, ModelExpr)
    case divide(ModelExpr, ModelExpr)
    case power(ModelExpr, ModelExpr)
    /// A call of a math function (`MathFunction`, the table of them) with its `arity` arguments.
    case function(MathFunction, [ModelExpr])
}

extension ModelExpr {
    /// Whether the expression is a constant leaf.
    public var isConstant: Bool { if case .constant = self { return true } else { return false } }

    /// The value of a constant leaf; nil for anything else.
    public var constantValue: Double? { if case .constant(let x) = self { return x } else { return nil } }

    /// True when the expression involves parameter `p`.
    public func depends(on p: Int) -> Bool {
        anyNode { if case .parameter(let q) = $0 { return q == p } else { return false } }
    }

    /// The data columns the expression reads.
    public var columnIndices: Set<Int> {
        var columns = Set<Int>()
        _ = anyNode { e in
            if case .column(let c) = e { columns.insert(c) }
            return false
        }
        return columns
    }

    /// The expression with parameters replaced by values and columns renumbered by `columnMap`.
    public func binding(parameters values: [Double], columnMap: [Int: Int] = [:]) -> ModelExpr {
        rebuilt { e in
            switch e {
            case .column(let c): return .column(columnMap[c] ?? c)
            case .parameter(let p): return .constant(values[p])
            default: return nil
            }
        }
    }

    /// The expression with column `c` turned into parameter 0 (to differentiate with respect to an input).
    public func promotingColumn(_ c: Int) -> ModelExpr {
        rebuilt(simplifying: false) { e in
            if case .column(let k) = e, k == c { return .parameter(0) }
            return nil
        }
    }

    /// The reverse of `promotingColumn`: parameter 0 back into column `c`.
    public func demotingParameter(to c: Int) -> ModelExpr {
        rebuilt(simplifying: false) { e in
            if case .parameter = e { return .column(c) }
            return nil
        }
    }

    /// The expression with each leaf replaced by `leaf(leaf)` where that is not nil, rebuilt
    /// through the simplifying constructors or node for node.
    func rebuilt(simplifying: Bool = true, _ leaf: (ModelExpr) -> ModelExpr?) -> ModelExpr {
        ExpressionWalk<ModelExpr>.run(self) { e, rebuild in
            e.children.isEmpty ? leaf(e) ?? e : e.replacingChildren(e.children.map(rebuild), simplifying: simplifying)
        }
    }

    /// The expression with each column c replaced by `replacement(c)`, rebuilt through the
    /// simplifying constructors (a fitted law inlined into another model, its inputs the
    /// arguments' expressions).
    public func substitutingColumns(_ replacement: (Int) -> ModelExpr) -> ModelExpr {
        rebuilt { e in
            if case .column(let c) = e { return replacement(c) }
            return nil
        }
    }

    /// The same expression passed through the simplifying constructors.
    public var simplified: ModelExpr { rebuilt { _ in nil } }

    /// True when `self` and `other` are certainly the same expression: equal leaves, or one node
    /// in memory (a cheap test; `==` compares whole trees).
    func isSameNode(as other: ModelExpr) -> Bool {
        switch (self, other) {
        case (.column(let a), .column(let b)), (.parameter(let a), .parameter(let b)): return a == b
        case (.constant(let a), .constant(let b)): return a == b
        default:
            guard let a = ExpressionWalk<Void>.identity(self), let b = ExpressionWalk<Void>.identity(other) else { return false }
            return a == b
        }
    }

    /// True when the value can be neither negative nor NaN-from-sign: exp, sqrt and abs of
    /// anything, and non-negative constants.
    var isNonNegative: Bool {
        switch self {
        case .constant(let x): return x >= 0
        case .function(let f, _): return f.isNonNegative
        default: return false
        }
    }

    // MARK: - Simplifying constructors

    /// −a, with constants folded and −(−u) = u.
    public static prefix func - (a: ModelExpr) -> ModelExpr {
        if let x = a.constantValue { return .constant(-x) }
        if case .negate(let inner) = a { return inner }
        return .negate(a)
    }

    /// a + b, with constants folded, 0 dropped and a + (−u) = a − u.
    public static func + (a: ModelExpr, b: ModelExpr) -> ModelExpr {
        if let x = a.constantValue, let y = b.constantValue { return .constant(x + y) }
        if a.constantValue == 0 { return b }
        if b.constantValue == 0 { return a }
        if case .negate(let nb) = b { return a - nb }
        return .add(a, b)
    }

    /// a − b, with constants folded, 0 dropped and a − (−u) = a + u.
    public static func - (a: ModelExpr, b: ModelExpr) -> ModelExpr {
        if let x = a.constantValue, let y = b.constantValue { return .constant(x - y) }
        if b.constantValue == 0 { return a }
        if a.constantValue == 0 { return -b }
        if case .negate(let nb) = b { return a + nb }
        return .subtract(a, b)
    }

    /// a·b, with constants folded, 1 and −1 simplified and a factor 0 giving 0 (even where the other factor is NaN or ±inf).
    public static func * (a: ModelExpr, b: ModelExpr) -> ModelExpr {
        if let x = a.constantValue, let y = b.constantValue { return .constant(x * y) }
        // fold constants: c1·(c2·u) = (c1·c2)·u
        if let x = a.constantValue, case .multiply(.constant(let y), let u) = b { return ModelExpr.constant(x * y) * u }
        if a.constantValue == 0 || b.constantValue == 0 { return .constant(0) }
        if a.constantValue == 1 { return b }
        if b.constantValue == 1 { return a }
        if a.constantValue == -1 { return -b }
        if b.constantValue == -1 { return -a }
        if case .negate(let na) = a { return -(na * b) }
        if case .negate(let nb) = b { return -(a * nb) }
        return .multiply(a, b)
    }

    /// a/b, with constants folded (except by 0), 0/b = 0 for constant b ≠ 0, and u/u = 1.
    public static func / (a: ModelExpr, b: ModelExpr) -> ModelExpr {
        if let x = a.constantValue, let y = b.constantValue, y != 0 { return .constant(x / y) }
        // 0/b = 0 and u/u = 1 (where b and u are finite and non-zero: elsewhere the original is NaN)
        if a.constantValue == 0, b.constantValue != 0 { return .constant(0) }
        if !a.isConstant, a.isSameNode(as: b) { return .constant(1) }
        if b.constantValue == 1 { return a }
        if case .negate(let na) = a { return -(na / b) }
        return .divide(a, b)
    }

    /// a^b, with constants folded, u^0 = 1, u^1 = u, and (u^k)^m = u^(k·m) where that holds for every u.
    public static func pow(_ a: ModelExpr, _ b: ModelExpr) -> ModelExpr {
        if let x = a.constantValue, let y = b.constantValue { return .constant(Foundation.pow(x, y)) }
        if b.constantValue == 0 { return .constant(1) }
        if b.constantValue == 1 { return a }
        // (u^k)^m = u^(k·m) only where it holds for every u: for whole k and m, or u ≥ 0.
        // ((x^2)^0.5 is |x|, not x; (x^0.5)^2 is NaN for x < 0, not x.)
        if case .power(let x, .constant(let k)) = a, let m = b.constantValue, (k.isWhole && m.isWhole) || x.isNonNegative {
            return .power(x, .constant(k * m))
        }
        return .power(a, b)
    }

    /// f(a…), as `call(_:arguments:)`.
    public static func call(_ f: MathFunction, _ a: ModelExpr...) -> ModelExpr { call(f, arguments: a) }

    /// f(args…), folded to a constant when every argument is one.
    public static func call(_ f: MathFunction, arguments a: [ModelExpr]) -> ModelExpr {
        let constants = a.compactMap(\.constantValue)
        if constants.count == a.count { return .constant(f.apply(constants)) }
        // log(exp(u)) = u keeps log-sum-exp models' derivatives short
        if f == .log, case .function(.exp, let inner) = a[0] { return inner[0] }
        return .function(f, a)
    }

    // MARK: - Derivatives

    /// The exact partial derivative with respect to parameter `p`, simplified.
    ///
    /// Built once per node of the expression's graph (`ExpressionWalk`), sharing the
    /// subexpressions it reuses (`interned`), so that repeated differentiation grows the graph slowly however
    /// long the formula is when written out. The quotient rule is (a' − (a/b)·b')/b, which reuses
    /// a/b itself; the textbook a'/b − a·b'/b² squares the denominator at every step (the 11th
    /// derivative of x^x at 2 overflowed to NaN through x^(2^11)).
    public func derivative(parameter p: Int) -> ModelExpr {
        ExpressionWalk<ModelExpr>.run(interned) { e, d in
            switch e {
            case .constant, .column: return .constant(0)
            case .parameter(let q): return .constant(q == p ? 1 : 0)
            case .negate(let a): return -d(a)
            case .add(let a, let b): return d(a) + d(b)
            case .subtract(let a, let b): return d(a) - d(b)
            case .multiply(let a, let b): return d(a) * b + a * d(b)
            case .divide(let a, .power(let u, .constant(let k))) where d(a).constantValue == 0:
                // a/u^k = a·u^(−k): the power rule gives the compact −k·a·u^(−k−1)·u'
                return a * .constant(-k) * ModelExpr.pow(u, .constant(-k - 1)) * d(u)
            case .divide(let a, let b):
                let da = d(a), db = d(b)
                if db.constantValue == 0 { return da / b }
                return (da - e * db) / b
            case .power(let u, let v):
                let du = d(u), dv = d(v)
                if dv.constantValue == 0 {
                    // d(u^c) = c·u^(c−1)·u'
                    return v * ModelExpr.pow(u, v - .constant(1)) * du
                }
                if du.constantValue == 0 {
                    // d(c^v) = c^v·log(c)·v'
                    return e * ModelExpr.call(.log, u) * dv
                }
                return e * (dv * ModelExpr.call(.log, u) + v * du / u)
            case .function(let f, let u):
                return f.derivative(arguments: u, value: e, derivatives: u.map(d))
            }
        }.interned
    }

    /// An expression past a size limit: `nodes` distinct operations and leaves against `limit`.
    public struct TooLarge: Error, Sendable, Equatable {
        /// The distinct nodes counted, more than `limit`.
        public var nodes: Int
        /// The most distinct nodes allowed.
        public var limit: Int
    }

    /// `derivative(parameter:)`, refused when the result holds more than `limit` distinct nodes
    /// (a derivative's graph is at most a few times its expression's, but repeated
    /// differentiation multiplies that).
    public func derivative(parameter p: Int, limit: Int) throws(TooLarge) -> ModelExpr {
        let d = derivative(parameter: p)
        let nodes = d.nodeCount
        guard nodes <= limit else { throw TooLarge(nodes: nodes, limit: limit) }
        return d
    }

    /// Evaluates at one point (tests and one-off uses; fits use `CompiledModel`).
    public func value(parameters: [Double], columns: [Double]) -> Double {
        value(parameters: parameters, columns: columns, as: Double.self)
    }

    /// Evaluates at one point in any `ModelReal` type (see `values`).
    func value<R: ModelReal>(parameters: [Double], columns: [Double], as: R.Type) -> R {
        values(parameters: parameters, columns: columns.map { [$0] }, rows: 1, as: R.self)[0]
    }

    /// Evaluates at each of `rows` points (`columns[c][i]` is column c at row i) in any
    /// `ModelReal` type: the one evaluation behind `value` and `wideValue`. The graph is walked
    /// once into a `NodeList`, which each row then runs through, so that many rows cost no more
    /// walks (the statistics of a fit evaluate every row in extended precision).
    func values<R: ModelReal>(parameters: [Double], columns: [[Double]], rows: Int, as: R.Type) -> [R] {
        let list = NodeList(self)
        var registers = [R](repeating: 0, count: list.nodes.count)
        return (0..<rows).map { i in
            list.run(&registers, parameters: parameters, columns: columns, row: i)
            return registers[list.root]
        }
    }
}

extension Double {
    /// True for integers (every double of magnitude 2^52 or more is one).
    var isWhole: Bool { isFinite && rounded() == self }
}
