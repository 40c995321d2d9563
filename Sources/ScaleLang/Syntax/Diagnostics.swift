import Foundation

/// A half-open range of UTF-8 byte offsets into one source text.
///
/// Positions are kept as offsets; line and column are worked out only when an error is shown.
public struct SourceRange: Hashable, Sendable {
    /// The first byte.
    public var start: Int
    /// One past the last byte (never before `start`).
    public var end: Int

    /// The bytes from `start` up to `end` (an `end` before `start` makes an empty range).
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }

    /// An empty range at the start, for errors with no place.
    public static let none = SourceRange(0, 0)
}

/// One source text with the name it is reported under (a file path, `<repl>`, `-e`).
public struct Source: Sendable, Equatable {
    /// The file name, or a label (`-e`, `prelude.scale`), as messages show it.
    public let name: String
    /// The whole text.
    public let text: String
    let bytes: [UInt8]

    /// The same name and the same text.
    public static func == (a: Source, b: Source) -> Bool { a.name == b.name && a.text == b.text }

    /// A source text and the name messages give it.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
        self.bytes = Array(text.utf8)
    }

    /// 1-based line and column (in characters) of a byte offset.
    public func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        let limit = min(offset, bytes.count)
        var i = 0
        while i < limit {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        let prefix = bytes[lineStart..<limit]
        let column = String(decoding: prefix, as: UTF8.self).count + 1
        return (line, column)
    }

    /// The text of the line holding a byte offset, without its line end.
    public func lineText(containing offset: Int) -> String {
        let o = min(max(offset, 0), bytes.count)
        var s = o
        while s > 0 && bytes[s - 1] != UInt8(ascii: "\n") { s -= 1 }
        var e = o
        while e < bytes.count && bytes[e] != UInt8(ascii: "\n") && bytes[e] != UInt8(ascii: "\r") { e += 1 }
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }
}

/// An error from any phase: what went wrong, where, and optionally a hint.
public struct ScaleError: Error, Sendable, Equatable {
    /// Where the error arose: reading the text, running it, or reading data.
    public enum Phase: String, Sendable {
        case syntax, runtime, data
    }

    /// The phase it arose in.
    public var phase: Phase
    /// What went wrong and what was expected, in one sentence.
    public var message: String
    /// Where, in `source` (or the text being run when that is nil).
    public var range: SourceRange
    /// A suggestion ("did you mean 'N'?"), shown under the message.
    public var hint: String?
    /// True when the parser ran out of input mid-construct: the REPL reads another line.
    public var atEndOfInput: Bool
    /// The text the range refers to, when it is not the one being run (a function defined elsewhere).
    public var source: Source?
    /// The calls the error passed through, innermost first (at most `Call.kept`; the outermost
    /// is always the last), and how many more were left out between them.
    public var calls: [Call] = []
    /// How many calls between the kept ones were left out of `calls`.
    public var callsLeftOut = 0

    /// A user function's call: its name and where it was called (nil source: the one being run).
    public struct Call: Sendable, Equatable {
        /// The function called.
        public var function: String
        /// Where the call is written.
        public var range: SourceRange
        /// The text the call is in; nil for the one being run.
        public var source: Source?
        static let kept = 4
    }

    /// Records that the error left `function`, called at `range`; a deep recursion keeps the
    /// innermost calls and the outermost one.
    mutating func passed(through function: String, calledAt range: SourceRange) {
        let call = Call(function: function, range: range, source: nil)
        if calls.count < Call.kept {
            calls.append(call)
        } else {
            calls[calls.count - 1] = call
            callsLeftOut += 1
        }
    }

    /// An error of `phase` at `range`.
    public init(_ phase: Phase, _ message: String, at range: SourceRange, hint: String? = nil, atEndOfInput: Bool = false) {
        self.phase = phase
        self.message = message
        self.range = range
        self.hint = hint
        self.atEndOfInput = atEndOfInput
    }

    static func syntax(_ message: String, at range: SourceRange, atEnd: Bool = false) -> ScaleError {
        ScaleError(.syntax, message, at: range, atEndOfInput: atEnd)
    }

    static func runtime(_ message: String, at range: SourceRange, hint: String? = nil) -> ScaleError {
        ScaleError(.runtime, message, at: range, hint: hint)
    }
}

/// Renders errors as `FILE:LINE:COL: error: MESSAGE`, the source line, and a caret under the span.
public enum DiagnosticRenderer {
    /// `FILE:LINE:COL: error: MESSAGE`, the source line with a caret under the span, the hint and
    /// the calls it passed through; `current` is the text being run, `color` adds ANSI colour.
    public static func render(_ error: ScaleError, in current: Source, color: Bool = false) -> String {
        let source = error.source ?? current
        let (line, column) = source.lineAndColumn(of: error.range.start)
        let red = color ? "\u{1B}[1;31m" : ""
        let bold = color ? "\u{1B}[1m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        var out = "\(bold)\(source.name):\(line):\(column):\(reset) \(red)error:\(reset) \(error.message)\n"
        let full = source.lineText(containing: error.range.start)
        let (endLine, endColumn) = source.lineAndColumn(of: error.range.end)
        var width = endLine == line ? max(1, endColumn - column) : max(1, full.count - column + 1)
        // A long line is shown as a window around the error, so a 10 MB line is not echoed whole.
        let (text, shownColumn) = excerpt(full, column: column)
        width = min(width, max(1, text.count - shownColumn + 1))
        out += "  " + text + "\n"
        out += "  " + String(repeating: " ", count: max(0, shownColumn - 1)) + red + String(repeating: "^", count: width) + reset + "\n"
        if let hint = error.hint {
            out += "  hint: \(hint)\n"
        }
        // the call chain, as a traceback: in h, called at FILE:20:5
        for (i, call) in error.calls.enumerated() {
            if i == error.calls.count - 1, error.callsLeftOut > 0 {
                out += "  … \(error.callsLeftOut) more call\(error.callsLeftOut == 1 ? "" : "s")\n"
            }
            let at = call.source ?? current
            let (l, c) = at.lineAndColumn(of: call.range.start)
            out += "  in \(call.function), called at \(at.name):\(l):\(c)\n"
        }
        return out
    }

    /// At most about 160 characters of `line` around `column`, with "…" where it was cut, and
    /// the column within what is shown.
    static func excerpt(_ line: String, column: Int, before: Int = 60, after: Int = 100) -> (String, Int) {
        guard line.count > before + after else { return (line, column) }
        let chars = Array(line)
        let start = max(0, min(column - 1 - before, chars.count - before - after))
        let end = min(chars.count, start + before + after)
        let head = start > 0 ? "…" : "", tail = end < chars.count ? "…" : ""
        return (head + String(chars[start..<end]) + tail, column - start + head.count)
    }

    /// The edit distance suggestion used by "did you mean" hints.
    static func closest(to name: String, among candidates: [String]) -> String? {
        // Only names whose length is within the largest distance allowed can be close, so the edit
        // distance never runs at the full length of a huge identifier.
        let limit = name.count <= 3 ? 1 : name.count <= 6 ? 2 : 3
        guard name.count <= 256 else { return nil }
        var best: (String, Int)?
        for c in candidates where abs(c.count - name.count) <= limit {
            let d = editDistance(name.lowercased(), c.lowercased())
            if d <= limit, d < name.count, d < (best?.1 ?? Int.max) {
                best = (c, d)
            }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = prev
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}

/// "a, b or c"
func listing(_ items: [String], _ conjunction: String) -> String {
    guard items.count > 1, let last = items.last else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
}
