/// `v[i] = x` and `t.col[i] = x`: elements set in place. The index is a position from 1, a
/// vector of them, or a true/false mask (as in `v[v > 3] = 0`, where a mask's na sets nothing);
/// the value is one element, given to every position, or a vector as long as the positions.
extension Interpreter {
    func assignElement(_ target: Expr, _ indexExpr: Expr, _ valueExpr: Expr, in scope: Scope) throws(ScaleError) {
        // the variable that holds what is changed, and the column when it is a table's
        let name: String, column: String?
        switch target.kind {
        case .name(let n): (name, column) = (n, nil)
        case .member(let object, let field):
            guard case .name(let n) = object.kind else {
                throw .runtime("can only set elements of a named vector or of a column of a named table, as in 't.loss[3] = …'", at: target.range)
            }
            (name, column) = (n, field)
        default:
            throw .runtime("can only set elements of a named vector or of a column of a named table, as in 'v[3] = …'", at: target.range)
        }
        guard let current = scope.lookup(name) else { throw unknownName(name, at: target.range, in: scope) }
        var table: Table?
        var old: Value
        if let column {
            guard case .table(let t) = current else {
                throw .runtime("'\(name)' is a \(current.typeName), not a table: cannot set '\(name).\(column)[…]'", at: target.range)
            }
            guard let c = t.column(column) else {
                throw .runtime("table has no column '\(column)'", at: target.range, hint: suggestion(column, t.columnNames, list: "columns"))
            }
            table = t
            old = c.value
        } else {
            old = current
        }
        let count: Int
        switch old {
        case .vector(let xs): count = xs.count
        case .strings(let xs): count = xs.count
        case .bools(let bs): count = bs.count
        default: throw .runtime("cannot set an element of a \(old.typeName): expected a vector", at: target.range)
        }
        let positions = try elementPositions(try evaluate(indexExpr, in: scope), count: count, at: indexExpr.range)
        let value = try evaluate(valueExpr, in: scope)
        let cells = try CellValues(value, into: old, count: positions.count, at: valueExpr.range)
        // Taken out of the scope while it changes, so that the array is not copied for each
        // element set (a loop setting every element stays linear).
        let inThisScope = scope.variables[name] != nil
        if inThisScope { scope.variables[name] = nil }
        if var t = table, let column, var data = t.column(column) {
            table = nil
            t.setColumn(column, .numbers([]))
            cells.set(&data, at: positions)
            t.setColumn(column, data)
            scope.variables[name] = .table(t)
        } else {
            var data: Table.ColumnData
            switch old {
            case .vector(let xs): data = .numbers(xs)
            case .strings(let xs): data = .text(xs)
            case .bools(let bs): data = .bools(bs)
            default: return
            }
            old = .nothing
            cells.set(&data, at: positions)
            scope.variables[name] = data.value
        }
    }

    /// Positions from 0 picked by an index value.
    private func elementPositions(_ index: Value, count: Int, at range: SourceRange) throws(ScaleError) -> [Int] {
        func position(_ x: Double) throws(ScaleError) -> Int {
            guard !x.isNA, x == x.rounded(), x >= 1, x <= Double(count) else {
                throw .runtime("index \(formatShortest(x)) is out of range: expected a whole number from 1 to \(count)", at: range)
            }
            return Int(x) - 1
        }
        switch index {
        case .number(let x): return [try position(x)]
        case .vector(let ks):
            var out: [Int] = []
            for k in ks { out.append(try position(k)) }
            return out
        case .bools(let mask):
            let keep = try checkMask(mask, count: count, what: "elements", at: range)
            return keep.indices.filter { keep[$0] }
        default:
            throw .runtime("cannot index with a \(index.typeName): expected a position from 1, a vector of them or a true/false mask", at: range)
        }
    }

}

/// The values an element assignment puts in, checked against the kind of what receives them.
private enum CellValues {
    case numbers((Int) -> Double)
    case text((Int) -> String?)
    case bools((Int) -> Bool?)

    init(_ value: Value, into old: Value, count: Int, at range: SourceRange) throws(ScaleError) {
        func mismatch() -> ScaleError { .runtime("cannot put a \(value.typeName) into a \(old.typeName)", at: range) }
        func items<T>(_ many: [T]) throws(ScaleError) -> (Int) -> T {
            guard many.count == count else {
                throw .runtime("\(count) position\(count == 1 ? "" : "s") to set but \(many.count) values given", at: range)
            }
            return { many[$0] }
        }
        let isNA: Bool = { if case .number(let x) = value { return x.isNA } else { return false } }()
        switch (old, value) {
        case (.vector, .number(let x)): self = .numbers { _ in x }
        case (.vector, .bool(let b)): self = .numbers { _ in b ? 1 : 0 }
        case (.vector, .vector(let vs)): self = .numbers(try items(vs))
        case (.vector, .bools(let bs)): self = .numbers(try items(bs.map(Value.number(of:))))
        case (.strings, .string(let s)): self = .text { _ in s }
        case (.strings, _) where isNA: self = .text { _ in nil }
        case (.strings, .strings(let vs)): self = .text(try items(vs))
        case (.bools, .bool(let b)): self = .bools { _ in b }
        case (.bools, _) where isNA: self = .bools { _ in nil }
        case (.bools, .bools(let vs)): self = .bools(try items(vs))
        default: throw mismatch()
        }
    }

    /// Sets the cells of `data` (of the kind checked) at `positions`, in place.
    func set(_ data: inout Table.ColumnData, at positions: [Int]) {
        switch (self, data) {
        case (.numbers(let get), .numbers(var v)):
            data = .numbers([])
            for (k, p) in positions.enumerated() { v[p] = get(k) }
            data = .numbers(v)
        case (.text(let get), .text(var v)):
            data = .text([])
            for (k, p) in positions.enumerated() { v[p] = get(k) }
            data = .text(v)
        case (.bools(let get), .bools(var v)):
            data = .bools([])
            for (k, p) in positions.enumerated() { v[p] = get(k) }
            data = .bools(v)
        default: break
        }
    }
}
