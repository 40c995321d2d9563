/// Building and inspecting tables.

extension BuiltinRegistry {
    mutating func registerTableBuiltins() {
        // table(N = [1, 2], loss = [3, 4]); table(f): a fit's parameters, estimates, errors and intervals
        // (variadic with no named parameter, so that any name, `fit` too, can name a column)
        define("table", [], required: 0, variadic: true, openNames: true,
               doc: "a table from named columns of equal length; table(FIT): a fit's parameter, estimate, se, lo and hi (a grouped fit's with its groups' columns first)",
               example: "table(N = [1B, 2B], loss = [2.5, 2.4])") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            if a.values.count > 1 { throw .runtime("table(FIT) takes no columns besides the fit", at: a.range(1)) }
            if let v = a[0] {
                guard a.named.isEmpty else { throw .runtime("table(FIT) takes no columns besides the fit", at: a.named[0].range) }
                switch v {
                case .object(let f as FitValue): return .table(f.parameterTable)
                case .object(let f as GroupedFitValue): return .table(f.parameterTable)
                default: throw .runtime("table takes a fit, or named columns as in 'table(N = [1, 2])', got a \(v.typeName)", at: a.range(0))
                }
            }
            var t = Table()
            var rows: Int?
            for (name, v, range) in a.named {
                let data: Table.ColumnData
                switch v {
                case .vector(let xs): data = .numbers(xs)
                case .number(let x): data = .numbers([x])
                case .strings(let xs): data = .text(xs)
                case .bools(let bs): data = .numbers(bs.map(Value.number(of:)))
                default: throw .runtime("table column '\(name)' must be a vector, got a \(v.typeName)", at: range)
                }
                if let r = rows, r != data.count {
                    throw .runtime("table column '\(name)' has \(data.count) values but the first column has \(r)", at: range)
                }
                rows = data.count
                t.setColumn(name, data)
            }
            return .table(t)
        }
        // select(t, N, loss), select(t, "N", `Model Size`), select(t, names): the columns, in that order
        define("select", ["t", "column"], required: 2, variadic: true, namesFrom: 1,
               doc: "the named columns of a table, in that order (bare names, backticked names or text)",
               example: "select(table(a = [1], b = [2]), b)") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            guard case .table(let t)? = a[0] else { throw .runtime("select expects a table first", at: a.range(0)) }
            var out = Table()
            for i in 1..<a.values.count {
                for name in try a.names(i, "column names") {
                    guard let c = t.column(name) else {
                        throw .runtime("table has no column '\(name)'", at: a.range(i), hint: a.interpreter.suggestion(name, t.columnNames, list: "columns"))
                    }
                    out.setColumn(name, c)
                }
            }
            return .table(out)
        }
        define("columns", ["t"],
               doc: "a table's column names",
               example: "columns(table(a = [1], b = [2]))") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            guard case .table(let t)? = a[0] else { throw .runtime("columns expects a table", at: a.range(0)) }
            return .strings(t.columnNames)
        }
        for (name, doc, example, fromEnd) in [("head", "the first n rows of a table or elements of a vector (n = 10 by default)", "head(1..100, 3)", false), ("tail", "the last n rows of a table or elements of a vector (n = 10 by default)", "tail(1..100, 3)", true)] {
            define(name, ["t", "n"], required: 1, doc: doc, example: example) { (a: BuiltinArguments) throws(ScaleError) -> Value in
                let n = try a.interpreter.whole(try a.optionalNumber(1) ?? 10, in: 0...(1 << 53), at: a.range(1), what: "\(name)'s n")
                switch a[0] {
                case .table(let t)?:
                    let k = min(max(n, 0), t.rowCount)
                    return .table(t.rows(fromEnd ? Array((t.rowCount - k)..<t.rowCount) : Array(0..<k)))
                case .vector(let xs)?:
                    return .vector(Array(fromEnd ? xs.suffix(max(n, 0)) : xs.prefix(max(n, 0))))
                default: throw .runtime("\(name) expects a table or vector", at: a.range(0))
                }
            }
        }
    }
}
