import ScalingCore

/// A command's operands, clauses and options, evaluated and checked against its declaration:
/// what a handler reads. Every value here already has the type its declaration names.
public struct CommandInput {
    /// The command as parsed.
    public let command: Command
    /// The declaration it was checked against.
    public let declaration: CommandDeclaration
    /// The whole command, for errors about it as a whole.
    public let range: SourceRange
    let scope: Scope
    /// By declared position; nil where an optional operand was left out.
    var operands: [Checked?]
    /// Clauses in source order.
    var clauses: [(word: String, checked: Checked)]
    /// Options by name as written, from every `options` clause.
    var options: [String: Checked]
    /// The declared `.value` defaults of the options not written, checked as if they had been.
    var defaults: [String: Checked] = [:]

    func operand(_ i: Int) -> Checked? { i < operands.count ? operands[i] : nil }
    /// The last clause opened by `word`.
    func clause(_ word: String) -> Checked? { clauses.last { $0.word == word }?.checked }
    func clauses(_ word: String) -> [Checked] { clauses.filter { $0.word == word }.map(\.checked) }
    /// An option as written, else its declared default: the one way a handler reads an option.
    func option(_ name: String) -> Checked? {
        OptionReads.shared.record(name, by: reader)
        return options[name] ?? defaults[name]
    }
    /// An option only if it was written (for handlers that do something else when it was not).
    func given(_ name: String) -> Checked? {
        OptionReads.shared.record(name, by: reader)
        return options[name]
    }
    var verb: String { command.verb }

    /// A number option as given or by its declared default.
    func number(_ name: String) throws(ScaleError) -> Double {
        guard let x = option(name)?.number else { throw undeclared(name) }
        return x
    }

    /// A whole-number option as given or by its declared default.
    func count(_ name: String) throws(ScaleError) -> Int {
        guard let k = option(name)?.count else { throw undeclared(name) }
        return k
    }

    /// A text or column-name option as given or by its declared default.
    func text(_ name: String) throws(ScaleError) -> String {
        guard let t = option(name)?.text else { throw undeclared(name) }
        return t
    }

    /// A probabilities option; empty when not given.
    func probabilities(_ name: String) -> [Double] {
        if case .probabilities(let ps)? = option(name)?.typed { return ps }
        return []
    }

    /// The verifier option with its label, as given or by its declared default.
    func verifier() throws(ScaleError) -> (TestTimeSimulation.Verifier, String) {
        guard case .verifier(let v, let label)? = option("verifier")?.typed else { throw undeclared("verifier") }
        return (v, label)
    }

    /// A handler read an option its command does not declare with a default of that type: a
    /// programming error, said as one rather than answered with a value from nowhere.
    func undeclared(_ name: String) -> ScaleError {
        .runtime("internal error: \(reader) reads option '\(name)', which it does not declare with a default", at: range)
    }

    /// Who reads the options: the command, or for a command whose first operand is a word of a
    /// fixed set (a simulate strategy), the command and that word.
    var reader: String {
        if case .word? = declaration.operands.first?.kind, let w = operand(0)?.word { return verb + " " + w }
        return verb
    }

    // The operand at `i` as the kind its declaration gives it, with the expression it came from.
    // The checker has enforced the kind and the parser the operand's presence, so the error is for
    // a declaration that disagrees with its handler, in the checker's own words.
    func fit(_ i: Int) throws(ScaleError) -> (value: FitValue, source: Expr) {
        guard let c = operand(i), case .fit(let f) = c.typed, let e = c.source else { throw mismatch(i) }
        return (f, e)
    }

    func table(_ i: Int) throws(ScaleError) -> (value: Table, source: Expr) {
        guard let c = operand(i), case .table(let t) = c.typed, let e = c.source else { throw mismatch(i) }
        return (t, e)
    }

    func law(_ i: Int) throws(ScaleError) -> (value: ResolvedLaw, source: Expr) {
        guard let c = operand(i), case .law(let l) = c.typed, let e = c.source else { throw mismatch(i) }
        return (l, e)
    }

