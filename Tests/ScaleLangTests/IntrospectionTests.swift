import Foundation
import Testing
@testable import ScaleLang
import ScalingCore

/// Help, completion and the README's reference, all generated from the declarations.
struct IntrospectionTests {
    static let indexed: [String] = Help.topics.filter { Help.groups.contains($0.group) }.map(\.name)

    @Test func theIndexListsEveryGroup() {
        let index = Help.index()
        for group in Help.groups { #expect(index.contains("\n\(group):\n"), "no group \(group)") }
        for name in ["fit", "simulate", "set", "exp", "coverage", "chinchilla", "scalerl", "trials", "verifier", "digits", "gpu", "mfu", "A100", "pi"] {
            #expect(Self.indexed.contains(name), "\(name) is not in the index")
        }
        #expect(!Self.indexed.contains("threads"))
    }

    /// Every topic has a page that ends with an example, and the example runs.
    @Test(arguments: indexed)
    func everyTopicHasARunnableExample(name: String) throws {
        let page = try #require(Help.text(for: name))
        #expect(page.contains("\nexample:\n  "), "\(name): \(page)")
        for topic in Help.topics where topic.name == name {
            #expect(!topic.examples.isEmpty, "\(name) (\(topic.group)) has no example")
            var out = ""
            let interpreter = Interpreter(output: { out += $0 })
            interpreter.baseDirectory = repositoryRoot.path
            do {
                try interpreter.run(Source(name: name, text: topic.examples.joined(separator: "\n")))
            } catch {
                Issue.record("the example of \(name) fails: \(error.message)")
            }
        }
    }

    /// Every reserved word and symbol of the lexer has its page, found by its own spelling
    /// ("." and ".." too, which topic names otherwise split on).
    @Test func everyKeywordAndOperatorHasAPage() throws {
        for name in Keyword.allCases.map(\.rawValue) + Symbol.allCases.map(\.rawValue) {
            let page = try #require(Help.text(for: name), "no help on \(name)")
            #expect(page.contains("\nexample:\n  "), "\(name): \(page)")
            #expect(Self.indexed.contains(name), "\(name) is not in the index")
        }
        #expect(try #require(Help.text(for: "..")).contains("log-spaced"))
        #expect(try #require(Help.text(for: ".")).contains("column"))
        #expect(Help.suggestion(for: "wher") == "where")
        #expect(Help.suggestion(for: "simulat") == "simulate")
    }

    /// Every builtin is one row: names are unique, each has a doc and an example, and an
    /// interpreter binds exactly the rows (with the prelude's laws beside them).
    @Test func everyBuiltinIsOneDocumentedRow() {
        let names = BuiltinRegistry.all.map(\.name)
        #expect(Set(names).count == names.count, "a builtin is declared twice")
        for b in BuiltinRegistry.all { #expect(!b.doc.isEmpty && !b.example.isEmpty, "\(b.name) has no doc or example") }
        let interpreter = Interpreter(output: { _ in }, loadPrelude: false)
        #expect(Set(interpreter.builtins.variables.keys) == Set(names))
        #expect(Self.indexed.contains("sign") && Self.indexed.contains("isnan") && Self.indexed.contains("inf"))
    }

    @Test func helpForAStrategyAndAnOptionOfOneCommand() throws {
        #expect(try #require(Help.text(for: "simulate bestof")).contains("the verifier picks one of k samples"))
        #expect(try #require(Help.text(for: "simulate.trials")).contains("Monte Carlo trials"))
        #expect(try #require(Help.text(for: "gpu")).contains("A100, H100, H200, B200"))
        #expect(Help.text(for: "no_such_topic") == nil)
    }

    static let completions: [(String, [String])] = [
        ("simulate ", ["beam", "bestof", "majority", "weighted"]),
        ("simulate bestof 16 with ", ["distractor", "model", "p", "q", "seed", "tokens", "trials", "verifier", "wrong"]),
        ("simulate bestof 16 with p = 0.3, tr", ["trials"]),
        ("set ", ["digits", "gpu", "mfu", "price", "seed"]),
        ("set digits 8, m", ["mfu"]),
        ("plot [1] vs [2] log ", ["x", "y"]),
        ("x = fit y ~ a * x sta", ["start"]),
        ("compare 7B with sample", ["sample_tokens"]),
        (":help simul", ["simulate"]),
        (":q", [":quit"]),
        ("optim", ["optimal"]),
    ]

    @Test(arguments: completions)
    func completionFollowsTheGrammar(line: String, expected: [String]) {
        let interpreter = Interpreter(output: { _ in })
        let r = Completion.complete(line: line, cursor: line.count, interpreter: interpreter)
        #expect(r.candidates == expected)
    }

    @Test func completionOfColumnsAfterADot() throws {
        let interpreter = Interpreter(output: { _ in })
        try interpreter.run(Source(name: "t", text: "runs = table(loss = [1], N = [2])"))
        let r = Completion.complete(line: "print runs.lo", cursor: 13, interpreter: interpreter)
        #expect(r == Completion.Result(start: 6, candidates: ["runs.loss"]))
    }

    /// The README's command reference is the one the declarations generate
    /// (`SCALE_REGENERATE_REFERENCE=1 swift test --filter readmeReference` rewrites it).
    @Test func readmeReferenceMatchesTheRegistry() throws {
        let url = repositoryRoot.appendingPathComponent("README.md")
        let readme = try String(contentsOf: url, encoding: .utf8)
        let begin = try #require(readme.range(of: Reference.begin), "README.md has no generated command reference")
        let end = try #require(readme.range(of: Reference.end))
        if ProcessInfo.processInfo.environment["SCALE_REGENERATE_REFERENCE"] == "1" {
            try (String(readme[..<begin.upperBound]) + Reference.markdown() + "\n" + String(readme[end.lowerBound...])).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let section = String(readme[begin.upperBound..<end.lowerBound])
        #expect(section == Reference.markdown() + "\n", "README.md's command reference differs from Reference.markdown(): regenerate it")
    }

    /// The README's builtin list is generated too, and names every builtin and constant help knows.
    @Test func readmeBuiltinsMatchTheDeclarations() throws {
        let url = repositoryRoot.appendingPathComponent("README.md")
        var readme = try String(contentsOf: url, encoding: .utf8)
        let begin = try #require(readme.range(of: Reference.builtinsBegin), "README.md has no generated builtin reference")
        let end = try #require(readme.range(of: Reference.builtinsEnd))
        if ProcessInfo.processInfo.environment["SCALE_REGENERATE_REFERENCE"] == "1" {
            readme = String(readme[..<begin.upperBound]) + Reference.builtinsMarkdown() + String(readme[end.lowerBound...])
            try readme.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let section = String(readme[begin.upperBound..<end.lowerBound])
        #expect(section == Reference.builtinsMarkdown(), "README.md's builtin reference differs from Reference.builtinsMarkdown(): regenerate it")
        let interpreter = Interpreter(output: { _ in }, loadPrelude: false)
        for name in interpreter.builtins.variables.keys { #expect(section.contains("| `\(name)"), "the README does not list \(name)") }
    }
}

/// Completion inside quotes: a table's columns after its dot, and whole names closed.
struct QuotedCompletionTests {
    @Test func quotedColumnsAfterADot() throws {
        let interpreter = Interpreter(output: { _ in })
        try interpreter.run(Source(name: "t", text: "runs = table(`Model Size` = [1], `Model Shape` = [2], loss = [3])"))
        let r = Completion.complete(line: "print runs.\"Model S", cursor: 19, interpreter: interpreter)
        #expect(r == Completion.Result(start: 12, candidates: ["Model Shape\"", "Model Size\""]))
    }
}
