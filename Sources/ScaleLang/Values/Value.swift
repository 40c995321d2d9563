/// A runtime value of the language.
public enum Value {
    case number(Double)
    case string(String)
    case bool(Bool)
    case vector([Double])
    /// True/false per element: what comparing vectors gives (`[1, 2] == [2, 2]` is `[false, true]`).
    /// Arithmetic and the builtins read it as 1s and 0s, so `sum(mask)` counts the true ones; nil
    /// is `na` (a comparison with `na`).
    case bools([Bool?])
    /// A text column taken out of a table (`t.model`); nil is `na`.
    case strings([String?])
    case record(Record)
    case table(Table)
    case function(Function)
    /// Results of the domain commands (fits, plots, …) that carry their own display and fields.
    case object(DomainObject)
    /// The value of statements that have none (`print`, a loop).
    case nothing

    /// The name users see in type errors.
    public var typeName: String {
        switch self {
        case .number: return "number"
        case .string: return "string"
        case .bool: return "bool"
        case .vector: return "vector"
        case .bools: return "bool vector"
        case .strings: return "text vector"
        case .record: return "record"
        case .table: return "table"
        case .function(let f): return f.isLaw ? "law" : "function"
        case .object(let o): return o.typeName
        case .nothing: return "nothing"
        }
    }
}

extension Value {
    /// A bool as a number: 1, 0, or `na` for a missing one.
    static func number(of b: Bool?) -> Double { b.map { $0 ? 1 : 0 } ?? .na }

    /// A bool vector as 1s and 0s, for the builtins (`sum(mask)` counts the true ones); else itself.
    var numericMask: Value {
        if case .bools(let bs) = self { return .vector(bs.map(Value.number(of:))) }
        return self
    }
}

/// A value produced by a domain command: shows itself, exposes fields, and may be callable.
public protocol DomainObject: AnyObject {
    var typeName: String { get }
    /// The REPL's echo of the value, numbers to `digits` significant digits.
    func display(digits: Int) -> String
    /// `value.name`, or nil when there is no such field.
    func member(_ name: String) -> Value?
    /// Field names, for completion and for "did you mean" hints.
    var memberNames: [String] { get }
}

/// Named fields in the order they were given.
public struct Record {
    /// The fields in the order they were first set.
    public private(set) var fields: [(name: String, value: Value)] = []

    /// A record of `fields`; a name given twice keeps its first place and its last value.
    public init(_ fields: [(String, Value)] = []) {
        for (n, v) in fields { self[n] = v }
    }

    /// The field's value, or nil; setting nil removes the field, setting a new name appends it.
    public subscript(name: String) -> Value? {
        get { fields.first(where: { $0.name == name })?.value }
        set {
            if let i = fields.firstIndex(where: { $0.name == name }) {
                if let v = newValue { fields[i].value = v } else { fields.remove(at: i) }
            } else if let v = newValue {
                fields.append((name, v))
            }
        }
    }

    /// The field names in order.
    public var names: [String] { fields.map(\.name) }
}

/// A callable: a user function or law, or a builtin.
public final class Function {
    /// What runs when the function is called.
    public enum Body {
        /// `f(x, y) = body`; a law's `where` defaults are extra named parameters.
        case user(params: [String], body: Expr, defaults: [(name: String, value: Value)], source: Source)
        case builtin(Builtin)
    }

    /// The name it was defined under (for messages and help).
    public let name: String
    /// Its definition: the user's expression or a Swift builtin.
    public let body: Body
    /// Declared with `law`: fit, optimal and plot take it by name.
    public let isLaw: Bool
    /// For laws from the Stdlib: where the numbers come from.
    public var citation: String?
    /// For laws from the Stdlib: the units of its inputs.
    public var units: String?
    /// The fits its `where` defaults were read from (`where e = f.e`): a plot draws it in their
    /// data's colour, dashed beyond their data.
    var fits: [FitValue] = []

