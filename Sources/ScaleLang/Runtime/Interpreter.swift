import Foundation
import ScaleStdlib

/// Runs statements against one global environment, writing output through a sink.
///
/// The library never prints: `output` receives each line of text, and errors are thrown as
/// `ScaleError` values for the caller to render. Top-level expression statements echo their
/// value, as in a notebook.
public final class Interpreter {
    /// Receives everything the program writes (echoed values, `print`), one chunk per call.
    public var output: (String) -> Void
    /// When set (Jupyter cells), top-level values go here instead of being echoed as text, so the
    /// host can show them richly; `display(digits:)` still gives their text.
    public var echo: ((Value) -> Void)?
    /// Receives warnings that a value alone does not show, one line each with its newline: a fit
    /// whose outcome qualifies its estimates (a singular Jacobian, a parameter at a bound, R²
    /// below zero, most starts elsewhere) and each use of it. The CLI writes them to stderr, the
    /// Jupyter kernel sends them as a stderr stream; by default they are dropped.
    public var warning: (String) -> Void = { _ in }
    /// The warnings given in the current `run`: a fit called in a loop says so once.
    var warningsGiven = Set<String>()
    /// Significant digits of echoed numbers (`set digits N`), kept with the other settings.
    public var digits: Int {
        get { settings.digits }
        set { settings.digits = newValue }
    }
    /// Where relative file names in `load` and `save` are resolved; nil for the working directory.
    public var baseDirectory: String?
    /// Settings made with `set` (digits, gpu, mfu, price, seed).
    public var settings = Settings()

    let builtins = Scope(parent: nil)
    /// The user's definitions (builtins and the prelude are in the scope above).
    public private(set) var globals: Scope
    /// The table from `use`, else the last loaded one: the default for `fit` and friends.
    var usedTable: Value?
    var lastLoadedTable: Value?
    /// The source text being run, for errors raised inside functions defined elsewhere.
    var currentSource = Source(name: "<input>", text: "")
    var callDepth = 0
    /// Set at the start of each `run` for the thread it runs on.
    var stackGuard = StackGuard()
    /// How plots are shown (the CLI sets terminal, width and colour; notebooks a figure sink).
    public var plotDisplay = PlotDisplay()
    /// Sizes past which operations are errors.
    public var limits = Limits()
    /// Statements and calls executed in the current `run`, against `limits.steps`.
    var steps = 0

    /// An interpreter that writes what `print` and notes say to `output`, with the prelude's laws loaded
    /// unless `loadPrelude` is false.
    public init(output: @escaping (String) -> Void, loadPrelude: Bool = true) {
        self.output = output
        globals = Scope(parent: builtins)
        registerBuiltins()
        if loadPrelude { runPrelude() }
    }

    /// Forgets every user definition; builtins and the prelude stay.
    public func reset() {
        globals = Scope(parent: builtins)
        usedTable = nil
        lastLoadedTable = nil
        settings = Settings()
        runPrelude()
    }

    private func runPrelude() {
        let prelude = Source(name: "prelude.scale", text: Prelude.source)
        do {
            let statements = try parse(prelude)
            currentSource = prelude
            for s in statements { _ = try execute(s, in: globals, topLevel: false) }
            // Prelude names live beside the builtins so that `:vars` and `:reset` see only the user's.
            for (k, v) in globals.variables { builtins.variables[k] = v }
            globals.variables = [:]
        } catch {
            output("internal error in the prelude: \(DiagnosticRenderer.render(error, in: prelude))")
        }
    }

    /// Parses and runs a whole source text.
    public func run(_ source: Source) throws(ScaleError) {
        let statements = try parse(source)
        currentSource = source
        stackGuard = StackGuard()
        steps = 0
        warningsGiven = []
        for s in statements {
            try execute(s, in: globals, topLevel: true)
        }
    }

    /// Names the user defined, with their values' types, for `:vars`.
    public var userVariables: [(name: String, type: String)] {
        globals.variables.sorted { $0.key < $1.key }.map { ($0.key, $0.value.typeName) }
    }

    /// What `:vars` shows, in the REPL and the kernel alike: one line a variable, `name: type = value`,
    /// the value shortened to one line of 60 characters and a table given by its size.
    public var variableListing: String {
        let vars = userVariables
        guard !vars.isEmpty else { return "(no variables yet)\n" }
        return vars.map { v -> String in
            let shown: String
            switch value(of: v.name) {
            case .table(let t)?:
                shown = "\(t.rowCount) row\(t.rowCount == 1 ? "" : "s") × \(t.columns.count) column\(t.columns.count == 1 ? "" : "s")"
            case let x?: shown = Self.shortened(x.display(digits: digits))
            case nil: shown = ""
            }
            return "\(v.name): \(v.type)" + (shown.isEmpty ? "" : " = " + shown)
        }.joined(separator: "\n") + "\n"
    }

