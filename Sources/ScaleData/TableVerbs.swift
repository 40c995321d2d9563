/// The table verbs a study needs: stacking, joining, sorting and grouping rows. Each is a pure
/// function of tables; the language's builtins (`stack`, `join`, `sort`, `summarize`) call them.
public enum TableVerbs {
    /// Rows of the tables one after another, columns matched by name in order of first appearance;
    /// a column absent from a table is missing there. Columns of one name and different kinds
    /// (numbers in one file, text in another) become text, with a note; a column missing in every
    /// row of a table takes the kind of the others.
    public static func stack(_ tables: [Table]) -> (table: Table, notes: [String]) {
        var names: [String] = []
        var seen = Set<String>()
        for t in tables { for n in t.columnNames where seen.insert(n).inserted { names.append(n) } }
        var out = Table()
        var notes: [String] = []
        for n in names {
            let parts = tables.map { t in t.column(n) ?? nil }
            // the kind: that of the parts holding a value; text when they disagree
            let kinds = Set(parts.compactMap { p -> String? in
                guard let p, p.missingCount < p.count else { return nil }
                return p.kindName
            })
            let kind = kinds.count == 1 ? kinds.first ?? "number" : kinds.isEmpty ? "number" : "text"
            if kinds.count > 1 { notes.append("column '\(n)' holds \(kinds.sorted().joined(separator: " and ")) in different tables: stacked as text") }
            switch kind {
            case "bool":
                var v: [Bool?] = []
                for (t, p) in zip(tables, parts) {
                    if case .bools(let b)? = p { v += b } else { v += Array(repeating: nil, count: t.rowCount) }
                }
                out.setColumn(n, .bools(v))
            case "text":
                var v: [String?] = []
                for (t, p) in zip(tables, parts) {
                    switch p {
                    case .text(let s)?: v += s
                    case .numbers(let x)?: v += x.map { $0.isNA ? nil : formatShortest($0) }
                    case .bools(let b)?: v += b.map { $0.map { $0 ? "true" : "false" } }
                    case nil: v += Array(repeating: nil, count: t.rowCount)
                    }
                }
                out.setColumn(n, .text(v))
            default:
                var v: [Double] = []
                for (t, p) in zip(tables, parts) {
                    if case .numbers(let x)? = p { v += x } else { v += Array(repeating: .na, count: t.rowCount) }
                }
                out.setColumn(n, .numbers(v))
            }
        }
        return (out, notes)
    }

    /// How rows without a match are kept.
    public enum JoinKeep: String, CaseIterable, Sendable { case inner, left, right, outer }

    /// Why a join cannot be made, in words.
    public struct JoinError: Error { public var message: String }

    /// The rows of `a` beside the rows of `b` whose key columns hold equal values (SQL's join):
    /// every pair of matching rows, in `a`'s order and then `b`'s; `left` keeps unmatched rows of
    /// `a` (with `b`'s columns missing), `right` those of `b`, `outer` both. A missing key matches
    /// nothing (SQL's rule). The key columns appear once; any other column both tables hold is
    /// kept twice, as `NAME.x` from `a` and `NAME.y` from `b` (R's `merge` rule).
    public static func join(_ a: Table, _ b: Table, by keys: [String], keep: JoinKeep = .inner) throws(JoinError) -> Table {
        for k in keys {
            guard let ca = a.column(k) else { throw JoinError(message: "the first table has no column '\(k)'") }
            guard let cb = b.column(k) else { throw JoinError(message: "the second table has no column '\(k)'") }
            if ca.kindName != cb.kindName, ca.missingCount < ca.count, cb.missingCount < cb.count {
                throw JoinError(message: "the key '\(k)' is \(ca.kindName) in the first table and \(cb.kindName) in the second")
            }
        }
        let keysOfA = keys.compactMap { a.column($0) }, keysOfB = keys.compactMap { b.column($0) }
        func key(_ columns: [Table.ColumnData], _ i: Int) -> String? {
            var parts: [String] = []
            for c in columns {
                if c.isMissing(i) { return nil }
                parts.append(c.key(i))
            }
            return parts.joined(separator: "\u{1}")
        }
        var rowsOfB: [String: [Int]] = [:]
        for j in 0..<b.rowCount { if let k = key(keysOfB, j) { rowsOfB[k, default: []].append(j) } }
        var left: [Int] = [], right: [Int] = []
        var matchedB = [Bool](repeating: false, count: b.rowCount)
        for i in 0..<a.rowCount {
            let matches = key(keysOfA, i).flatMap { rowsOfB[$0] } ?? []
            for j in matches { left.append(i); right.append(j); matchedB[j] = true }
            if matches.isEmpty && (keep == .left || keep == .outer) { left.append(i); right.append(-1) }
        }
        if keep == .right || keep == .outer {
            for j in 0..<b.rowCount where !matchedB[j] { left.append(-1); right.append(j) }
        }
        var out = Table()
        let shared = Set(a.columnNames).intersection(b.columnNames).subtracting(keys)
        for (k, (ca, cb)) in zip(keys, zip(keysOfA, keysOfB)) {
            // a key cell comes from whichever side the row has
            out.setColumn(k, coalesce(ca.selecting(left), cb.selecting(right)))
        }
        for c in a.columns where !keys.contains(c.name) {
            out.setColumn(shared.contains(c.name) ? c.name + ".x" : c.name, c.data.selecting(left))
        }
        for c in b.columns where !keys.contains(c.name) {
            out.setColumn(shared.contains(c.name) ? c.name + ".y" : c.name, c.data.selecting(right))
        }
        return out
    }

