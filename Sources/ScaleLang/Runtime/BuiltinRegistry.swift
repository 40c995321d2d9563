import ScalingCore

/// A builtin function or constant, declared once: its name, parameters, one-line doc, a runnable
/// example and its implementation or value. Every interpreter's outermost scope is filled from
/// `BuiltinRegistry.all`, and help, completion, the README's builtin reference and the notebook
/// kernel read the same rows, so a builtin is one `define` (or `constant`) in one file.
public struct BuiltinDeclaration {
    /// A function or a constant.
    public enum Kind {
        case function(Builtin)
        case constant(Value)
    }

    /// The name it is bound to.
    public let name: String
    /// Its implementation or value.
    public let kind: Kind
    /// One line: what it does (help's summary, the README's reference).
    public let doc: String
    /// A line that runs as written (help shows it; a test runs it).
    public let example: String
    /// The signature as help shows it, where the parameters alone would not say it.
    let synopsis: String?

    /// `name(x, y)`, `table(NAME = VALUE, …)`, `max(x, y, …)`, or the constant's name.
    public var signature: String {
        if let synopsis { return synopsis }
        guard case .function(let b) = kind else { return name }
        return "\(name)(\(b.openNames ? "NAME = VALUE, …" : b.parameters.joined(separator: ", "))\(b.variadic ? ", …" : ""))"
    }

    /// The value bound to the name in an interpreter's outermost scope.
    var value: Value {
        switch kind {
        case .function(let b): return .function(Function(name: name, body: .builtin(b)))
        case .constant(let v): return v
        }
    }
}

/// Collects the builtin rows, by topic (`Builtins+Math.swift`, `Builtins+Tables.swift`, …).
struct BuiltinRegistry {
    private(set) var rows: [BuiltinDeclaration] = []

    /// Every builtin, in the order of their topics; names are unique (a test checks).
    nonisolated(unsafe) static let all: [BuiltinDeclaration] = {
        var r = BuiltinRegistry()
        r.registerMathBuiltins()
        r.registerTableBuiltins()
        r.registerDataBuiltins()
        r.registerCurveBuiltins()
        r.registerTextBuiltins()
        r.registerFitBuiltins()
        r.registerLawBuiltins()
        r.registerTestTimeBuiltins()
        r.registerComputeBuiltins()
        return r.rows
    }()

    /// The row of each name.
    nonisolated(unsafe) static let byName: [String: BuiltinDeclaration] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    /// Declares a builtin function; `required` leading parameters must be given (all by default).
    mutating func define(_ name: String, _ parameters: [String], required: Int? = nil, variadic: Bool = false, openNames: Bool = false,
                         namesFrom: Int? = nil, synopsis: String? = nil, doc: String, example: String,
                         _ body: @escaping (BuiltinArguments) throws(ScaleError) -> Value) {
        let b = Builtin(parameters: parameters, required: required ?? parameters.count, variadic: variadic, openNames: openNames,
                        namesFrom: namesFrom, call: body)
        rows.append(BuiltinDeclaration(name: name, kind: .function(b), doc: doc, example: example, synopsis: synopsis))
    }

    /// Declares a constant.
    mutating func constant(_ name: String, _ value: Value, doc: String, example: String) {
        rows.append(BuiltinDeclaration(name: name, kind: .constant(value), doc: doc, example: example, synopsis: nil))
    }
}
