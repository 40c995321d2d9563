import ColumnKernels
import Foundation
import RealModule

/// A function a model may call: its name, arity, value, derivative rule and one-line doc, all
/// read from one `Definition` in the table below.
///
/// Everything that knows about math functions reads this table: `ModelExpr` (its simplifying
/// constructor and its derivatives), `CompiledModel` (the column program), the extended-precision
/// evaluation, and in the language the model resolver (name → function) and the builtins
/// (one builtin per `callable` entry). Adding a function usable inside `fit` is one `Definition`
/// and its line in `MathFunction.all`.
public struct MathFunction: Hashable, Sendable, CustomStringConvertible {
    /// The name a model and the language call it by.
    public let name: String
    /// How many arguments it takes (1…4).
    public let arity: Int
    /// Its arguments' names, for the builtin's help and errors.
    public let parameters: [String]
    /// One line for help (`scale help`, `:help`, the README reference).
    public let doc: String
    /// A runnable example for help.
    public let example: String
    /// Whether the language offers it as a builtin of that name built from this entry (false for
    /// functions that only derivatives produce, or whose builtin does more, like `max`).
    public let callable: Bool
    /// Its value is never negative nor NaN for a non-NaN argument (so (u^k)^m = u^(k·m)).
    let isNonNegative: Bool
    private let double: @Sendable (MathArguments<Double>) -> Double
    private let definition: any MathFunctionDefinition.Type
    private let rule: @Sendable ([ModelExpr], ModelExpr, [ModelExpr]) -> ModelExpr
    /// A whole-column routine for the unary functions a fit spends its time in (exp, log): a C
    /// function, so that calling it retains nothing.
    let columnKernel: ColumnKernel?

    init<D: MathFunctionDefinition>(_: D.Type) {
        name = D.name
        arity = D.arity
        parameters = D.parameters ?? Array(["x", "y", "z", "w"].prefix(D.arity))
        doc = D.doc
        example = D.example
        callable = D.callable
        isNonNegative = D.isNonNegative
        double = { D.value($0) }
        definition = D.self
        rule = { D.derivative($0, $1, $2) }
        columnKernel = D.columnKernel
    }

    /// Two functions are equal when their names are: the table has one entry per name.
    public static func == (a: MathFunction, b: MathFunction) -> Bool { a.name == b.name }
    /// Hashes the name, to agree with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
    /// The name the language calls it by.
    public var description: String { name }

    /// The value at `args` (of `arity` values) in double precision.
    @inline(__always)
    public func value(_ args: MathArguments<Double>) -> Double { double(args) }

    /// The value in any `ModelReal` type (extended precision, say).
    public func value<R: ModelReal>(_ args: MathArguments<R>) -> R { definition.value(args) }

    /// The value of a one-argument function.
    @inline(__always)
    public func apply(_ x: Double) -> Double { double(MathArguments(x)) }

    /// The value at `args` given as an array (of `arity` values).
    public func apply(_ args: [Double]) -> Double { double(MathArguments(args)) }

    /// The total derivative of f(u…) given the arguments `u`, the node f(u…) itself (for rules
    /// that reuse it) and the arguments' derivatives `du`, built with the simplifying constructors.
    func derivative(arguments u: [ModelExpr], value: ModelExpr, derivatives du: [ModelExpr]) -> ModelExpr {
        rule(u, value, du)
    }

    /// ∂f/∂(argument k) at the point `u`, from the derivative rule.
    public func partialDerivative(_ k: Int, at u: [Double]) -> Double {
        let args = (0..<arity).map { ModelExpr.parameter($0) }
        return ModelExpr.function(self, args).derivative(parameter: k).value(parameters: u, columns: [])
    }

    /// The function called `name`, if the table has one.
    public static func named(_ name: String) -> MathFunction? { byName[name] }

    private static let byName: [String: MathFunction] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
}

/// y_i = f(x_i) over a column of `n` values (ColumnKernels' `scalelab_exp`, `scalelab_log`).
public typealias ColumnKernel = @convention(c) (UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, Int) -> Void

/// Up to four arguments of a math function, held inline (no allocation per row).
public struct MathArguments<R: ModelReal>: Sendable {
    /// How many of the four slots hold arguments (1…4).
    public let count: Int
    private let a: R, b: R, c: R, d: R

