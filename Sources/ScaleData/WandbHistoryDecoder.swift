/// Reads a W&B history record straight from its protobuf bytes, the record type a run's log holds
/// by the thousand, without building SwiftProtobuf's messages or, for the common values, a JSON
/// parse of their text.
///
/// It reads the fields `WandbInternal_Record` (Generated/wandb_internal.pb.swift) gives a history
/// record and decodes them as SwiftProtobuf does: `Record.history` (2; repeated, the occurrences
/// merged), `HistoryRecord.item` (1) and `.step` (2, its `num` 1, the last one given), and in each
/// `HistoryItem` `key` (1, the last one), `nested_key` (2), the typed values none/boolean/integer/
/// number/text/json (3–8, the last one given) and `value_json` (16). Unknown fields are skipped by
/// their wire type (varint, 64-bit, length-delimited, 32-bit). Anything else (another record type,
/// a group, a field of an unexpected wire type, bytes that end inside a field, text that is not
/// UTF-8, a null value other than NULL_VALUE) gives nil, and the record is read by SwiftProtobuf,
/// which gives the same values or the same error.
enum WandbHistoryDecoder {
    /// A history item's value: read already, or JSON text for the reader's own JSON rules.
    enum Cell {
        case value(JSONValue)
        case json(String)
    }

    /// One history record: its items in order, keys dotted (`nested_key` joined by "."), and the
    /// step it names (0 when it names none).
    struct Step {
        var items: [(key: String, cell: Cell)] = []
        var step: Int64 = 0
    }