    private func mismatch(_ i: Int) -> ScaleError {
        .runtime("'\(verb)' expects \(i < declaration.operands.count ? declaration.operands[i].doc : "another operand")", at: range)
    }
}

/// One checked value: its typed content, the range of its value, and for a binding its name.
public struct Checked {
    indirect enum Typed {
        case number(Double), count(Int), counts([Int]), seed(UInt64), text(String)
        case table(Table), fit(FitValue), law(ResolvedLaw)
        /// A grouped fit where a fit or a law was declared: the command runs once per group.
        case grouped(GroupedFitValue)
        case verifier(TestTimeSimulation.Verifier, label: String)
        case probabilities([Double])
        case difficulty(TestTimeSimulation.Difficulty, label: String)
        case gpu(name: String, peak: Double)
        case value(Value)
        case expression(Expr)
        case word(String)
        case formula(response: Expr, model: Expr)
        case list([Checked])
        case bindings([Checked])
        case bounds([Command.Bound])
        /// A bare name with no value (`over N`).
        case none
    }

    var typed: Typed
    var range: SourceRange
    var name: String?
    var nameRange: SourceRange?
    /// The expression the value came from, for titles and messages.
    var source: Expr?

    var number: Double? { if case .number(let x) = typed { return x }; return nil }
    var count: Int? { if case .count(let k) = typed { return k }; return nil }
    var text: String? { if case .text(let s) = typed { return s }; return nil }
    var word: String? { if case .word(let w) = typed { return w }; return nil }
    var expression: Expr? { if case .expression(let e) = typed { return e }; return source }
    var items: [Checked] {
        switch typed {
        case .list(let xs), .bindings(let xs): return xs
        default: return [self]
        }
    }
}

extension Interpreter {
    /// Evaluates and checks a command's parts against its declaration: the one place where
    /// option names, types and ranges are enforced, with one set of messages.
    func check(_ command: Command, against d: CommandDeclaration, in scope: Scope, at range: SourceRange) throws(ScaleError) -> CommandInput {
        var input = CommandInput(command: command, declaration: d, range: range, scope: scope, operands: [], clauses: [], options: [:])
        for (i, operand) in d.operands.enumerated() {
            guard i < command.operands.count else { input.operands.append(nil); continue }
            input.operands.append(try checkPart(command.operands[i], operand.kind, subject: operand.subject, verb: d.verb, in: scope, options: &input.options))
        }
        for c in command.clauses {
            guard let declared = d.clause(c.word) else { continue }
            let checked = try checkPart(c.part, declared.kind, subject: declared.subject, verb: d.verb, in: scope, options: &input.options)
            input.clauses.append((c.word, checked))
        }
        for o in d.options where input.options[o.name] == nil {
            guard case .value(let text)? = o.default else { continue }
            input.defaults[o.name] = try checkDefault(text, of: o, verb: d.verb, at: range)
        }
        return input
    }

    /// A declared default, checked as if written, among the builtins and the prelude (a user's
    /// variable named `oracle` must not change simulate's verifier).
    private func checkDefault(_ text: String, of o: OptionDeclaration, verb: String, at range: SourceRange) throws(ScaleError) -> Checked {
        let expr: Expr
        do {
            guard let statement = try parse(Source(name: "default of \(verb) \(o.name)", text: text)).first, case .expression(let e) = statement.kind else {
                throw ScaleError.runtime("", at: range)
            }
            expr = e
        } catch {
            throw .runtime("internal error: the default of \(verb)'s option \(o.name), '\(text)', is not an expression", at: range)
        }
        var checked = try checkValue(expr, o.type, subject: o.name, verb: verb, in: builtins)
        checked.name = o.name
        checked.range = range
        return checked
    }