    /// One argument (for the unary functions).
    public init(_ a: R) { (count, self.a, b, c, d) = (1, a, 0, 0, 0) }
    /// Two to four arguments; `count` says how many of `a`…`d` are used, the rest default to 0.
    public init(_ a: R, _ b: R, _ c: R = 0, _ d: R = 0, count: Int) { (self.count, self.a, self.b, self.c, self.d) = (count, a, b, c, d) }
    /// The first four of `values` (missing ones 0); `count` is `values.count`.
    public init(_ values: [R]) {
        count = values.count
        a = values.count > 0 ? values[0] : 0
        b = values.count > 1 ? values[1] : 0
        c = values.count > 2 ? values[2] : 0
        d = values.count > 3 ? values[3] : 0
    }

    /// Argument `i` (0-based); any `i` ≥ 3 reads the fourth slot, so stay below `count`.
    @inline(__always)
    public subscript(_ i: Int) -> R {
        switch i {
        case 0: return a
        case 1: return b
        case 2: return c
        default: return d
        }
    }
}

/// The real types a model is evaluated in: Double for fits, `Wide` for the reported residuals.
/// swift-numerics' `Real` gives the elementary and special functions generically; `power` is
/// the C library's pow, which (unlike `Real.pow`) defines a negative base to a whole exponent.
public protocol ModelReal: Real & BinaryFloatingPoint & Sendable {
    /// x^y by the C library's pow: a negative base to a whole exponent is defined, to any other exponent NaN.
    static func power(_ x: Self, _ y: Self) -> Self
}

extension Double: ModelReal {
    @inline(__always) public static func power(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
}

#if arch(x86_64) && !os(Windows)
extension Float80: ModelReal {
    @inline(__always) public static func power(_ x: Float80, _ y: Float80) -> Float80 { Foundation.pow(x, y) }
}
#endif

/// One entry of the table: everything about one math function.
protocol MathFunctionDefinition: Sendable {
    static var name: String { get }
    static var arity: Int { get }
    /// The arguments' names (x, y, z, w when nil).
    static var parameters: [String]? { get }
    static var doc: String { get }
    static var example: String { get }
    static var callable: Bool { get }
    static var isNonNegative: Bool { get }
    static var columnKernel: ColumnKernel? { get }
    /// The value, written once for every `ModelReal` type.
    static func value<R: ModelReal>(_ x: MathArguments<R>) -> R
    /// The total derivative from the arguments `u`, the node itself `f` and the arguments' derivatives `du`.
    static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr
}

extension MathFunctionDefinition {
    static var arity: Int { 1 }
    static var parameters: [String]? { nil }
    static var callable: Bool { true }
    static var isNonNegative: Bool { false }
    static var columnKernel: ColumnKernel? { nil }
}

// MARK: - The table

extension MathFunction {
    /// Every math function, in the order help lists them.
    public static let all: [MathFunction] = [
        exp, log, log10, log2, sqrt, abs, sin, cos, tan, atan, sign, max, min, clamp, ifge,
        lgamma, digamma, polygamma, lbeta, betainc, erf, sigmoid, softplus,
        betaDensity, betaincA, betaincB, coverageBeta,
    ]

