import Foundation

/// Reads delimited text (CSV, TSV, semicolon- or pipe-separated) into a table.
///
/// The first record names the columns (blanks around a name dropped unless it was quoted; a name
/// may not be empty or repeat). Each column's kind comes from its cells (`CellText`): a column of
/// numbers and missing cells is numeric, of true/false a bool column, and anything else text, in
/// which every cell keeps the text written. A column that mixes numbers and text is text, and the
/// note says where the first text cell is, so that a stray `n/a` never passes unseen.
///
/// The cells are read straight from the bytes into each column (no `String` but for text cells).
/// A file is read a window at a time (`pread`), so the text is never held whole beside the
/// table, and a file that shrinks while read only ends sooner. A file of at least 4 MiB is split
/// at a line end and its halves read on two cores, then joined in order; where the second half
/// holds a quote (a line end there may be inside a quoted field), an error, or a column whose kind
/// the first half would have settled otherwise, the first half's reader reads on through it
/// instead, so the table, the notes and the messages are those of one reading from the start.
struct DelimitedReader {
    /// Where the text comes from.
    enum Source {
        case bytes([UInt8])
        case file(String)
    }

    let source: Source
    let separator: UInt8
    /// The file as messages name it.
    let name: String
    /// The bytes read from a file at once (tests make it small to cut records at every place).
    var window = 1 << 20
    /// The size from which a file's halves are read on two cores.
    var splitSize = 4 << 20

    /// A reader of text in memory.
    init(bytes: [UInt8], separator: UInt8, name: String) {
        source = .bytes(bytes)
        self.separator = separator
        self.name = name
    }

    /// A reader of the file at `path`, read a window at a time.
    init(path: String, separator: UInt8, name: String) {
        source = .file(path)
        self.separator = separator
        self.name = name
    }

    /// The table, notes on what was read as what, and each row's line in the file.
    func read() throws(LoadError) -> (table: Table, notes: [String], lines: LineNumbers) {
        let first = try pass(textColumns: [])
        let mixed = first.builders.indices.filter { first.builders[$0].conflict != nil }
        guard !mixed.isEmpty else { return (first.table(), [], first.lines) }
        // A column that mixed kinds is read again as text, so that each cell keeps what was written.
        let again = try pass(textColumns: Set(mixed))
        var notes: [String] = []
        for j in mixed {
            guard let c = first.builders[j].conflict else { continue }
            notes.append("'\(name)': column '\(first.namesRead[j])' is text: line \(first.lines[c.row]) holds '\(c.text)' among numbers or bools")
        }
        return (again.table(), notes, again.lines)
    }

