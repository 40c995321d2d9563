import Foundation
import Testing
@testable import ScaleLang

/// Inputs built to exhaust the stack, memory or time: each is an error in time linear in its size.
struct HostileInputTests {
    /// Left-leaning chains are as deep as they are long; past the depth limit they are an error
    /// (before, 2,000,000 terms overflowed the stack; 20,000 parsed and were walked recursively).
    static let chains: [(String, String)] = [
        ("sum", "print " + Array(repeating: "1", count: 20_000).joined(separator: "+")),
        ("product", "print " + Array(repeating: "1", count: 20_000).joined(separator: "*")),
        ("and", "print " + Array(repeating: "true", count: 20_000).joined(separator: " and ")),
        ("index", "x = [1]\nprint x" + String(repeating: "[1]", count: 20_000)),
        ("member", "t = table(a = [1])\nprint t" + String(repeating: ".a", count: 20_000)),
        ("call", "f(x) = f\nprint f" + String(repeating: "(1)", count: 20_000)),
        ("where", "t = table(a = [1])\nprint t" + String(repeating: " where a > 0", count: 20_000)),
    ]

    @Test(arguments: chains)
    func longChainsAreTooDeep(name: String, text: String) {
        nonisolated(unsafe) var message: String?
        onLargeStack {
            do {
                _ = try parse(Source(name: name, text: text))
            } catch {
                message = (error as? ScaleError)?.message
            }
        }
        #expect(message?.hasPrefix("this expression is too deep (more than 10000 levels)") == true, "\(name): \(message ?? "parsed")")
    }

    /// Within the limit a chain evaluates on a thread with the CLI's stack; on a small stack the
    /// stack guard turns a deep evaluation into an error instead of a crash.
    @Test func aChainWithinTheLimitEvaluates() throws {
        let text = "print " + Array(repeating: "1", count: 5_000).joined(separator: "+")
        nonisolated(unsafe) var result: (output: String, error: ScaleError?) = ("", nil)
        onLargeStack { result = runCapturing(text) }
        #expect(result.error == nil && result.output == "5000\n", "\(result.error?.message ?? "")")
    }

    /// Nesting within the limit on a thread too small for it is an error, not a crash.
    @Test func deepNestingOnASmallStackIsAnError() {
        let text = String(repeating: "(", count: 199) + "1" + String(repeating: ")", count: 199)
        do {
            _ = try parse(Source(name: "t", text: text))
        } catch {
            #expect(error.message.hasPrefix("expressions nest too deeply for this thread's stack"), "\(error.message)")
        }
    }

    /// `[a, a, …]` is held to the same length limit as a range.
    @Test func vectorLiteralsRespectTheLengthLimit() {
        var out = ""
        let interpreter = Interpreter(output: { out += $0 })
        interpreter.limits.vectorLength = 1000
        do {
            try interpreter.run(Source(name: "t", text: "a = 1..600\nb = [a, a]"))
            Issue.record("a vector of 1200 values was built under a limit of 1000")
        } catch {
            #expect(error.message == "this would make a vector of 1200 values, more than the limit of 1000")
        }
    }

    private func seconds(_ body: () -> Void) -> Double {
        let start = Date()
        body()
        return Date().timeIntervalSince(start)
    }

    /// 140,000 `log x` clauses (840 KB): before, each clause word rescanned every token (31 s in a
    /// release build); now a second or two in a debug build. The bound is loose for busy machines.
    @Test func manyClausesParseInLinearTime() throws {
        let text = "plot [1, 2] vs [1, 2]" + String(repeating: " log x", count: 140_000)
        var statements: [Stmt] = []
        let t = seconds { statements = (try? parse(Source(name: "t", text: text))) ?? [] }
        #expect(statements.count == 1)
        #expect(t < 15, "took \(t) s")
    }

    /// A header of 100,000 columns with one repeated at the end: the duplicate check is linear.
    @Test func duplicateHeaderCheckIsLinear() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scale-wide-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let header = (0..<100_000).map { "c\($0)" }.joined(separator: ",") + ",c5\n"
        try (header + Array(repeating: "1", count: 100_001).joined(separator: ",") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        var message = ""
        let t = seconds { message = runCapturing("t = load \"\(path)\"").error?.message ?? "" }
        #expect(message.hasSuffix("line 1: the column name 'c5' appears twice"))
        #expect(t < 15, "took \(t) s")
    }

    /// A 1 MB identifier: no edit distance at full length, and neither the message nor the
    /// rendered error echoes it whole.
    @Test func hugeIdentifiersAreNotEchoedOrCompared() throws {
        let text = "x = " + String(repeating: "a", count: 1_000_000) + " + 1"
        var rendered = ""
        let t = seconds {
            let (_, error) = runCapturing(text)
            rendered = error.map { DiagnosticRenderer.render($0, in: Source(name: "t", text: text)) } ?? ""
        }
        #expect(rendered.hasPrefix("t:1:5: error: unknown name 'aaaa"))
        #expect(rendered.count < 600, "\(rendered.count) characters")
        #expect(t < 15, "took \(t) s")
    }

    /// An error on a 10 MB line shows a window around the caret.
    @Test func longLinesAreShownAsAWindow() throws {
        let text = "x = 1" + String(repeating: " ", count: 10_000_000) + "+ y"
        let (_, error) = runCapturing(text)
        let e = try #require(error)
        let rendered = DiagnosticRenderer.render(e, in: Source(name: "t", text: text))
        #expect(rendered.count < 600)
        let lines = rendered.split(separator: "\n")
        try #require(lines.count >= 3)
        // the caret sits under the 'y' within the window
        let caret = try #require(lines[2].firstIndex(of: "^"))
        let offset = lines[2].distance(from: lines[2].startIndex, to: caret)
        #expect(Array(lines[1])[offset] == "y")
    }
}
