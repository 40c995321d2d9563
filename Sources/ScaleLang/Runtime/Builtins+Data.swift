import ScalingCore

/// Missing values and the table verbs a study needs: `isna`, `drop_na`, `stack`, `join`, `rename`,
/// `sort(t, by = …)`, and the vector helpers `unique`, `first`, `last`, `median`, `quantile`,
/// `rolling`, `cummax`, `cummin`. Rows and elements keep their order unless a verb sorts them.

extension BuiltinArguments {
    /// The i-th argument as a table.
    func table(_ i: Int) throws(ScaleError) -> Table {
        guard case .table(let t)? = self[i]?.tabular else {
            throw .runtime("\(functionName) expects a table as argument \(i + 1)\(self[i].map { ", got a \($0.typeName)" } ?? "")", at: range(i))
        }
        return t
    }

    /// The i-th argument as column names: text, or a text vector.
    func names(_ i: Int, _ what: String) throws(ScaleError) -> [String] {
        switch self[i] {
        case .string(let s)?: return [s]
        case .strings(let xs)? where !xs.contains(where: { $0 == nil }): return xs.compactMap { $0 }
        default:
            throw .runtime("\(functionName) expects \(what) as text, as in by = \"model\" or by = [\"model\", \"seed\"]\(self[i].map { ", got a \($0.typeName)" } ?? "")", at: range(i))
        }
    }

    /// The i-th argument as the name of a column of `t`.
    func columnName(_ i: Int, of t: Table) throws(ScaleError) -> String {
        let name = try string(i, "a column name")
        guard t.column(name) != nil else {
            throw .runtime("the table has no column '\(name)'", at: range(i), hint: interpreter.suggestion(name, t.columnNames, list: "columns"))
        }
        return name
    }
}