    /// The first line of a display, cut at 60 characters, with "…" when anything was left out.
    static func shortened(_ display: String) -> String {
        let lines = display.split(separator: "\n", omittingEmptySubsequences: true)
        var first = lines.first.map(String.init) ?? ""
        var cut = lines.count > 1
        if first.count > 60 {
            first = String(first.prefix(59))
            cut = true
        }
        return cut ? first + " …" : first
    }

    /// Every name in scope: builtins, prelude and user definitions.
    public var allNames: [String] { globals.visibleNames }

    /// The value bound to a global name, if any.
    public func value(of name: String) -> Value? { globals.lookup(name) }

    /// Sets a global from the host (the CLI gives a script its command-line `args`).
    public func define(_ name: String, _ value: Value) { globals.variables[name] = value }

    // MARK: - Statements

    func execute(_ stmt: Stmt, in scope: Scope, topLevel: Bool) throws(ScaleError) {
        if Interrupt.isRequested { throw .runtime("interrupted", at: stmt.range) }
        steps += 1
        if steps > limits.steps { throw .runtime("this program ran more than \(limits.steps) steps", at: stmt.range) }
        switch stmt.kind {
        case .expression(let e):
            let v = try evaluate(e, in: scope)
            if case .object(let f as FitValue) = v { announce(f, as: nil) }
            if case .object(let f as GroupedFitValue) = v { announce(f, as: nil) }
            if topLevel, case .nothing = v {} else if topLevel {
                if let echo { echo(v) } else { output(v.display(digits: digits) + "\n") }
            }
        case .assign(let name, let e):
            let v = try evaluate(e, in: scope)
            scope.variables[name] = v
            if case .object(let f as FitValue) = v { announce(f, as: name) }
            if case .object(let f as GroupedFitValue) = v { announce(f, as: name) }
        case .assignMember(let object, let field, let e):
            try assignMember(object, field, e, in: scope)
        case .define(let name, let params, let body, let defaults, let isLaw, let notes):
            var evaluated: [(name: String, value: Value)] = []
            for d in defaults { evaluated.append((d.label ?? "", try evaluate(d.value, in: scope))) }
            let f = Function(name: name, body: .user(params: params, body: body, defaults: evaluated, source: currentSource), isLaw: isLaw)
            f.citation = notes.source
            f.units = notes.inputs
            for d in defaults {
                for n in d.value.referencedNames {
                    if case .object(let fit as FitValue)? = scope.lookup(n), !f.fits.contains(where: { $0 === fit }) { f.fits.append(fit) }
                }
            }
            scope.variables[name] = .function(f)
        case .print(let items):
            var parts: [String] = []
            for e in items { parts.append(try evaluate(e, in: scope).printed()) }
            output(parts.joined(separator: " ") + "\n")
        case .assert(let cond, let message):
            let v = try evaluate(cond, in: scope)
            guard try truth(v, at: cond.range) else {
                var text = "assertion failed"
                if let m = message { text += ": " + (try evaluate(m, in: scope).printed()) }
                throw .runtime(text, at: cond.range)
            }
        case .if(let cond, let then, let otherwise):
            if try truth(try evaluate(cond, in: scope), at: cond.range) {
                for s in then { try execute(s, in: scope, topLevel: false) }
            } else if let otherwise {
                for s in otherwise { try execute(s, in: scope, topLevel: false) }
            }
        case .while(let cond, let body):
            while try truth(try evaluate(cond, in: scope), at: cond.range) {
                if Interrupt.isRequested { throw .runtime("interrupted", at: stmt.range) }
                for s in body { try execute(s, in: scope, topLevel: false) }
            }
        case .assignIndex(let target, let index, let e):
            try assignElement(target, index, e, in: scope)
        case .for(let name, let iterable, let body):
            let collection = try evaluate(iterable, in: scope)
            // Vectors are walked in place: a long range must not become an array of boxed values first.
            if case .vector(let xs) = collection {
                for x in xs {
                    scope.variables[name] = .number(x)
                    for s in body { try execute(s, in: scope, topLevel: false) }
                }
            } else {
                for item in try iterate(collection, at: iterable.range) {
                    scope.variables[name] = item
                    for s in body { try execute(s, in: scope, topLevel: false) }
                }
            }
        }
    }

    /// A file name as given, or under `baseDirectory` when relative.
    public func resolve(_ path: String) -> String {
        guard let base = baseDirectory, !path.hasPrefix("/") else { return path }
        return base + "/" + path
    }

