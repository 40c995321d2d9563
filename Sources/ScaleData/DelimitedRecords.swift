/// The records of delimited text (RFC 4180, with any one-byte separator): fields end at the
/// separator and records at LF, CRLF or CR; a field that starts with a double quote runs to the
/// matching quote, may hold separators and line ends, and writes a quote as two.
///
/// Fields are byte ranges of the text, so reading a million records makes no `String` per field;
/// only a quoted field holding `""` is copied, into `unescaped`. `scan` reads one record from any
/// window of the text, and says when the window ends inside it, so a file can be read a chunk at a
/// time (`DelimitedReader`).
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
        let (separator, record, from) = (self.separator, self.record, position)
        var lineEnds = 0
        let end = try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(Malformed) -> Int? in
            do throws(ScanError) {
                return try Self.scan(b, from: from, separator: separator, final: true, fields: &fields, lineEnds: &lineEnds)
            } catch {
                throw Malformed(record: record, message: error.message)
            }
        }
        position = end ?? bytes.count
        nextLine += lineEnds
        return true
    }

    /// Why `scan` could not read a record.
    struct ScanError: Error { var message: String }

    /// Reads the record that starts at `from` (before `b.count`) into `fields`, with positions in
    /// `b`, and gives the position just past its line end; `lineEnds` grows by the lines the record
    /// ends (LF inside quotes, and its own end). Nil when `b` ends inside the record and more text
    /// follows (`final` false): `fields` and `lineEnds` are then to be dropped, and the record read
    /// again from a longer window. A window that ends on CR is such a case, as LF may follow.
    static func scan(_ b: UnsafeBufferPointer<UInt8>, from: Int, separator: UInt8, final: Bool,
                     fields: inout [Field], lineEnds: inout Int) throws(ScanError) -> Int? {
        fields.removeAll(keepingCapacity: true)
        let n = b.count
        var position = from
        while true {
            if position < n && b[position] == quote {
                // from the opening quote to just past the closing one; `""` inside stands for one quote
                position += 1
                let first = position
                var copy: [UInt8]?
                var segment = position
                while true {
                    var q = position
                    while q < n && b[q] != quote {
                        if b[q] == lf { lineEnds += 1 }
                        q += 1
                    }
                    guard q < n else {
                        if !final { return nil }
                        throw ScanError(message: "a quoted field is never closed: expected '\"' before the end of the file")
                    }
                    if q + 1 == n && !final { return nil }  // a doubled quote may be cut here
                    if q + 1 < n && b[q + 1] == quote {
                        var c = copy ?? []
                        c += b[segment..<q]
                        c.append(quote)
                        copy = c
                        position = q + 2
                        segment = position
                    } else {
                        position = q + 1
                        if var c = copy {
                            c += b[segment..<q]
                            copy = c
                        }
                        fields.append(Field(start: first, end: q, quoted: true, unescaped: copy))
                        break
                    }
                }
            } else {
                let start = position
                while position < n {
                    let c = b[position]
                    if c == separator || c == lf || c == cr { break }
                    position += 1
                }
                fields.append(Field(start: start, end: position, quoted: false, unescaped: nil))
            }
            guard position < n else { return final ? n : nil }
            let c = b[position]
            if c == separator {
                position += 1
            } else if c == cr {
                if position + 1 == n && !final { return nil }
                lineEnds += 1
                return position + (position + 1 < n && b[position + 1] == lf ? 2 : 1)
            } else if c == lf {
                lineEnds += 1
                return position + 1
            } else {
                let found = String(decoding: [c], as: UTF8.self)
                throw ScanError(message: "expected '\(Self.shown(separator))' or the end of the line after a quoted field's closing '\"', found '\(found)'")
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
    static func sniff(_ bytes: [UInt8], from start: Int) -> UInt8 { sniffed(bytes, from: start).separator }

    /// The sniffed separator, and the position up to which the text was read to choose it (past
    /// the first data record's line end; `bytes.count` when the text ended first).
    static func sniffed(_ bytes: [UInt8], from start: Int) -> (separator: UInt8, read: Int) {
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
        let second = header.end < bytes.count ? counts(from: header.end) : header
        let data = second.counts
        func most(_ allowed: (Int) -> Bool) -> Int? {
            var best: Int?
            for k in candidates.indices where header.counts[k] > 0 && allowed(k) {
                if let b = best, header.counts[k] <= header.counts[b] { continue }
                best = k
            }
            return best
        }
        // ragged or one-line text: the most frequent separator of the header
        return (candidates[most { header.counts[$0] == data[$0] } ?? most { _ in true } ?? 0], second.end)
    }
}
