import ScaleStdlib
import ScalingCore

/// Help on every command, option, setting, builtin, law and constant, generated from their
/// declarations (`Commands`, `BuiltinRegistry`, the prelude's `source` and `inputs`): what `:help`,
/// `scale help TOPIC` and a notebook kernel's inspection show.
public enum Help {
    /// One topic: its name, its group in the index, and its page (which ends with an example).
    public struct Topic: Sendable {
        /// The topic's name, as typed after `:help`.
        public let name: String
        /// Its group in the index (`commands`, `builtins`, …).
        public let group: String
        /// One line: what it is.
        public let summary: String
        /// The whole page.
        public let text: String
        /// Lines that run as written.
        public let examples: [String]
    }

    /// The page for a topic (a command, option, setting, builtin, law, constant or guide; `simulate
    /// bestof` and `simulate trials` for a strategy or an option of one command), or nil.
    public static func text(for topic: String) -> String? {
        // an operator is its own name ("." and ".." too); otherwise "simulate.trials" is "simulate trials"
        let exact = topic.trimmingCharacters(in: .whitespaces)
        let key = Symbol(rawValue: exact) != nil ? exact : exact.split(whereSeparator: { $0 == " " || $0 == "." }).joined(separator: " ")
        let pages = catalog.filter { $0.name == key }
        guard !pages.isEmpty else { return nil }
        return pages.map(\.text).joined(separator: "\n")
    }

    /// Every topic by group, for `:help` with no topic.
    public static func index() -> String {
        var out = "ScaleLab: fit and use scaling laws. ':help TOPIC' (or 'scale help TOPIC') for any name below.\n"
        for group in groups {
            let names = uniqueNames(catalog.filter { $0.group == group }.map(\.name))
            out += "\n\(group):\n" + wrap(names, indent: "  ", width: 96) + "\n"
        }
        return out
    }

    /// Every topic, grouped in index order.
    public static var topics: [Topic] { catalog }

    /// The groups of the index, in order.
    public static let groups = ["commands", "builtins", "laws", "options", "settings", "constants", "keywords", "operators", "guides"]

    // MARK: - The catalog, generated once

    static let catalog: [Topic] = commandTopics + strategyTopics + builtinTopics + lawTopics + optionTopics + settingTopics + constantTopics + syntaxTopics + guideTopics

    private static func page(_ title: String, _ body: [String], examples: [String]) -> String {
        var out = title + "\n"
        for line in body where !line.isEmpty { out += "  " + line + "\n" }
        out += "example:\n" + examples.map { "  " + $0 + "\n" }.joined()
        return out
    }

    private static var commandTopics: [Topic] {
        Commands.all.map { c in
            var body = [c.summary]
            for o in c.operands where !o.doc.isEmpty { body.append("\(c.operands.count > 1 || o.optional ? o.name + ": " : "")\(o.doc)") }
            for clause in c.clauses {
                body.append("\(clause.word == "," ? ", SERIES" : clause.word + (clause.placeholder.isEmpty ? "" : " " + clause.placeholder)): \(clause.doc)")
            }
            let options = c.options
            if !options.isEmpty {
                body.append(c.verb == "set" ? "settings:" : "options:")
                let width = options.map(\.name.count).max() ?? 0
                for o in options { body.append("  " + optionLine(o, width: width)) }
            }
            return Topic(name: c.verb, group: "commands", summary: c.summary, text: page(c.synopsis, body, examples: c.examples), examples: c.examples)
        }
    }

    private static var strategyTopics: [Topic] {
        SimulateStrategy.all.map { s in
            Topic(name: "simulate \(s.name)", group: "commands", summary: s.doc,
                  text: page("simulate \(s.name) K …", [s.doc] + s.options.map { optionLine($0, width: 0) }, examples: [s.example]), examples: [s.example])
        }
    }