    private func checkPart(_ part: Command.Part, _ kind: ClauseKind, subject: String, verb: String, in scope: Scope,
                           options: inout [String: Checked]) throws(ScaleError) -> Checked {
        switch (part, kind) {
        case (.expression(let e), .expression(let type)):
            return try checkValue(e, type, subject: subject, verb: verb, in: scope)
        case (.list(let es), .list(let type)):
            var out: [Checked] = []
            for e in es { out.append(try checkValue(e, type, subject: subject, verb: verb, in: scope)) }
            return Checked(typed: .list(out), range: part.range)
        case (.word(let w, let r), .word(let what, let choices)):
            guard choices.contains(w) else {
                throw .runtime("unknown \(what) '\(w)': expected \(listing(choices, "or"))", at: r,
                               hint: DiagnosticRenderer.closest(to: w, among: choices).map { "did you mean '\($0)'?" })
            }
            return Checked(typed: .word(w), range: r)
        case (.formula(let response, let model), .formula):
            return Checked(typed: .formula(response: response, model: model), range: part.range)
        case (.bindings(let bs), .options(let declared)):
            for b in bs {
                guard let option = declared.first(where: { $0.name == b.name }) else {
                    let names = declared.map(\.name)
                    throw .runtime("unknown \(subject) '\(b.name)' for \(verb): expected \(names.joined(separator: ", "))", at: b.range,
                                   hint: DiagnosticRenderer.closest(to: b.name, among: names).map { "did you mean '\($0)'?" })
                }
                if options[b.name] != nil { throw .runtime("\(subject) '\(b.name)' is given twice", at: b.nameRange) }
                options[b.name] = try checkBinding(b, option.type, distribution: option.distribution, verb: verb, in: scope)
            }
            return Checked(typed: .none, range: part.range)
        case (.bindings(let bs), .binding(let type, let bare)) where bs.count == 1:
            let b = bs[0]
            if b.relation == .bare, bare { return Checked(typed: .none, range: b.nameRange, name: b.name, nameRange: b.nameRange) }
            return try checkBinding(b, type, distribution: false, verb: verb, in: scope)
        case (.bindings(let bs), .assignments(let type)):
            var out: [Checked] = []
            for b in bs { out.append(try checkBinding(b, type, distribution: false, verb: verb, in: scope)) }
            return Checked(typed: .bindings(out), range: part.range)
        case (.bounds(let bs), .bounds):
            return Checked(typed: .bounds(bs), range: part.range)
        default:
            throw .runtime("'\(verb)' cannot take this here", at: part.range)
        }
    }

    private func checkBinding(_ b: Command.Binding, _ type: ValueType, distribution: Bool, verb: String, in scope: Scope) throws(ScaleError) -> Checked {
        guard let value = b.value else {
            throw .runtime("option '\(b.name)' needs a value, as in '\(b.name) = …'", at: b.nameRange)
        }
        var checked: Checked
        if b.relation == .distributed {
            guard distribution else { throw .runtime("\(verb) takes '\(b.name) = …' here, not a distribution", at: b.range) }
            guard case .object(let o as DistributionValue) = try evaluate(value, in: scope) else {
                throw .runtime("'\(b.name) ~' takes a distribution, as in '\(b.name) ~ beta(0.3, 2)'", at: value.range)
            }
            checked = Checked(typed: .difficulty(o.difficulty, label: "\(b.name) ~ " + value.formula), range: value.range, source: value)
        } else {
            checked = try checkValue(value, type, subject: b.name, verb: verb, in: scope)
        }
        checked.name = b.name
        checked.nameRange = b.nameRange
        return checked
    }

