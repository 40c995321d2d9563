/// A table of named columns of equal length: numbers, text or bools, each of which may hold `na`.
///
/// Names are looked up through a dictionary, so building or reading a table of 100,000 columns
/// stays linear (a scan of the names for each new column was quadratic).
public struct Table: Sendable {
    /// One column's cells, all of one type.
    public enum ColumnData: Sendable, Equatable {
        /// Numbers; a missing cell is `Double.na`.
        case numbers([Double])
        /// Text; a missing cell is nil.
        case text([String?])
        /// true/false (JSON's booleans, a CSV column of True/False); a missing cell is nil.
        case bools([Bool?])

        /// The number of cells, missing ones included.
        public var count: Int {
            switch self {
            case .numbers(let v): return v.count
            case .text(let v): return v.count
            case .bools(let v): return v.count
            }
        }

        /// Whether the cell at `i` is missing.
        public func isMissing(_ i: Int) -> Bool {
            switch self {
            case .numbers(let v): return v[i].isNA
            case .text(let v): return v[i] == nil
            case .bools(let v): return v[i] == nil
            }
        }

        /// How many cells are missing.
        public var missingCount: Int { (0..<count).reduce(0) { $0 + (isMissing($1) ? 1 : 0) } }

        /// The given cells, in the given order; an index of -1 gives a missing cell (an unmatched row of a join).
        public func selecting(_ indices: [Int]) -> ColumnData {
            switch self {
            case .numbers(let v): return .numbers(indices.map { $0 < 0 ? .na : v[$0] })
            case .text(let v): return .text(indices.map { $0 < 0 ? nil : v[$0] })
            case .bools(let v): return .bools(indices.map { $0 < 0 ? nil : v[$0] })
            }
        }

        /// The cells whose mask entry is true.
        public func filtered(_ keep: [Bool]) -> ColumnData {
            switch self {
            case .numbers(let v): return .numbers(zip(v, keep).compactMap { $1 ? $0 : nil })
            case .text(let v): return .text(zip(v, keep).compactMap { $1 ? .some($0) : nil })
            case .bools(let v): return .bools(zip(v, keep).compactMap { $1 ? .some($0) : nil })
            }
        }

        /// A column of `count` missing cells of the same kind.
        public func missing(_ count: Int) -> ColumnData {
            switch self {
            case .numbers: return .numbers(Array(repeating: .na, count: count))
            case .text: return .text(Array(repeating: nil, count: count))
            case .bools: return .bools(Array(repeating: nil, count: count))
            }
        }

        /// The kind's name in messages: "number", "text", "bool".
        public var kindName: String {
            switch self {
            case .numbers: return "number"
            case .text: return "text"
            case .bools: return "bool"
            }
        }

        /// Cell `i` as a person reads it: text as it is, a number in its shortest exact form, a bool
        /// as true or false; nil when missing (a pivot's new column names, an envelope's run names).
        public func text(at i: Int) -> String? {
            switch self {
            case .numbers(let v): return v[i].isNA ? nil : formatShortest(v[i])
            case .text(let v): return v[i]
            case .bools(let v): return v[i].map { $0 ? "true" : "false" }
            }
        }

        /// Cell `i` as text, for keys of joins and groups ("na" for a missing cell, numbers shortest).
        public func key(_ i: Int) -> String {
            switch self {
            case .numbers(let v): return "n" + formatShortest(v[i])
            case .text(let v): return v[i].map { "t" + $0 } ?? "na"
            case .bools(let v): return v[i].map { $0 ? "btrue" : "bfalse" } ?? "na"
            }
        }
    }

    /// A named column.
    public struct Column: Sendable, Equatable {
        /// The column's name, unique in its table.
        public var name: String
        /// The column's cells.
        public var data: ColumnData
        /// A column with that name and data.
        public init(name: String, data: ColumnData) {
            self.name = name
            self.data = data
        }
    }

    /// The columns, in order; change them through `setColumn`, which keeps the name index.
    public private(set) var columns: [Column] = []
    private var position: [String: Int] = [:]

    /// A table of these columns, in order; a later column with an earlier one's name replaces its data in place.
    public init(columns: [Column] = []) {
        for c in columns { setColumn(c.name, c.data) }
    }

    /// The number of rows (the first column's length; 0 without columns).
    public var rowCount: Int { columns.first?.data.count ?? 0 }
    /// The columns' names, in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The data of the column called `name`, if there is one.
    public func column(_ name: String) -> ColumnData? {
        position[name].map { columns[$0].data }
    }

    /// Adds a column or replaces the one of that name. The caller has checked the length.
    public mutating func setColumn(_ name: String, _ data: ColumnData) {
        if let i = position[name] {
            columns[i].data = data
        } else {
            position[name] = columns.count
            columns.append(Column(name: name, data: data))
        }
    }

    /// The table with column `old` named `new` in its place. The caller has checked both names.
    public func renaming(_ old: String, to new: String) -> Table {
        Table(columns: columns.map { Column(name: $0.name == old ? new : $0.name, data: $0.data) })
    }

    /// The rows whose mask entry is true.
    public func filtered(_ keep: [Bool]) -> Table {
        Table(columns: columns.map { Column(name: $0.name, data: $0.data.filtered(keep)) })
    }

    /// The given rows, in the given order (-1 gives a row of missing cells).
    public func rows(_ indices: [Int]) -> Table {
        Table(columns: columns.map { Column(name: $0.name, data: $0.data.selecting(indices)) })
    }

    /// Which rows hold no missing cell in the named columns (all columns when `names` is nil).
    public func completeRows(in names: [String]? = nil) -> [Bool] {
        var keep = [Bool](repeating: true, count: rowCount)
        for c in columns where names?.contains(c.name) ?? true {
            for i in 0..<rowCount where keep[i] && c.data.isMissing(i) { keep[i] = false }
        }
        return keep
    }
}
