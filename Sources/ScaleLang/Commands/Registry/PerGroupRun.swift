import ScaleData
import ScalingCore

/// Every command that takes a fit or a law takes a grouped fit and answers per group: it runs once
/// per group with that group's fit in the grouped one's place, and the answers are stacked into
/// one table with the group's columns first (`optimal fs at C = 1e22` is a row a group). This is
/// the one place that does it, so a new command that takes a fit answers per group with no code.
extension Interpreter {
    func runCommand(_ d: CommandDeclaration, _ input: CommandInput) throws(ScaleError) -> Value {
        guard let (slot, grouped) = try groupedOperand(input) else { return try d.run(self, input) }
        var answers: [Value] = []
        for fit in grouped.fits {
            var one = input
            let replacement: Checked.Typed
            if case .law = slot.type {
                replacement = .law(try resolveLaw(.object(fit), at: input.range))
            } else {
                replacement = .fit(fit)
            }
            if let item = slot.item, case .list(var items)? = one.operands[slot.operand]?.typed {
                items[item].typed = replacement
                one.operands[slot.operand]?.typed = .list(items)
            } else {
                one.operands[slot.operand]?.typed = replacement
            }
            answers.append(try d.run(self, one))
        }
        return try stackPerGroup(answers, of: grouped, verb: d.verb, at: input.range)
    }

    /// Where the grouped fit is (operand, and item of a list operand), with the type declared there.
    private func groupedOperand(_ input: CommandInput) throws(ScaleError) -> ((operand: Int, item: Int?, type: ValueType), GroupedFitValue)? {
        var found: ((operand: Int, item: Int?, type: ValueType), GroupedFitValue)?
        // a grouped fit answers per group as a command's operand; in a clause it would be read as
        // no fit at all, so it is refused with what to write
        for (word, clause) in input.clauses {
            for item in clause.items {
                guard case .grouped(let g) = item.typed else { continue }
                throw .runtime("'\(word)' takes one fit; \(g.name ?? "a grouped fit") has a fit per group: give one, as \(g.name ?? "fs").\(g.labels.first ?? "GROUP")",
                               at: item.range)
            }
        }
        for (i, operand) in input.operands.enumerated() {
            guard let operand else { continue }
            let declared = input.declaration.operands[i].kind
            let type: ValueType
            switch declared {
            case .expression(let t), .list(let t): type = t
            default: continue
            }
            let items: [(Int?, Checked)] = { if case .list(let xs) = operand.typed { return xs.enumerated().map { ($0.offset, $0.element) } } else { return [(nil, operand)] } }()
            for (k, item) in items {
                guard case .grouped(let g) = item.typed else { continue }
                if found != nil { throw .runtime("'\(input.verb)' takes one grouped fit at a time", at: item.range) }
                found = ((i, k, type), g)
            }
        }
        return found
    }

    /// A record's numeric fields as a table of one row.
    private static func oneRow(_ r: Record) -> Table {
        Table(columns: r.fields.compactMap { f in
            guard case .number(let x) = f.value else { return nil }
            return Table.Column(name: f.name, data: .numbers([x]))
        })
    }

    /// The per-group answers as one table, the group's columns first: a table's rows, a result
    /// table's, an allocation's or record's one row, a number as `value`. Answers of another kind
    /// (a plot) are an error that says to take the groups one at a time.
    private func stackPerGroup(_ answers: [Value], of grouped: GroupedFitValue, verb: String, at range: SourceRange) throws(ScaleError) -> Value {
        var tables: [Table] = []
        var titles: [String] = []
        var notes: [String] = []
        for (g, answer) in answers.enumerated() {
            var rows: Table
            switch answer {
            case .table(let t): rows = t
            case .object(let r as TableResult):
                rows = r.resultTable
                titles.append(r.title)
                notes += r.notes.map { "\(grouped.labels[g]): \($0)" }
            case .object(let a as AllocationValue):
                rows = Self.oneRow(a.record)
                titles.append(a.title)
            case .record(let r):
                rows = Self.oneRow(r)
            case .number(let x): rows = Table(columns: [.init(name: "value", data: .numbers([x]))])
            default:
                throw .runtime("'\(verb)' gives a \(answer.typeName) per group, which do not stack into one table: take the groups one at a time, as \(verb) \(grouped.name ?? "fs").\(grouped.labels[0])", at: range)
            }
            var keyed = Table()
            for (key, column) in zip(grouped.keys, grouped.keyColumns) {
                keyed.setColumn(key, column.selecting(Array(repeating: g, count: rows.rowCount)))
            }
            for c in rows.columns where keyed.column(c.name) == nil { keyed.setColumn(c.name, c.data) }
            tables.append(keyed)
        }
        let stacked = TableVerbs.stack(tables).table
        let keys = grouped.keys.joined(separator: ", ")
        var title = "\(verb) of \(grouped.name ?? "the grouped fit"), per \(keys)"
        if let first = titles.first {
            if titles.allSatisfy({ $0 == first }) { title += ": " + first } else { notes = zip(grouped.labels, titles).map { "\($0): \($1)" } + notes }
        }
        let result = ResultTable(title: title, table: stacked, typeName: "per-group \(verb)")
        result.notes = notes
        return .object(result)
    }
}
