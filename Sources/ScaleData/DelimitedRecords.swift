/// The records of delimited text (RFC 4180, with any one-byte separator): fields end at the
/// separator and records at LF, CRLF or CR; a field that starts with a double quote runs to the
/// matching quote, may hold separators and line ends, and writes a quote as two.
///
/// Fields are byte ranges of the text, so reading a million records makes no `String` per field;
/// only a quoted field holding `""` is copied, into `unescaped`.
struct DelimitedRecords {
    /// A malformed record; `record` counts from 1, the header being record 1.
    struct Malformed: Error {
        var record: Int
        var message: String
    }

    /// One field: bytes `start..<end` of the text, or `unescaped` when a quote was doubled inside.
    struct Field {
        var start: Int
        var end: Int
        var quoted: Bool
        var unescaped: [UInt8]?
    }

    private let bytes: [UInt8]
    private let separator: UInt8
    private(set) var position = 0
    private(set) var record = 0
    /// The line (from 1) on which the current record starts, for messages.
    private(set) var line = 0
    private var nextLine = 1

    init(bytes: [UInt8], separator: UInt8, from start: Int = 0) {
        self.bytes = bytes
        self.separator = separator
        position = start
    }

    /// Fills `fields` with the next record; false at the end of the text.
    mutating func next(fields: inout [Field]) throws(Malformed) -> Bool {
        guard position < bytes.count else { return false }
        record += 1
        line = nextLine
        fields.removeAll(keepingCapacity: true)
        let n = bytes.count
        return try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(Malformed) -> Bool in
            while true {
                if position < n && b[position] == Self.quote {
                    fields.append(try quotedField(b))
                } else {
                    let start = position
                    while position < n {
                        let c = b[position]
                        if c == separator || c == Self.lf || c == Self.cr { break }
                        position += 1
                    }
                    fields.append(Field(start: start, end: position, quoted: false, unescaped: nil))
                }
                guard position < n else { return true }
                let c = b[position]
                if c == separator {
                    position += 1
                } else if c == Self.cr {
                    position += position + 1 < n && b[position + 1] == Self.lf ? 2 : 1
                    nextLine += 1
                    return true
                } else if c == Self.lf {
                    position += 1
                    nextLine += 1
                    return true
                } else {
                    let found = String(decoding: [c], as: UTF8.self)
                    throw Malformed(record: record, message: "expected '\(Self.shown(separator))' or the end of the line after a quoted field's closing '\"', found '\(found)'")
                }
            }
        }
    }

    /// From the opening quote to just past the closing one; `""` inside stands for one quote.
    private mutating func quotedField(_ b: UnsafeBufferPointer<UInt8>) throws(Malformed) -> Field {
        let opened = record
        position += 1
        let first = position
        var copy: [UInt8]?
        var segment = position
        while true {
            var q = position
            while q < b.count && b[q] != Self.quote {
                if b[q] == Self.lf { nextLine += 1 }
                q += 1
            }
            guard q < b.count else {
                throw Malformed(record: opened, message: "a quoted field is never closed: expected '\"' before the end of the file")
            }
            if q + 1 < b.count && b[q + 1] == Self.quote {
                var c = copy ?? []
                c += b[segment..<q]
                c.append(Self.quote)
                copy = c
                position = q + 2
                segment = position
            } else {
                position = q + 1
                if var c = copy {
                    c += b[segment..<q]
                    copy = c
                }
                return Field(start: first, end: q, quoted: true, unescaped: copy)
            }
        }
    }

    /// The separator as messages show it.
    static func shown(_ s: UInt8) -> String { s == tab ? "\\t" : String(decoding: [s], as: UTF8.self) }

    static let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), tab = UInt8(ascii: "\t")

    /// The separators a sniff considers, in the order ties are broken.
    static let candidates: [UInt8] = [UInt8(ascii: ","), tab, UInt8(ascii: ";"), UInt8(ascii: "|")]

    /// The separator of the text: the candidate that splits the header into the most fields and
    /// splits the first data record into as many (outside quotes); a comma when none splits.
    static func sniff(_ bytes: [UInt8], from start: Int) -> UInt8 {
        func counts(from: Int) -> (counts: [Int], end: Int) {
            var out = [Int](repeating: 0, count: candidates.count)
            var i = from, inQuotes = false
            while i < bytes.count {
                let c = bytes[i]
                if c == quote { inQuotes.toggle() } else if !inQuotes && (c == lf || c == cr) { break } else if !inQuotes, let k = candidates.firstIndex(of: c) { out[k] += 1 }
                i += 1
            }
            while i < bytes.count && (bytes[i] == lf || bytes[i] == cr) { i += 1 }
            return (out, i)
        }
        let header = counts(from: start)
        let data = header.end < bytes.count ? counts(from: header.end).counts : header.counts
        func most(_ allowed: (Int) -> Bool) -> Int? {
            var best: Int?
            for k in candidates.indices where header.counts[k] > 0 && allowed(k) {
                if let b = best, header.counts[k] <= header.counts[b] { continue }
                best = k
            }
            return best
        }
        // ragged or one-line text: the most frequent separator of the header
        return candidates[most { header.counts[$0] == data[$0] } ?? most { _ in true } ?? 0]
    }
}
