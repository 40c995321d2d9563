/// A command declared once: its verb, the operands and clauses the parser reads, each value's
/// type (which the option checker enforces), a one-line doc for each, and the handler.
///
/// The parser, the option checker, completion, `:help`, `scale help` and the README's command
/// reference all read these declarations (in the manner of ShapeScript's `Symbols` tables and
/// Lua's `luaL_Reg` rows): adding a command is one file that declares one of these and lists it
/// in `Commands.all`; adding an option or a clause is one entry in its command's declaration.
public struct CommandDeclaration: Sendable {
    /// What runs the command: the interpreter and the checked input in, the command's value out.
    public typealias Handler = @Sendable (Interpreter, CommandInput) throws(ScaleError) -> Value

    /// The word that starts the command (`fit`, `optimal`, …).
    public let verb: String
    /// One line: what the command does.
    public let summary: String
    /// Positional operands, in order, after the verb.
    public let operands: [OperandDeclaration]
    /// Clauses, each opened by its word, in any order.
    public let clauses: [ClauseDeclaration]
    /// Lines that run as written (help shows them; a test runs them).
    public let examples: [String]
    /// A statement only (`save`, `use`, `set`); otherwise an expression with a value.
    public let isStatement: Bool
    let run: Handler

    init(verb: String, summary: String, operands: [OperandDeclaration], clauses: [ClauseDeclaration] = [], examples: [String],
         isStatement: Bool = false, run: @escaping Handler) {
        self.verb = verb
        self.summary = summary
        self.operands = operands
        self.clauses = clauses
        self.examples = examples
        self.isStatement = isStatement
        self.run = run
    }

    /// The clause that a word opens, if any.
    public func clause(_ word: String) -> ClauseDeclaration? { clauses.first { $0.word == word } }

    /// Every option name this command takes in any of its clauses.
    public var options: [OptionDeclaration] {
        var out: [OptionDeclaration] = []
        for part in operands.map(\.kind) + clauses.map(\.kind) {
            if case .options(let list) = part { out += list }
        }
        return out
    }

    /// `optimal LAW [at C = BUDGET] [cost COST] …`, built from the declaration.
    public var synopsis: String {
        var out = verb
        for o in operands { out += " " + (o.optional ? "[\(o.kind.placeholder(o.name))]" : o.kind.placeholder(o.name)) }
        for c in clauses {
            let value = c.kind.placeholder(c.placeholder)
            out += c.word == "," ? " [, \(value) …]" : " [\(c.word)\(value.isEmpty ? "" : " " + value)]"
        }
        return out
    }
}

/// A positional operand: `LAW` in `optimal LAW`, `STRATEGY K` in `simulate STRATEGY K`.
public struct OperandDeclaration: Sendable {
    /// The operand's name as help and the synopsis show it.
    public let name: String
    /// The shape of its value, as the parser reads it.
    public let kind: ClauseKind
    /// One line: what the operand is.
    public let doc: String
    /// Whether it may be left out (help shows it in brackets).
    public let optional: Bool
    /// What messages call it ("a file name"); for options, the noun ("setting").
    let subject: String

    init(_ name: String, _ kind: ClauseKind, subject: String? = nil, _ doc: String, optional: Bool = false) {
        self.name = name
        self.kind = kind
        self.doc = doc
        self.optional = optional
        self.subject = subject ?? name
    }
}

/// A clause: the word that opens it, the shape of what follows, and a one-line doc.
public struct ClauseDeclaration: Sendable {
    /// The word that opens the clause (`on`, `with`, `start`, …; `,` for a series).
    public let word: String
    /// The shape of what follows the word.
    public let kind: ClauseKind
    /// One line: what the clause does.
    public let doc: String
    /// How the value is shown in a synopsis (`C = BUDGET`, `FILE`).
    public let placeholder: String
    /// A clause the command cannot do without (`save … to FILE`): missing, it is a syntax error.
    public let required: Bool
    /// What messages call its value ("a file name"); for options, the noun ("option").
    let subject: String

    init(_ word: String, _ kind: ClauseKind, placeholder: String = "", subject: String? = nil, required: Bool = false, _ doc: String) {
        self.word = word
        self.kind = kind
        self.doc = doc
        self.placeholder = placeholder
        self.required = required
        if let subject {
            self.subject = subject
        } else if case .options = kind {
            self.subject = "option"
        } else {
            self.subject = word
        }
    }
}

