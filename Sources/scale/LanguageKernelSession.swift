import Foundation
import ScaleKernel
import ScaleLang
import ScaleNotebook
import ScalingCore

/// The kernel's session over the interpreter: cells through `CellRunner`, completion through the
/// REPL's `Completion`, help through `Help` and the values' own text, completeness from the parser.
final class LanguageKernelSession: KernelSession {
    let runner = CellRunner()

    var languageVersion: String { ScalingCoreVersion.string }

    func execute(_ code: String, executionCount: Int, emit: @escaping (CellOutput) -> Void) -> CellOutput? {
        Interrupt.clear()
        defer { Interrupt.clear() }
        return runner.run(code, name: "In [\(executionCount)]", emit: emit)
    }

    func interrupt() {
        Interrupt.request()
    }

    /// Characters that end a word, as the REPL's line editor breaks words (plus the quote that
    /// opens a file name).
    static let wordBreaks = Set(" \t\n+-*/^%=<>()[]{},;~\"".unicodeScalars)

    func complete(_ code: String, cursor: Int) -> (matches: [String], start: Int, end: Int) {
        let scalars = Array(code.unicodeScalars)
        let end = max(0, min(cursor, scalars.count))
        var start = end
        while start > 0, !LanguageKernelSession.wordBreaks.contains(scalars[start - 1]) { start -= 1 }
        var lineStart = end
        while lineStart > 0, scalars[lineStart - 1] != "\n" { lineStart -= 1 }
        let line = String(String.UnicodeScalarView(scalars[lineStart..<end]))
        let word = String(String.UnicodeScalarView(scalars[start..<end]))
        let matches = ReadlineCompletion.candidates(line: line, word: word, interpreter: runner.interpreter)
        return (matches, start, end)
    }

    func inspect(_ code: String, cursor: Int) -> String? {
        let scalars = Array(code.unicodeScalars)
        func isName(_ u: Unicode.Scalar) -> Bool { u.properties.isAlphabetic || ("0"..."9").contains(u) || u == "_" }
        var start = max(0, min(cursor, scalars.count)), end = start
        while start > 0, isName(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, isName(scalars[end]) { end += 1 }
        let name = String(String.UnicodeScalarView(scalars[start..<end]))
        guard !name.isEmpty else { return nil }
        if let value = runner.interpreter.value(of: name) {
            var text = "\(name): \(value.typeName)\n" + value.display(digits: runner.interpreter.digits) + "\n"
            if let page = ScaleLang.Help.text(for: name) { text += "\n" + page }
            return text
        }
        // commands, options, settings and guides: the pages generated from their declarations
        return ScaleLang.Help.text(for: name)
    }

    func isComplete(_ code: String) -> Completeness {
        // Meta-command lines are whole inputs of their own; the parser judges the rest.
        let lines = code.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces).hasPrefix(":") ? "" : $0 }
        let source = Source(name: "<cell>", text: lines.joined(separator: "\n"))
        do throws(ScaleError) {
            _ = try parse(source)
            return .complete
        } catch {
            guard error.atEndOfInput else { return .invalid }
            return .incomplete(indent: String(repeating: "    ", count: LanguageKernelSession.openBraces(code)))
        }
    }

    /// Braces still open at the end, outside strings and comments: the next line's indent level.
    static func openBraces(_ code: String) -> Int {
        var depth = 0, inString = false, inComment = false
        for c in code {
            if inComment { if c == "\n" { inComment = false }; continue }
            if inString { if c == "\"" { inString = false }; continue }
            switch c {
            case "\"": inString = true
            case "#": inComment = true
            case "{": depth += 1
            case "}": depth = max(0, depth - 1)
            default: break
            }
        }
        return depth
    }
}
