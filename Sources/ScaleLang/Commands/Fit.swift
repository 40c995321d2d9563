import ScalingCore

extension Commands {
    /// `fit RESPONSE ~ MODEL [on T] [start …] [huber δ] [weights W] [bounds …] [maxiter K] [in log] [method varpro|lm]`.
    static let fit = CommandDeclaration(
        verb: "fit", summary: "estimate a model's parameters from a table's rows (least squares, or Huber's loss)",
        operands: [OperandDeclaration("model", .formula, "RESPONSE ~ MODEL; names that are neither columns nor defined numbers are parameters")],
        clauses: [
            ClauseDeclaration("on", .expression(.table), placeholder: "TABLE", "the table of runs (default: the one from 'use', else the last loaded)"),
            ClauseDeclaration("start", .assignments(.expression), placeholder: "P = VALUE, …",
                              "start values; a vector or range makes a grid of starts, run in parallel"),
            ClauseDeclaration("huber", .expression(.number(.positive)), placeholder: "δ", "minimise Huber's loss with threshold δ (BFGS, exact gradient)"),
            ClauseDeclaration("weights", .expression(.expression), placeholder: "W", "a weight per row: an expression over the table's columns"),
            ClauseDeclaration("bounds", .bounds(.expression), placeholder: "P > X, …", "bounds on parameters"),
            ClauseDeclaration("maxiter", .expression(.count(CountDomain(1, 100_000_000))), placeholder: "K", "the most evaluations of the model"),
            ClauseDeclaration("in", .word(subject: "scale", choices: ["log"]),
                              "fit log(response) − log(model) (the Chinchilla replication's objective); the estimates stay the law's own"),
            ClauseDeclaration("method", .word(subject: "method", choices: ["varpro", "lm"]),
                              "variable projection (the default when some parameters enter linearly) or all parameters together"),
            ClauseDeclaration("by", .list(.column), placeholder: "COLUMN, …",
                              "fit each group of rows (one per combination of these columns' values) separately: a grouped fit, one row a group"),
            ClauseDeclaration("shared", .list(.parameter), placeholder: "P, …",
                              "with 'by': these parameters common to every group, the others per group, in one joint fit tested against the separate fits"),
        ],
        examples: ["t = table(x = [1, 2, 3, 4], y = [2.1, 3.9, 6.2, 7.8])", "f = fit y ~ a * x + b on t start a = 1..3, b = 0",
                   "table(f)", "f.cov", "g = f.law", "g(5)",
                   "u = table(x = [1, 2, 3, 4, 1, 2, 3, 4], y = [2.1, 3.9, 6.2, 7.8, 3.0, 5.1, 6.9, 9.2], mix = [\"a\", \"a\", \"a\", \"a\", \"b\", \"b\", \"b\", \"b\"])",
                   "fs = fit y ~ a * x + b on u by mix shared a", "fs.b", "fs(x = 5, mix = \"b\")"],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.fit(input) })
}

extension Interpreter {

    func fit(_ input: CommandInput) throws(ScaleError) -> Value {
        guard case .formula(let responseExpr, let modelExpr)? = input.operand(0)?.typed else {
            throw .runtime("write 'fit RESPONSE ~ MODEL', as in 'fit loss ~ E + A/N^alpha'", at: input.range)
        }
        let range = input.range, scope = input.scope
        let allRows = try commandTable(input.clause("on"), at: range)
        let starts = input.clauses("start").flatMap(\.items)
        // the rows complete in every column the model, the response and the weights read
        let keys = try groupKeys(input.clause("by"), in: allRows)
        let read = (responseExpr.referencedNames + modelExpr.referencedNames + (input.clause("weights")?.expression?.referencedNames ?? [])) + keys
        let (table, skipped) = completeRows(allRows, in: read, for: "fit")
        var resolver = ModelResolver(interpreter: self, scope: scope, table: table, forcedParameters: Set(starts.compactMap(\.name)))
        let response = try resolver.resolve(responseExpr)
        if let name = resolver.parameterNames.first {
            throw .runtime("the response '\(responseExpr.formula)' uses '\(name)', which is neither a column nor a defined name", at: responseExpr.range,
                           hint: suggestion(name, table.columnNames, list: "columns"))
        }
        let model = try resolver.resolve(modelExpr)
        for s in starts where !resolver.parameterNames.contains(s.name ?? "") {
            throw .runtime("'\(s.name ?? "")' is given a start but does not appear in the model", at: s.range)
        }
        warnOfMisspeltColumns(parameters: resolver.parameterNames, read: resolver.columnNames, table: table)
        var problem = try fitProblem(input, resolver: resolver, response: response, model: model, table: table)
        if input.clause("in")?.word == "log" { problem = problem.onLogScale() }
        let method = input.clause("method")?.word.flatMap(FitMethod.init(rawValue:)) ?? .automatic
        let grid = try startGrid(starts, resolver: resolver, in: scope, at: range)
        let formula = "\(responseExpr.formula) ~ \(modelExpr.formula)" + (input.clause("in")?.word == "log" ? " in log" : "")
        if !keys.isEmpty {
            let plan = GroupedFitPlan(keys: keys, shared: try sharedParameters(input.clause("shared"), of: resolver.parameterNames),
                                      formula: formula, constants: resolver.constants, skippedRows: skipped)
            return .object(try groupedFit(problem, table: table, starts: grid, method: method, plan: plan, at: range))
        }
        if let shared = input.clause("shared") { throw .runtime("'shared' needs groups to share across: add 'by COLUMN'", at: shared.range) }
        let result: FitResult
        do {
            result = try Fitter.fit(problem, starts: grid, method: method, cancelled: { Interrupt.isRequested })
        } catch {
            throw .runtime("fit: \(error.message)", at: range)
        }
        return .object(fitValue(result, problem: problem, table: table, formula: formula, constants: resolver.constants, skippedRows: skipped))
    }