/// The shape of an operand or a clause's value, as the parser reads it.
public enum ClauseKind: Sendable {
    /// One expression of the given type.
    case expression(ValueType)
    /// Expressions separated by commas (`of a, b`).
    case list(ValueType)
    /// One bare word from a fixed set (`log x`, `in terminal`, a simulate strategy).
    case word(subject: String, choices: [String])
    /// `RESPONSE ~ MODEL`
    case formula
    /// Declared options, comma-separated: `NAME = VALUE`, `NAME VALUE`, or `NAME ~ DIST` where allowed.
    case options([OptionDeclaration])
    /// One `NAME = VALUE` whose name the handler reads (`at C = 1e24`); `NAME` alone when `bare`.
    case binding(ValueType, bare: Bool)
    /// `NAME = VALUE, …` with names of the user's choosing (a fit's `start`).
    case assignments(ValueType)
    /// `NAME > VALUE, NAME < VALUE, …`
    case bounds(ValueType)

    func placeholder(_ name: String) -> String {
        switch self {
        case .expression, .list: return name.allSatisfy(\.isASCII) ? name.uppercased() : name
        case .word(_, let choices): return choices.joined(separator: "|")
        case .formula: return "RESPONSE ~ MODEL"
        case .options: return name.isEmpty ? "NAME = VALUE, …" : name
        case .binding, .assignments, .bounds: return name
        }
    }
}

/// What an option is when it is not written.
public enum OptionDefault: Sendable {
    /// Source text that the option checker evaluates (among the builtins and the prelude, not the
    /// user's names) and checks as if it had been written: `10000`, `oracle`, `epoch2024`. The
    /// handler reads the option the same way whether it was given or not.
    case value(String)
    /// Worked out by the handler from the command's other inputs; the text says how (`20·N`,
    /// `set seed, else 1`).
    case derived(String)
    /// A setting's value when a session starts (`set` changes only what it is given).
    case initial(String)

    /// The default as help and the README show it.
    public var text: String {
        switch self {
        case .value(let t), .derived(let t), .initial(let t): return t
        }
    }
}

/// A typed option: name, type with its range, default, and a one-line doc.
public struct OptionDeclaration: Sendable {
    /// The option's name, as written before `=`.
    public let name: String
    /// What its value must be; the option checker converts to it or reports why not.
    public let type: ValueType
    /// What the option is when it is not written; nil when it has no default.
    public let `default`: OptionDefault?
    /// The default as help shows it (`10000`, `oracle`, `20·N`); nil when there is none.
    public var defaultValue: String? { self.default?.text }
    /// The default as it could be written in the language (a derived one's text cannot).
    var writtenDefault: String? {
        switch self.default {
        case .value(let t)?, .initial(let t)?: return t
        case .derived?, nil: return nil
        }
    }
    /// One line: what the option does.
    public let doc: String
    /// Whether `NAME ~ beta(a, b)` is allowed.
    public let distribution: Bool
    /// A value help's example gives it, when the default is not one (`20·N`) or says too little.
    let exampleValue: String?
    /// A line help's example runs first (defining a function the value names).
    let exampleSetup: String?

    /// `default` is a `.value` default, `derived` one the handler works out, `initial` a setting's.
    init(_ name: String, _ type: ValueType, default value: String? = nil, derived: String? = nil, initial: String? = nil, distribution: Bool = false,
         example: String? = nil, setup: String? = nil, _ doc: String) {
        self.name = name
        self.type = type
        self.default = value.map(OptionDefault.value) ?? derived.map(OptionDefault.derived) ?? initial.map(OptionDefault.initial)
        self.distribution = distribution
        self.doc = doc
        self.exampleValue = example
        self.exampleSetup = setup
    }
}