    /// A function named `name` that runs `body`.
    public init(name: String, body: Body, isLaw: Bool = false) {
        self.name = name
        self.body = body
        self.isLaw = isLaw
    }

    /// The names its arguments bind to, in order.
    public var parameterNames: [String] {
        switch body {
        case .user(let params, _, _, _): return params
        case .builtin(let b): return b.parameters
        }
    }
}

/// A function implemented in Swift. `call` receives arguments already matched to `parameters`
/// (missing optional ones absent), plus the call's span for error messages.
public struct Builtin {
    /// The parameter names, in order (help shows them as the signature).
    public var parameters: [String]
    /// How many leading parameters must be given.
    public var required: Int
    /// Accepts any number of positional arguments (`max(a, b, c)`).
    public var variadic: Bool = false
    /// Accepts named arguments of any name, passed in `BuiltinArguments.named` (`table(x = …)`).
    public var openNames: Bool = false
    /// Positional arguments from this index on that are bare names (`N`, `` `Model Size` ``) are
    /// those names as text, as in `d(chinchilla, N)` and `select(runs, dataset, N)`: an input or
    /// column named the way `where` names it, not a variable of that name.
    public var namesFrom: Int? = nil
    /// The implementation.
    public var call: (_ args: BuiltinArguments) throws(ScaleError) -> Value
}

/// Matched arguments of a builtin call.
public struct BuiltinArguments {
    /// Each parameter's value in order; nil where an optional one was not given.
    public var values: [Value?]
    /// Where each argument is written, for errors about it.
    public var ranges: [SourceRange]
    /// The whole call, for errors about it as a whole.
    public var callRange: SourceRange
    /// The interpreter running the call (settings, limits, output).
    public var interpreter: Interpreter
    /// The builtin's name, for messages.
    public var functionName: String
    /// Named arguments of an `openNames` builtin, in source order.
    public var named: [(name: String, value: Value, range: SourceRange)] = []

    /// The i-th parameter's value (from 0), or nil when not given.
    public subscript(i: Int) -> Value? { i < values.count ? values[i] : nil }

    /// Where the i-th argument is written; the call's range when it was not given.
    public func range(_ i: Int) -> SourceRange { i < ranges.count ? ranges[i] : callRange }

    /// The i-th argument as a number, or a type error naming the argument.
    public func number(_ i: Int, _ what: String? = nil) throws(ScaleError) -> Double {
        guard let v = self[i] else {
            throw .runtime("\(functionName) expects \(what ?? "a number") as argument \(i + 1)", at: callRange)
        }
        switch v {
        case .number(let x): return x
        case .bool(let b): return b ? 1 : 0
        default:
            throw .runtime("\(functionName) expects \(what ?? "a number") as argument \(i + 1), got a \(v.typeName)", at: range(i))
        }
    }

    /// The i-th argument as a number, nil when not given; a type error otherwise.
    public func optionalNumber(_ i: Int) throws(ScaleError) -> Double? {
        self[i] == nil ? nil : try number(i)
    }

    /// The i-th argument as a vector (a number counts as a vector of one).
    public func vector(_ i: Int, _ what: String? = nil) throws(ScaleError) -> [Double] {
        guard let v = self[i] else {
            throw .runtime("\(functionName) expects \(what ?? "a vector") as argument \(i + 1)", at: callRange)
        }
        switch v {
        case .vector(let xs): return xs
        case .number(let x): return [x]
        case .bools(let bs): return bs.map(Value.number(of:))
        default:
            throw .runtime("\(functionName) expects \(what ?? "a vector") as argument \(i + 1), got a \(v.typeName)", at: range(i))
        }
    }

    /// The i-th argument as text, or a type error naming the argument (`what` names what was expected).
    public func string(_ i: Int, _ what: String? = nil) throws(ScaleError) -> String {
        guard case .string(let s)? = self[i] else {
            throw .runtime("\(functionName) expects \(what ?? "a string") as argument \(i + 1)\(self[i].map { ", got a \($0.typeName)" } ?? "")", at: range(i))
        }
        return s
    }
}