    /// A parameter named like a column the model does not read is most likely that column misspelt
    /// (`Nn` for `N`): a fit would estimate it silently. Warned when the names differ only in case,
    /// or by one edit for a parameter of two characters or more (so that `A` beside a column `N` is not).
    func warnOfMisspeltColumns(parameters: [String], read: [String], table: Table) {
        let unread = table.columnNames.filter { !read.contains($0) }
        for p in parameters {
            let close = unread.first { c in
                c.lowercased() == p.lowercased() || (p.count >= 2 && abs(p.count - c.count) <= 1 && DiagnosticRenderer.editDistance(p, c) == 1)
            }
            if let c = close {
                warn("warning: fit: '\(p)' is a parameter, as it is neither a column nor a defined name; did you mean the column '\(c)'?")
            }
        }
    }

    /// The rows of `t` complete in those of `names` that are its columns, and how many were left
    /// out, with a note when any were: every command that reads columns uses this.
    func completeRows(_ t: Table, in names: [String], for command: String) -> (Table, skipped: Int) {
        let columns = Array(Set(names.filter { t.column($0) != nil }))
        let keep = t.completeRows(in: columns)
        let skipped = keep.reduce(0) { $0 + ($1 ? 0 : 1) }
        guard skipped > 0 else { return (t, 0) }
        note("\(command): rows: \(t.rowCount - skipped) (\(skipped) with missing values skipped)")
        return (t.filtered(keep), skipped)
    }

    /// The table a command works on: the one named, else the one from `use`, else the last loaded.
    func commandTable(_ named: Checked?, at range: SourceRange) throws(ScaleError) -> Table {
        if case .table(let t)? = named?.typed { return t }
        if case .table(let t)? = usedTable ?? lastLoadedTable { return t }
        throw .runtime("no table to fit: add 'on TABLE', or 'use TABLE' first", at: range)
    }

    func fitProblem(_ input: CommandInput, resolver: ModelResolver, response: ModelExpr, model: ModelExpr,
                    table: Table) throws(ScaleError) -> FitProblem {
        let scope = input.scope, range = input.range
        var columns: [[Double]] = []
        for name in resolver.columnNames {
            guard case .numbers(let v)? = table.column(name) else { throw .runtime("column '\(name)' is not numeric", at: range) }
            columns.append(v)
        }
        if columns.isEmpty { columns = [Array(repeating: 0, count: table.rowCount)] }
        let names = resolver.columnNames.isEmpty ? ["(row)"] : resolver.columnNames
        var problem = FitProblem(response: response, model: model, columns: columns, columnNames: names,
                                 parameterNames: resolver.parameterNames)
        if let w = input.clause("weights")?.expression {
            let v = try evaluate(w, in: columnScope(table, parent: scope))
            switch v {
            case .vector(let xs) where xs.count == table.rowCount: problem.weights = xs
            case .number(let x): problem.weights = Array(repeating: x, count: table.rowCount)
            default: throw .runtime("weights must give one number per row (\(table.rowCount)), got a \(v.typeName)", at: w.range)
            }
        }
        problem.huberDelta = input.clause("huber")?.number
        if let m = input.clause("maxiter")?.count { problem.maxEvaluations = m }
        for clause in input.clauses("bounds") {
            guard case .bounds(let bounds) = clause.typed else { continue }
            for b in bounds {
                guard let j = resolver.parameterNames.firstIndex(of: b.name) else {
                    throw .runtime("bounds name '\(b.name)', which is not a parameter of the model", at: b.value.range,
                                   hint: suggestion(b.name, resolver.parameterNames, list: "parameters"))
                }
                let x = try scalar(try evaluate(b.value, in: scope), at: b.value.range, what: "a bound")
                if b.lower { problem.lowerBounds[j] = x } else { problem.upperBounds[j] = x }
                do { try problem.checkBounds(of: j) } catch {
                    switch error {
                    case .notANumber(let name): throw .runtime("the bound on '\(name)' is not a number", at: b.value.range)
                    case .empty(let name, let lo, let hi):
                        throw .runtime("no value of '\(name)' is above \(formatShortest(lo)) and below \(formatShortest(hi))", at: b.value.range)
                    }
                }
            }
        }
        return problem
    }