/// What a value must be; the option checker evaluates and converts it, or reports one message.
public enum ValueType: Sendable {
    /// A finite number in a domain.
    case number(NumberDomain)
    /// A whole number in a range (fractions are errors, not truncated).
    case count(CountDomain)
    /// A whole number or a vector of them.
    case counts(CountDomain)
    /// A random seed: a whole number from 0 to 2^63 − 1.
    case seed
    case text
    /// A column name: a bare name, or any expression that gives text.
    case column
    /// A parameter of the command's model, by its bare name (a fit's `shared E`).
    case parameter
    case table
    case fit
    /// A law, a function of the law's inputs, or a fit.
    case law
    /// `oracle`, `noisy(σ)` or `auc(x)`.
    case verifier
    /// One probability or a vector of per-problem probabilities.
    case probabilities
    /// `p = X`, `p = VECTOR` or `p ~ beta(a, b)`.
    case difficulty
    /// A GPU from the hardware table, by name.
    case gpu
    /// Any value; the handler looks at it.
    case value
    /// Not evaluated here: the handler evaluates it where it must (in a table's columns, per replicate, as a model).
    case expression

    /// How help names the type.
    public var description: String {
        switch self {
        case .number(let d): return d.description
        case .count(let c), .counts(let c): return "whole number from \(c.lower)" + (c.upperText.map { " to \($0)" } ?? "")
        case .seed: return "whole number from 0 to 2^63 − 1"
        case .text: return "text"
        case .column: return "column name"
        case .parameter: return "parameter name"
        case .table: return "table"
        case .fit: return "fit"
        case .law: return "law"
        case .verifier: return "oracle, noisy(σ) or auc(x)"
        case .probabilities: return "probability or vector of probabilities"
        case .difficulty: return "probability, vector of probabilities, or ~ beta(a, b)"
        case .gpu: return "GPU name"
        case .value, .expression: return "expression"
        }
    }
}

/// A set of numbers given by its ends, each open or closed; nil ends are unbounded.
public struct NumberDomain: Sendable {
    /// The lower end; nil for none.
    public var lower: Double?
    /// Whether the lower end itself is left out.
    public var lowerOpen: Bool
    /// The upper end; nil for none.
    public var upper: Double?
    /// Whether the upper end itself is left out.
    public var upperOpen: Bool

    /// Any finite number.
    public static let finite = NumberDomain(lower: nil, lowerOpen: true, upper: nil, upperOpen: true)
    /// (0, ∞)
    public static let positive = NumberDomain(lower: 0, lowerOpen: true, upper: nil, upperOpen: true)
    /// [0, ∞)
    public static let nonNegative = NumberDomain(lower: 0, lowerOpen: false, upper: nil, upperOpen: true)
    /// [0, 1]
    public static let probability = NumberDomain(lower: 0, lowerOpen: false, upper: 1, upperOpen: false)
    /// (0, 1]: a share that cannot be zero (MFU).
    public static let share = NumberDomain(lower: 0, lowerOpen: true, upper: 1, upperOpen: false)

    /// Whether `x` is in the set; NaN and ±Inf never are.
    public func contains(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        if let l = lower, lowerOpen ? !(x > l) : !(x >= l) { return false }
        if let u = upper, upperOpen ? !(x < u) : !(x <= u) { return false }
        return true
    }

    /// How help and messages name the set ("positive number", "number in [0, 1]").
    public var description: String {
        switch (lower, upper) {
        case (nil, nil): return "number"
        case (0?, nil) where lowerOpen: return "positive number"
        case (let l?, nil): return "number \(lowerOpen ? ">" : "≥") \(formatShortest(l))"
        case (nil, let u?): return "number \(upperOpen ? "<" : "≤") \(formatShortest(u))"
        case (let l?, let u?): return "number in \(lowerOpen ? "(" : "[")\(formatShortest(l)), \(formatShortest(u))\(upperOpen ? ")" : "]")"
        }
    }
}

/// Whole numbers from `lower` to an upper end that may come from the interpreter's limits.
public struct CountDomain: Sendable {
    /// The smallest whole number allowed.
    public let lower: Int
    let upper: @Sendable (Limits) -> Int
    /// The upper end as help shows it (the default limits').
    var upperText: String? { String(upper(Limits())) }

    init(_ lower: Int, _ upper: Int) {
        self.lower = lower
        self.upper = { _ in upper }
    }

    init(_ lower: Int, limit: @escaping @Sendable (Limits) -> Int) {
        self.lower = lower
        self.upper = limit
    }
}
