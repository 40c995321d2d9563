/// Long and wide tables, as tidyr's `pivot_wider` and `pivot_longer` make them
/// (https://tidyr.tidyverse.org/reference/pivot_wider.html): a TensorBoard export of one row a
/// (run, tag, step) widens to one row a (run, step) with a column a tag, and back.
public enum Pivot {
    /// Why a pivot cannot be made, naming the column or the rows.
    public struct PivotError: Error, Sendable {
        /// The reason, in words.
        public var message: String
    }

    /// One row for each distinct combination of the `id` columns (in order of first appearance),
    /// one new column for each distinct value of `names` (in order of first appearance) holding
    /// that row's `values`, missing where the combination is absent. `id` defaults to every column
    /// but `names` and `values` (tidyr's `id_cols`); columns in none of the three are dropped. Two
    /// rows with the same identity and name are an error naming both (tidyr would make a list).
    public static func wider(_ t: Table, names: String, values: String, id: [String]? = nil) throws(PivotError) -> Table {
        guard let nameColumn = t.column(names) else { throw PivotError(message: "no column '\(names)' to take the new columns' names from") }
        guard let valueColumn = t.column(values) else { throw PivotError(message: "no column '\(values)' to take the values from") }
        guard names != values else { throw PivotError(message: "names and values are both '\(names)'") }
        let idNames = id ?? t.columnNames.filter { $0 != names && $0 != values }
        var idColumns: [Table.ColumnData] = []
        for n in idNames {
            guard n != names, n != values else { throw PivotError(message: "'\(n)' cannot identify rows and also be pivoted") }
            guard let c = t.column(n) else { throw PivotError(message: "no column '\(n)' to identify rows by") }
            idColumns.append(c)
        }
        // the identity of each row, and the first row of each identity
        var groupOf: [String: Int] = [:]
        var firstRows: [Int] = []
        var group = [Int](repeating: 0, count: t.rowCount)
        for i in 0..<t.rowCount {
            let key = idColumns.map { $0.key(i) }.joined(separator: "\u{1}")
            if let g = groupOf[key] {
                group[i] = g
            } else {
                groupOf[key] = firstRows.count
                group[i] = firstRows.count
                firstRows.append(i)
            }
        }
        // the new columns, named by the names column's cells
        var newIndex: [String: Int] = [:]
        var newNames: [String] = []
        var source: [[Int]] = []  // source[column][group]: the row holding the value, or -1
        for i in 0..<t.rowCount {
            guard let label = nameColumn.text(at: i) else {
                throw PivotError(message: "row \(i + 1) has no '\(names)' to name its column (it is missing)")
            }
            let c: Int
            if let k = newIndex[label] {
                c = k
            } else {
                guard !idNames.contains(label) else {
                    throw PivotError(message: "'\(names)' holds '\(label)', which is already the name of a column that identifies rows")
                }
                c = newNames.count
                newIndex[label] = c
                newNames.append(label)
                source.append([Int](repeating: -1, count: firstRows.count))
            }
            let previous = source[c][group[i]]
            guard previous < 0 else {
                throw PivotError(message: "rows \(previous + 1) and \(i + 1) both give '\(label)' for the same \(idNames.isEmpty ? "table" : idNames.joined(separator: ", ")): name more columns in id, or summarize them first")
            }
            source[c][group[i]] = i
        }
        var out = Table()
        for (n, c) in zip(idNames, idColumns) { out.setColumn(n, c.selecting(firstRows)) }
        for (n, rows) in zip(newNames, source) { out.setColumn(n, valueColumn.selecting(rows)) }
        return out
    }

    /// The named columns gathered into two: `names` (text: the column each value came from) and
    /// `values`, one row per row and column in that order, the other columns repeated beside them.
    /// The columns must hold one kind (all numbers, all text or all bools).
    public static func longer(_ t: Table, columns: [String], names: String, values: String) throws(PivotError) -> Table {
        guard !columns.isEmpty else { throw PivotError(message: "name the columns to gather, as in pivot_longer(t, \"loss\", \"acc\")") }
        guard names != values else { throw PivotError(message: "names and values are both '\(names)'") }
        var gathered: [Table.ColumnData] = []
        for n in columns {
            guard let c = t.column(n) else { throw PivotError(message: "no column '\(n)' to gather") }
            if let first = gathered.first, first.kindName != c.kindName {
                throw PivotError(message: "'\(columns[0])' holds \(first.kindName)s and '\(n)' \(c.kindName)s: gather columns of one kind")
            }
            gathered.append(c)
        }
        let kept = t.columnNames.filter { !columns.contains($0) }
        for n in [names, values] where kept.contains(n) {
            throw PivotError(message: "the table already has a column '\(n)': choose other names = or values =")
        }
        let k = columns.count
        let rows = (0..<t.rowCount).flatMap { Array(repeating: $0, count: k) }
        var out = Table()
        for n in kept { if let c = t.column(n) { out.setColumn(n, c.selecting(rows)) } }
        out.setColumn(names, .text((0..<t.rowCount).flatMap { _ in columns.map { Optional($0) } }))
        out.setColumn(values, interleaved(gathered, rows: t.rowCount))
        return out
    }

    /// Row 0 of each column, then row 1 of each, and so on; the columns are of one kind.
    private static func interleaved(_ columns: [Table.ColumnData], rows: Int) -> Table.ColumnData {
        switch columns[0] {
        case .numbers:
            let vs = columns.map { if case .numbers(let v) = $0 { return v } else { return [] } }
            return .numbers((0..<rows).flatMap { i in vs.map { $0[i] } })
        case .text:
            let vs = columns.map { if case .text(let v) = $0 { return v } else { return [] } }
            return .text((0..<rows).flatMap { i in vs.map { $0[i] } })
        case .bools:
            let vs = columns.map { if case .bools(let v) = $0 { return v } else { return [] } }
            return .bools((0..<rows).flatMap { i in vs.map { $0[i] } })
        }
    }
}
