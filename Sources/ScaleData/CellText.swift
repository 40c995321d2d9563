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
    static let missingWords: [[UInt8]] = ["NA", "N/A", "n/a", "NULL", "null", "None", "<NA>", "#N/A", "#NA"].map { Array($0.utf8) }
    static let trueWords: [[UInt8]] = ["true", "True", "TRUE"].map { Array($0.utf8) }
    static let falseWords: [[UInt8]] = ["false", "False", "FALSE"].map { Array($0.utf8) }

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
        if e - s <= 8 {
            // compared in place: an array made per cell was most of the time of a text column
            let word = UnsafeBufferPointer(rebasing: b[s..<e])
            if missingWords.contains(where: { $0.elementsEqual(word) }) { return .missing }
            if trueWords.contains(where: { $0.elementsEqual(word) }) { return .bool(true) }
            if falseWords.contains(where: { $0.elementsEqual(word) }) { return .bool(false) }
        }
        return .text
    }

    /// A decimal number in bytes `s..<e` (no blanks), or nil: digits with an optional sign, point
    /// and exponent, or the words nan, inf and infinity (any case, with a sign). Hexadecimal, which
    /// `strtod` would also read, is refused.
    static func number(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Double? {
        let length = e - s
        guard length < 64 else { return longNumber(Array(b[s..<e])) }
        // sign, digits with at most one point, then an optional exponent: the decimal grammar
        var i = s
        if b[i] == 45 || b[i] == 43 { i += 1 }
        var mantissa: UInt64 = 0, significant = 0, scale = 0, sawDigit = false, exact = true
        // the digits' loops written out (not one closure for both): this is a million cells' time
        while i < e {
            let d = b[i] &- 48
            guard d <= 9 else { break }
            sawDigit = true
            if mantissa != 0 || d != 0 {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significant += 1
                } else {
                    exact = false  // more digits than the fast path holds: Swift's parse decides
                    scale += 1
                }
            }
            i += 1
        }
        if i < e, b[i] == 46 {
            i += 1
            while i < e {
                let d = b[i] &- 48
                guard d <= 9 else { break }
                sawDigit = true
                if mantissa == 0 && d == 0 {
                    scale -= 1  // leading zeros of a fraction only move the point
                } else if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significant += 1
                    scale -= 1
                } else {
                    exact = false
                }
                i += 1
            }
        }
        guard sawDigit else { return i < e && (b[i] | 0x20 == 0x6E || b[i] | 0x20 == 0x69) ? word(b, s, e) : nil }
        var exponent = 0
        if i < e, b[i] | 0x20 == 0x65 {
            i += 1
            var negative = false
            if i < e, b[i] == 45 || b[i] == 43 { negative = b[i] == 45; i += 1 }
            guard i < e, b[i] >= 48, b[i] <= 57 else { return nil }
            while i < e, b[i] >= 48, b[i] <= 57 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(b[i] - 48) }
                i += 1
            }
            if negative { exponent = -exponent }
        }
        guard i == e else { return nil }
        let negative = b[s] == 45
        if mantissa == 0 && exact { return negative ? -0.0 : 0 }
        // Clinger's fast path (1990): a mantissa below 2^53 and a power of ten up to 10^22 are both
        // exact doubles, so one multiplication or division rounds once, correctly. Anything else
        // goes to Swift's parse, which is correctly rounded too.
        let p = scale + exponent
        if exact, mantissa <= 1 << 53, p >= -22, p <= 22 {
            let m = Double(mantissa)
            let x = p >= 0 ? m * Self.powersOfTen[p] : m / Self.powersOfTen[-p]
            return negative ? -x : x
        }
        // text of up to 15 bytes is a small string, made without an allocation
        return Double(String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self))
    }

    /// 10^0 … 10^22, each exact; written out so the table is in the binary, not made at first use.
    private static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

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
    /// The cells to reserve room for when the kind settles (a reader's guess at the rows to come).
    var reserve = 0

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
            numbers.reserveCapacity(reserve)
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
            flags.reserveCapacity(reserve)
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
            texts.reserveCapacity(reserve)
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

    /// Whether the cells of `next` (read on another core, from where this builder's cells end)
    /// can be appended with the result of appending them one by one: they settled no other kind
    /// and met no clash (cells all missing fit any kind).
    func canAppend(_ next: ColumnBuilder) -> Bool {
        next.conflict == nil && (next.kind == .unknown || kind == .unknown || next.kind == kind)
    }

    /// Appends `next`'s cells (`canAppend` has said they can be). The arrays grow as appending
    /// grows them (no exact reserve, which would copy a column once for each of many runs joined).
    mutating func append(_ next: ColumnBuilder) {
        switch (kind, next.kind) {
        case (_, .unknown):
            for _ in 0..<next.count { appendMissing() }
        case (.unknown, _):
            let before = count
            self = next
            leading += before
            count += before
            switch kind {
            case .numbers: numbers.insert(contentsOf: repeatElement(.na, count: before), at: 0)
            case .bools: flags.insert(contentsOf: repeatElement(nil, count: before), at: 0)
            case .text: texts.insert(contentsOf: repeatElement(nil, count: before), at: 0)
            case .unknown: break
            }
        case (.numbers, .numbers):
            numbers += next.numbers
            count += next.count
        case (.bools, .bools):
            flags += next.flags
            count += next.count
        default:
            texts += next.texts
            count += next.count
        }
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
