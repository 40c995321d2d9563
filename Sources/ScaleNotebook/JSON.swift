import Foundation
import ScaleData

/// A JSON value, with a reader (RFC 8259) and a writer whose bytes match Python's
/// `json.dumps(…, sort_keys=True, ensure_ascii=False)`, so that a notebook written here is the
/// file nbformat itself would write, and Jupyter messages sign the bytes they are sent as.
public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    /// The value under `key` of an object; nil when missing or when this is not an object.
    public subscript(key: String) -> JSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The text of a string; nil for anything else.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value of a number; nil for anything else.
    public var number: Double? {
        if case .number(let x) = self { return x }
        return nil
    }

    /// The value of a bool; nil for anything else.
    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements of an array; nil for anything else.
    public var array: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members of an object; nil for anything else.
    public var object: [String: JSON]? {
        if case .object(let o) = self { return o }
        return nil
    }

    // MARK: - Writing

    /// Compact (`{"a":1}`) when `indent` is nil; otherwise one item a line, `indent` spaces a
    /// level, `": "` after keys, as Python writes with `indent=N`. Keys are always sorted.
    public func serialized(indent: Int? = nil) -> String {
        var out = ""
        write(into: &out, indent: indent, level: 0)
        return out
    }

    private func write(into out: inout String, indent: Int?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let x): out += JSON.format(x)
        case .string(let s): JSON.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                JSON.newline(&out, indent: indent, level: level + 1)
                item.write(into: &out, indent: indent, level: level + 1)
            }
            JSON.newline(&out, indent: indent, level: level)
            out += "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{"
            // Python sorts keys by code point; Swift's String order is by Unicode scalars too.
            for (i, key) in fields.keys.sorted(by: { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }).enumerated() {
                if i > 0 { out += "," }
                JSON.newline(&out, indent: indent, level: level + 1)
                JSON.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
                fields[key]?.write(into: &out, indent: indent, level: level + 1)
            }
            JSON.newline(&out, indent: indent, level: level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, indent: Int?, level: Int) {
        guard let indent else { return }
        out += "\n" + String(repeating: " ", count: indent * level)
    }

    /// Integers without a fraction (execution counts, versions), others in shortest round-trip form.
    static func format(_ x: Double) -> String {
        if !x.isFinite { return "null" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// Escapes what Python's `ensure_ascii=False` escapes (ScaleData's `JSONWriter.quote`).
    static func quote(_ s: String, into out: inout String) {
        JSONWriter.quote(s, into: &out)
    }

    // MARK: - Reading

    /// Where the text stopped being JSON (line and column from 1) and what was expected there.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        /// The line, from 1.
        public var line: Int
        /// The column, from 1.
        public var column: Int
        /// What was expected there.
        public var message: String
        /// The error as one line naming the place.
        public var description: String { "invalid JSON at line \(line), column \(column): \(message)" }
    }

    /// The one JSON value `text` holds; throws at the first place it stops being JSON.
    public static func parse(_ text: String) throws(ParseError) -> JSON {
        try parse(Array(text.utf8))
    }

    /// Read by the one JSON reader of the project (`ScaleData.JSONText`: linear in escapes, an
    /// unpaired surrogate as U+FFFD, nesting limited), then keyed: a repeated key keeps its last
    /// value, as Python's `json` does.
    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> JSON {
        do throws(JSONText.Malformed) {
            let value = try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(JSONText.Malformed) -> JSONValue in try JSONText.parse(b) }
            return JSON(value)
        } catch {
            throw ParseError(line: error.line, column: error.column, message: error.message)
        }
    }

    init(_ v: JSONValue) {
        switch v {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let x): self = .number(x)
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(JSON.init))
        case .object(let members):
            var o: [String: JSON] = [:]
            for (k, x) in members { o[k] = JSON(x) }
            self = .object(o)
        }
    }
}
