/// A table of named columns of equal length, numeric or text.
public struct Table {
    public enum ColumnData {
        case numbers([Double])
        case text([String])

        public var count: Int {
            switch self {
            case .numbers(let v): return v.count
            case .text(let v): return v.count
            }
        }

        var value: Value {
            switch self {
            case .numbers(let v): return .vector(v)
            case .text(let v): return .strings(v)
            }
        }

        /// The given cells, in the given order.
        func selecting(_ indices: [Int]) -> ColumnData {
            switch self {
            case .numbers(let v): return .numbers(indices.map { v[$0] })
            case .text(let v): return .text(indices.map { v[$0] })
            }
        }
    }

    public struct Column {
        public var name: String
        public var data: ColumnData
    }

    public private(set) var columns: [Column] = []

    public init(columns: [Column] = []) {
        self.columns = columns
    }

    public var rowCount: Int { columns.first?.data.count ?? 0 }
    public var columnNames: [String] { columns.map(\.name) }

    public func column(_ name: String) -> ColumnData? {
        columns.first(where: { $0.name == name })?.data
    }

    /// Adds a column or replaces the one of that name. The caller has checked the length.
    public mutating func setColumn(_ name: String, _ data: ColumnData) {
        if let i = columns.firstIndex(where: { $0.name == name }) {
            columns[i].data = data
        } else {
            columns.append(Column(name: name, data: data))
        }
    }

    /// The rows whose mask entry is true.
    public func filtered(_ keep: [Bool]) -> Table {
        Table(columns: columns.map { c in
            switch c.data {
            case .numbers(let v): return Column(name: c.name, data: .numbers(zip(v, keep).compactMap { $1 ? $0 : nil }))
            case .text(let v): return Column(name: c.name, data: .text(zip(v, keep).compactMap { $1 ? $0 : nil }))
            }
        })
    }

    /// The given rows, in the given order.
    public func rows(_ indices: [Int]) -> Table {
        Table(columns: columns.map { Column(name: $0.name, data: $0.data.selecting(indices)) })
    }

    /// One row as a record.
    public func row(_ i: Int) -> Record {
        Record(columns.map { c in
            switch c.data {
            case .numbers(let v): return (c.name, .number(v[i]))
            case .text(let v): return (c.name, .string(v[i]))
            }
        })
    }
}