    /// e^x (never negative); fits evaluate it over a column with `scalelab_exp`.
    public static let exp = MathFunction(Exp.self)
    /// The natural logarithm: NaN below 0, −inf at 0; fits evaluate it over a column with `scalelab_log`.
    public static let log = MathFunction(Log.self)
    /// The base-10 logarithm (NaN below 0).
    public static let log10 = MathFunction(Log10.self)
    /// The base-2 logarithm (NaN below 0).
    public static let log2 = MathFunction(Log2.self)
    /// The square root (NaN below 0).
    public static let sqrt = MathFunction(Sqrt.self)
    /// |x|; its derivative at 0 is 0, the mean of the one-sided slopes.
    public static let abs = MathFunction(Abs.self)
    /// The sine of x in radians.
    public static let sin = MathFunction(Sin.self)
    /// The cosine of x in radians.
    public static let cos = MathFunction(Cos.self)
    /// The tangent of x in radians.
    public static let tan = MathFunction(Tan.self)
    /// The arctangent, in radians in (−π/2, π/2).
    public static let atan = MathFunction(Atan.self)
    /// −1, 0 or 1 by the sign of x (0 for NaN); its derivative is 0.
    public static let sign = MathFunction(Sign.self)
    /// max(a, b): a where a ≥ b, else b; NaN if either is NaN. Not a builtin itself (the language's `max` does more).
    public static let max = MathFunction(Max.self)
    /// min(a, b): a where a ≤ b, else b; NaN if either is NaN. Not a builtin itself.
    public static let min = MathFunction(Min.self)
    /// clamp(x, lo, hi): x limited to [lo, hi] for lo ≤ hi; NaN if any argument is NaN.
    public static let clamp = MathFunction(Clamp.self)
    /// ifge(x, y, a, b): a where x ≥ y, else b; NaN if x or y is NaN. What a conditional in a model becomes.
    public static let ifge = MathFunction(IfGreaterOrEqual.self)
    /// log |Γ(x)|; its derivative is digamma.
    public static let lgamma = MathFunction(LogGamma.self)
    /// ψ(x) = Γ'(x)/Γ(x): NaN at the poles 0, −1, −2, ….
    public static let digamma = MathFunction(Digamma.self)
    /// ψ⁽ⁿ⁾(x) for whole n ≥ 1 (n ≤ 1000 for x < 0): NaN at the poles, ±inf only on overflow, about 13 digits.
    public static let polygamma = MathFunction(Polygamma.self)
    /// log B(a, b) = lgamma(a) + lgamma(b) − lgamma(a + b).
    public static let lbeta = MathFunction(LogBeta.self)
    /// The regularised incomplete beta function I_x(a, b); its a- and b-derivatives are numeric (`betaincA`, `betaincB`).
    public static let betainc = MathFunction(IncompleteBeta.self)
    /// The error function.
    public static let erf = MathFunction(Erf.self)
    /// The logistic function 1/(1 + e^−x), with derivative σ(x)·σ(−x) so the right tail does not cancel to 0.
    public static let sigmoid = MathFunction(Sigmoid.self)
    /// log(1 + e^x) without overflow; its derivative is sigmoid.
    public static let softplus = MathFunction(Softplus.self)
    /// The Beta(a, b) density at x, the x-derivative of betainc; not a builtin.
    public static let betaDensity = MathFunction(BetaDensity.self)
    /// ∂I_x(a, b)/∂a by Richardson-extrapolated central differences (about 1e-9 relative); not a builtin.
    public static let betaincA = MathFunction(IncompleteBetaA.self)
    /// ∂I_x(a, b)/∂b, as `betaincA`; not a builtin.
    public static let betaincB = MathFunction(IncompleteBetaB.self)
    /// Coverage 1 − B(a, b + k)/B(a, b) after k samples under a Beta(a, b) success rate: a model's `coverage(k, beta(a, b))`.
    public static let coverageBeta = MathFunction(CoverageBeta.self)

