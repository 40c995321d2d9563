/// The records of CSV text (RFC 4180): fields end at commas and records at LF, CRLF or CR; a field
/// that starts with a double quote runs to the matching quote, may hold commas and line ends, and
/// writes a quote as two. Each field comes with whether it was quoted, because a quoted field is
/// text even when it reads as a number ("007", "1e3", "nan"): that is what lets a saved table
/// load back equal.
///
/// Works on the bytes: a file of a million records is split in about a second.
struct CSVRows {
    /// A malformed record; `record` counts from 1, the header being record 1.
    struct Malformed: Error {
        var record: Int
        var message: String
    }

    private let bytes: [UInt8]
    private var position = 0
    private(set) var record = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Fills `fields` and `quoted` with the next record; false at the end of the text.
    mutating func next(fields: inout [String], quoted: inout [Bool]) throws(Malformed) -> Bool {
        guard position < bytes.count else { return false }
        record += 1
        fields.removeAll(keepingCapacity: true)
        quoted.removeAll(keepingCapacity: true)
        while true {
            if position < bytes.count && bytes[position] == Self.quote {
                fields.append(try quotedField())
                quoted.append(true)
            } else {
                let start = position
                while position < bytes.count, bytes[position] != Self.comma, bytes[position] != Self.lf, bytes[position] != Self.cr {
                    position += 1
                }
                fields.append(String(decoding: bytes[start..<position], as: UTF8.self))
                quoted.append(false)
            }
            guard position < bytes.count else { return true }
            switch bytes[position] {
            case Self.comma:
                position += 1
            case Self.cr:
                position += position + 1 < bytes.count && bytes[position + 1] == Self.lf ? 2 : 1
                return true
            case Self.lf:
                position += 1
                return true
            default:
                let found = String(decoding: [bytes[position]], as: UTF8.self)
                throw Malformed(record: record, message: "expected ',' or the end of the line after a quoted field's closing '\"', found '\(found)'")
            }
        }
    }

    /// From the opening quote to just past the closing one; `""` inside stands for one quote.
    private mutating func quotedField() throws(Malformed) -> String {
        let opened = record
        position += 1
        var text: [UInt8] = []
        var start = position
        while true {
            guard let q = bytes[position...].firstIndex(of: Self.quote) else {
                throw Malformed(record: opened, message: "a quoted field is never closed: expected '\"' before the end of the file")
            }
            text += bytes[start..<q]  // line ends inside quotes belong to the field
            position = q + 1
            if position < bytes.count && bytes[position] == Self.quote {
                text.append(Self.quote)
                position += 1
                start = position
            } else {
                return String(decoding: text, as: UTF8.self)
            }
        }
    }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
}