extension BuiltinRegistry {
    mutating func registerDataBuiltins() {
        constant("na", .number(.na), doc: "the missing value: arithmetic and comparisons with it give na, reductions of data holding it are na", example: "[1, na, 3] + 1")
        define("isna", ["x"],
               doc: "whether a value (or each element) is missing",
               example: "isna([1, na, 0/0])") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            switch a[0] {
            case .number(let x)?: return .bool(x.isNA)
            case .string?, .bool?: return .bool(false)
            case .vector(let xs)?: return .bools(xs.map(\.isNA))
            case .strings(let xs)?: return .bools(xs.map { $0 == nil })
            case .bools(let bs)?: return .bools(bs.map { $0 == nil })
            case let v?: throw .runtime("isna expects a value or a vector, got a \(v.typeName)", at: a.range(0))
            case nil: return .nothing
            }
        }
        // drop_na(v); drop_na(t): rows complete in every column; drop_na(t, "loss", "N"): in those
        define("drop_na", ["x", "column"], required: 1, variadic: true, namesFrom: 1,
               doc: "a vector without its missing elements; a table without rows missing a value (in the named columns, if given)",
               example: "mean(drop_na([1, na, 3]))") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            switch a[0] {
            case .vector(let xs)?: return .vector(xs.filter { !$0.isNA })
            case .strings(let xs)?: return .strings(xs.filter { $0 != nil })
            case .bools(let bs)?: return .bools(bs.filter { $0 != nil })
            case .number(let x)?: return .vector(x.isNA ? [] : [x])
            case .table(let t)?:
                var names: [String] = []
                for i in a.values.indices.dropFirst() { names.append(try a.columnName(i, of: t)) }
                return .table(t.filtered(t.completeRows(in: names.isEmpty ? nil : names)))
            case let v?: throw .runtime("drop_na expects a vector or a table, got a \(v.typeName)", at: a.range(0))
            case nil: return .nothing
            }
        }
        define("stack", ["t", "more"], required: 1, variadic: true,
               doc: "the rows of tables one after another, columns matched by name (absent ones missing)",
               example: "stack(table(N = [1B], loss = [2.5]), table(N = [2B], run = [\"b\"]))") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            var tables: [Table] = []
            for i in a.values.indices { tables.append(try a.table(i)) }
            let (t, notes) = TableVerbs.stack(tables)
            for n in notes { a.interpreter.note("stack: " + n) }
            return .table(t)
        }
        define("join", ["a", "b", "by", "keep"], required: 3,
               doc: "rows of two tables whose key columns match (by = \"model\" or a vector of names); keep = \"left\", \"right\" or \"outer\" keeps unmatched rows; other shared columns become NAME.x and NAME.y",
               example: "join(table(model = [\"a\", \"b\"], N = [1B, 2B]), table(model = [\"b\", \"a\"], loss = [2.4, 2.5]), by = \"model\")") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let left = try a.table(0), right = try a.table(1)
            let keys = try a.names(2, "the key column names")
            var keep = TableVerbs.JoinKeep.inner
            if a[3] != nil {
                let k = try a.string(3, "how to keep unmatched rows")
                guard let kk = TableVerbs.JoinKeep(rawValue: k) else {
                    throw .runtime("join's keep is one of \(TableVerbs.JoinKeep.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), got \"\(k)\"", at: a.range(3))
                }
                keep = kk
            }
            do throws(TableVerbs.JoinError) {
                return .table(try TableVerbs.join(left, right, by: keys, keep: keep))
            } catch {
                throw .runtime("join: " + error.message, at: a.range(2))
            }
        }
        // rename(t, old = "new", …); a backticked name renames any column (rename(t, `Model Size` = "N"))
        define("rename", ["t"], required: 1, openNames: true,
               doc: "a table with columns renamed: rename(t, old = \"new\")",
               example: "rename(table(x = [1]), x = \"N\")") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            var t = try a.table(0)
            for (old, v, range) in a.named {
                guard case .string(let new) = v else { throw .runtime("rename's new name for '\(old)' must be text, as in rename(t, \(old) = \"N\")", at: range) }
                guard t.column(old) != nil else {
                    throw .runtime("the table has no column '\(old)'", at: range, hint: a.interpreter.suggestion(old, t.columnNames, list: "columns"))
                }
                guard new == old || t.column(new) == nil else { throw .runtime("the table already has a column '\(new)'", at: range) }
                t = t.renaming(old, to: new)
            }
            return .table(t)
        }
        define("unique", ["x"],
               doc: "the distinct elements, in order of first appearance",
               example: "unique([3, 1, 3, 2, 1])") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            switch a[0] {
            case .strings(let xs)?:
                var seen = Set<String?>()
                return .strings(xs.filter { seen.insert($0).inserted })
            case .bools(let bs)?:
                var seen = Set<Bool?>()
                return .bools(bs.filter { seen.insert($0).inserted })
            default:
                // by bits, so that na, nan and -0 are each one value of their own
                var seen = Set<UInt64>()
                return .vector(try a.vector(0).filter { x in seen.insert(x.isNA ? Double.na.bitPattern : x.isNaN ? Double.nan.bitPattern : (x == 0 ? 0 : x.bitPattern)).inserted })
            }
        }
        for (name, doc, example, fromEnd) in [("first", "the first element of a vector (the first row of a table, as a record)", "first([4, 5, 6])", false), ("last", "the last element of a vector (the last row of a table, as a record)", "last([4, 5, 6])", true)] {
            define(name, ["x"], doc: doc, example: example) { (a: BuiltinArguments) throws(ScaleError) -> Value in
                func pick<T>(_ xs: [T]) throws(ScaleError) -> T {
                    guard let x = fromEnd ? xs.last : xs.first else { throw .runtime("\(name) of an empty vector", at: a.range(0)) }
                    return x
                }
                switch a[0] {
                case .strings(let xs)?: return try pick(xs).map { .string($0) } ?? .number(.na)
                case .bools(let bs)?: return try pick(bs).map { .bool($0) } ?? .number(.na)
                case .table(let t)?:
                    guard t.rowCount > 0 else { throw .runtime("\(name) of an empty table", at: a.range(0)) }
                    return .record(t.row(fromEnd ? t.rowCount - 1 : 0))
                default: return .number(try pick(try a.vector(0)))
                }
            }
        }
        define("median", ["x"],
               doc: "the middle value (the mean of the two middle ones for an even count)",
               example: "median([3, 1, 4, 1, 5])") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let xs = try a.vector(0)
            guard !xs.isEmpty else { throw .runtime("median of an empty vector", at: a.range(0)) }
            if xs.contains(where: \.isNA) { return .number(.na) }
            return .number(Reductions.quantile(xs, 0.5))
        }
        // quantile(x, q): R's type 7 (numpy's default), q a number or a vector of them in [0, 1]
        define("quantile", ["x", "q"],
               doc: "the q-quantile by linear interpolation (R's type 7, numpy's default); q may be a vector",
               example: "quantile(1..10, [0.25, 0.5, 0.9])") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let xs = try a.vector(0)
            guard !xs.isEmpty else { throw .runtime("quantile of an empty vector", at: a.range(0)) }
            let qs = try a.vector(1, "a probability or a vector of them")
            for q in qs where !(q >= 0 && q <= 1) {
                throw .runtime("quantile's q must be from 0 to 1, got \(formatShortest(q))", at: a.range(1))
            }
            let missing = xs.contains(where: \.isNA)
            let out = qs.map { missing ? Double.na : Reductions.quantile(xs, $0) }
            if case .number? = a[1] { return .number(out[0]) }
            return .vector(out)
        }
        // rolling(x, k): the trailing mean of up to k values (fewer at the start), as pandas'
        // rolling(k, min_periods=1).mean(); a window holding na is na
        define("rolling", ["x", "k"],
               doc: "the trailing mean of up to k values (fewer at the start), as pandas' rolling(k, min_periods=1).mean()",
               example: "rolling([1, 2, 3, 4, 5], 2)") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let xs = try a.vector(0)
            let k = try a.interpreter.whole(try a.number(1, "a window length"), in: 1...(1 << 40), at: a.range(1), what: "rolling's window k")
            return .vector(Reductions.trailingMeans(xs, window: k))
        }
        for (name, doc, example, keepFirst) in [("cummax", "running maxima", "cummax([1, 3, 2, 5])", { (x: Double, best: Double) in x > best }),
                                                ("cummin", "running minima (the best loss so far)", "cummin([3.2, 3.0, 3.1, 2.9])", { (x: Double, best: Double) in x < best })] {
            define(name, ["x"], doc: doc, example: example) { (a: BuiltinArguments) throws(ScaleError) -> Value in
                var best: Double?
                return .vector(try a.vector(0).map { x in
                    // na and NaN carry forward from where they stand (R's cummax)
                    if let b = best, b.isNaN || !(x.isNaN || keepFirst(x, b)) { return b }
                    best = x
                    return x
                })
            }
        }
    }

    /// Long and wide tables (tidyr's verbs), and points read off training curves.
    mutating func registerCurveBuiltins() {
        define("pivot_wider", ["t", "names", "values", "id"], required: 3,
               doc: "one row per identity (the id columns; by default all but names and values), one column per distinct value of the names column holding the values column's cells, na where absent (tidyr's pivot_wider)",
               example: "pivot_wider(table(step = [1, 1, 2], tag = [\"loss\", \"acc\", \"loss\"], value = [3.1, 0.2, 2.9]), names = \"tag\", values = \"value\")") {
            (a: BuiltinArguments) throws(ScaleError) -> Value in
            let t = try a.table(0)
            let names = try a.string(1, "the column of the new columns' names"), values = try a.string(2, "the column of the values")
            let id = a[3] == nil ? nil : try a.names(3, "the columns that identify a row")
            do throws(Pivot.PivotError) {
                return .table(try Pivot.wider(t, names: names, values: values, id: id))
            } catch {
                throw .runtime("pivot_wider: " + error.message, at: a.callRange)
            }
        }
        define("pivot_longer", ["t", "column"], required: 2, variadic: true, openNames: true, namesFrom: 1,
               synopsis: "pivot_longer(t, COLUMN, …, names = \"name\", values = \"value\")",
               doc: "the named columns gathered into two, names (which column) and values, one row per row and column, the other columns repeated (tidyr's pivot_longer)",
               example: "pivot_longer(table(step = [1, 2], loss = [3.1, 2.9], acc = [0.2, 0.3]), loss, acc, names = \"metric\")") {
            (a: BuiltinArguments) throws(ScaleError) -> Value in
            let t = try a.table(0)
            var columns: [String] = []
            for i in 1..<a.values.count where a[i] != nil { columns.append(try a.columnName(i, of: t)) }
            var names = "name", values = "value"
            for (label, v, range) in a.named {
                guard case .string(let text) = v else { throw .runtime("pivot_longer's \(label) is a column name as text, as in \(label) = \"metric\"", at: range) }
                switch label {
                case "names": names = text
                case "values": values = text
                default:
                    throw .runtime("'pivot_longer' has no parameter '\(label)' (it takes the table, the columns, names and values)", at: range,
                                   hint: DiagnosticRenderer.closest(to: label, among: ["names", "values"]).map { "did you mean '\($0)'?" })
                }
            }
            do throws(Pivot.PivotError) {
                return .table(try Pivot.longer(t, columns: columns, names: names, values: values))
            } catch {
                throw .runtime("pivot_longer: " + error.message, at: a.callRange)
            }
        }
        define("ema", ["x", "weight"],
               doc: "TensorBoard's smoothing of a curve: the exponential moving average with this weight in [0, 1), debiased at the start as TensorBoard draws it",
               example: "ema([3.2, 3.0, 3.1, 2.9, 2.8], 0.6)") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let xs = try a.vector(0, "a curve")
            let w = try a.number(1, "a smoothing weight")
            guard w >= 0, w < 1 else { throw .runtime("ema's weight must be in [0, 1), got \(formatShortest(w))", at: a.range(1)) }
            return .vector(Curves.tensorBoardSmoothing(xs, weight: w))
        }
        define("at", ["x", "y", "x0"],
               doc: "the curve (x, y) read at x0, linearly interpolated between the points around it (na outside the curve's range); x0 may be a vector",
               example: "at([100, 200, 400], [3.0, 2.8, 2.5], 300)") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let xs = try a.vector(0, "the curve's x (steps or tokens)"), ys = try a.vector(1, "the curve's y")
            guard xs.count == ys.count else { throw .runtime("at's x and y differ in length: \(xs.count) and \(ys.count)", at: a.range(1)) }
            // outside the logged range the value is not known: na, not an extrapolation
            func read(_ x0: Double) -> Double {
                let y = Curves.value(xs: xs, ys: ys, at: x0)
                return y.isNaN ? .na : y
            }
            switch a[2] {
            case .number(let x0)?: return .number(read(x0))
            case .vector(let x0s)?: return .vector(x0s.map(read))
            case let v?: throw .runtime("at expects a number or vector as x0, got a \(v.typeName)", at: a.range(2))
            case nil: return .nothing
            }
        }
        define("lr_areas", ["t", "lr", "by", "decay"], required: 1,
               doc: "the table with columns S1 and S2, the forward and annealing areas of its learning-rate column (lr) up to each row, per run (by = \"run\" when there is one), for the annealing law (Tissue et al. 2024); decay is the momentum λ (0.999)",
               example: "lr_areas(table(run = [\"a\", \"a\", \"a\"], lr = [1e-3, 1e-3, 5e-4]))") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            var t = try a.table(0)
            let lrName = a[1] == nil ? "lr" : try a.string(1, "the learning-rate column's name")
            guard case .numbers(let lr)? = t.column(lrName) else {
                throw .runtime("lr_areas needs a numeric learning-rate column '\(lrName)'", at: a.range(1),
                               hint: a.interpreter.suggestion(lrName, t.columnNames, list: "columns"))
            }
            let byName = a[2] == nil ? (t.column("run") == nil ? nil : "run") : try a.columnName(2, of: t)
            let decay = a[3] == nil ? 0.999 : try a.number(3, "the momentum decay λ")
            guard decay >= 0, decay < 1 else { throw .runtime("lr_areas' decay must be in [0, 1), got \(formatShortest(decay))", at: a.range(3)) }
            for n in ["S1", "S2"] where t.column(n) != nil {
                throw .runtime("the table already has a column '\(n)'", at: a.range(0))
            }
            // each run's rows in table order (a run's steps in the order logged)
            var rowsOf: [String: [Int]] = [:], order: [String] = []
            let runs = byName.flatMap { t.column($0) }
            for i in 0..<t.rowCount {
                let key = runs?.key(i) ?? ""
                if rowsOf[key] == nil { order.append(key) }
                rowsOf[key, default: []].append(i)
            }
            var s1 = [Double](repeating: .nan, count: t.rowCount), s2 = s1
            for key in order {
                guard let rows = rowsOf[key] else { continue }
                let areas = Curves.learningRateAreas(rows.map { lr[$0] }, decay: decay)
                for (k, i) in rows.enumerated() { s1[i] = areas.s1[k]; s2[i] = areas.s2[k] }
            }
            t.setColumn("S1", .numbers(s1))
            t.setColumn("S2", .numbers(s2))
            return .table(t)
        }
    }
}
