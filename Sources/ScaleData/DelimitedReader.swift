/// Reads delimited text (CSV, TSV, semicolon- or pipe-separated) into a table.
///
/// The first record names the columns (blanks around a name dropped unless it was quoted; a name
/// may not be empty or repeat). Each column's kind comes from its cells (`CellText`): a column of
/// numbers and missing cells is numeric, of true/false a bool column, and anything else text, in
/// which every cell keeps the text written. A column that mixes numbers and text is text, and the
/// note says where the first text cell is, so that a stray `n/a` never passes unseen.
struct DelimitedReader {
    let bytes: [UInt8]
    let separator: UInt8
    /// The file as messages name it.
    let name: String

    /// The table, and notes on what was read as what.
    func read() throws(LoadError) -> (table: Table, notes: [String], lines: [Int]) {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }  // UTF-8 byte order mark
        let first = try read(from: start, textColumns: [])
        let mixed = first.builders.indices.filter { first.builders[$0].conflict != nil }
        guard !mixed.isEmpty else { return (first.table, [], first.lines) }
        // A column that mixed kinds is read again as text, so that each cell keeps what was written.
        let again = try read(from: start, textColumns: Set(mixed))
        var notes: [String] = []
        for j in mixed {
            guard let c = first.builders[j].conflict else { continue }
            notes.append("'\(name)': column '\(first.names[j])' is text: line \(first.lines[c.row]) holds '\(c.text)' among numbers or bools")
        }
        return (again.table, notes, again.lines)
    }

    private func read(from start: Int, textColumns: Set<Int>) throws(LoadError) -> (table: Table, builders: [ColumnBuilder], names: [String], lines: [Int]) {
        var records = DelimitedRecords(bytes: bytes, separator: separator, from: start)
        var fields: [DelimitedRecords.Field] = []
        func nextRecord() throws(LoadError) -> Bool {
            do {
                return try records.next(fields: &fields)
            } catch {
                throw LoadError("'\(name)' line \(records.line): \(error.message)")
            }
        }
        func isBlank(_ f: [DelimitedRecords.Field]) -> Bool { f.count == 1 && !f[0].quoted && f[0].start == f[0].end }
        guard try nextRecord(), !isBlank(fields) else {
            throw LoadError("'\(name)' is empty: expected a header row naming the columns")
        }
        var names: [String] = []
        var seen = Set<String>()  // a set, not a scan of the names before: 100k columns stay linear
        for (i, f) in fields.enumerated() {
            let raw = text(f)
            let n = f.quoted ? raw : raw.trimmingBlanks()
            if n.isEmpty && !f.quoted { throw LoadError("'\(name)' line 1: column \(i + 1) has an empty name") }
            if !seen.insert(n).inserted { throw LoadError("'\(name)' line 1: the column name '\(n)' appears twice") }
            names.append(n)
        }
        var builders = names.indices.map { textColumns.contains($0) ? ColumnBuilder.text() : ColumnBuilder() }
        var lines: [Int] = []
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(LoadError) in
            while try nextRecord() {
                if isBlank(fields) { continue }  // blank line
                guard fields.count == names.count else {
                    let hint = names.count == 1 && fields.count > 1 ? " (the header has no '\(DelimitedRecords.shown(separator))'; give the separator with sep)" : ""
                    throw LoadError("'\(name)' line \(records.line): expected \(names.count) fields as in the header, found \(fields.count)\(hint)")
                }
                for j in 0..<fields.count {
                    let f = fields[j]
                    if builders[j].kind == .text {
                        let cell = text(f)
                        if case .missing = classifyText(cell) { builders[j].appendMissing() } else { builders[j].append(text: cell) }
                        continue
                    }
                    let kind: CellText.Kind
                    if let u = f.unescaped { kind = u.withUnsafeBufferPointer { CellText.classify($0, 0, $0.count) } } else { kind = CellText.classify(b, f.start, f.end) }
                    switch kind {
                    case .missing: builders[j].appendMissing()
                    case .number(let x): builders[j].append(number: x, text: text(f))
                    case .bool(let v): builders[j].append(bool: v, text: text(f))
                    case .text: builders[j].append(text: text(f))
                    }
                }
                lines.append(records.line)
            }
        }
        var table = Table()
        for (j, n) in names.enumerated() { table.setColumn(n, builders[j].finish()) }
        return (table, builders, names, lines)
    }

    private func classifyText(_ s: String) -> CellText.Kind {
        var bytes = Array(s.utf8)
        return bytes.withUnsafeMutableBufferPointer { m in CellText.classify(UnsafeBufferPointer(m), 0, m.count) }
    }

    private func text(_ f: DelimitedRecords.Field) -> String {
        if let u = f.unescaped { return String(decoding: u, as: UTF8.self) }
        return String(decoding: bytes[f.start..<f.end], as: UTF8.self)
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