    private static func coalesce(_ a: Table.ColumnData, _ b: Table.ColumnData) -> Table.ColumnData {
        switch (a, b) {
        case (.numbers(let x), .numbers(let y)): return .numbers(zip(x, y).map { $0.isNA ? $1 : $0 })
        case (.text(let x), .text(let y)): return .text(zip(x, y).map { $0 ?? $1 })
        case (.bools(let x), .bools(let y)): return .bools(zip(x, y).map { $0 ?? $1 })
        default: return a.missingCount <= b.missingCount ? a : b
        }
    }

    /// Row order sorted by the columns in turn (stable: equal rows keep their order); numbers
    /// ascending with NaN after numbers and `na` last, text in code-point order, false before true.
    /// Columns the table lacks are passed over (the caller has checked the names).
    public static func sortedOrder(_ t: Table, by columns: [(name: String, descending: Bool)]) -> [Int] {
        let data = columns.compactMap { c in t.column(c.name).map { ($0, c.descending) } }
        return Array(0..<t.rowCount).sorted { i, j in
            for (c, descending) in data {
                let o = order(c, i, j)
                if o != 0 {
                    // missing values and NaN stay last whichever way the sort goes
                    if sortsLast(c, i) != sortsLast(c, j) { return sortsLast(c, j) }
                    if sortsLast(c, i) { return o < 0 }  // NaN before na, either way
                    return descending ? o > 0 : o < 0
                }
            }
            return i < j
        }
    }

    private static func sortsLast(_ c: Table.ColumnData, _ i: Int) -> Bool {
        if case .numbers(let v) = c { return v[i].isNaN }
        return c.isMissing(i)
    }

    /// -1, 0 or 1 as cell i sorts before, with or after cell j.
    static func order(_ c: Table.ColumnData, _ i: Int, _ j: Int) -> Int {
        switch c {
        case .numbers(let v):
            let x = v[i], y = v[j]
            func rank(_ z: Double) -> Int { z.isNA ? 2 : z.isNaN ? 1 : 0 }
            if rank(x) != rank(y) { return rank(x) < rank(y) ? -1 : 1 }
            if rank(x) > 0 { return 0 }
            return x < y ? -1 : x > y ? 1 : 0
        case .text(let v):
            switch (v[i], v[j]) {
            case (nil, nil): return 0
            case (nil, _): return 1
            case (_, nil): return -1
            case (let x?, let y?): return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : x == y ? 0 : 1
            }
        case .bools(let v):
            switch (v[i], v[j]) {
            case (nil, nil): return 0
            case (nil, _): return 1
            case (_, nil): return -1
            case (let x?, let y?): return x == y ? 0 : (!x ? -1 : 1)
            }
        }
    }

    /// Rows grouped by the values of the named columns, groups in order of first appearance; a
    /// missing value is a group value of its own (as in pandas' `dropna=False` and R's `dplyr`).
    public static func groups(_ t: Table, by names: [String]) -> [[Int]] {
        let cols = names.compactMap { t.column($0) }
        var index: [String: Int] = [:]
        var out: [[Int]] = []
        for i in 0..<t.rowCount {
            let k = cols.map { $0.key(i) }.joined(separator: "\u{1}")
            if let g = index[k] { out[g].append(i) } else { index[k] = out.count; out.append([i]) }
        }
        return out
    }
}
