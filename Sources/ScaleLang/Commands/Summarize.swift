extension Commands {
    /// `summarize TABLE [by COLUMN, …] [with NAME = EXPR, …]`
    static let summarize = CommandDeclaration(
        verb: "summarize",
        summary: "one row per group of rows: the group's values and each 'with' expression evaluated over the group's columns as vectors",
        operands: [OperandDeclaration("table", .expression(.table), "the rows to summarise")],
        clauses: [
            ClauseDeclaration("by", .list(.column), placeholder: "COLUMN, …", "the columns whose values make a group (groups in order of first appearance); none: one group of all rows"),
            ClauseDeclaration("with", .assignments(.expression), placeholder: "NAME = EXPR, …",
                              "the summary columns, each evaluated with the group's columns as vectors (mean(tail(loss, 5)), last(tokens), len(loss)); none: n, the rows of each group"),
        ],
        examples: ["t = table(run = [\"a\", \"a\", \"b\", \"b\", \"b\"], step = [1, 2, 1, 2, 3], loss = [3.0, 2.8, 3.1, 2.9, 2.7])",
                   "summarize t by run with steps = len(step), loss = last(loss), best = min(loss)"],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.summarize(input) })
}

extension Interpreter {
    /// Groups as `TableVerbs.groups` makes them; a row missing a value in a column the summary
    /// reads (a `by` column, or a column a `with` expression names) is left out, and a note says
    /// how many, as every command that reads columns does.
    func summarize(_ input: CommandInput) throws(ScaleError) -> Value {
        let (table, _) = try input.table(0)
        let keys = try groupKeys(input.clause("by"), in: table)
        var outputs: [(name: String, expr: Expr, range: SourceRange)] = []
        for b in input.clause("with")?.items ?? [] {
            guard let name = b.name, let e = b.expression else { continue }
            if keys.contains(name) || outputs.contains(where: { $0.name == name }) {
                throw .runtime("the summary column '\(name)' is named twice", at: b.nameRange ?? b.range)
            }
            outputs.append((name, e, b.range))
        }
        // the rows complete in the columns read, as every command that reads columns takes them
        let (rows, _) = completeRows(table, in: keys + outputs.flatMap { $0.expr.referencedNames }, for: "summarize")

        let groups = keys.isEmpty ? [Array(0..<rows.rowCount)] : TableVerbs.groups(rows, by: keys)
        var out = Table()
        for k in keys { if let c = rows.column(k) { out.setColumn(k, c.selecting(groups.map { $0[0] })) } }
        if outputs.isEmpty {
            out.setColumn("n", .numbers(groups.map { Double($0.count) }))
            return .table(out)
        }
        var cells = [[Value]](repeating: [], count: outputs.count)
        for g in groups {
            let groupScope = columnScope(rows.rows(g), parent: input.scope)
            for (j, o) in outputs.enumerated() {
                var v = try evaluate(o.expr, in: groupScope)
                if case .vector(let xs) = v, xs.count == 1 { v = .number(xs[0]) }
                if case .strings(let xs) = v, xs.count == 1 { v = xs[0].map { .string($0) } ?? .number(.na) }
                if case .bools(let bs) = v, bs.count == 1 { v = bs[0].map { .bool($0) } ?? .number(.na) }
                switch v {
                case .number, .string, .bool: cells[j].append(v)
                default:
                    let first = rows.row(g[0])
                    let group = keys.map { "\($0) = \(first[$0]?.printed() ?? "na")" }.joined(separator: ", ")
                    throw .runtime("'\(o.name)' must give one value per group, got a \(v.typeName)\(group.isEmpty ? "" : " for the group \(group)")", at: o.expr.range,
                                   hint: "reduce the group's column to one value: mean(…), last(…), len(…), min(…)")
                }
            }
        }
        for (j, o) in outputs.enumerated() {
            out.setColumn(o.name, try column(of: cells[j], name: o.name, at: o.range))
        }
        return .table(out)
    }

    /// Scalars as one column: numbers, text or bools (`na` fits any), or an error for a mix.
    private func column(of values: [Value], name: String, at range: SourceRange) throws(ScaleError) -> Table.ColumnData {
        var kind: String?
        for v in values {
            let k: String?
            switch v {
            case .number(let x): k = x.isNA ? nil : "number"
            case .string: k = "text"
            case .bool: k = "bool"
            default: k = nil
            }
            if let k, let seen = kind, seen != k { throw .runtime("'\(name)' gives a \(seen) for one group and a \(k) for another", at: range) }
            kind = kind ?? k
        }
        switch kind {
        case "text": return .text(values.map { if case .string(let s) = $0 { return s } else { return nil } })
        case "bool": return .bools(values.map { if case .bool(let b) = $0 { return b } else { return nil } })
        default: return .numbers(values.map { if case .number(let x) = $0 { return x } else { return .na } })
        }
    }
}
