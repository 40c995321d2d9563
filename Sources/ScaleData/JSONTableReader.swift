/// Reads JSON and JSON Lines into a table.
///
/// `.json` holds an array of records (`[{"N": 1e9, "loss": 2.5}, …]`, pandas' `orient="records"`),
/// or an object of columns (`{"N": [1e9, 2e9], …}`, or pandas' default `{"N": {"0": 1e9, …}}`).
/// `.jsonl`/`.ndjson` hold one record a line. Keys are united across records in the order first
/// seen; a key absent from a record is missing there, as is `null`. A nested object is flattened
/// to dotted names (`{"config": {"lr": 3e-4}}` gives the column `config.lr`); an array inside a
/// record is kept as its JSON text. A column of numbers is numeric, of true/false bool, and any
/// other text (numbers in it written shortest), with a note.
struct JSONTableReader {
    let bytes: [UInt8]
    let name: String

    func readJSON() throws(LoadError) -> (table: Table, notes: [String], lines: [Int]?) {
        let root: JSONValue
        do {
            root = try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(JSONText.Malformed) -> JSONValue in try JSONText.parse(b) }
        } catch {
            throw LoadError("'\(name)' line \(error.line), column \(error.column): \(error.message)")
        }
        var columns = Columns(name: name)
        switch root {
        case .array(let records):
            for (r, record) in records.enumerated() {
                guard case .object(let fields) = record else {
                    throw LoadError("'\(name)': record \(r + 1) of the array is \(Self.kind(record)), expected an object of fields")
                }
                try columns.add(fields, place: "record \(r + 1)")
            }
        case .object(let members) where members.allSatisfy({ if case .array = $0.value { return true } else { return false } }):
            var length: Int?
            for (key, value) in members {
                guard case .array(let cells) = value else { continue }
                if let n = length, n != cells.count {
                    throw LoadError("'\(name)': column '\(key)' has \(cells.count) values but the first column has \(n)")
                }
                length = cells.count
                try columns.addColumn(key, cells)
            }
        case .object(let members) where members.allSatisfy({ if case .object = $0.value { return true } else { return false } }):
            // pandas' default orient: {column: {row label: value}}, rows in the first column's order
            var rowLabels: [String] = []
            if case .object(let firstRows)? = members.first?.value { rowLabels = firstRows.map(\.key) }
            for (key, value) in members {
                guard case .object(let cells) = value else { continue }
                var byLabel: [String: JSONValue] = [:]
                for (label, v) in cells { byLabel[label] = v }
                try columns.addColumn(key, rowLabels.map { byLabel[$0] ?? .null })
            }
        default:
            throw LoadError("'\(name)': expected an array of records or an object of columns, found \(Self.kind(root))")
        }
        let (t, notes) = columns.finish()
        return (t, notes, nil)
    }

    func readLines() throws(LoadError) -> (table: Table, notes: [String], lines: [Int]?) {
        var columns = Columns(name: name)
        var lines: [Int] = []
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(LoadError) in
            var start = b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var line = 1
            while start < b.count {
                var end = start
                while end < b.count && b[end] != 10 { end += 1 }
                var blank = true
                for k in start..<end where b[k] != 32 && b[k] != 9 && b[k] != 13 { blank = false; break }
                if !blank {
                    let record: JSONValue
                    do throws(JSONText.Malformed) {
                        record = try JSONText.parse(b, from: start, to: end)
                    } catch {
                        throw LoadError("'\(name)' line \(line): \(error.message)")
                    }
                    guard case .object(let fields) = record else {
                        throw LoadError("'\(name)' line \(line): expected a JSON object (one record a line), found \(Self.kind(record))")
                    }
                    try columns.add(fields, place: "line \(line)")
                    lines.append(line)
                }
                start = end + 1
                line += 1
            }
        }
        let (t, notes) = columns.finish()
        return (t, notes, lines)
    }

    static func kind(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "a bool"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// Columns built record by record (the W&B reader builds its tables with them too).
    struct Columns {
        let name: String
        var names: [String] = []
        var position: [String: Int] = [:]
        var builders: [ColumnBuilder] = []
        var rows = 0
        /// Where each column first mixed kinds, for the note.
        var places: [Int: String] = [:]

        init(name: String) { self.name = name }

        mutating func builder(_ key: String) -> Int {
            if let j = position[key] { return j }
            var b = ColumnBuilder()
            for _ in 0..<rows { b.appendMissing() }
            position[key] = builders.count
            names.append(key)
            builders.append(b)
            return builders.count - 1
        }

        /// The builder of each field position in the previous record: records of one file mostly
        /// list their keys in one order, so a key is compared with one name before it is hashed.
        var previousOrder: [Int] = []
        var order: [Int] = []

        mutating func add(_ fields: [(key: String, value: JSONValue)], place: @autoclosure () -> String) throws(LoadError) {
            order.removeAll(keepingCapacity: true)
            try addFields(fields, prefix: "", place: place)
            rows += 1
            for j in builders.indices where builders[j].count < rows { builders[j].appendMissing() }
            swap(&order, &previousOrder)
        }

        private mutating func addFields(_ fields: [(key: String, value: JSONValue)], prefix: String, place: () -> String) throws(LoadError) {
            for (k, v) in fields {
                let key = prefix.isEmpty ? k : prefix + k
                if case .object(let inner) = v, !inner.isEmpty {
                    try addFields(inner, prefix: key + ".", place: place)
                    continue
                }
                let p = order.count
                let j: Int
                if p < previousOrder.count, names[previousOrder[p]] == key { j = previousOrder[p] } else { j = builder(key) }
                order.append(j)
                // a key already given in this record has its cell for this row
                guard builders[j].count == rows else { throw LoadError("'\(name)' \(place()): the key '\(key)' appears twice in one record") }
                let before = builders[j].conflict == nil
                Self.append(v, to: &builders[j])
                if before && builders[j].conflict != nil { places[j] = place() }
            }
        }

        mutating func addColumn(_ key: String, _ cells: [JSONValue]) throws(LoadError) {
            guard position[key] == nil else { throw LoadError("'\(name)': the column name '\(key)' appears twice") }
            let j = builder(key)
            for (r, v) in cells.enumerated() {
                let before = builders[j].conflict == nil
                Self.append(v, to: &builders[j])
                if before && builders[j].conflict != nil { places[j] = "row \(r + 1)" }
            }
        }

        static func append(_ v: JSONValue, to b: inout ColumnBuilder) {
            switch v {
            case .null: b.appendMissing()
            case .number(let x): b.append(number: x, text: formatShortest(x))
            case .bool(let t): b.append(bool: t, text: t ? "true" : "false")
            case .string(let s): b.append(text: s)
            case .array, .object: b.append(text: JSONWriter.text(v))
            }
        }

        /// Appends the rows of `next` (columns built apart, from the records that follow these),
        /// when that gives what adding its records one by one would have: no column of either
        /// mixed kinds, and each column of both settled the same kind (or is all missing in one).
        /// False, changing nothing, otherwise.
        mutating func append(_ next: Columns) -> Bool {
            guard next.places.isEmpty, next.builders.allSatisfy({ $0.conflict == nil }),
                  builders.allSatisfy({ $0.conflict == nil }) else { return false }
            for (j, key) in next.names.enumerated() {
                if let i = position[key], !builders[i].canAppend(next.builders[j]) { return false }
            }
            let before = rows
            for (j, key) in next.names.enumerated() {
                let i = builder(key)  // a new key's column starts with a missing cell a row before
                builders[i].append(next.builders[j])
            }
            rows = before + next.rows
            for j in builders.indices where builders[j].count < rows {
                for _ in builders[j].count..<rows { builders[j].appendMissing() }
            }
            previousOrder = []
            return true
        }

        func finish() -> (table: Table, notes: [String]) {
            var t = Table()
            var notes: [String] = []
            for (j, n) in names.enumerated() {
                t.setColumn(n, builders[j].finish())
                if let c = builders[j].conflict {
                    notes.append("'\(name)': column '\(n)' is text: \(places[j] ?? "a record") holds '\(c.text)' among numbers or bools")
                }
            }
            return (t, notes)
        }
    }
}

/// JSON text of a value, compact, for an array kept in a cell; and the one JSON string quoting.
public enum JSONWriter {
    static func text(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return x.isFinite ? formatShortest(x) : (x.isNaN ? "NaN" : x < 0 ? "-Infinity" : "Infinity")
        case .string(let s): return quoted(s)
        case .array(let items): return "[" + items.map(text).joined(separator: ",") + "]"
        case .object(let m): return "{" + m.map { quoted($0.key) + ":" + text($0.value) }.joined(separator: ",") + "}"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = ""
        quote(s, into: &out)
        return out
    }

    /// Escapes what Python's `json.dumps(…, ensure_ascii=False)` escapes: quote, backslash and
    /// control characters (notebooks and kernel messages are written with it, byte for byte).
    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