    /// Every combination of the start values (a vector or range makes a grid), parameters in model order.
    func startGrid(_ starts: [Checked], resolver: ModelResolver, in scope: Scope, at range: SourceRange) throws(ScaleError) -> [[Double]] {
        var choices: [[Double]] = []
        for name in resolver.parameterNames {
            if let s = starts.last(where: { $0.name == name }), let e = s.expression {
                switch try evaluate(e, in: scope) {
                case .number(let x): choices.append([x])
                case .vector(let xs) where !xs.isEmpty: choices.append(xs)
                case let v: throw .runtime("a start must be a number, vector or range, got a \(v.typeName)", at: e.range)
                }
            } else {
                choices.append([resolver.defaultStarts[name] ?? 1])
            }
        }
        let count = choices.reduce(1.0) { $0 * Double($1.count) }
        guard count <= Double(limits.gridStarts) else {
            // formatted, not converted to Int: a product of many choices can exceed Int's range
            throw .runtime("the start grid has \(formatShortest(count)) combinations, more than the limit of \(limits.gridStarts)", at: range)
        }
        var grid: [[Double]] = [[]]
        for c in choices { grid = grid.flatMap { prefix in c.map { prefix + [$0] } } }
        return grid
    }

    func fitValue(_ r: FitResult, problem: FitProblem, table: Table, formula: String, constants: [(name: String, value: Double)], skippedRows: Int = 0) -> FitValue {
        var summary = FitValue.Summary(
            result: r, formula: formula, objectiveName: problem.huberDelta.map { "Huber(δ = \(formatShortest($0))) objective" }
                ?? (problem.weights == nil ? "objective (RSS)" : "objective (weighted RSS)"),
            rows: problem.rows, constants: constants)
        summary.skippedRows = skippedRows
        return FitValue(summary: summary, problem: problem, table: table)
    }
}

extension FitError {
    /// The core's message with what to write about it in this language.
    var message: String {
        nonFinite == nil ? description : description + ": remove it or filter it out with 'where'"
    }
}

extension Interpreter {
    /// The fitted law on each row of `t`, which must have the law's inputs as numeric columns.
    func predict(_ f: FitValue, on t: Table, at range: SourceRange) throws(ScaleError) -> [Double] {
        var columns: [String: [Double]] = [:]
        for name in f.inputs {
            guard case .numbers(let v)? = t.column(name) else {
                throw .runtime("the table has no numeric column '\(name)', an input of the fitted law", at: range,
                               hint: suggestion(name, t.columnNames, list: "columns"))
            }
            columns[name] = v
        }
        return f.evaluate(columns, t.rowCount)
    }

    /// Each row of `t` by its own group's law: the group named by the row's values in the
    /// grouped fit's key columns; `na` for a row of no group the fit has.
    func predict(_ g: GroupedFitValue, on t: Table, at range: SourceRange) throws(ScaleError) -> [Double] {
        var keyColumns: [Table.ColumnData] = []
        for key in g.keys {
            guard let c = t.column(key) else {
                throw .runtime("the table has no column '\(key)', which picks each row's group", at: range, hint: suggestion(key, t.columnNames, list: "columns"))
            }
            keyColumns.append(c)
        }
        var rowsOf: [String: [Int]] = [:]
        for i in 0..<t.rowCount { rowsOf[keyColumns.map { $0.text(at: i) ?? "na" }.joined(separator: "/"), default: []].append(i) }
        var out = [Double](repeating: .na, count: t.rowCount)
        for (label, f) in zip(g.labels, g.fits) {
            guard let rows = rowsOf[label] else { continue }
            for (i, y) in zip(rows, try predict(f, on: t.rows(rows), at: range)) { out[i] = y }
        }
        return out
    }
}

extension BuiltinRegistry {
    /// `residuals(f)`: response minus fitted value per row; `predict(f, table)`: the fitted model
    /// on another table's columns.
    mutating func registerFitBuiltins() {
        define("residuals", ["fit"],
               doc: "a fit's residuals: response minus fitted value, per row",
               example: "residuals(fit y ~ a * x on table(x = [1, 2, 3], y = [2, 4.1, 5.9]))") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            guard case .object(let o)? = a[0], let f = o as? FitValue else { throw .runtime("residuals expects a fit", at: a.range(0)) }
            return .vector(f.summary.residuals)
        }
        define("predict", ["fit", "table"],
               doc: "a fit's model on another table's columns (a grouped fit's: each row by its group's law, picked by the group columns)",
               example: "predict(fit y ~ a * x on table(x = [1, 2, 3], y = [2, 4.1, 5.9]), table(x = [4, 5]))") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            guard case .table(let t)? = a[1] else { throw .runtime("predict expects a table second", at: a.range(1)) }
            if case .object(let g as GroupedFitValue)? = a[0] { return .vector(try a.interpreter.predict(g, on: t, at: a.range(1))) }
            guard case .object(let o)? = a[0], let f = o as? FitValue else { throw .runtime("predict expects a fit first", at: a.range(0)) }
            a.interpreter.warnUsing(f, by: "predict", asLaw: true)
            return .vector(try a.interpreter.predict(f, on: t, at: a.range(1)))
        }
    }
}