    /// One reading of the whole text.
    private func pass(textColumns: Set<Int>) throws(LoadError) -> Pass {
        var p = Pass(separator: separator, name: name, textColumns: textColumns)
        switch source {
        case .bytes(let bytes):
            try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(LoadError) in
                _ = try p.consume(b, from: 0, final: true)
            }
        case .file(let path):
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw LoadError("cannot read '\(name)'") }
            defer { close(fd) }
            var w = FileWindow(fd: fd, at: 0, capacity: window)
            // the header alone first, so that a second core knows the columns
            while p.names == nil && !w.atEnd {
                w.fill(upTo: nil)
                let used = try w.withBytes { (b: UnsafeBufferPointer<UInt8>) throws(LoadError) in try p.consume(b, from: 0, final: w.atEnd, headerOnly: true) }
                w.drop(used)
            }
            p.offset = w.offset
            guard p.names != nil else { throw LoadError("'\(name)' is empty: expected a header row naming the columns") }
            var info = stat()
            let size = fstat(fd, &info) == 0 ? Int(info.st_size) : 0
            let rows = expectedRows(fd: fd, from: w.offset, size: size)
            for j in p.builders.indices { p.builders[j].reserve = rows }
            if size >= splitSize, let done = try twoCores(&p, fd: fd, from: w.offset, size: size) {
                if done { return p }
                w = FileWindow(fd: fd, at: p.offset, capacity: window)
            }
            try read(&p, from: &w, upTo: nil)
        }
        guard p.names != nil else { throw LoadError("'\(name)' is empty: expected a header row naming the columns") }
        return p
    }

    /// Reads the window's file into `p` to its end, or to `limit` when a record ends exactly
    /// there; true when it stopped at `limit`.
    @discardableResult
    private func read(_ p: inout Pass, from w: inout FileWindow, upTo limit: Int?) throws(LoadError) -> Bool {
        var limit = limit
        while true {
            w.fill(upTo: limit)
            let final = w.atEnd
            let used = try w.withBytes { (b: UnsafeBufferPointer<UInt8>) throws(LoadError) in try p.consume(b, from: 0, final: final) }
            w.drop(used)
            p.offset = w.offset
            if final { return false }
            if let l = limit, w.readTo == l {
                if w.count == 0 { return true }
                limit = nil  // a record runs past the split: read on through it
            }
        }
    }

    /// The second half of the file read on another core while this one reads the first; true when
    /// `p` then holds the whole file, false when `p` has read to `p.offset` and reads on alone,
    /// nil when the file has no line end to split at.
    private func twoCores(_ p: inout Pass, fd: Int32, from start: Int, size: Int) throws(LoadError) -> Bool? {
        guard let split = lineStart(fd: fd, after: start + (size - start) / 2, size: size) else { return nil }
        var second = Pass(separator: separator, name: name, textColumns: p.textColumns)
        second.names = p.names
        second.builders = p.builders
        second.refusesQuotes = true
        second.sawStart = true
        for j in second.builders.indices { second.builders[j].reserve = expectedRows(fd: fd, from: split, size: size) }
        let firstBox = PassBox(p), secondBox = PassBox(second)
        let window = self.window
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            if k == 0 {
                var w = FileWindow(fd: fd, at: start, capacity: window)
                firstBox.run { (q: inout Pass) throws(LoadError) -> Bool in try read(&q, from: &w, upTo: split) }
            } else {
                var w = FileWindow(fd: fd, at: split, capacity: window)
                secondBox.run { (q: inout Pass) throws(LoadError) -> Bool in
                    q.line = 1
                    return try read(&q, from: &w, upTo: nil)
                }
            }
        }
        swap(&p, &firstBox.pass)  // moved, not copied, so that joining does not copy the columns
        if let e = firstBox.error { throw e }
        guard firstBox.stopped else { return true }  // read on through the split to the end
        var rest = Pass(separator: separator, name: name, textColumns: p.textColumns)
        swap(&rest, &secondBox.pass)
        if secondBox.error == nil, p.append(&rest) { return true }
        p.offset = split
        return false
    }

    /// The rows to expect from `start` to `size`: the line ends in the 64 KiB from `start`, scaled,
    /// and a tenth more. Columns reserve that much; a guess too high costs address space only, as
    /// memory never written is not taken, and one too low only grows the column as appending does.
    private func expectedRows(fd: Int32, from start: Int, size: Int) -> Int {
        var probe = [UInt8](repeating: 0, count: 1 << 16)
        let got = probe.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
        guard got > 0, size > start else { return 0 }
        let ends = probe[0..<got].reduce(0) { $0 + ($1 == DelimitedRecords.lf ? 1 : 0) }
        return Int(Double(ends) * Double(size - start) / Double(got) * 1.1) + 16
    }

    /// The position just past the first line end at or after `at`, if there is one before `size`.
    private func lineStart(fd: Int32, after at: Int, size: Int) -> Int? {
        var probe = [UInt8](repeating: 0, count: 1 << 16)
        let got = probe.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(at)) }
        guard got > 1 else { return nil }
        for i in 0..<(got - 1) {
            let c = probe[i]
            if c == DelimitedRecords.lf { return at + i + 1 }
            if c == DelimitedRecords.cr { return at + i + (probe[i + 1] == DelimitedRecords.lf ? 2 : 1) }
        }
        return nil
    }
}

/// One reading of delimited text: the columns so far and each row's line, fed window by window.
private struct Pass {
    let separator: UInt8
    let name: String
    let textColumns: Set<Int>
    var names: [String]?
    var builders: [ColumnBuilder] = []
    var lines = LineNumbers()
    /// The line on which the next record starts.
    var line = 1
    /// The file offset read to (records before it are in the columns).
    var offset = 0
    /// A second core's half refuses any quote, as its first line end may have been inside one.
    var refusesQuotes = false
    /// Whether the text's start (where a byte order mark may be) has been passed.
    var sawStart = false
    private var fields: [DelimitedRecords.Field] = []
    /// Where each field of a plain record ends.
    private var ends: [Int] = []

    init(separator: UInt8, name: String, textColumns: Set<Int>) {
        self.separator = separator
        self.name = name
        self.textColumns = textColumns
    }

    /// Reads the records of `b` from `from`; gives where the first record that `b` cuts starts
    /// (`b.count` when none). `final` says no text follows `b`.
    mutating func consume(_ b: UnsafeBufferPointer<UInt8>, from: Int, final: Bool, headerOnly: Bool = false) throws(LoadError) -> Int {
        var position = from
        if !sawStart {
            if b.count < 3 && !final && b.count > 0 && b[0] == 0xEF { return position }
            if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { position = 3 }  // UTF-8 byte order mark
            sawStart = true
        }
        if refusesQuotes, let base = b.baseAddress, memchr(base, Int32(DelimitedRecords.quote), b.count) != nil {
            throw LoadError("a quote after the split")
        }
        while position < b.count {
            if names != nil, let end = plainRow(b, at: position, final: final) {
                line += 1
                position = end
                continue
            }
            var lineEnds = 0
            let end: Int?
            do throws(DelimitedRecords.ScanError) {
                end = try DelimitedRecords.scan(b, from: position, separator: separator, final: final, fields: &fields, lineEnds: &lineEnds)
            } catch {
                throw LoadError("'\(name)' line \(line): \(error.message)")
            }
            guard let end else { return position }
            try take(b)
            line += lineEnds
            position = end
            if headerOnly && names != nil { return position }
        }
        return position
    }