    /// Evaluates `e` and converts it to `type`, or reports why not, naming `subject`.
    func checkValue(_ e: Expr, _ type: ValueType, subject: String, verb: String, in scope: Scope) throws(ScaleError) -> Checked {
        func done(_ t: Checked.Typed) -> Checked { Checked(typed: t, range: e.range, source: e) }
        switch type {
        case .expression: return done(.expression(e))
        case .gpu:
            // `set gpu H100`: a name from the hardware table, or any expression giving peak FLOP/s
            if case .name(let n) = e.kind, let gpu = Hardware.gpu(named: n) { return done(.gpu(name: gpu.name, peak: gpu.peakFLOPs)) }
            if case .name(let n) = e.kind, scope.lookup(n) == nil {
                let names = Hardware.gpus.map(\.name)
                throw .runtime("unknown GPU '\(n)': expected \(listing(names, "or")), or a peak in FLOP/s", at: e.range,
                               hint: DiagnosticRenderer.closest(to: n, among: names).map { "did you mean '\($0)'?" })
            }
            let x = try scalar(try evaluate(e, in: scope), at: e.range, what: subject)
            guard x > 0, x.isFinite else { throw .runtime("\(subject) must be a positive number, got \(formatShortest(x))", at: e.range) }
            return done(.gpu(name: formatShortest(x) + " FLOP/s", peak: x))
        case .column, .parameter:
            if case .name(let n) = e.kind { return done(.text(n)) }
            let v = try evaluate(e, in: scope)
            guard case .string(let s) = v else { throw .runtime("expected a column name for '\(subject)', got a \(v.typeName)", at: e.range) }
            return done(.text(s))
        default: break
        }
        let v = try evaluate(e, in: scope)
        // a grouped fit where a fit or a law is declared: `runCommand` runs the command once per
        // group, with that group's fit in its place
        if case .object(let g as GroupedFitValue) = v {
            switch type {
            case .fit, .law: return done(.grouped(g))
            default: break
            }
        }
        switch type {
        case .number(let domain):
            let x = try scalar(v, at: e.range, what: subject)
            guard domain.contains(x) else {
                if domain.lower == nil && domain.upper == nil { throw .runtime("\(subject) must be a finite number", at: e.range) }
                throw .runtime("\(subject) must be a \(domain.description), got \(formatShortest(x))", at: e.range)
            }
            return done(.number(x))
        case .count(let domain):
            return done(.count(try whole(try scalar(v, at: e.range, what: subject), in: domain.lower...domain.upper(limits), at: e.range, what: subject)))
        case .counts(let domain):
            let bounds = domain.lower...domain.upper(limits)
            switch v {
            case .number(let k): return done(.counts([try whole(k, in: bounds, at: e.range, what: subject)]))
            case .vector(let ks):
                var out: [Int] = []
                for k in ks { out.append(try whole(k, in: bounds, at: e.range, what: subject)) }
                return done(.counts(out))
            default: throw .runtime("\(subject) must be a number or range, got a \(v.typeName)", at: e.range)
            }
        case .seed:
            return done(.seed(try seed(try scalar(v, at: e.range, what: subject), at: e.range)))
        case .text:
            return done(.text(try stringValue(v, at: e.range, what: subject)))
        case .table:
            guard case .table(let t) = v.tabular else { throw .runtime("'\(verb)' expects a table, got a \(v.typeName)", at: e.range) }
            return done(.table(t))
        case .fit:
            guard case .object(let o as FitValue) = v else { throw .runtime("'\(verb)' expects a fit result, as from 'f = fit …'", at: e.range) }
            warnUsing(o, by: verb, asLaw: false)
            return done(.fit(o))
        case .law:
            if case .object(let o as FitValue) = v { warnUsing(o, by: verb, asLaw: true) }
            return done(.law(try resolveLaw(v, at: e.range)))
        case .verifier:
            guard case .object(let o as VerifierValue) = v else { throw .runtime("\(subject) is oracle, noisy(σ) or auc(x)", at: e.range) }
            return done(.verifier(o.verifier, label: o.label))
        case .probabilities:
            switch v {
            case .number(let p) where p >= 0 && p <= 1: return done(.probabilities([p]))
            case .vector(let ps) where !ps.isEmpty && ps.allSatisfy({ $0 >= 0 && $0 <= 1 }): return done(.probabilities(ps))
            default: throw .runtime("\(subject) must be a probability or a vector of per-problem probabilities in [0, 1]", at: e.range)
            }
        case .difficulty:
            switch v {
            case .number(let p) where p >= 0 && p <= 1: return done(.difficulty(.fixed(p), label: "\(subject) = \(formatShortest(p))"))
            case .vector(let ps) where !ps.isEmpty && ps.allSatisfy({ $0 >= 0 && $0 <= 1 }):
                return done(.difficulty(.empirical(ps), label: "\(subject) from \(ps.count) problems"))
            default: throw .runtime("\(subject) must be a probability, a vector of per-problem probabilities, or '~ beta(a, b)'", at: e.range)
            }
        case .value, .expression, .column, .parameter, .gpu:
            return done(.value(v))
        }
    }
}
