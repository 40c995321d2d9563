/// What one cell of text holds, by the rules every reader of delimited text shares (pandas', R's
/// and Julia's, less their guessing of dates): blanks around a cell do not count; an empty cell and
/// the usual spellings of missing (`NA`, `N/A`, `null`, `None`, …) are `na`; `true`/`false` in any
/// of the three usual cases is a bool; a decimal number (with `nan` and `inf` words) is a number;
/// anything else is text. Quoting does not change what a cell holds (`"100"` is the number 100),
/// as trackers quote every field.
enum CellText {
    enum Kind: Equatable {
        case missing
        case number(Double)
        case bool(Bool)
        case text
    }

    /// The spellings of a missing cell, after blanks are dropped (pandas' defaults, less its NaN
    /// spellings: `nan` is a number here, distinct from `na`).
    static let missingWords: Set<[UInt8]> = Set(["NA", "N/A", "n/a", "NULL", "null", "None", "<NA>", "#N/A", "#NA"].map { Array($0.utf8) })
    static let trueWords: Set<[UInt8]> = Set(["true", "True", "TRUE"].map { Array($0.utf8) })
    static let falseWords: Set<[UInt8]> = Set(["false", "False", "FALSE"].map { Array($0.utf8) })

    /// Classifies bytes `start..<end` of `b`.
    static func classify(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Kind {
        var s = start, e = end
        while s < e && (b[s] == 32 || b[s] == 9) { s += 1 }
        while e > s && (b[e - 1] == 32 || b[e - 1] == 9) { e -= 1 }
        if s == e { return .missing }
        let f = b[s]
        if (f >= 48 && f <= 57) || f == 45 || f == 43 || f == 46 || f | 0x20 == 0x6E || f | 0x20 == 0x69 {
            if let x = number(b, s, e) { return .number(x) }
        }
        if e - s <= 5 {
            let word = Array(b[s..<e])
            if missingWords.contains(word) { return .missing }
            if trueWords.contains(word) { return .bool(true) }
            if falseWords.contains(word) { return .bool(false) }
        } else if e - s <= 8, missingWords.contains(Array(b[s..<e])) {
            return .missing
        }
        return .text
    }

    /// A decimal number in bytes `s..<e` (no blanks), or nil: digits with an optional sign, point
    /// and exponent, or the words nan, inf and infinity (any case, with a sign). Hexadecimal, which
    /// `strtod` would also read, is refused.
    static func number(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Double? {
        let length = e - s
        guard length < 64 else { return longNumber(Array(b[s..<e])) }
        var digits = false
        for i in s..<e {
            let c = b[i]
            if c >= 48 && c <= 57 { digits = true; continue }
            if c == 45 || c == 43 || c == 46 || c == 101 || c == 69 { continue }
            // letters: only the nan/inf words
            return word(b, s, e)
        }
        guard digits else { return nil }
        // Swift's parse is correctly rounded and ignores the locale; text of up to 15 bytes is a
        // small string, made without an allocation.
        return Double(String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self))
    }

    private static func word(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Double? {
        var i = s
        var negative = false
        if b[i] == 45 || b[i] == 43 { negative = b[i] == 45; i += 1 }
        let w = String(decoding: b[i..<e], as: UTF8.self).lowercased()
        switch w {
        case "nan": return negative ? -Double.nan : .nan
        case "inf", "infinity": return negative ? -.infinity : .infinity
        default: return nil
        }
    }

    private static func longNumber(_ bytes: [UInt8]) -> Double? {
        guard bytes.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 43 || $0 == 46 || $0 == 101 || $0 == 69 }) else { return nil }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// A decimal number in a string, by the same rules, or nil.
    public static func number(in s: String) -> Double? {
        var bytes = Array(s.utf8)
        return bytes.withUnsafeMutableBufferPointer { m -> Double? in
            let b = UnsafeBufferPointer(m)
            if case .number(let x) = classify(b, 0, b.count) { return x }
            return nil
        }
    }
}

/// Builds one column cell by cell, settling its kind from the cells: numbers while every
/// non-missing cell is a number, bools while every one is a bool, otherwise text.
struct ColumnBuilder {
    enum Kind { case unknown, numbers, bools, text }
    private(set) var kind = Kind.unknown
    private var numbers: [Double] = []
    private var flags: [Bool?] = []
    private var texts: [String?] = []
    /// Missing cells before the first that settled the kind.
    private var leading = 0
    /// The first cell that did not fit the kind settled before it: its row (from 0) and text.
    private(set) var conflict: (row: Int, text: String)?
    private(set) var count = 0

    /// A builder that keeps every cell as text (a column known to mix kinds).
    static func text() -> ColumnBuilder {
        var b = ColumnBuilder()
        b.kind = .text
        return b
    }

    mutating func appendMissing() {
        switch kind {
        case .unknown: leading += 1
        case .numbers: numbers.append(.na)
        case .bools: flags.append(nil)
        case .text: texts.append(nil)
        }
        count += 1
    }

    mutating func append(number x: Double, text: @autoclosure () -> String) {
        switch kind {
        case .unknown:
            kind = .numbers
            numbers = Array(repeating: .na, count: leading)
            numbers.append(x)
        case .numbers: numbers.append(x)
        case .text: texts.append(text())
        case .bools: clash(text())
        }
        count += 1
    }

    mutating func append(bool v: Bool, text: @autoclosure () -> String) {
        switch kind {
        case .unknown:
            kind = .bools
            flags = Array(repeating: nil, count: leading)
            flags.append(v)
        case .bools: flags.append(v)
        case .text: texts.append(text())
        case .numbers: clash(text())
        }
        count += 1
    }

    mutating func append(text: String) {
        switch kind {
        case .unknown:
            kind = .text
            texts = Array(repeating: nil, count: leading)
            texts.append(text)
        case .text: texts.append(text)
        case .numbers, .bools: clash(text)
        }
        count += 1
    }

    /// A cell of another kind: remembered (the reader reads the column again as text), and the
    /// cell kept as text so that a reader without a second pass still has every cell.
    private mutating func clash(_ text: String) {
        if conflict == nil { conflict = (count, text) }
        switch kind {
        case .numbers: texts = numbers.map { $0.isNA ? nil : formatShortest($0) }
        case .bools: texts = flags.map { $0.map { $0 ? "true" : "false" } }
        default: break
        }
        kind = .text
        texts.append(text)
    }

    func finish() -> Table.ColumnData {
        switch kind {
        case .unknown: return .numbers(Array(repeating: .na, count: leading))  // every cell missing
        case .numbers: return .numbers(numbers)
        case .bools: return .bools(flags)
        case .text: return .text(texts)
        }
    }
}