    /// Reads a record of plain fields (none starting with a quote) straight into the columns and
    /// gives the position past its line end; nil, having changed nothing, for any other record (a
    /// quoted field, a blank line, another number of fields, a record `b` cuts), which `scan` reads.
    private mutating func plainRow(_ b: UnsafeBufferPointer<UInt8>, at start: Int, final: Bool) -> Int? {
        let n = b.count, width = builders.count, sep = separator
        let quote: UInt8 = 34, lf: UInt8 = 10, cr: UInt8 = 13  // literals: a static let costs a lazy-init check a byte
        if ends.count != width { ends = [Int](repeating: 0, count: width) }
        var position = start, k = 0
        let end: Int? = ends.withUnsafeMutableBufferPointer { ends -> Int? in
            while true {
                if position < n && b[position] == quote { return nil }
                while position < n {
                    let c = b[position]
                    if c == sep || c == lf || c == cr { break }
                    position += 1
                }
                guard position < n, k < width else { return nil }
                ends[k] = position
                k += 1
                let c = b[position]
                if c == sep {
                    position += 1
                    continue
                }
                guard k == width, !(width == 1 && ends[0] == start) else { return nil }  // another count, or a blank line
                if c == lf { return position + 1 }
                if position + 1 < n { return position + (b[position + 1] == lf ? 2 : 1) }
                return final ? position + 1 : nil
            }
        }
        guard let end else { return nil }
        var s = start
        for j in 0..<width {
            let e = ends[j]
            let kind = CellText.classify(b, s, e)
            if case .text = builders[j].kind {
                if case .missing = kind { builders[j].appendMissing() } else { builders[j].append(text: Self.text(b, s, e)) }
            } else {
                switch kind {
                case .missing: builders[j].appendMissing()
                case .number(let x): builders[j].append(number: x, text: Self.text(b, s, e))
                case .bool(let v): builders[j].append(bool: v, text: Self.text(b, s, e))
                case .text: builders[j].append(text: Self.text(b, s, e))
                }
            }
            s = e + 1
        }
        lines.append(line)
        return end
    }

    private static func text(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
    }

    private func isBlank() -> Bool { fields.count == 1 && !fields[0].quoted && fields[0].start == fields[0].end }

    private static func text(_ f: DelimitedRecords.Field, _ b: UnsafeBufferPointer<UInt8>) -> String {
        if let u = f.unescaped { return String(decoding: u, as: UTF8.self) }
        return String(decoding: UnsafeBufferPointer(rebasing: b[f.start..<f.end]), as: UTF8.self)
    }

    /// The record in `fields`: the header, or a row.
    private mutating func take(_ b: UnsafeBufferPointer<UInt8>) throws(LoadError) {
        guard let names else {
            guard !isBlank() else { throw LoadError("'\(name)' is empty: expected a header row naming the columns") }
            var names: [String] = []
            var seen = Set<String>()  // a set, not a scan of the names before: 100k columns stay linear
            for (i, f) in fields.enumerated() {
                let raw = Self.text(f, b)
                let n = f.quoted ? raw : raw.trimmingBlanks()
                if n.isEmpty && !f.quoted { throw LoadError("'\(name)' line 1: column \(i + 1) has an empty name") }
                if !seen.insert(n).inserted { throw LoadError("'\(name)' line 1: the column name '\(n)' appears twice") }
                names.append(n)
            }
            builders = names.indices.map { textColumns.contains($0) ? ColumnBuilder.text() : ColumnBuilder() }
            self.names = names
            return
        }
        if isBlank() { return }  // blank line
        guard fields.count == names.count else {
            let hint = names.count == 1 && fields.count > 1 ? " (the header has no '\(DelimitedRecords.shown(separator))'; give the separator with sep)" : ""
            throw LoadError("'\(name)' line \(line): expected \(names.count) fields as in the header, found \(fields.count)\(hint)")
        }
        for j in 0..<fields.count {
            let f = fields[j]
            let kind: CellText.Kind
            if let u = f.unescaped { kind = u.withUnsafeBufferPointer { CellText.classify($0, 0, $0.count) } } else { kind = CellText.classify(b, f.start, f.end) }
            if builders[j].kind == .text {
                if case .missing = kind { builders[j].appendMissing() } else { builders[j].append(text: Self.text(f, b)) }
                continue
            }
            switch kind {
            case .missing: builders[j].appendMissing()
            case .number(let x): builders[j].append(number: x, text: Self.text(f, b))
            case .bool(let v): builders[j].append(bool: v, text: Self.text(f, b))
            case .text: builders[j].append(text: Self.text(f, b))
            }
        }
        lines.append(line)
    }

