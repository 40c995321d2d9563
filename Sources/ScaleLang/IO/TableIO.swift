import CSV
import Foundation

/// Reading and writing CSV tables.
///
/// Parsing is CSV.swift's (RFC 4180 quoting, CRLF, a UTF-8 byte order mark); this file adds the
/// typing rules: a column whose cells are all numbers is numeric, all text is text, and a mix
/// is an error naming the first offending row (1-based, the header being row 1) and the column.
public enum TableIO {
    public struct LoadError: Error {
        public var message: String
    }

    /// Loads `path`; messages name the file as `shownAs` (what the user wrote), defaulting to `path`.
    public static func load(path: String, shownAs: String? = nil) throws(LoadError) -> Table {
        try load(path: path, shownAs: shownAs, skipNonFinite: false).table
    }

    /// A loaded table and the rows (1-based file rows, the header being row 1) dropped because a
    /// numeric cell held NaN or ±Inf, which happens only when asked with `skipNonFinite`.
    public struct Loaded {
        public var table: Table
        public var skippedRows: [Int]
    }

    public static func load(path: String, shownAs: String?, skipNonFinite: Bool) throws(LoadError) -> Loaded {
        do {
            return try loadTable(path: path, skipNonFinite: skipNonFinite)
        } catch {
            guard let shown = shownAs else { throw error }
            throw LoadError(message: error.message.replacingOccurrences(of: "'\(path)'", with: "'\(shown)'"))
        }
    }