    private static func optionLine(_ o: OptionDeclaration, width: Int) -> String {
        let pad = String(repeating: " ", count: max(0, width - o.name.count))
        return "\(o.name)\(pad)  \(o.type.description)\(o.defaultValue.map { ", default \($0)" } ?? "")\(o.distribution ? " (or ~ beta(a, b))" : ""): \(o.doc)"
    }

    /// The start of a command line that options are added to: its example that uses the option
    /// (else its first with options, else its first) up to ` with`.
    private static func stem(_ examples: [String], verb: String, option: String? = nil) -> String? {
        let lines = examples.filter { $0.hasPrefix(verb + " ") }
        let line = lines.first { l in option.map { l.contains(" with \($0) ") } ?? false } ?? lines.first { $0.contains(" with ") } ?? lines.first
        return line.map { l in l.range(of: " with ").map { String(l[..<$0.lowerBound]) } ?? l }
    }

    /// A runnable example of an option: its command's example line with only this option, after
    /// the lines that example needs (`setup`: defining the table it reads).
    private static func example(of o: OptionDeclaration, stem: String?, setup: [String] = []) -> [String] {
        guard let stem, let value = o.exampleValue ?? o.writtenDefault else { return [] }
        return setup + (o.exampleSetup.map { [$0] } ?? []) + ["\(stem) with \(o.name) = \(value)"]
    }

    private static var optionTopics: [Topic] {
        var out: [Topic] = []
        for c in Commands.all where c.verb != "set" {
            for o in c.options {
                var stem = stem(c.examples, verb: c.verb, option: o.name)
                var setup = c.examples.filter { !$0.hasPrefix(c.verb + " ") }
                if c.verb == "simulate" {
                    setup = []
                    let owner = SimulateStrategy.all.first { s in s.options.contains { $0.name == o.name } }
                    stem = owner.flatMap { Self.stem([$0.example], verb: "simulate") } ?? "simulate bestof 16"
                }
                let ex = example(of: o, stem: stem, setup: setup)
                let text = page("\(c.verb) … with \(o.name) = VALUE", [optionLine(o, width: 0)], examples: ex)
                out.append(Topic(name: o.name, group: "options", summary: o.doc, text: text, examples: ex))
                out.append(Topic(name: "\(c.verb) \(o.name)", group: "options-of-command", summary: o.doc, text: text, examples: ex))
            }
        }
        return out
    }

    private static var settingTopics: [Topic] {
        Commands.settings.map { o in
            let ex = ["set \(o.name) \(o.exampleValue ?? o.writtenDefault ?? "")"]
            return Topic(name: o.name, group: "settings", summary: o.doc, text: page("set \(o.name) VALUE", [optionLine(o, width: 0)], examples: ex), examples: ex)
        }
    }

    /// The builtin functions' and constants' own rows (`BuiltinRegistry`), by name; the
    /// accelerators after the other constants, in the hardware table's order.
    private static var builtinTopics: [Topic] {
        BuiltinRegistry.all.filter { if case .function = $0.kind { return true } else { return false } }
            .sorted { $0.name < $1.name }.map { topic($0, group: "builtins") }
    }

    private static var constantTopics: [Topic] {
        let gpus = Set(Hardware.gpus.map(\.name))
        let constants = BuiltinRegistry.all.filter { if case .constant = $0.kind { return true } else { return false } }
        return (constants.filter { !gpus.contains($0.name) }.sorted { $0.name < $1.name } + constants.filter { gpus.contains($0.name) })
            .map { topic($0, group: "constants") }
    }

    private static func topic(_ b: BuiltinDeclaration, group: String) -> Topic {
        Topic(name: b.name, group: group, summary: b.doc, text: page(b.signature, [b.doc], examples: [b.example]), examples: [b.example])
    }

