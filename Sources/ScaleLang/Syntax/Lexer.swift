/// Splits source text into tokens with byte ranges.
///
/// Numbers take exponents and the magnitude suffixes K M B T (`70B` is 7e10); `#` starts a
/// comment to the end of the line; a first line starting with `#!` is skipped as a comment.
public func tokenize(_ source: Source) throws(ScaleError) -> [Token] {
    var lexer = Lexer(bytes: source.bytes)
    return try lexer.run()
}

private let magnitudeSuffixes: [UInt8: Double] = [
    UInt8(ascii: "K"): 1e3, UInt8(ascii: "M"): 1e6, UInt8(ascii: "B"): 1e9, UInt8(ascii: "T"): 1e12,
]

private struct Lexer {
    let bytes: [UInt8]
    var pos = 0
    /// Where lexing stops: the end of the text, or of an expression inside a string's `{…}`.
    var limit: Int
    var tokens: [Token] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
        limit = bytes.count
    }

    func peek(_ offset: Int = 0) -> UInt8 {
        pos + offset < limit ? bytes[pos + offset] : 0
    }

    mutating func add(_ kind: Token.Kind, from start: Int) {
        tokens.append(Token(kind: kind, range: SourceRange(start, pos)))
    }

    mutating func run() throws(ScaleError) -> [Token] {
        // UTF-8 byte order mark
        if pos == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
        while pos < limit {
            let c = peek()
            let start = pos
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                pos += 1
            case UInt8(ascii: "\n"):
                pos += 1
                add(.newline, from: start)
            case UInt8(ascii: "#"):
                while pos < limit && peek() != UInt8(ascii: "\n") { pos += 1 }
            case UInt8(ascii: "\\") where peek(1) == UInt8(ascii: "\n"):
                pos += 2  // explicit line continuation
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                try number()
            case UInt8(ascii: ".") where isDigit(peek(1)):
                try number()
            case UInt8(ascii: "\""):
                try string()
            case UInt8(ascii: "`"):
                try quotedName()
            case _ where isIdentifierStart(c):
                while pos < limit && isIdentifierPart(peek()) { pos += 1 }
                let word = String(decoding: bytes[start..<pos], as: UTF8.self)
                try rejectInvisibleCharacters(in: word, at: start)
                add(Keyword(rawValue: word).map { .keyword($0) } ?? .identifier(word), from: start)
            default:
                try symbol()
            }
        }
        tokens.append(Token(kind: .end, range: SourceRange(limit, limit)))
        return tokens
    }

    // number -> digits ['.' digits] [('e'|'E') ['+'|'-'] digits] [K|M|B|T]
    mutating func number() throws(ScaleError) {
        let start = pos
        while isDigit(peek()) { pos += 1 }
        if peek() == UInt8(ascii: "."), peek(1) != UInt8(ascii: "."), !isIdentifierStart(peek(1)) {
            pos += 1
            while isDigit(peek()) { pos += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            var look = 1
            if peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-") { look = 2 }
            if isDigit(peek(look)) {
                pos += look
                while isDigit(peek()) { pos += 1 }
            } else {
                throw .syntax("expected digits after the exponent 'e' in a number", at: SourceRange(start, pos + look))
            }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        guard var value = Double(text) else {
            throw .syntax("malformed number '\(text)'", at: SourceRange(start, pos))
        }
        if let scale = magnitudeSuffixes[peek()], !isIdentifierPart(peek(1)) {
            pos += 1
            value *= scale
        }
        if isIdentifierPart(peek()) {
            var end = pos
            while end < limit && isIdentifierPart(bytes[end]) { end += 1 }
            let word = String(decoding: bytes[start..<end], as: UTF8.self)
            throw .syntax(
                "malformed number '\(word)': expected digits, an exponent or one of the suffixes K M B T",
                at: SourceRange(start, end))
        }
        if !value.isFinite {
            throw .syntax("number '\(String(decoding: bytes[start..<pos], as: UTF8.self))' is out of the range of a Double (about 1.8e308)", at: SourceRange(start, pos))
        }
        add(.number(value), from: start)
    }

    // quotedName -> '`' { char other than '`' and line end } '`'     (any column name as a name)
    mutating func quotedName() throws(ScaleError) {
        let start = pos
        pos += 1
        while pos < limit && peek() != UInt8(ascii: "`") && peek() != UInt8(ascii: "\n") { pos += 1 }
        guard pos < limit, peek() == UInt8(ascii: "`") else {
            throw .syntax("unterminated name: expected '`' to close the name opened here", at: SourceRange(start, start + 1), atEnd: pos >= limit)
        }
        let name = String(decoding: bytes[(start + 1)..<pos], as: UTF8.self)
        pos += 1
        guard !name.isEmpty else { throw .syntax("an empty name: write a column's name between the backticks, as in `Model Size`", at: SourceRange(start, pos)) }
        try rejectInvisibleCharacters(in: name, at: start + 1)
        tokens.append(Token(kind: .identifier(name), range: SourceRange(start, pos), quoted: true))
    }

    // string -> '"' { char | '\' escape | '{{' | '}}' | interpolation } '"'
    mutating func string() throws(ScaleError) {
        let start = pos
        pos += 1
        var out: [UInt8] = []
        var segments: [StringSegment] = []
        while true {
            guard pos < limit, peek() != UInt8(ascii: "\n") else {
                throw .syntax("unterminated string: expected '\"' to close the string opened here", at: SourceRange(start, start + 1), atEnd: pos >= limit)
            }
            let c = peek()
            pos += 1
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") {
                let e = peek()
                pos += 1
                switch e {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(e)
                default:
                    throw .syntax("unknown escape '\\\(Character(UnicodeScalar(e)))' in string: expected \\n, \\t, \\\" or \\\\", at: SourceRange(pos - 2, pos))
                }
            } else if (c == UInt8(ascii: "{") || c == UInt8(ascii: "}")) && peek() == c {
                out.append(c)  // '{{' and '}}' are literal braces
                pos += 1
            } else if c == UInt8(ascii: "}") {
                throw .syntax("a '}' in a string closes nothing: write '}}' for a literal brace", at: SourceRange(pos - 1, pos))
            } else if c == UInt8(ascii: "{") {
                if !out.isEmpty { segments.append(.text(String(decoding: out, as: UTF8.self))) }
                out = []
                segments.append(try interpolation(openedAt: pos - 1))
            } else {
                out.append(c)
            }
        }
        if segments.isEmpty {
            add(.string(String(decoding: out, as: UTF8.self)), from: start)
        } else {
            if !out.isEmpty { segments.append(.text(String(decoding: out, as: UTF8.self))) }
            add(.interpolation(segments), from: start)
        }
    }

    // interpolation -> '{' expression [':' ['.' digits] ('g' | 'f' | 'e')] '}'
    // The expression's tokens are lexed here, at their place in the source, so that errors in
    // them point into the string.
    mutating func interpolation(openedAt open: Int) throws(ScaleError) -> StringSegment {
        func unclosed(at end: Int) -> ScaleError {
            .syntax("expected '}' to close the '{' opened here in a string (write '{{' for a literal brace)", at: SourceRange(open, open + 1), atEnd: end >= limit)
        }
        // The expression ends at the first ':' or '}' outside brackets.
        var end = pos, depth = 0
        scan: while true {
            guard end < limit, bytes[end] != UInt8(ascii: "\n") else { throw unclosed(at: end) }
            switch bytes[end] {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"): depth = max(depth - 1, 0)
            case UInt8(ascii: "}") where depth == 0: break scan
            case UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: ":") where depth == 0: break scan
            case UInt8(ascii: "\""): throw unclosed(at: end)  // strings do not nest
            case UInt8(ascii: "#"):
                throw .syntax("'#' inside '{…}' in a string would start a comment: put the text outside the braces", at: SourceRange(end, end + 1))
            default: break
            }
            end += 1
        }
        if bytes[pos..<end].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
            throw .syntax("nothing inside '{}' in a string: put an expression there, or write '{{' and '}}' for literal braces", at: SourceRange(open, end + 1))
        }
        var inner = Lexer(bytes: bytes)
        inner.pos = pos
        inner.limit = end
        let tokens = try inner.run()
        pos = end
        var format: FormatSpec?
        if bytes[pos] == UInt8(ascii: ":") {
            pos += 1
            let specStart = pos
            while pos < limit, ![UInt8(ascii: "}"), UInt8(ascii: "\""), UInt8(ascii: "\n")].contains(bytes[pos]) { pos += 1 }
            guard pos < limit, bytes[pos] == UInt8(ascii: "}") else { throw unclosed(at: pos) }
            let spec = String(decoding: bytes[specStart..<pos], as: UTF8.self)
            format = Self.formatSpec(spec)
            guard format != nil else {
                throw .syntax("unknown format '\(spec)': expected .Ng (N significant digits), .Nf (N after the point) or .Ne (scientific), N from 0 to 17, as in {x:.3g}",
                              at: SourceRange(specStart, pos))
            }
        }
        pos += 1  // '}'
        return .code(tokens, format: format, range: SourceRange(open, pos))
    }

    /// `.3g`, `.2f`, `.4e`, or the style alone (precision 6, as Python's default).
    static func formatSpec(_ spec: String) -> FormatSpec? {
        guard let last = spec.last, let style = FormatSpec.Style(rawValue: last) else { return nil }
        let precision = spec.dropLast()
        if precision.isEmpty { return FormatSpec(precision: 6, style: style) }
        guard precision.first == ".", let n = Int(precision.dropFirst()), precision.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }), (0...17).contains(n) else { return nil }
        return FormatSpec(precision: n, style: style)
    }

    /// Identifiers that look alike must be alike: zero-width, format and bidirectional control
    /// characters are refused where they occur (CVE-2021-42574, "Trojan Source").
    func rejectInvisibleCharacters(in word: String, at start: Int) throws(ScaleError) {
        var offset = start
        for c in word.unicodeScalars {
            let width = UTF8.width(c)
            if InvisibleCharacters.contains(c) {
                throw .syntax("\(InvisibleCharacters.describe(c)) in the name '\(InvisibleCharacters.visible(word))': names may not contain invisible or direction-changing characters", at: SourceRange(offset, offset + width))
            }
            offset += width
        }
    }

    mutating func symbol() throws(ScaleError) {
        let start = pos
        let two = pos + 1 < limit ? String(decoding: bytes[pos...pos + 1], as: UTF8.self) : ""
        if let s = Symbol(rawValue: two), two.count == 2 {
            pos += 2
            add(.symbol(s), from: start)
            return
        }
        let one = String(decoding: bytes[pos...pos], as: UTF8.self)
        if let s = Symbol(rawValue: one) {
            pos += 1
            add(.symbol(s), from: start)
            return
        }
        // One whole UTF-8 character, for the message.
        var end = pos + 1
        while end < limit && bytes[end] & 0xC0 == 0x80 { end += 1 }
        let ch = String(decoding: bytes[pos..<end], as: UTF8.self)
        var hint = ""
        if let u = ch.unicodeScalars.first, u.value < 0x20 || u.value == 0x7F {
            // a control character would print as nothing, or as a blank
            let hex = String(u.value, radix: 16, uppercase: true)
            throw .syntax("unexpected control character U+\(String(repeating: "0", count: 4 - hex.count) + hex)\(u.value == 0 ? " (NUL)" : u.value == 9 ? " (tab)" : "")", at: SourceRange(pos, end))
        }
        if ch == "!" { hint = " (use 'not' for negation, '!=' for inequality)" }
        if ch == "&" || ch == "|" { hint = " (use 'and' / 'or')" }
        throw .syntax("unexpected character '\(ch)'\(hint)", at: SourceRange(pos, end))
    }
}

private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
private func isIdentifierStart(_ c: UInt8) -> Bool {
    (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
        || c == UInt8(ascii: "_") || c >= 0xC0
}
private func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) || (c >= 0x80 && c < 0xC0) }