    /// The history record in `bytes`, or nil when it is not one this reader reads (see above).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Step? {
        var r = Reader(b: bytes, i: 0, end: bytes.count)
        var parts: [Range<Int>] = []
        while r.i < r.end {
            guard let (field, wire) = r.tag() else { return nil }
            switch field {
            case 2:
                guard wire == 2, let part = r.delimited() else { return nil }
                parts.append(part)
            case 3, 5, 17:
                return nil  // summary, config or run: SwiftProtobuf's
            default:
                guard r.skip(wire) else { return nil }
            }
        }
        guard !parts.isEmpty else { return nil }
        var out = Step()
        out.items.reserveCapacity(8)
        for part in parts {
            var h = Reader(b: bytes, i: part.lowerBound, end: part.upperBound)
            while h.i < h.end {
                guard let (field, wire) = h.tag() else { return nil }
                switch field {
                case 1:
                    guard wire == 2, let item = h.delimited(), let one = Self.item(bytes, item) else { return nil }
                    out.items.append(one)
                case 2:
                    guard wire == 2, let step = h.delimited() else { return nil }
                    var s = Reader(b: bytes, i: step.lowerBound, end: step.upperBound)
                    while s.i < s.end {
                        guard let (f, w) = s.tag() else { return nil }
                        if f == 1 {
                            guard w == 0, let n = s.varint() else { return nil }
                            out.step = Int64(truncatingIfNeeded: n)
                        } else {
                            guard s.skip(w) else { return nil }
                        }
                    }
                default:
                    guard h.skip(wire) else { return nil }
                }
            }
        }
        return out
    }

    /// One `HistoryItem` in bytes `range`: its dotted key and value.
    private static func item(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (key: String, cell: Cell)? {
        var r = Reader(b: bytes, i: range.lowerBound, end: range.upperBound)
        var key = ""
        var nested: [String] = []
        var typed: Cell?
        var json = 0..<0
        while r.i < r.end {
            guard let (field, wire) = r.tag() else { return nil }
            switch (field, wire) {
            case (1, 2):
                guard let s = r.delimited(), let text = r.text(s) else { return nil }
                key = text
            case (2, 2):
                guard let s = r.delimited(), let text = r.text(s) else { return nil }
                nested.append(text)
            case (3, 0):
                guard r.varint() == 0 else { return nil }
                typed = .value(.null)
            case (4, 0):
                guard let v = r.varint() else { return nil }
                typed = .value(.bool(v != 0))
            case (5, 0):
                guard let v = r.varint() else { return nil }
                typed = .value(.number(Double(Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1))))))
            case (6, 1):
                guard let v = r.fixed64() else { return nil }
                typed = .value(.number(Double(bitPattern: v)))
            case (7, 2):
                guard let s = r.delimited(), let text = r.text(s) else { return nil }
                typed = .value(.string(text))
            case (8, 2):
                guard let s = r.delimited(), let text = r.text(s) else { return nil }
                typed = .json(text)
            case (16, 2):
                guard let s = r.delimited(), r.isUTF8(s) else { return nil }
                json = s
            case (1...8, _), (16, _):
                return nil  // a known field of another wire type
            default:
                guard r.skip(wire) else { return nil }
            }
        }
        let name = nested.isEmpty ? key : nested.joined(separator: ".")
        return (name, typed ?? value(bytes, json))
    }

    /// `value_json`'s value where it is a plain number, true, false, null, NaN, ±Infinity or a
    /// string without escapes; otherwise its text, for the JSON reader.
    private static func value(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Cell {
        let s = range.lowerBound, e = range.upperBound
        if s < e {
            let first = b[s], last = b[e - 1]
            // JSON's number grammar starts with '-' or a digit and ends with a digit
            if first == 45 || (48...57).contains(first), (48...57).contains(last), let x = CellText.number(b, s, e) { return .value(.number(x)) }
            if first == 34, last == 34, e - s >= 2, !b[(s + 1)..<(e - 1)].contains(where: { $0 == 34 || $0 == 92 || $0 < 32 }) {
                return .value(.string(String(decoding: UnsafeBufferPointer(rebasing: b[(s + 1)..<(e - 1)]), as: UTF8.self)))
            }
            let word = UnsafeBufferPointer(rebasing: b[s..<e])
            for (text, v) in literals where word.elementsEqual(text) { return .value(v) }
        }
        return .json(String(decoding: UnsafeBufferPointer(rebasing: b[range]), as: UTF8.self))
    }

    /// The words JSONText reads as values, Python's non-finite floats among them.
    private static let literals: [([UInt8], JSONValue)] = [
        (Array("true".utf8), .bool(true)), (Array("false".utf8), .bool(false)), (Array("null".utf8), .null),
        (Array("NaN".utf8), .number(.nan)), (Array("Infinity".utf8), .number(.infinity)), (Array("-Infinity".utf8), .number(-.infinity)),
    ]

    /// A cursor over protobuf bytes `i..<end`; every read checks that its bytes are there.
    private struct Reader {
        let b: UnsafeBufferPointer<UInt8>
        var i: Int
        let end: Int

        /// A varint of at most 10 bytes, as SwiftProtobuf reads it.
        mutating func varint() -> UInt64? {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while i < end, shift < 70 {
                let c = b[i]
                i += 1
                v |= UInt64(c & 0x7F) << shift
                if c < 0x80 { return v }
                shift += 7
            }
            return nil
        }

        /// A field's number (1 or more) and wire type, of a tag that fits 32 bits.
        mutating func tag() -> (field: Int, wire: Int)? {
            guard let t = varint(), t < UInt64(UInt32.max), t >> 3 > 0 else { return nil }
            return (Int(t >> 3), Int(t & 7))
        }

        mutating func fixed64() -> UInt64? {
            guard end - i >= 8 else { return nil }
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(b[i + k]) << (8 * UInt64(k)) }
            i += 8
            return v
        }

        /// A length-delimited field's bytes.
        mutating func delimited() -> Range<Int>? {
            guard let n = varint(), n <= UInt64(end - i) else { return nil }
            let start = i
            i += Int(n)
            return start..<i
        }

        /// Skips an unknown field's value by its wire type; groups (3, 4) and unknown wire types are left to SwiftProtobuf.
        mutating func skip(_ wire: Int) -> Bool {
            switch wire {
            case 0: return varint() != nil
            case 1: return fixed64() != nil
            case 2: return delimited() != nil
            case 5:
                guard end - i >= 4 else { return false }
                i += 4
                return true
            default: return false
            }
        }

        func isUTF8(_ r: Range<Int>) -> Bool {
            // ASCII, the usual case, needs no decoding
            if !b[r].contains(where: { $0 >= 0x80 }) { return true }
            return String(validating: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self) != nil
        }

        func text(_ r: Range<Int>) -> String? {
            String(validating: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
        }
    }
}
