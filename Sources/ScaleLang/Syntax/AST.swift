/// An expression node: a kind and the source it spans (built from its children's spans).
public struct Expr: Equatable, Sendable {
    /// What the expression is, with its children.
    public indirect enum Kind: Equatable, Sendable {
        case number(Double)
        case string(String)
        /// `"N = {N:.3g}"`: text and expressions, each with its format.
        case interpolation([InterpolationPart])
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
        /// A command read against its declaration (`fit …`, `optimal …`, `load …`): see `Command`.
        case command(Command)
    }

    /// What the node is.
    public var kind: Kind
    /// The bytes of source the node spans, its children's included.
    public var range: SourceRange
    /// Levels of nodes from here down (1 for a leaf), kept as the tree is built so that the parser
    /// can refuse a tree too deep to walk (a long chain `1+1+…` is as deep as it is long).
    public let depth: Int

    /// A node of `kind` spanning `range`; its depth comes from its children.
    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
        depth = 1 + Self.childDepth(kind)
    }

    private static func childDepth(_ kind: Kind) -> Int {
        switch kind {
        case .number, .string, .bool, .name: return 0
        case .vector(let items): return items.map(\.depth).max() ?? 0
        case .interpolation(let parts):
            return parts.map { if case .value(let e, _) = $0 { return e.depth } else { return 0 } }.max() ?? 0
        case .unary(_, let x), .member(let x, _): return x.depth
        case .binary(_, let a, let b), .index(let a, let b), .filter(let a, let b): return max(a.depth, b.depth)
        case .range(let a, let b, let s, let k): return max(a.depth, b.depth, s?.depth ?? 0, k?.depth ?? 0)
        case .call(let f, let args): return max(f.depth, args.map(\.value.depth).max() ?? 0)
        case .command(let c): return (c.operands + c.clauses.map(\.part)).map(\.depth).max() ?? 0
        }
    }
}

extension Expr {
    /// The expressions directly below this one, in source order.
    public var children: [Expr] {
        switch kind {
        case .number, .string, .bool, .name: return []
        case .vector(let items): return items
        case .interpolation(let parts): return parts.compactMap { if case .value(let e, _) = $0 { return e } else { return nil } }
        case .unary(_, let x), .member(let x, _): return [x]
        case .binary(_, let a, let b), .index(let a, let b), .filter(let a, let b): return [a, b]
        case .range(let a, let b, let s, let k): return [a, b] + [s, k].compactMap { $0 }
        case .call(let f, let args): return [f] + args.map(\.value)
        case .command(let c):
            var out: [Expr] = []
            for part in c.operands + c.clauses.map(\.part) {
                switch part {
                case .expression(let e): out.append(e)
                case .list(let es): out += es
                case .word: break
                case .formula(let r, let m): out += [r, m]
                case .bindings(let bs): out += bs.compactMap(\.value)
                case .bounds(let bs): out += bs.map(\.value)
                }
            }
            return out
        }
    }

    /// Every name the expression reads, in the order first read (for the columns a command uses).
    public var referencedNames: [String] {
        var out: [String] = [], seen = Set<String>()
        var stack = [self]
        while let e = stack.popLast() {
            if case .name(let n) = e.kind, seen.insert(n).inserted { out.append(n) }
            stack += e.children.reversed()
        }
        return out
    }
}

/// A piece of an interpolated string: text, or an expression with an optional format.
public enum InterpolationPart: Equatable, Sendable {
    case text(String)
    case value(Expr, FormatSpec?)
}

/// A prefix operator, spelled as in the source.
public enum UnaryOp: String, Sendable {
    case negate = "-", not = "not"
}

/// An infix operator, spelled as in the source (`and`, `or` as words).
public enum BinaryOp: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^", modulo = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or
}

/// What a law says about itself: where its numbers come from and the units of its inputs.
public struct LawNotes: Equatable, Sendable {
    /// Where the law's numbers come from (`source "…"`), as written.
    public var source: String?
    /// The units of the law's inputs (`inputs "…"`), as written.
    public var inputs: String?
    /// Notes as written; nil where the law gives none.
    public init(source: String? = nil, inputs: String? = nil) {
        self.source = source
        self.inputs = inputs
    }
}

/// A call argument, positional (`label == nil`) or named (`f(y = 1)`).
public struct Argument: Equatable, Sendable {
    /// The name of a named argument; nil for a positional one.
    public var label: String?
    /// The argument's expression, unevaluated.
    public var value: Expr
}

/// A command as its declaration (`Sources/ScaleLang/Commands`) told the parser to read it: the
/// verb, its positional operands, and its clauses in source order, each in the shape declared.
public struct Command: Equatable, Sendable {
    /// The command's word (`fit`, `optimal`, …).
    public var verb: String
    /// Where the verb is written.
    public var verbRange: SourceRange
    /// The positional operands, in declared order.
    public var operands: [Part]
    /// The clauses, in source order (a word may open more than one).
    public var clauses: [Clause]

