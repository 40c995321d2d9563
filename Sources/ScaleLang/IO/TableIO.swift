import Foundation

/// Reading and writing CSV tables.
///
/// Records come from `CSVRows` (RFC 4180 quoting, CRLF, a UTF-8 byte order mark); this file adds
/// the typing rules: a column whose first cell is an unquoted number is numeric, and any other
/// column is text; a quoted cell is always text, so `"007"` stays the string 007. A mix is an
/// error naming the first offending row (1-based, the header being row 1) and the column.
/// `csv` quotes every text cell that would otherwise read as a number, so what is saved loads
/// back equal.
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
        do { try PathCheck.validate(path) } catch { throw LoadError(message: error.message) }
        guard FileManager.default.fileExists(atPath: path) else {
            throw LoadError(message: "cannot open '\(path)': no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(message: "cannot read '\(path)'")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // UTF-8 byte order mark
        var rows = CSVRows(bytes: bytes)
        var fields: [String] = [], quoted: [Bool] = []
        func nextRow() throws(LoadError) -> Bool {
            do {
                return try rows.next(fields: &fields, quoted: &quoted)
            } catch {
                throw LoadError(message: "'\(path)' row \(error.record): \(error.message)")
            }
        }
        guard try nextRow(), !(fields.count == 1 && fields[0].isEmpty && !quoted[0]) else {
            throw LoadError(message: "'\(path)' is empty: expected a header row naming the columns")
        }
        // Blanks around a name are dropped unless the name was quoted; `""` names a column "".
        let names = zip(fields, quoted).map { $1 ? $0 : $0.trimmingCharacters(in: .whitespaces) }
        var seen = Set<String>()  // a set, not a scan of the names before: 100k columns stay linear
        for (i, n) in names.enumerated() {
            if n.isEmpty && !quoted[i] { throw LoadError(message: "'\(path)' row 1: column \(i + 1) has an empty name") }
            if !seen.insert(n).inserted { throw LoadError(message: "'\(path)' row 1: the column name '\(n)' appears twice") }
        }
        var cells = [[String]](repeating: [], count: names.count)
        var quotedCells = [[Int]](repeating: [], count: names.count)  // indices of quoted cells, per column
        var fileRow: [Int] = []  // the record number of each data row, for messages (blank lines skipped)
        while try nextRow() {
            if fields.count == 1 && fields[0].isEmpty && !quoted[0] { continue }  // blank line
            guard fields.count == names.count else {
                throw LoadError(message: "'\(path)' row \(rows.record): expected \(names.count) fields as in the header, found \(fields.count)")
            }
            for j in 0..<fields.count {
                if quoted[j] { quotedCells[j].append(cells[j].count) }
                cells[j].append(fields[j])
            }
            fileRow.append(rows.record)
        }
        var table = Table()
        for (j, name) in names.enumerated() {
            table.setColumn(name, try typedColumn(cells[j], quoted: Set(quotedCells[j]), rows: fileRow, name: name, path: path, allowNonFinite: skipNonFinite))
        }
        guard skipNonFinite else { return Loaded(table: table, skippedRows: []) }
        var keep = [Bool](repeating: true, count: table.rowCount)
        for column in table.columns {
            guard case .numbers(let values) = column.data else { continue }
            for (i, v) in values.enumerated() where !v.isFinite { keep[i] = false }
        }
        let skipped = keep.indices.filter { !keep[$0] }.map { fileRow[$0] }
        return Loaded(table: skipped.isEmpty ? table : table.filtered(keep), skippedRows: skipped)
    }

    /// Numbers if the first data cell is an unquoted number, text otherwise; the first cell that
    /// differs is the error. `quoted` holds the indices of quoted cells (always text, but a quoted
    /// number is taken in a numeric column, as other tools write them); `rows` the file row of each.
    /// With `allowNonFinite`, an empty cell is a missing number (the first non-empty cell decides
    /// the type), and NaN, ±Inf and empty cells of a numeric column become NaN (rows dropped later).
    static func typedColumn(
        _ cells: [String], quoted: Set<Int>, rows: [Int], name: String, path: String, allowNonFinite: Bool = false
    ) throws(LoadError) -> Table.ColumnData {
        func blank(_ c: String) -> Bool { c.allSatisfy { $0 == " " || $0 == "\t" } }
        guard let decider = cells.indices.first(where: { !allowNonFinite || quoted.contains($0) || !blank(cells[$0]) }) ?? cells.indices.first else {
            return .numbers([])
        }
        if quoted.contains(decider) || parseNumber(cells[decider]) == nil {
            for (i, c) in cells.enumerated() where !quoted.contains(i) && parseNumber(c) != nil {
                throw LoadError(message: "'\(path)' row \(rows[i]), column '\(name)': found the number '\(c)' in a text column (row \(rows[decider]) is text; quote a number to keep it as text)")
            }
            return .text(cells)
        }
        var values = [Double]()
        values.reserveCapacity(cells.count)
        for (i, c) in cells.enumerated() {
            guard let v = parseNumber(c) ?? (allowNonFinite && blank(c) ? .nan : nil) else {
                let shown = c.isEmpty ? "an empty cell (load … skip nonfinite drops such rows)" : "the text '\(c)'"
                throw LoadError(message: "'\(path)' row \(rows[i]), column '\(name)': expected a number, found \(shown) (the column is numeric from row \(rows[decider]))")
            }
            guard v.isFinite || allowNonFinite else {
                throw LoadError(message: "'\(path)' row \(rows[i]), column '\(name)': expected a finite number, found '\(c.trimmingCharacters(in: .whitespaces))' (load … skip nonfinite drops such rows)")
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

    /// The table as CSV text: numbers in shortest round-trip form; a text cell is quoted when it
    /// holds a comma, quote or line end, is empty, has blanks at its ends, or would read as a number,
    /// so that `load` gives back the same table.
    public static func csv(_ table: Table) -> String {
        var out = table.columnNames.map { quote($0, asText: false) }.joined(separator: ",") + "\n"
        for i in 0..<table.rowCount {
            out += table.columns.map { c -> String in
                switch c.data {
                case .numbers(let v): return formatRoundTrip(v[i])
                case .text(let v): return quote(v[i], asText: true)
                }
            }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// Header names are never typed, so only text cells need quoting for looking like numbers.
    static func quote(_ s: String, asText: Bool) -> String {
        let needsQuotes = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
            || s.isEmpty || s.first?.isWhitespace == true || s.last?.isWhitespace == true
            || (asText && parseNumber(s) != nil)
        guard needsQuotes else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
