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
    var tokens: [Token] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    func peek(_ offset: Int = 0) -> UInt8 {
        pos + offset < bytes.count ? bytes[pos + offset] : 0
    }

    mutating func add(_ kind: Token.Kind, from start: Int) {
        tokens.append(Token(kind: kind, range: SourceRange(start, pos)))
    }

    mutating func run() throws(ScaleError) -> [Token] {
        // UTF-8 byte order mark
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
        while pos < bytes.count {
            let c = peek()
            let start = pos
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                pos += 1
            case UInt8(ascii: "\n"):
                pos += 1
                add(.newline, from: start)
            case UInt8(ascii: "#"):
                while pos < bytes.count && peek() != UInt8(ascii: "\n") { pos += 1 }
            case UInt8(ascii: "\\") where peek(1) == UInt8(ascii: "\n"):
                pos += 2  // explicit line continuation
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                try number()
            case UInt8(ascii: ".") where isDigit(peek(1)):
                try number()
            case UInt8(ascii: "\""):
                try string()
            case _ where isIdentifierStart(c):
                while pos < bytes.count && isIdentifierPart(peek()) { pos += 1 }
                let word = String(decoding: bytes[start..<pos], as: UTF8.self)
                try rejectInvisibleCharacters(in: word, at: start)
                add(Keyword(rawValue: word).map { .keyword($0) } ?? .identifier(word), from: start)
            default:
                try symbol()
            }
        }
        tokens.append(Token(kind: .end, range: SourceRange(bytes.count, bytes.count)))
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
            while end < bytes.count && isIdentifierPart(bytes[end]) { end += 1 }
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

    // string -> '"' { char | '\' escape } '"'
    mutating func string() throws(ScaleError) {
        let start = pos
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count, peek() != UInt8(ascii: "\n") else {
                throw .syntax("unterminated string: expected '\"' to close the string opened here", at: SourceRange(start, start + 1), atEnd: pos >= bytes.count)
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
            } else {
                out.append(c)
            }
        }
        add(.string(String(decoding: out, as: UTF8.self)), from: start)
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
        let two = pos + 1 < bytes.count ? String(decoding: bytes[pos...pos + 1], as: UTF8.self) : ""
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
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        let ch = String(decoding: bytes[pos..<end], as: UTF8.self)
        var hint = ""
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
