import Testing
@testable import ScaleLang

struct LexerTests {
    static let numbers: [(String, Double)] = [
        ("70B", 7e10), ("1.5K", 1500), ("1.4T", 1.4e12), ("3M", 3e6), ("1e3", 1000), ("2.5e-3", 0.0025),
        ("1E+2", 100), ("0.5", 0.5), (".5", 0.5), ("6", 6), ("1.5e3K", 1.5e6),
    ]

    @Test(arguments: numbers)
    func numberLiterals(text: String, value: Double) throws {
        let tokens = try tokenize(Source(name: "t", text: text))
        #expect(tokens.map(\.kind) == [.number(value), .end])
        #expect(tokens[0].range == SourceRange(0, text.utf8.count))
    }

    @Test func operatorsKeywordsAndRanges() throws {
        let tokens = try tokenize(Source(name: "t", text: "a..b >= 2 and not x ~ y # comment\nt.\"Model Size\""))
        #expect(tokens.map(\.kind) == [
            .identifier("a"), .symbol(.dotDot), .identifier("b"), .symbol(.greaterEqual), .number(2), .keyword(.and),
            .keyword(.not), .identifier("x"), .symbol(.tilde), .identifier("y"), .newline, .identifier("t"), .symbol(.dot),
            .string("Model Size"), .end,
        ])
        #expect(tokens[2].range == SourceRange(3, 4))
    }

    @Test func rangeOfNumbersIsNotADecimalPoint() throws {
        let tokens = try tokenize(Source(name: "t", text: "1..10"))
        #expect(tokens.map(\.kind) == [.number(1), .symbol(.dotDot), .number(10), .end])
    }

    static let errors: [(String, String, Int)] = [
        ("x = 70Q", "malformed number '70Q'", 4),
        ("\"abc", "unterminated string", 0),
        ("a ! b", "unexpected character '!'", 2),
        ("1e", "expected digits after the exponent", 0),
        ("1e999", "out of the range of a Double", 0),
        ("\"a\\q\"", "unknown escape", 2),
    ]

    @Test(arguments: errors)
    func lexicalErrors(text: String, message: String, offset: Int) {
        #expect {
            _ = try tokenize(Source(name: "t", text: text))
        } throws: { error in
            guard let e = error as? ScaleError else { return false }
            return e.message.contains(message) && e.range.start == offset
        }
    }

    @Test func byteOrderMarkAndShebangAreSkipped() throws {
        let tokens = try tokenize(Source(name: "t", text: "\u{FEFF}#!/usr/bin/env scale\nx"))
        #expect(tokens.map(\.kind) == [.newline, .identifier("x"), .end])
    }
}