    /// Appends a pass that read the text after this one's (from line 1, on another core), when
    /// the result is what reading on would have given; false, changing nothing, otherwise.
    mutating func append(_ next: inout Pass) -> Bool {
        guard builders.indices.allSatisfy({ builders[$0].canAppend(next.builders[$0]) }) else { return false }
        for j in builders.indices {
            builders[j].append(next.builders[j])
            next.builders[j] = ColumnBuilder()  // each half column freed once joined
        }
        lines.append(next.lines, shiftedBy: line - 1)
        line += next.line - 1
        offset = next.offset
        return true
    }

    var namesRead: [String] { names ?? [] }

    func table() -> Table {
        var table = Table()
        for (j, n) in namesRead.enumerated() { table.setColumn(n, builders[j].finish()) }
        return table
    }
}

/// A pass handed to another core and back.
private final class PassBox: @unchecked Sendable {
    var pass: Pass
    var error: LoadError?
    /// Whether the reading stopped at the split.
    var stopped = false
    init(_ p: Pass) { pass = p }
    func run(_ body: (inout Pass) throws(LoadError) -> Bool) {
        do {
            stopped = try body(&pass)
        } catch {
            self.error = error
        }
    }
}

/// A window on a file read with `pread`: bytes `offset..<offset + count` of the file.
private struct FileWindow {
    let fd: Int32
    private var buffer: [UInt8]
    private(set) var count = 0
    /// The file offset of the window's first byte.
    private(set) var offset: Int
    /// Whether the last read found the end of the file.
    private(set) var atEnd = false
    var readTo: Int { offset + count }

    init(fd: Int32, at offset: Int, capacity: Int) {
        self.fd = fd
        self.offset = offset
        buffer = [UInt8](repeating: 0, count: max(capacity, 1))
    }

    /// Reads on until the window is full, the file ends, or `limit` is reached; a window full of
    /// one record doubles.
    mutating func fill(upTo limit: Int?) {
        if count == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
        while count < buffer.count {
            let want = min(buffer.count - count, limit.map { $0 - readTo } ?? Int.max)
            guard want > 0 else { return }
            let (n, at, fd) = (count, readTo, self.fd)
            let got = buffer.withUnsafeMutableBytes { m in m.baseAddress.map { pread(fd, $0 + n, want, off_t(at)) } ?? 0 }
            guard got > 0 else {
                atEnd = true
                return
            }
            count += got
        }
    }

    /// Drops the window's first `k` bytes.
    mutating func drop(_ k: Int) {
        guard k > 0 else { return }
        if k < count {
            let (n, k2) = (count, k)
            buffer.withUnsafeMutableBytes { m in
                if let base = m.baseAddress { memmove(base, base + k2, n - k2) }
            }
        }
        count -= k
        offset += k
    }

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(LoadError) -> R) throws(LoadError) -> R {
        let n = count
        return try buffer.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(LoadError) -> R in try body(UnsafeBufferPointer(rebasing: b[0..<n])) }
    }
}

/// Each row's line in its file, kept as runs of rows on consecutive lines, so that a million rows
/// cost a few entries unless records span lines or blank lines come between them.
struct LineNumbers {
    /// Rows from `row` on are on consecutive lines from `line`, up to the next run.
    private var runs: [(row: Int, line: Int)] = []
    /// The number of rows.
    private(set) var count = 0

    /// The line of row `row` (from 0).
    subscript(row: Int) -> Int {
        var lo = 0, hi = runs.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if runs[mid].row <= row { lo = mid } else { hi = mid - 1 }
        }
        return runs[lo].line + (row - runs[lo].row)
    }

    /// Adds a row on `line`.
    mutating func append(_ line: Int) {
        if let last = runs.last, last.line + (count - last.row) == line {
            count += 1
            return
        }
        runs.append((count, line))
        count += 1
    }

    /// Adds the rows of `other`, their lines moved on by `shift`.
    mutating func append(_ other: LineNumbers, shiftedBy shift: Int) {
        for r in other.runs {
            let row = count + r.row, line = r.line + shift
            if let last = runs.last, last.line + (row - last.row) == line { continue }
            runs.append((row, line))
        }
        count += other.count
    }
}

extension String {
    /// Without spaces and tabs at either end.
    func trimmingBlanks() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}

/// A file that could not be read as a table: the message names the file and the place.
public struct LoadError: Error, CustomStringConvertible {
    /// What went wrong, naming the file and the place.
    public var message: String
    /// An error with that message.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
