import Foundation

/// A lexical token: a kind and the range of source it came from.
public struct Token: Hashable, Sendable {
    /// What a token is, with its value.
    public enum Kind: Hashable, Sendable {
        case number(Double)
        case string(String)
        /// A string with `{…}` in it: its text and the tokens of each expression, lexed in place.
        case interpolation([StringSegment])
        case identifier(String)
        case keyword(Keyword)
        case symbol(Symbol)
        case newline
        case end
    }

    /// What the token is.
    public var kind: Kind
    /// The bytes of source the token came from.
    public var range: SourceRange
    /// A name written in backticks (`` `Model Size` ``): always a name, never a command's verb.
    public var quoted = false

    /// A token of `kind` from `range`; `quoted` for a backticked name.
    public init(kind: Kind, range: SourceRange, quoted: Bool = false) {
        self.kind = kind
        self.range = range
        self.quoted = quoted
    }
}

/// Reserved words: these cannot name variables. Command verbs (`fit`, `load`, `set`, …) and
/// clause words (`on`, `start`, `to`, `by`, …) stay ordinary identifiers, recognised only where
/// the grammar expects them (their declarations are in `Sources/ScaleLang/Commands`).
public enum Keyword: String, CaseIterable, Sendable {
    case `if`, `else`, `for`, `while`, `in`, and, or, not, `true`, `false`
    case print, assert, `where`, law
}

/// Operators and punctuation, spelled as in the source (help has a page on each).
public enum Symbol: String, CaseIterable, Sendable {
    case plus = "+", minus = "-", star = "*", slash = "/", caret = "^", percent = "%"
    case equal = "=", equalEqual = "==", bangEqual = "!=", less = "<", lessEqual = "<="
    case greater = ">", greaterEqual = ">=", tilde = "~", dotDot = "..", dot = "."
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case leftBrace = "{", rightBrace = "}", comma = ",", semicolon = ";", colon = ":"
}

extension Token.Kind: CustomStringConvertible {
    /// How the token is named in error messages.
    public var description: String {
        switch self {
        case .number(let v): return "number \(formatShortest(v))"
        case .string(let s): return "string \"\(s)\""
        case .interpolation: return "string"
        case .identifier(let n): return "'\(n)'"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .symbol(let s): return "'\(s.rawValue)'"
        case .newline: return "end of line"
        case .end: return "end of input"
        }
    }
}

/// A piece of a string with `{…}` in it: text, or an expression's tokens (ending with `.end`),
/// with the format after its colon, if any.
public enum StringSegment: Hashable, Sendable {
    case text(String)
    case code([Token], format: FormatSpec?, range: SourceRange)
}

/// A Python-style format after the colon of `{x:.3g}`: a precision and a style, `g` for
/// significant digits (C's `%g`), `f` for digits after the point, `e` for scientific notation
/// (https://docs.python.org/3/library/string.html#format-specification-mini-language).
public struct FormatSpec: Hashable, Sendable {
    /// `g` significant digits, `f` digits after the point, `e` scientific.
    public enum Style: Character, Hashable, Sendable { case g = "g", f = "f", e = "e" }
    /// The digits: significant for `g`, after the point for `f` and `e`.
    public var precision: Int
    /// How the digits are counted.
    public var style: Style

    /// A format of `precision` digits in `style`.
    public init(precision: Int, style: Style) {
        self.precision = precision
        self.style = style
    }
}
