/// An expression node: a kind and the source it spans (built from its children's spans).
public struct Expr: Equatable, Sendable {
    public indirect enum Kind: Equatable, Sendable {
        case number(Double)
        case string(String)
        case bool(Bool)
        case name(String)
        case vector([Expr])
        case unary(UnaryOp, Expr)
        case binary(BinaryOp, Expr, Expr)
        /// `a..b`, `a..b step s`, `a..b times k`.
        case range(from: Expr, to: Expr, step: Expr?, factor: Expr?)
        case call(Expr, [Argument])
        case member(Expr, String)
        case index(Expr, Expr)
        /// `TABLE where PREDICATE`, the predicate evaluated with the table's columns in scope.
        case filter(Expr, Expr)
        /// `load PATH [skip nonfinite]`: the option drops rows with NaN or ±Inf instead of failing.
        case load(Expr, skipNonFinite: Bool)
        case fit(FitSpec)
        /// `DIST ~ beta(a, b)` style option values and other domain forms are added by later statements.
        case command(Command)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum UnaryOp: String, Sendable {
    case negate = "-", not = "not"
}

public enum BinaryOp: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^", modulo = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or
}

/// What a law says about itself: where its numbers come from and the units of its inputs.
public struct LawNotes: Equatable, Sendable {
    public var source: String?
    public var inputs: String?
    public init(source: String? = nil, inputs: String? = nil) {
        self.source = source
        self.inputs = inputs
    }
}

/// A call argument, positional (`label == nil`) or named (`f(y = 1)`).
public struct Argument: Equatable, Sendable {
    public var label: String?
    public var value: Expr
}

/// `fit RESPONSE ~ MODEL [on T] [start P = V, …] [huber δ] [weights W] [bounds P > X, …]`.
public struct FitSpec: Equatable, Sendable {
    public var response: Expr
    public var model: Expr
    public var table: Expr?
    public var starts: [(name: String, value: Expr)]
    public var huber: Expr?
    public var weights: Expr?
    public var bounds: [(name: String, lower: Bool, value: Expr)]
    public var maxIterations: Expr?

    public static func == (a: FitSpec, b: FitSpec) -> Bool {
        a.response == b.response && a.model == b.model && a.table == b.table
            && a.starts.elementsEqual(b.starts, by: { $0.name == $1.name && $0.value == $1.value })
            && a.huber == b.huber && a.weights == b.weights
            && a.bounds.elementsEqual(b.bounds, by: { $0.name == $1.name && $0.lower == $1.lower && $0.value == $1.value })
            && a.maxIterations == b.maxIterations
    }
}

/// Domain commands written as words (`optimal f at C = 1e24`, `simulate bestof 16 with p = 0.3`):
/// a verb, its positional operands, and `name = value` options, in source order.
public struct Command: Equatable, Sendable {
    public var verb: String
    public var operands: [Expr]
    public var clauses: [Clause]

    public struct Clause: Equatable, Sendable {
        public var word: String
        public var name: String?
        public var value: Expr
        public var range: SourceRange
    }
}

/// A statement node.
public struct Stmt: Equatable, Sendable {
    public indirect enum Kind: Equatable, Sendable {
        case expression(Expr)
        case assign(String, Expr)
        /// `t.col = expr`
        case assignMember(Expr, String, Expr)
        /// `f(x, y) = expr`; `isLaw` for `law NAME(…) = … where P = V, … [source "…"] [inputs "…"]`,
        /// whose notes hold the citation and the inputs' units.
        case define(name: String, params: [String], body: Expr, defaults: [Argument], isLaw: Bool, notes: LawNotes)
        case print([Expr])
        case assert(Expr, Expr?)
        case `if`(Expr, [Stmt], [Stmt]?)
        case `for`(String, Expr, [Stmt])
        case use(Expr)
        case save(Expr, Expr)
        case set(String, [Argument])
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}
