/// A JSON value (RFC 8259) with objects in the order their keys were written, which is the order
/// a table's columns take.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// Structural equality; objects are equal only with the same keys in the same order, and numbers compare as Doubles.
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }
}

/// Parses JSON text in one pass over its bytes: linear in the input, escapes included; strings
/// decoded as UTF-8 with `\u` escapes, a surrogate pair as one character and an unpaired
/// surrogate as U+FFFD (as Python's `json` keeps it, it cannot be UTF-8); nesting limited.
/// Errors give the line and column (both from 1).
public struct JSONText {
    /// Text that is not JSON: where, and what was expected.
    public struct Malformed: Error, Equatable {
        /// The line of the error, from 1.
        public var line: Int
        /// The column of the error, from 1.
        public var column: Int
        /// What was expected and what was found.
        public var message: String
    }

    /// Deeper nesting than this is an error, not a stack overflow.
    public static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i: Int
    private let end: Int
    private var depth = 0

    /// Parses the single value in bytes `start..<end` of `bytes` (blanks around it allowed).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil) throws(Malformed) -> JSONValue {
        var p = JSONText(bytes: bytes, i: start, end: end ?? bytes.count)
        p.skipBlanks()
        let v = try p.value()
        p.skipBlanks()
        guard p.i == p.end else { throw p.error("expected the end of the JSON text after a complete value, found \(p.found)") }
        return v
    }

    /// The one JSON value `text` holds (surrounding whitespace allowed); anything after it is an error.
    public static func parse(_ text: String) throws(Malformed) -> JSONValue {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(Malformed) -> JSONValue in try parse(b) }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, i: Int, end: Int) {
        self.bytes = bytes
        self.i = i
        self.end = end
    }

    /// The line and column of byte `offset` (counted only when an error is shown).
    private func place(_ offset: Int) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        var k = 0
        while k < offset && k < bytes.count {
            if bytes[k] == 10 { line += 1; lineStart = k + 1 }
            k += 1
        }
        let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1
        return (line, column)
    }

    private func error(_ message: String, at offset: Int? = nil) -> Malformed {
        let (l, c) = place(offset ?? i)
        return Malformed(line: l, column: c, message: message)
    }

    private var found: String {
        guard i < end else { return "the end of the text" }
        let c = bytes[i]
        return c < 0x80 ? "'\(String(decoding: [c], as: UTF8.self))'" : "a non-ASCII character"
    }

    private mutating func skipBlanks() {
        while i < end, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
    }

    private mutating func value() throws(Malformed) -> JSONValue {
        guard i < end else { throw error("expected a JSON value, found the end of the text") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        // Python's json writes NaN and Infinity for non-finite floats; pandas and W&B files hold them.
        case UInt8(ascii: "N"): try literal("NaN"); return .number(.nan)
        case UInt8(ascii: "I"): try literal("Infinity"); return .number(.infinity)
        default: throw error("expected a JSON value (object, array, string, number, true, false or null), found \(found)")
        }
    }

    private mutating func literal(_ word: String) throws(Malformed) {
        let w = Array(word.utf8)
        guard end - i >= w.count, (0..<w.count).allSatisfy({ bytes[i + $0] == w[$0] }) else {
            throw error("expected '\(word)', found \(found)")
        }
        i += w.count
    }

    private mutating func nested<T>(_ body: (inout JSONText) throws(Malformed) -> T) throws(Malformed) -> T {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("JSON nested more than \(Self.maximumDepth) levels deep") }
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func object() throws(Malformed) -> JSONValue {
        try nested { (p: inout JSONText) throws(Malformed) -> JSONValue in
            let open = p.i
            p.i += 1
            var members: [(key: String, value: JSONValue)] = []
            p.skipBlanks()
            if p.i < p.end && p.bytes[p.i] == UInt8(ascii: "}") { p.i += 1; return .object(members) }
            while true {
                p.skipBlanks()
                guard p.i < p.end, p.bytes[p.i] == UInt8(ascii: "\"") else {
                    throw p.i < p.end ? p.error("expected a key in double quotes, found \(p.found)") : p.error("expected '}' to close the object opened here", at: open)
                }
                let key = try p.string()
                p.skipBlanks()
                guard p.i < p.end, p.bytes[p.i] == UInt8(ascii: ":") else { throw p.error("expected ':' after the key \"\(key)\", found \(p.found)") }
                p.i += 1
                p.skipBlanks()
                members.append((key, try p.value()))
                p.skipBlanks()
                guard p.i < p.end else { throw p.error("expected '}' to close the object opened here", at: open) }
                if p.bytes[p.i] == UInt8(ascii: ",") { p.i += 1; continue }
                if p.bytes[p.i] == UInt8(ascii: "}") { p.i += 1; return .object(members) }
                throw p.error("expected ',' or '}' after a value in an object, found \(p.found)")
            }
        }
    }

    private mutating func array() throws(Malformed) -> JSONValue {
        try nested { (p: inout JSONText) throws(Malformed) -> JSONValue in
            let open = p.i
            p.i += 1
            var items: [JSONValue] = []
            p.skipBlanks()
            if p.i < p.end && p.bytes[p.i] == UInt8(ascii: "]") { p.i += 1; return .array(items) }
            while true {
                p.skipBlanks()
                items.append(try p.value())
                p.skipBlanks()
                guard p.i < p.end else { throw p.error("expected ']' to close the array opened here", at: open) }
                if p.bytes[p.i] == UInt8(ascii: ",") { p.i += 1; continue }
                if p.bytes[p.i] == UInt8(ascii: "]") { p.i += 1; return .array(items) }
                throw p.error("expected ',' or ']' after a value in an array, found \(p.found)")
            }
        }
    }

    private mutating func number() throws(Malformed) -> Double {
        let start = i
        if bytes[i] == UInt8(ascii: "-") {
            i += 1
            if i + 8 <= end, String(decoding: bytes[i..<(i + 8)], as: UTF8.self) == "Infinity" { i += 8; return -.infinity }
        }
        func digits() -> Int { let s = i; while i < end, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }; return i - s }
        guard digits() > 0 else { throw error("expected a digit in a number, found \(found)") }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw error("expected a digit after the decimal point, found \(found)") }
        }
        if i < end, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw error("expected a digit in the exponent, found \(found)") }
        }
        guard let x = CellText.number(bytes, start, i) else { throw error("malformed number", at: start) }
        return x
    }

    /// From the opening quote to past the closing one.
    private mutating func string() throws(Malformed) -> String {
        let open = i
        i += 1
        var out: [UInt8] = []
        var segment = i
        var pendingHigh: UInt32?  // a high surrogate waiting for its low half
        func flushSurrogate() {
            if pendingHigh != nil { out += [0xEF, 0xBF, 0xBD]; pendingHigh = nil }  // U+FFFD
        }
        while true {
            guard i < end else { throw error("expected '\"' to close the string opened here", at: open) }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                if out.isEmpty && pendingHigh == nil {
                    let s = String(decoding: bytes[segment..<i], as: UTF8.self)
                    i += 1
                    return s
                }
                if segment < i { flushSurrogate(); out += bytes[segment..<i] }
                flushSurrogate()
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c < 0x20 { throw error("a control character (byte \(c)) inside a string must be escaped") }
            guard c == UInt8(ascii: "\\") else { i += 1; continue }
            if segment < i { flushSurrogate(); out += bytes[segment..<i] }
            guard i + 1 < end else { throw error("expected an escape after '\\'") }
            let e = bytes[i + 1]
            i += 2
            var scalar: UInt32?
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalar = UInt32(e)
            case UInt8(ascii: "b"): scalar = 8
            case UInt8(ascii: "f"): scalar = 12
            case UInt8(ascii: "n"): scalar = 10
            case UInt8(ascii: "r"): scalar = 13
            case UInt8(ascii: "t"): scalar = 9
            case UInt8(ascii: "u"):
                guard i + 4 <= end, let u = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16),
                      bytes[i..<(i + 4)].allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }) else {
                    throw error("expected four hexadecimal digits after '\\u'", at: i - 2)
                }
                i += 4
                if (0xD800...0xDBFF).contains(u) {
                    flushSurrogate()
                    pendingHigh = u
                } else if (0xDC00...0xDFFF).contains(u) {
                    if let h = pendingHigh {
                        appendUTF8(0x10000 + ((h - 0xD800) << 10) + (u - 0xDC00), to: &out)
                        pendingHigh = nil
                    } else {
                        out += [0xEF, 0xBF, 0xBD]
                    }
                } else {
                    flushSurrogate()
                    appendUTF8(u, to: &out)
                }
            default:
                throw error("unknown escape '\\\(String(decoding: [e], as: UTF8.self))' in a string", at: i - 2)
            }
            if let s = scalar { flushSurrogate(); out.append(UInt8(s)) }
            segment = i
        }
    }

    private func appendUTF8(_ u: UInt32, to out: inout [UInt8]) {
        if let s = Unicode.Scalar(u) { out += Array(String(Character(s)).utf8) } else { out += [0xEF, 0xBF, 0xBD] }
    }
}
