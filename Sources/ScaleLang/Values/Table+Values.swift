@_exported import ScaleData

/// A table's columns and rows as the language's values.
extension Table.ColumnData {
    /// A number column as a vector, a text column as a text vector, a bool column as a bool vector.
    var value: Value {
        switch self {
        case .numbers(let v): return .vector(v)
        case .text(let v): return .strings(v)
        case .bools(let v): return .bools(v)
        }
    }
}

extension Table {
    /// One row as a record; a missing cell is `na`.
    public func row(_ i: Int) -> Record {
        Record(columns.map { c in
            switch c.data {
            case .numbers(let v): return (c.name, .number(v[i]))
            case .text(let v): return (c.name, v[i].map { .string($0) } ?? .number(.na))
            case .bools(let v): return (c.name, v[i].map { .bool($0) } ?? .number(.na))
            }
        })
    }
}