    func iterate(_ v: Value, at range: SourceRange) throws(ScaleError) -> [Value] {
        switch v {
        case .number: return [v]
        case .strings(let xs): return xs.map { $0.map { .string($0) } ?? .number(.na) }
        case .bools(let bs): return bs.map { $0.map { .bool($0) } ?? .number(.na) }
        case .table(let t): return (0..<t.rowCount).map { .record(t.row($0)) }
        default: throw .runtime("cannot loop over a \(v.typeName): expected a vector, range or table", at: range)
        }
    }

    func truth(_ v: Value, at range: SourceRange) throws(ScaleError) -> Bool {
        switch v {
        case .bool(let b): return b
        case .number(let x) where x.isNA: throw .runtime("the condition is na (a missing value), which is neither true nor false", at: range, hint: "test for it with isna(…)")
        case .bools(let bs) where bs.count == 1 && bs[0] == nil: throw .runtime("the condition is na (a missing value), which is neither true nor false", at: range, hint: "test for it with isna(…)")
        // NaN is neither true nor false (`assert 0/0` used to pass).
        case .number(let x) where x.isNaN: throw .runtime("the condition is nan, which is neither true nor false", at: range)
        case .vector(let xs) where xs.count == 1 && xs[0].isNaN: throw .runtime("the condition is nan, which is neither true nor false", at: range)
        case .number(let x): return x != 0
        case .vector(let xs) where xs.count == 1: return xs[0] != 0
        case .bools(let bs) where bs.count == 1: return bs[0] == true
        default:
            throw .runtime("expected a true/false condition, got a \(v.typeName)", at: range,
                           hint: v.typeName == "vector" || v.typeName == "bool vector" ? "a comparison of vectors gives a vector of true/false; use all(…) or any(…)" : nil)
        }
    }

    func stringValue(_ v: Value, at range: SourceRange, what: String) throws(ScaleError) -> String {
        guard case .string(let s) = v else { throw .runtime("expected \(what) as a string, got a \(v.typeName)", at: range) }
        return s
    }

    func assignMember(_ object: Expr, _ field: String, _ e: Expr, in scope: Scope) throws(ScaleError) {
        guard case .name(let name) = object.kind, let current = scope.lookup(name) else {
            throw .runtime("can only set a column or field of a named table or record, as in 't.\(field) = …'", at: object.range)
        }
        let v = try evaluate(e, in: scope)
        switch current {
        case .table(var t):
            let n = t.rowCount
            switch v {
            case .vector(let xs):
                guard xs.count == n || t.columns.isEmpty else {
                    throw .runtime("column '\(field)' would have \(xs.count) values but table '\(name)' has \(n) rows", at: e.range)
                }
                t.setColumn(field, .numbers(xs))
            case .bools(let bs):
                guard bs.count == n || t.columns.isEmpty else {
                    throw .runtime("column '\(field)' would have \(bs.count) values but table '\(name)' has \(n) rows", at: e.range)
                }
                t.setColumn(field, .numbers(bs.map(Value.number(of:))))
            case .number(let x): t.setColumn(field, .numbers(Array(repeating: x, count: n)))
            case .strings(let xs):
                guard xs.count == n || t.columns.isEmpty else {
                    throw .runtime("column '\(field)' would have \(xs.count) values but table '\(name)' has \(n) rows", at: e.range)
                }
                t.setColumn(field, .text(xs))
            case .string(let s): t.setColumn(field, .text(Array(repeating: s, count: n)))
            default: throw .runtime("a table column must be a vector, a number or text, got a \(v.typeName)", at: e.range)
            }
            scope.variables[name] = .table(t)
        case .record(var r):
            r[field] = v
            scope.variables[name] = .record(r)
        default:
            throw .runtime("cannot set '.\(field)' on a \(current.typeName): expected a table or record", at: object.range)
        }
    }

    func save(_ v: Value, to path: String, valueRange: SourceRange, pathRange: SourceRange) throws(ScaleError) {
        let bytes: [UInt8]
        switch v.tabular {
        case .table(let t): bytes = Array(TableIO.csv(t).utf8)
        case .object(let f as FitValue): bytes = Array(TableIO.csv(f.parameterTable).utf8)
        case .object(let f as GroupedFitValue): bytes = Array(TableIO.csv(f.parameterTable).utf8)
        case .object(let o as SavableObject): bytes = try o.savedBytes(path: path, at: pathRange)
        default: throw .runtime("'save' expects a table, a fit or a plot, got a \(v.typeName)", at: valueRange)
        }
        do {
            try AtomicFile.write(bytes, to: path)
        } catch {
            throw .runtime(error.message, at: pathRange)
        }
    }
}

/// Objects that `save X to "file"` can write (plots as SVG, PNG or PDF by the path's extension).
public protocol SavableObject: DomainObject {
    func savedBytes(path: String, at range: SourceRange) throws(ScaleError) -> [UInt8]
}