    /// The prelude's laws, read from its declarations: formula, defaults, inputs and source.
    private static var lawTopics: [Topic] {
        guard let statements = try? parse(Source(name: "prelude.scale", text: Prelude.source)) else { return [] }
        var out: [Topic] = []
        for s in statements {
            guard case .define(let name, let params, let body, let defaults, true, let notes) = s.kind else { continue }
            var lines = ["\(name)(\(params.joined(separator: ", "))) = \(body.formula)"]
            if !defaults.isEmpty { lines.append("where " + defaults.map { "\($0.label ?? "") = \($0.value.formula)" }.joined(separator: ", ")) }
            if let inputs = notes.inputs { lines.append("inputs: \(inputs)") }
            if let source = notes.source { lines.append("source: \(source)") }
            let ex = "\(name)(\(params.map { exampleValue[$0] ?? "2" }.joined(separator: ", ")))"
            out.append(Topic(name: name, group: "laws", summary: notes.source ?? lines[0], text: page("law \(name)", lines, examples: [ex]), examples: [ex]))
        }
        return out
    }

    private static let exampleValue = ["N": "70B", "D": "1.4T", "U": "500B", "C": "1e24", "tokens": "1T", "n": "16", "d": "2"]

    /// Every reserved word and symbol, from the lexer's own cases (`SyntaxDocs.swift`).
    private static var syntaxTopics: [Topic] {
        func topic(_ name: String, _ group: String, _ d: SyntaxDoc) -> Topic {
            Topic(name: name, group: group, summary: d.doc, text: page(d.synopsis, [d.doc], examples: d.examples), examples: d.examples)
        }
        return Keyword.allCases.map { topic($0.rawValue, "keywords", $0.help) } + Symbol.allCases.map { topic($0.rawValue, "operators", $0.help) }
    }

    /// The topic names closest to `topic`, for "did you mean".
    public static func suggestion(for topic: String) -> String? {
        DiagnosticRenderer.closest(to: topic, among: uniqueNames(catalog.map(\.name)))
    }

    private static var guideTopics: [Topic] {
        guides.map { Topic(name: $0.name, group: "guides", summary: $0.summary, text: page($0.name, $0.lines, examples: $0.examples), examples: $0.examples) }
    }

    private static let guides: [(name: String, summary: String, lines: [String], examples: [String])] = [
        ("syntax", "numbers, names, operators, functions, control flow", [
            "Numbers take exponents and suffixes: 70B = 7e10, 1.4T, 1.5K. Strings \"…\". # comments.",
            "\"N = {n}\" puts a value in a string; \"{x:.3g}\" formats it (.Ng, .Nf, .Ne); {{ and }} are braces.",
            "x = expr   f(x, y) = expr   law L(N) = A / N^a where A = 1, a = 0.1 source \"…\" inputs \"…\"",
            "[1, 2, 3]   1..10   1..2 step 0.5   1..1000 times 10         vectors and ranges",
            "+ - * / ^ %   == != < <= > >=   and or not     (^ is right-associative; -2^2 = -4)",
            "if c { … } else { … }   for x in v { … }   print expr   assert expr, \"message\"",
        ], ["f(x) = x^2 + 1", "for k in 1..3 { print f(k) }", "print \"f(3) = {f(3):.2f}\""]),
        ("tables", "loading, filtering and building tables", [
            "t.loss   t.\"Model Size\"   t.D = t.C / (6 * t.N)   small = t where C < 1e21   t[3] (a row)",
            "load, save and use are commands: ':help load'",
        ], ["t = table(N = [1B, 2B, 4B], loss = [2.6, 2.5, 2.4])", "print (t where N > 1B).loss"]),
        ("repl", "the REPL's own commands and keys", MetaCommand.allCases.map { "\($0.synopsis)   \($0.doc)" } + [
            "Tab completes names, commands, clause words, options, columns after t., files in load \"…\"",
            "Ctrl-C abandons the line or stops a running evaluation; Ctrl-D exits.",
        ], ["set digits 8"]),
    ]

    private static func uniqueNames(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    private static func wrap(_ words: [String], indent: String, width: Int) -> String {
        var lines: [String] = [], line = indent
        for w in words {
            if line.count + w.count + 1 > width, line != indent { lines.append(line); line = indent }
            line += (line == indent ? "" : "  ") + w
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
