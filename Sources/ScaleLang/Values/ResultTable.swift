/// A result that is a table with a title line (bootstrap intervals, hold-out errors, …);
/// `r.table` is the table, `r.COLUMN` a column, plus named scalars in `extra`.
/// A command's result that is a titled table with notes under it (simulate, compare, isoflop,
/// bootstrap, holdout, approaches, optimal over budgets, …): its text and Jupyter's HTML are both
/// made from these parts.
public protocol TableResult: DomainObject {
    var title: String { get }
    var resultTable: Table { get }
    var notes: [String] { get }
}

final class ResultTable: TableResult {
    let title: String
    let table: Table
    let typeName: String
    var extra: [String: Value] = [:]
    /// Lines shown under the table (`note: …`).
    var notes: [String] = []

    var resultTable: Table { table }

    init(title: String, table: Table, typeName: String) {
        self.title = title
        self.table = table
        self.typeName = typeName
    }

    func display(digits: Int) -> String {
        title + "\n" + displayTable(table, digits: digits, head: 20, tail: 5) + notes.map { "\n" + $0 }.joined()
    }

    func member(_ name: String) -> Value? {
        if name == "table" { return .table(table) }
        if let x = extra[name] { return x }
        if let c = table.column(name) { return c.value }
        // a row by its first column's text (b.alpha → [estimate, lo, …])
        if case .text(let keys)? = table.columns.first?.data, let i = keys.firstIndex(of: name) {
            return .record(table.row(i))
        }
        return nil
    }

    var memberNames: [String] {
        var names = ["table"] + table.columnNames + extra.keys.sorted()
        if case .text(let keys)? = table.columns.first?.data { names += keys.compactMap { $0 } }
        return names
    }
}

extension Value {
    /// A result shown as a table (a simulation, a hold-out, bootstrap intervals) as the table it
    /// shows, so that indexing, `where`, `use`, `save` and the builtins take it as one; else itself.
    var tabular: Value {
        if case .object(let r as ResultTable) = self { return .table(r.table) }
        return self
    }
}
