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
    case function(MathFunction, ModelExpr)
}

/// The functions a model may call. `sign` appears only in derivatives (of `abs`).
public enum MathFunction: String, Hashable, Sendable, CaseIterable {
    case exp, log, log10, log2, sqrt, abs, sin, cos, tan, atan, sign

    @inline(__always)
    public func apply(_ x: Double) -> Double {
        switch self {
        case .exp: return Foundation.exp(x)
        case .log: return Foundation.log(x)
        case .log10: return Foundation.log10(x)
        case .log2: return Foundation.log2(x)
        case .sqrt: return x.squareRoot()
        case .abs: return Swift.abs(x)
        case .sin: return Foundation.sin(x)
        case .cos: return Foundation.cos(x)
        case .tan: return Foundation.tan(x)
        case .atan: return Foundation.atan(x)
        case .sign: return x > 0 ? 1 : (x < 0 ? -1 : 0)
        }
    }
}

extension ModelExpr {
    public var isConstant: Bool { if case .constant = self { return true } else { return false } }

    public var constantValue: Double? { if case .constant(let x) = self { return x } else { return nil } }

    /// True when the expression involves no parameter (it can be evaluated once per fit).
    public var isParameterFree: Bool {
        switch self {
        case .constant, .column: return true
        case .parameter: return false
        case .negate(let a), .function(_, let a): return a.isParameterFree
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b), .power(let a, let b):
            return a.isParameterFree && b.isParameterFree
        }
    }

    /// True when the expression involves parameter `p`.
    public func depends(on p: Int) -> Bool {
        switch self {
        case .constant, .column: return false
        case .parameter(let q): return p == q
        case .negate(let a), .function(_, let a): return a.depends(on: p)
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b), .power(let a, let b):
            return a.depends(on: p) || b.depends(on: p)
        }
    }

    /// The data columns the expression reads.
    public var columnIndices: Set<Int> {
        switch self {
        case .constant, .parameter: return []
        case .column(let c): return [c]
        case .negate(let a), .function(_, let a): return a.columnIndices
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b), .power(let a, let b):
            return a.columnIndices.union(b.columnIndices)
        }
    }

    /// The expression with parameters replaced by values and columns renumbered by `columnMap`.
    public func binding(parameters values: [Double], columnMap: [Int: Int] = [:]) -> ModelExpr {
        switch self {
        case .constant: return self
        case .column(let c): return .column(columnMap[c] ?? c)
        case .parameter(let p): return .constant(values[p])
        case .negate(let a): return -a.binding(parameters: values, columnMap: columnMap)
        case .add(let a, let b): return a.binding(parameters: values, columnMap: columnMap) + b.binding(parameters: values, columnMap: columnMap)
        case .subtract(let a, let b): return a.binding(parameters: values, columnMap: columnMap) - b.binding(parameters: values, columnMap: columnMap)
        case .multiply(let a, let b): return a.binding(parameters: values, columnMap: columnMap) * b.binding(parameters: values, columnMap: columnMap)
        case .divide(let a, let b): return a.binding(parameters: values, columnMap: columnMap) / b.binding(parameters: values, columnMap: columnMap)
        case .power(let a, let b): return ModelExpr.pow(a.binding(parameters: values, columnMap: columnMap), b.binding(parameters: values, columnMap: columnMap))
        case .function(let f, let a): return ModelExpr.call(f, a.binding(parameters: values, columnMap: columnMap))
        }
    }

    /// The expression with column `c` turned into parameter 0 (to differentiate with respect to an input).
    public func promotingColumn(_ c: Int) -> ModelExpr {
        switch self {
        case .constant, .parameter: return self
        case .column(let k): return k == c ? .parameter(0) : self
        case .negate(let a): return .negate(a.promotingColumn(c))
        case .add(let a, let b): return .add(a.promotingColumn(c), b.promotingColumn(c))
        case .subtract(let a, let b): return .subtract(a.promotingColumn(c), b.promotingColumn(c))
        case .multiply(let a, let b): return .multiply(a.promotingColumn(c), b.promotingColumn(c))
        case .divide(let a, let b): return .divide(a.promotingColumn(c), b.promotingColumn(c))
        case .power(let a, let b): return .power(a.promotingColumn(c), b.promotingColumn(c))
        case .function(let f, let a): return .function(f, a.promotingColumn(c))
        }
    }

    /// The reverse of `promotingColumn`: parameter 0 back into column `c`.
    public func demotingParameter(to c: Int) -> ModelExpr {
        switch self {
        case .constant, .column: return self
        case .parameter: return .column(c)
        case .negate(let a): return .negate(a.demotingParameter(to: c))
        case .add(let a, let b): return .add(a.demotingParameter(to: c), b.demotingParameter(to: c))
        case .subtract(let a, let b): return .subtract(a.demotingParameter(to: c), b.demotingParameter(to: c))
        case .multiply(let a, let b): return .multiply(a.demotingParameter(to: c), b.demotingParameter(to: c))
        case .divide(let a, let b): return .divide(a.demotingParameter(to: c), b.demotingParameter(to: c))
        case .power(let a, let b): return .power(a.demotingParameter(to: c), b.demotingParameter(to: c))
        case .function(let f, let a): return .function(f, a.demotingParameter(to: c))
        }
    }

    /// True when the expression involves a data column.
    public var usesColumns: Bool {
        switch self {
        case .constant, .parameter: return false
        case .column: return true
        case .negate(let a), .function(_, let a): return a.usesColumns
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b), .power(let a, let b):
            return a.usesColumns || b.usesColumns
        }
    }

    // MARK: - Simplifying constructors

    public static prefix func - (a: ModelExpr) -> ModelExpr {
        if let x = a.constantValue { return .constant(-x) }
        if case .negate(let inner) = a { return inner }
        return .negate(a)
    }

    public static func + (a: ModelExpr, b: ModelExpr) -> ModelExpr {
        if let x = a.constantValue, let y = b.constantValue { return .constant(x + y) }
        if a.constantValue == 0 { return b }
        if b.constantValue == 0 { return a }
        if case .negate(let nb) = b { return a - nb }
        return .add(a, b)
    }

    public static func - (a: ModelExpr, b: ModelExpr) -> ModelExpr {
        if let x = a.constantValue, let y = b.constantValue { return .constant(x - y) }
        if b.constantValue == 0 { return a }
        if a.constantValue == 0 { return -b }
        if case .negate(let nb) = b { return a + nb }
        return .subtract(a, b)
    }

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

    public static func / (a: ModelExpr, b: ModelExpr) -> ModelExpr {
        if let x = a.constantValue, let y = b.constantValue, y != 0 { return .constant(x / y) }
        if a.constantValue == 0 { return .constant(0) }
        if b.constantValue == 1 { return a }
        if case .negate(let na) = a { return -(na / b) }
        return .divide(a, b)
    }

    public static func pow(_ a: ModelExpr, _ b: ModelExpr) -> ModelExpr {
        if let x = a.constantValue, let y = b.constantValue { return .constant(Foundation.pow(x, y)) }
        if b.constantValue == 0 { return .constant(1) }
        if b.constantValue == 1 { return a }
        if case .power(let x, .constant(let k)) = a, let m = b.constantValue { return .power(x, .constant(k * m)) }
        return .power(a, b)
    }

    public static func call(_ f: MathFunction, _ a: ModelExpr) -> ModelExpr {
        if let x = a.constantValue { return .constant(f.apply(x)) }
        // log(exp(u)) = u keeps log-sum-exp models' derivatives short
        if f == .log, case .function(.exp, let inner) = a { return inner }
        return .function(f, a)
    }

    // MARK: - Derivatives

    /// The exact partial derivative with respect to parameter `p`, simplified.
    public func derivative(parameter p: Int) -> ModelExpr {
        guard depends(on: p) else { return .constant(0) }
        switch self {
        case .constant, .column: return .constant(0)
        case .parameter(let q): return .constant(q == p ? 1 : 0)
        case .negate(let a): return -a.derivative(parameter: p)
        case .add(let a, let b): return a.derivative(parameter: p) + b.derivative(parameter: p)
        case .subtract(let a, let b): return a.derivative(parameter: p) - b.derivative(parameter: p)
        case .multiply(let a, let b):
            return a.derivative(parameter: p) * b + a * b.derivative(parameter: p)
        case .divide(let a, .power(let u, .constant(let k))) where !a.depends(on: p):
            // a/u^k = a·u^(−k): the power rule gives the compact −k·a·u^(−k−1)·u'
            return a * .constant(-k) * ModelExpr.pow(u, .constant(-k - 1)) * u.derivative(parameter: p)
        case .divide(let a, let b):
            let da = a.derivative(parameter: p), db = b.derivative(parameter: p)
            if db.constantValue == 0 { return da / b }
            return da / b - a * db / ModelExpr.pow(b, .constant(2))
        case .power(let u, let v):
            let du = u.derivative(parameter: p), dv = v.derivative(parameter: p)
            if dv.constantValue == 0 {
                // d(u^c) = c·u^(c−1)·u'
                return v * ModelExpr.pow(u, v - .constant(1)) * du
            }
            if du.constantValue == 0 {
                // d(c^v) = c^v·log(c)·v'
                return self * ModelExpr.call(.log, u) * dv
            }
            return self * (dv * ModelExpr.call(.log, u) + v * du / u)
        case .function(let f, let u):
            let du = u.derivative(parameter: p)
            let outer: ModelExpr
            switch f {
            case .exp: outer = self
            case .log: return du / u
            case .log10: return du / (u * .constant(Foundation.log(10)))
            case .log2: return du / (u * .constant(Foundation.log(2)))
            case .sqrt: return du / (.constant(2) * self)
            case .abs: outer = .call(.sign, u)
            case .sin: outer = .call(.cos, u)
            case .cos: outer = -ModelExpr.call(.sin, u)
            case .tan: outer = .constant(1) + ModelExpr.pow(self, .constant(2))
            case .atan: return du / (.constant(1) + ModelExpr.pow(u, .constant(2)))
            case .sign: return .constant(0)
            }
            return outer * du
        }
    }

    /// Evaluates at one point (tests and one-off uses; fits use `CompiledModel`).
    public func value(parameters: [Double], columns: [Double]) -> Double {
        switch self {
        case .constant(let x): return x
        case .column(let c): return columns[c]
        case .parameter(let p): return parameters[p]
        case .negate(let a): return -a.value(parameters: parameters, columns: columns)
        case .add(let a, let b): return a.value(parameters: parameters, columns: columns) + b.value(parameters: parameters, columns: columns)
        case .subtract(let a, let b): return a.value(parameters: parameters, columns: columns) - b.value(parameters: parameters, columns: columns)
        case .multiply(let a, let b): return a.value(parameters: parameters, columns: columns) * b.value(parameters: parameters, columns: columns)
        case .divide(let a, let b): return a.value(parameters: parameters, columns: columns) / b.value(parameters: parameters, columns: columns)
        case .power(let a, let b): return Foundation.pow(a.value(parameters: parameters, columns: columns), b.value(parameters: parameters, columns: columns))
        case .function(let f, let a): return f.apply(a.value(parameters: parameters, columns: columns))
        }
    }
}
