/// A lexical token: a kind and the range of source it came from.
public struct Token: Equatable, Sendable {
    public enum Kind: Hashable, Sendable {
        case number(Double)
        case string(String)
        case identifier(String)
        case keyword(Keyword)
        case symbol(Symbol)
        case newline
        case end
    }

    public var kind: Kind
    public var range: SourceRange
}

/// Reserved words: these cannot name variables. Command verbs (`fit`, `load`, `set`, …) and
/// clause words (`on`, `start`, `to`, `by`, …) stay ordinary identifiers, recognised only where
/// the grammar expects them (their declarations are in `Sources/ScaleLang/Commands`).
public enum Keyword: String, CaseIterable, Sendable {
    case `if`, `else`, `for`, `in`, and, or, not, `true`, `false`
    case print, assert, `where`, step, times, law
}

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
        case .identifier(let n): return "'\(n)'"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .symbol(let s): return "'\(s.rawValue)'"
        case .newline: return "end of line"
        case .end: return "end of input"
        }
    }
}