    private static func loadTable(path: String, skipNonFinite: Bool) throws(LoadError) -> Loaded {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LoadError(message: "cannot open '\(path)': no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(message: "cannot read '\(path)'")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // UTF-8 byte order mark
        // Rows come from CSV.swift, except for files without a double quote: there RFC 4180 is
        // just commas and line ends, and splitting the bytes directly loads a million rows in
        // under half the time (CSV.swift builds every field one scalar at a time).
        let nextRow: () -> [String]?
        let readError: () -> Error?
        if bytes.contains(UInt8(ascii: "\"")) {
            let reader: CSVReader
            do {
                reader = try CSVReader(string: String(decoding: bytes, as: UTF8.self), hasHeaderRow: false)
            } catch {
                throw LoadError(message: "cannot read '\(path)': \(error)")
            }
            nextRow = { reader.next() }
            readError = { reader.error }
        } else {
            var rows = UnquotedRows(bytes: bytes)
            nextRow = { rows.next() }
            readError = { nil }
        }
        guard let header = nextRow(), !(header.count == 1 && header[0].isEmpty) else {
            if let e = readError() { throw LoadError(message: "'\(path)': \(e)") }
            throw LoadError(message: "'\(path)' is empty: expected a header row naming the columns")
        }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen = Set<String>()  // a set, not a scan of the names before: 100k columns stay linear
        for (i, n) in names.enumerated() {
            if n.isEmpty { throw LoadError(message: "'\(path)' row 1: column \(i + 1) has an empty name") }
            if !seen.insert(n).inserted { throw LoadError(message: "'\(path)' row 1: the column name '\(n)' appears twice") }
        }
        var cells = [[String]](repeating: [], count: names.count)
        var row = 1
        while let fields = nextRow() {
            row += 1
            if fields.count == 1 && fields[0].isEmpty { continue }  // blank line
            guard fields.count == names.count else {
                throw LoadError(message: "'\(path)' row \(row): expected \(names.count) fields as in the header, found \(fields.count)")
            }
            for j in 0..<fields.count { cells[j].append(fields[j]) }
        }
        if let e = readError() {
            throw LoadError(message: "'\(path)' row \(row + 1): \(e)")
        }
        var table = Table()
        for (j, name) in names.enumerated() {
            table.setColumn(name, try typedColumn(cells[j], name: name, path: path, allowNonFinite: skipNonFinite))
        }
        guard skipNonFinite else { return Loaded(table: table, skippedRows: []) }
        var keep = [Bool](repeating: true, count: table.rowCount)
        for column in table.columns {
            guard case .numbers(let values) = column.data else { continue }
            for (i, v) in values.enumerated() where !v.isFinite { keep[i] = false }
        }
        let skipped = keep.indices.filter { !keep[$0] }.map { $0 + 2 }
        return Loaded(table: skipped.isEmpty ? table : table.filtered(keep), skippedRows: skipped)
    }

    /// Numbers if the first data cell is a number, text otherwise; the first cell that differs is the error.
    static func typedColumn(_ cells: [String], name: String, path: String, allowNonFinite: Bool = false) throws(LoadError) -> Table.ColumnData {
        guard let first = cells.first else { return .numbers([]) }
        if parseNumber(first) == nil { 
            for (i, c) in cells.enumerated() where parseNumber(c) != nil && !c.isEmpty {
                throw LoadError(message: "'\(path)' row \(i + 2), column '\(name)': found the number '\(c)' in a text column (row 2 is text)")
            }
            return .text(cells)
        }
        var values = [Double]()
        values.reserveCapacity(cells.count)
        for (i, c) in cells.enumerated() {
            guard let v = parseNumber(c) else {
                let shown = c.isEmpty ? "an empty cell" : "the text '\(c)'"
                throw LoadError(message: "'\(path)' row \(i + 2), column '\(name)': expected a number, found \(shown) (the column is numeric from row 2)")
            }
            guard v.isFinite || allowNonFinite else {
                throw LoadError(message: "'\(path)' row \(i + 2), column '\(name)': expected a finite number, found '\(c.trimmingCharacters(in: .whitespaces))' (load … skip nonfinite drops such rows)")
            }
            values.append(v)
        }
        return .numbers(values)
    }

    /// A decimal number with optional surrounding blanks ("3.1", " 1e9", "nan", "-inf"), or nil.
    /// Works on the UTF-8 bytes: this runs once per cell of files with millions of cells.
    static func parseNumber(_ s: String) -> Double? {
        var utf8 = Substring(s).utf8
        while let f = utf8.first, f == 32 || f == 9 { utf8 = utf8.dropFirst() }
        while let l = utf8.last, l == 32 || l == 9 { utf8 = utf8.dropLast() }
        guard let f = utf8.first else { return nil }
        // Double() also reads hexadecimal ("0x1p3"): keep to decimal forms and nan/inf words.
        let startsNumeric = f == UInt8(ascii: "-") || f == UInt8(ascii: "+") || f == UInt8(ascii: ".") || (f >= 48 && f <= 57)
        let word = f | 0x20 == UInt8(ascii: "n") || f | 0x20 == UInt8(ascii: "i")
        guard startsNumeric || word, !utf8.contains(UInt8(ascii: "x")), !utf8.contains(UInt8(ascii: "X")) else { return nil }
        return Double(Substring(utf8))
    }

    /// The table as CSV text: numbers in shortest round-trip form, fields quoted when needed.
    public static func csv(_ table: Table) -> String {
        var out = table.columnNames.map(quote).joined(separator: ",") + "\n"
        for i in 0..<table.rowCount {
            out += table.columns.map { c -> String in
                switch c.data {
                case .numbers(let v): return formatShortest(v[i])
                case .text(let v): return quote(v[i])
                }
            }.joined(separator: ",") + "\n"
        }
        return out
    }

    static func quote(_ s: String) -> String {
        if s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}

/// Writes files so that readers see the old contents or the new, never a half-written file:
/// the text goes to a temporary file in the same directory, is flushed, then renamed over the target.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(TableIO.LoadError) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let tmp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw TableIO.LoadError(message: "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 {
                let message = String(cString: strerror(errno))
                close(fd)
                unlink(tmp)
                throw TableIO.LoadError(message: "cannot write '\(path)': \(message)")
            }
            written += n
        }
        fsync(fd)
        close(fd)
        if rename(tmp, path) != 0 {
            let message = String(cString: strerror(errno))
            unlink(tmp)
            throw TableIO.LoadError(message: "cannot write '\(path)': \(message)")
        }
    }
}

/// The rows of CSV text that contains no double quote: fields end at commas, rows at LF, CRLF or CR.
struct UnquotedRows {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func next() -> [String]? {
        guard position < bytes.count else { return nil }
        var fields: [String] = []
        var start = position
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: ",") {
                fields.append(String(decoding: bytes[start..<position], as: UTF8.self))
                position += 1
                start = position
            } else if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                fields.append(String(decoding: bytes[start..<position], as: UTF8.self))
                position += b == UInt8(ascii: "\r") && position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "\n") ? 2 : 1
                return fields
            } else {
                position += 1
            }
        }
        fields.append(String(decoding: bytes[start..<position], as: UTF8.self))
        return fields
    }
}