    enum Exp: MathFunctionDefinition {
        static let name = "exp", doc = "e to the power x, elementwise", example = "exp(1)"
        static let isNonNegative = true
        static let columnKernel: ColumnKernel? = scalelab_exp
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { .exp(x[0]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { f * du[0] }
    }

    enum Log: MathFunctionDefinition {
        static let name = "log", doc = "natural logarithm, elementwise (nan below 0)", example = "log(100)"
        static let columnKernel: ColumnKernel? = scalelab_log
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { .log(x[0]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { du[0] / u[0] }
    }

    enum Log10: MathFunctionDefinition {
        static let name = "log10", doc = "base-10 logarithm, elementwise", example = "log10(1T)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { .log10(x[0]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { du[0] / (u[0] * .constant(Foundation.log(10))) }
    }

    enum Log2: MathFunctionDefinition {
        static let name = "log2", doc = "base-2 logarithm, elementwise", example = "log2(1024)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { .log2(x[0]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { du[0] / (u[0] * .constant(Foundation.log(2))) }
    }

    enum Sqrt: MathFunctionDefinition {
        static let name = "sqrt", doc = "square root, elementwise", example = "sqrt([4, 9])"
        static let isNonNegative = true
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { x[0].squareRoot() }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { du[0] / (.constant(2) * f) }
    }

    /// At the kink |u|' is sign(0)·u' = 0, the mean of the two one-sided slopes.
    enum Abs: MathFunctionDefinition {
        static let name = "abs", doc = "absolute value, elementwise", example = "abs(-2)"
        static let isNonNegative = true
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { Swift.abs(x[0]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { ModelExpr.call(.sign, u[0]) * du[0] }
    }

    enum Sin: MathFunctionDefinition {
        static let name = "sin", doc = "sine (radians), elementwise", example = "sin(pi / 2)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { .sin(x[0]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { ModelExpr.call(.cos, u[0]) * du[0] }
    }

    enum Cos: MathFunctionDefinition {
        static let name = "cos", doc = "cosine (radians), elementwise", example = "cos(0)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { .cos(x[0]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { -ModelExpr.call(.sin, u[0]) * du[0] }
    }

    enum Tan: MathFunctionDefinition {
        static let name = "tan", doc = "tangent (radians), elementwise", example = "tan(pi / 4)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { .tan(x[0]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { (.constant(1) + ModelExpr.pow(f, .constant(2))) * du[0] }
    }

    enum Atan: MathFunctionDefinition {
        static let name = "atan", doc = "arctangent in radians, elementwise", example = "atan(1) * 4"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { .atan(x[0]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { du[0] / (.constant(1) + ModelExpr.pow(u[0], .constant(2))) }
    }

    enum Sign: MathFunctionDefinition {
        static let name = "sign", doc = "-1, 0 or 1 by the sign of x, elementwise", example = "sign([-2, 0, 3])"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { x[0] > 0 ? 1 : (x[0] < 0 ? -1 : 0) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { .constant(0) }
    }
}

// MARK: - Piecewise functions
//
// Their derivatives are one-sided: the derivative of the branch that is taken, with ties going to
// the first argument (at a = b, max(a, b)' = a'; at x = lo or x = hi, clamp(x, lo, hi)' = x').
// Each picks its branch with `ifge`, so a derivative is again piecewise and can be differentiated
// again. NaN in an argument that chooses the branch gives NaN, as the builtins do.

extension MathFunction {
    /// max(a, b): a where a ≥ b, else b.
    enum Max: MathFunctionDefinition {
        static let name = "max", arity = 2, callable = false
        static let doc = "the larger of two values (ties take the first, and so its derivative)", example = "max(2, 3)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { x[0].isNaN || x[1].isNaN ? .nan : x[0] >= x[1] ? x[0] : x[1] }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { IfGreaterOrEqual.choose(u[0], u[1], du[0], du[1]) }
    }

    /// min(a, b): a where a ≤ b, else b.
    enum Min: MathFunctionDefinition {
        static let name = "min", arity = 2, callable = false
        static let doc = "the smaller of two values (ties take the first, and so its derivative)", example = "min(2, 3)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { x[0].isNaN || x[1].isNaN ? .nan : x[1] >= x[0] ? x[0] : x[1] }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { IfGreaterOrEqual.choose(u[1], u[0], du[0], du[1]) }
    }

    /// clamp(x, lo, hi) = min(max(x, lo), hi) for lo ≤ hi: x where lo ≤ x ≤ hi.
    enum Clamp: MathFunctionDefinition {
        static let name = "clamp", arity = 3, parameters: [String]? = ["x", "lo", "hi"]
        static let doc = "x limited to [lo, hi], elementwise (at lo or hi the derivative is x's)", example = "clamp([-1, 0.5, 2], 0, 1)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R {
            if x[0].isNaN || x[1].isNaN || x[2].isNaN { return .nan }
            return x[0] >= x[1] ? (x[2] >= x[0] ? x[0] : x[2]) : x[1]
        }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr {
            IfGreaterOrEqual.choose(u[0], u[1], IfGreaterOrEqual.choose(u[2], u[0], du[0], du[2]), du[1])
        }
    }

    /// ifge(x, y, a, b) = a where x ≥ y, else b: the branch a conditional in a model picks
    /// (`ifelse(x < y, a, b)` is ifge(x, y, b, a)). Only a and b carry a derivative.
    enum IfGreaterOrEqual: MathFunctionDefinition {
        static let name = "ifge", arity = 4, callable = false
        static let doc = "a where x ≥ y, else b (the form conditionals in a model take)", example = "ifelse(2 >= 1, 3, 4)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { x[0].isNaN || x[1].isNaN ? .nan : x[0] >= x[1] ? x[2] : x[3] }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { choose(u[0], u[1], du[2], du[3]) }

        /// ifge(x, y, a, b), or a itself when both branches are the same expression.
        static func choose(_ x: ModelExpr, _ y: ModelExpr, _ a: ModelExpr, _ b: ModelExpr) -> ModelExpr {
            if a.isSameNode(as: b) { return a }
            return ModelExpr.call(.ifge, x, y, a, b)
        }
    }
}

// MARK: - Special functions
//
// Values from `GenericSpecial` (domains and accuracy stated there) and swift-numerics; their
// derivatives are exact except betainc's in a and b (see `IncompleteBetaA`).

extension MathFunction {
    enum LogGamma: MathFunctionDefinition {
        static let name = "lgamma", doc = "log |Γ(x)|, elementwise", example = "lgamma(10)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { .logGamma(x[0]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { ModelExpr.call(.digamma, u[0]) * du[0] }
    }

    enum Digamma: MathFunctionDefinition {
        static let name = "digamma", doc = "ψ(x) = Γ'(x)/Γ(x), elementwise (nan at 0, -1, -2, …)", example = "digamma(1)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { GenericSpecial.digamma(x[0]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { ModelExpr.call(.polygamma, .constant(1), u[0]) * du[0] }
    }

    /// ψ⁽ⁿ⁾(x); n is a whole order, so only x carries a derivative.
    enum Polygamma: MathFunctionDefinition {
        static let name = "polygamma", arity = 2, parameters: [String]? = ["n", "x"]
        static let doc = "ψ⁽ⁿ⁾(x), the n-th derivative of digamma, elementwise: whole n ≥ 1 (n ≤ 1000 for x < 0), any x but the poles 0, -1, -2, … (nan there); ±inf only where the value overflows; about 13 digits", example = "polygamma(1, 1)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { GenericSpecial.polygamma(x[0], x[1]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr {
            ModelExpr.call(.polygamma, u[0] + .constant(1), u[1]) * du[1]
        }
    }

    /// ∂/∂a log B(a, b) = ψ(a) − ψ(a + b), ∂/∂b = ψ(b) − ψ(a + b).
    enum LogBeta: MathFunctionDefinition {
        static let name = "lbeta", arity = 2, parameters: [String]? = ["a", "b"], doc = "log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b), elementwise", example = "lbeta(0.5, 2)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { GenericSpecial.logBeta(x[0], x[1]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr {
            let sum = ModelExpr.call(.digamma, u[0] + u[1])
            return (ModelExpr.call(.digamma, u[0]) - sum) * du[0] + (ModelExpr.call(.digamma, u[1]) - sum) * du[1]
        }
    }

    /// I_x(a, b); its x-derivative is the Beta(a, b) density, its a- and b-derivatives numeric.
    enum IncompleteBeta: MathFunctionDefinition {
        static let name = "betainc", arity = 3, parameters: [String]? = ["a", "b", "x"]
        static let doc = "the regularised incomplete beta function I_x(a, b), elementwise", example = "betainc(2, 3, 0.4)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { GenericSpecial.incompleteBeta(x[0], x[1], x[2]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr {
            ModelExpr.call(.betaincA, arguments: u) * du[0] + ModelExpr.call(.betaincB, arguments: u) * du[1]
                + ModelExpr.call(.betaDensity, arguments: u) * du[2]
        }
    }

    /// The Beta(a, b) density at x, with its exact derivatives: f·((a−1)/x − (b−1)/(1−x)) in x,
    /// f·(log x − ψ(a) + ψ(a+b)) in a, f·(log(1−x) − ψ(b) + ψ(a+b)) in b.
    enum BetaDensity: MathFunctionDefinition {
        static let name = "betapdf", arity = 3, callable = false
        static let doc = "the Beta(a, b) density at x (the x-derivative of betainc)", example = "betainc(2, 3, 0.4)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { GenericSpecial.betaDensity(x[0], x[1], x[2]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr {
            let (a, b, x) = (u[0], u[1], u[2]), one = ModelExpr.constant(1)
            let sum = ModelExpr.call(.digamma, a + b)
            return f * ((ModelExpr.call(.log, x) - ModelExpr.call(.digamma, a) + sum) * du[0]
                        + (ModelExpr.call(.log, one - x) - ModelExpr.call(.digamma, b) + sum) * du[1]
                        + ((a - one) / x - (b - one) / (one - x)) * du[2])
        }
    }

    /// ∂I_x(a, b)/∂a by Richardson-extrapolated central differences
    /// (`GenericSpecial.incompleteBetaParameterDerivative`, about 1e-9 relative): no closed form
    /// short of a ₃F₂. Its own derivative is not available: NaN wherever it is needed.
    enum IncompleteBetaA: MathFunctionDefinition {
        static let name = "betainc_da", arity = 3, callable = false
        static let doc = "∂betainc(a, b, x)/∂a, numerically", example = "betainc(2, 3, 0.4)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { GenericSpecial.incompleteBetaParameterDerivative(x[0], x[1], x[2], wrtA: true) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { unavailable(du) }
    }

    /// ∂I_x(a, b)/∂b, as `IncompleteBetaA`.
    enum IncompleteBetaB: MathFunctionDefinition {
        static let name = "betainc_db", arity = 3, callable = false
        static let doc = "∂betainc(a, b, x)/∂b, numerically", example = "betainc(2, 3, 0.4)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { GenericSpecial.incompleteBetaParameterDerivative(x[0], x[1], x[2], wrtA: false) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { unavailable(du) }
    }

    /// erf'(x) = 2/√π·e^(−x²).
    enum Erf: MathFunctionDefinition {
        static let name = "erf", doc = "the error function, elementwise", example = "erf(1)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { .erf(x[0]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr {
            .constant(2 / Double.pi.squareRoot()) * ModelExpr.call(.exp, -ModelExpr.pow(u[0], .constant(2))) * du[0]
        }
    }

    /// σ'(x) = σ(x)·σ(−x) (not σ·(1 − σ), which cancels to 0 in the right tail).
    enum Sigmoid: MathFunctionDefinition {
        static let name = "sigmoid", doc = "the logistic function 1/(1 + e^-x), elementwise", example = "sigmoid(0)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { GenericSpecial.sigmoid(x[0]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { f * ModelExpr.call(.sigmoid, -u[0]) * du[0] }
    }

    /// softplus'(x) = σ(x).
    enum Softplus: MathFunctionDefinition {
        static let name = "softplus", doc = "log(1 + e^x) without overflow, elementwise", example = "softplus(1)"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R { GenericSpecial.softplus(x[0]) }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr { ModelExpr.call(.sigmoid, u[0]) * du[0] }
    }

    /// Coverage after k samples when a problem's success probability is Beta(a, b):
    /// 1 − E[(1 − p)^k] = 1 − B(a, b + k)/B(a, b) (Brown et al. 2024, "Large Language Monkeys";
    /// Schaeffer et al. 2025, "How Do Large Language Monkeys Get Their Power (Laws)?"), computed as
    /// `GenericSpecial.betaCoverage` (which states its domain and accuracy); its derivative is
    /// −e^g·g' for g = lbeta(a, b + k) − lbeta(a, b), g' from lbeta's rule (e^g rather than
    /// 1 − coverage, which would be 0 where coverage rounds to 1 and log(1 − coverage) is fitted).
    /// A model's `coverage(k, beta(a, b))` is this.
    enum CoverageBeta: MathFunctionDefinition {
        static let name = "coverage_beta", arity = 3, callable = false
        static let doc = "coverage(k, beta(a, b)) inside a model", example = "coverage(10, beta(0.3, 2))"
        static func value<R: ModelReal>(_ x: MathArguments<R>) -> R {
            GenericSpecial.betaCoverage(x[0], x[1], x[2])
        }
        static func derivative(_ u: [ModelExpr], _ f: ModelExpr, _ du: [ModelExpr]) -> ModelExpr {
            let (k, a, b) = (u[0], u[1], u[2])
            let g = ModelExpr.call(.lbeta, a, b + k) - ModelExpr.call(.lbeta, a, b)
            let dg = MathFunction.lbeta.derivative(arguments: [a, b + k], value: .constant(0), derivatives: [du[1], du[2] + du[0]])
                - MathFunction.lbeta.derivative(arguments: [a, b], value: .constant(0), derivatives: [du[1], du[2]])
            return -ModelExpr.call(.exp, g) * dg
        }
    }

    /// 0 where no argument varies, else NaN: a derivative the table does not have.
    static func unavailable(_ du: [ModelExpr]) -> ModelExpr {
        du.allSatisfy { $0.constantValue == 0 } ? .constant(0) : .constant(.nan)
    }
}