    /// One clause: the word that opened it and what followed.
    public struct Clause: Equatable, Sendable {
        /// The word that opened the clause (`on`, `with`, …).
        public var word: String
        /// Where that word is written.
        public var wordRange: SourceRange
        /// What followed the word, in the shape the declaration gives it.
        public var part: Part
        /// The clause from its word to the end of its value.
        public var range: SourceRange { wordRange.union(part.range) }
    }

    /// The shapes an operand or a clause's value can take (`ClauseKind` declares which).
    public indirect enum Part: Equatable, Sendable {
        case expression(Expr)
        /// `of a, b, c`
        case list([Expr])
        /// A bare word from a declared set (`in terminal`, `log x`, a simulate strategy).
        case word(String, SourceRange)
        /// `RESPONSE ~ MODEL`
        case formula(response: Expr, model: Expr)
        /// `NAME = VALUE`, `NAME ~ DISTRIBUTION`, `NAME VALUE` or a bare `NAME`, comma-separated.
        case bindings([Binding])
        /// `NAME > VALUE`, `NAME < VALUE`, comma-separated.
        case bounds([Bound])

        /// The deepest expression inside.
        var depth: Int {
            switch self {
            case .expression(let e): return e.depth
            case .list(let es): return es.map(\.depth).max() ?? 0
            case .word: return 0
            case .formula(let r, let m): return max(r.depth, m.depth)
            case .bindings(let bs): return bs.map { $0.value?.depth ?? 0 }.max() ?? 0
            case .bounds(let bs): return bs.map(\.value.depth).max() ?? 0
            }
        }

        /// The source from the first to the last byte of the part.
        public var range: SourceRange {
            switch self {
            case .expression(let e): return e.range
            case .list(let es): return es.dropFirst().reduce(es.first?.range ?? .none) { $0.union($1.range) }
            case .word(_, let r): return r
            case .formula(let r, let m): return r.range.union(m.range)
            case .bindings(let bs): return bs.dropFirst().reduce(bs.first?.range ?? .none) { $0.union($1.range) }
            case .bounds(let bs): return bs.dropFirst().reduce(bs.first.map { $0.nameRange.union($0.value.range) } ?? .none) { $0.union($1.nameRange.union($1.value.range)) }
            }
        }
    }

    /// `NAME = VALUE` (or `~`, or juxtaposed, or bare): an option, a start value, a budget.
    public struct Binding: Equatable, Sendable {
        /// How the name and value are joined.
        public enum Relation: Equatable, Sendable {
            /// `name = value`, or `name value` where the declaration allows it (`set digits 8`)
            case equals
            /// `name ~ distribution`
            case distributed
            /// a bare name (`over N`): no value
            case bare
        }
        /// The option's, parameter's or budget's name.
        public var name: String
        /// Where the name is written.
        public var nameRange: SourceRange
        /// `=`, `~` or bare.
        public var relation: Relation
        /// The value's expression; nil for a bare name.
        public var value: Expr?
        /// From the name to the end of its value.
        public var range: SourceRange { value.map { nameRange.union($0.range) } ?? nameRange }
    }

    /// `bounds alpha > 0`
    public struct Bound: Equatable, Sendable {
        /// The parameter the bound is on.
        public var name: String
        /// Where the parameter is named.
        public var nameRange: SourceRange
        /// True for `name > value` (a lower bound), false for `name < value`.
        public var lower: Bool
        /// The bound's expression, unevaluated.
        public var value: Expr
    }
}

/// A statement node.
public struct Stmt: Equatable, Sendable {
    /// What the statement is, with its parts.
    public indirect enum Kind: Equatable, Sendable {
        case expression(Expr)
        case assign(String, Expr)
        /// `t.col = expr`
        case assignMember(Expr, String, Expr)
        /// `v[i] = expr`, `t.col[i] = expr` (the target a name or a column of a named table)
        case assignIndex(Expr, Expr, Expr)
        /// `f(x, y) = expr`; `isLaw` for `law NAME(…) = … where P = V, … [source "…"] [inputs "…"]`,
        /// whose notes hold the citation and the inputs' units.
        case define(name: String, params: [String], body: Expr, defaults: [Argument], isLaw: Bool, notes: LawNotes)
        case print([Expr])
        case assert(Expr, Expr?)
        case `if`(Expr, [Stmt], [Stmt]?)
        case `for`(String, Expr, [Stmt])
        case `while`(Expr, [Stmt])
    }

    /// What the statement is.
    public var kind: Kind
    /// The bytes of source the statement spans.
    public var range: SourceRange

    /// A statement of `kind` spanning `range`.
    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}
