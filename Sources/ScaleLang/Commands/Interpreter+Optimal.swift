import Foundation
import ScalingCore

/// `optimal LAW at C = X [cost EXPR]`, `optimal LAW for loss = L with inference T`, `isoflop T by C`.
extension Interpreter {
    func optimalCommand(_ command: Command, in scope: Scope, at range: SourceRange) throws(ScaleError) -> Value {
        guard let lawExpr = command.operands.first else {
            throw .runtime("'optimal' needs a law, as in 'optimal chinchilla at C = 5.76e23'", at: range)
        }
        let law = try resolveLaw(try evaluate(lawExpr, in: scope), at: lawExpr.range)
        guard law.inputs.count == 2 else {
            throw .runtime("'optimal' needs a law of two inputs (parameters N and tokens D); \(law.name) takes \(law.inputs.joined(separator: ", "))", at: lawExpr.range)
        }
        if let target = command.clauses.first(where: { $0.word == "for" }) {
            return try inferenceAware(law, command, target: target, in: scope, at: range)
        }
        guard let at = command.clauses.first(where: { $0.word == "at" }) else {
            throw .runtime("say the budget: 'optimal \(describe(lawExpr)) at C = 1e24'", at: range)
        }
        let budgets: [Double]
        switch try evaluate(at.value, in: scope) {
        case .number(let c): budgets = [c]
        case .vector(let cs) where !cs.isEmpty: budgets = cs
        case let v: throw .runtime("the budget must be a number or vector of FLOPs, got a \(v.typeName)", at: at.value.range)
        }
        for c in budgets where !(c > 0 && c.isFinite) {
            throw .runtime("a compute budget must be positive, got \(formatShortest(c))", at: at.value.range)
        }
        var cost: ((Double, Double) -> Double)?
        var costGradient: ((Double, Double) -> (Double, Double))?
        var costText = "6·N·D"
        if let costClause = command.clauses.first(where: { $0.word == "cost" }) {
            var t = Table()
            t.setColumn("N", .numbers([]))
            t.setColumn("D", .numbers([]))
            var resolver = ModelResolver(interpreter: self, scope: scope, table: t, forcedParameters: [])
            resolver.lawDefaultsAreConstants = true
            let node = try resolver.resolve(costClause.value)
            if let p = resolver.parameterNames.first {
                throw .runtime("the cost uses '\(p)', which is not N, D or a defined number", at: costClause.value.range)
            }
            var map: [Int: Int] = [:]
            for (k, name) in resolver.columnNames.enumerated() { map[k] = name == "N" ? 0 : 1 }
            let e = node.lowered.binding(parameters: [], columnMap: map)
            cost = { n, d in e.value(parameters: [], columns: [n, d]) }
            let en = e.promotingColumn(0).derivative(parameter: 0).demotingParameter(to: 0)
            let ed = e.promotingColumn(1).derivative(parameter: 0).demotingParameter(to: 1)
            costGradient = { n, d in (en.value(parameters: [], columns: [n, d]), ed.value(parameters: [], columns: [n, d])) }
            costText = costClause.value.formula
        }
        let form = cost == nil ? ComputeOptimal.ChinchillaForm.detect(law.expr) : nil
        var rows: [ComputeOptimal.Allocation] = []
        for c in budgets {
            rows.append(try allocation(law, budget: c, form: form, cost: cost, costGradient: costGradient, at: range))
        }
        let method = form.map { f in
            "closed form for E + A/N^α + B/D^β: G = \(formatSignificant(f.G, digits: digits)), a = β/(α+β) = \(formatSignificant(f.a, digits: digits)), b = α/(α+β) = \(formatSignificant(f.b, digits: digits))"
        } ?? "numeric search along \(costText) = C in log N (Brent, 1e-10 relative)"
        var columns: [Table.Column] = [
            .init(name: "C", data: .numbers(rows.map(\.budget))), .init(name: "N", data: .numbers(rows.map(\.N))),
            .init(name: "D", data: .numbers(rows.map(\.D))), .init(name: "loss", data: .numbers(rows.map(\.loss))),
            .init(name: "tokens_per_param", data: .numbers(rows.map(\.tokensPerParameter))),
        ]
        if let peak = settingNumber("gpu") {
            let mfu = settingNumber("mfu") ?? 0.4, price = settingNumber("price") ?? 2.5
            let hours = rows.map { $0.budget / (peak * mfu * 3600) }
            columns.append(.init(name: "gpu_hours", data: .numbers(hours)))
            columns.append(.init(name: "cost", data: .numbers(hours.map { $0 * price })))
        }
        let table = Table(columns: columns)
        let title = "compute-optimal allocation under \(law.name) (\(method))"
        if rows.count == 1 {
            var record = Record(table.columns.map { ($0.name, $0.data.value.firstNumber) })
            if let form { record["G"] = .number(form.G); record["a"] = .number(form.a); record["b"] = .number(form.b) }
            return .object(AllocationValue(title: title, record: record))
        }
        return .object(ResultTable(title: title, table: table, typeName: "allocation"))
    }

    /// The compute-optimal allocation of `law` at budget C: the closed form when the law has the
    /// E + A/N^α + B/D^β shape (`form`), else a numeric search along the cost (6·N·D by default).
    func allocation(_ law: ResolvedLaw, budget C: Double, form: ComputeOptimal.ChinchillaForm?, cost: ((Double, Double) -> Double)? = nil,
                    costGradient: ((Double, Double) -> (Double, Double))? = nil, at range: SourceRange) throws(ScaleError) -> ComputeOptimal.Allocation {
        if let form { return form.optimum(budget: C) }
        do {
            return try ComputeOptimal.numeric(loss: { law.value([$0, $1]) }, budget: C, cost: cost, gradient: law.gradient, costGradient: costGradient)
        } catch {
            throw .runtime("optimal: \(error.description)", at: range)
        }
    }

    func settingNumber(_ key: String) -> Double? {
        if case .number(let x)? = settings[key] { return x }
        return nil
    }

    func inferenceAware(_ law: ResolvedLaw, _ command: Command, target: Command.Clause, in scope: Scope, at range: SourceRange) throws(ScaleError) -> Value {
        guard target.name == "loss" else { throw .runtime("write 'for loss = L'", at: target.range) }
        let loss = try scalar(try evaluate(target.value, in: scope), at: target.value.range, what: "the target loss")
        var tokens = 0.0
        if let w = command.clauses.first(where: { $0.word == "with" && $0.name == "inference" }) {
            tokens = try scalar(try evaluate(w.value, in: scope), at: w.value.range, what: "the inference tokens")
        }
        let served: ComputeOptimal.InferenceAware, trainingOnly: ComputeOptimal.InferenceAware
        do throws(ComputeOptimal.SearchError) {
            served = try ComputeOptimal.inferenceAware(loss: { law.value([$0, $1]) }, target: loss, inferenceTokens: tokens)
            trainingOnly = try ComputeOptimal.inferenceAware(loss: { law.value([$0, $1]) }, target: loss, inferenceTokens: 0)
        } catch {
            throw .runtime("optimal: \(error.description)", at: range)
        }
        let record = Record([
            ("N", .number(served.N)), ("D", .number(served.D)), ("tokens_per_param", .number(served.D / served.N)),
            ("training_flops", .number(served.trainingFLOPs)), ("inference_flops", .number(served.inferenceFLOPs)),
            ("total_flops", .number(served.total)),
            ("chinchilla_N", .number(trainingOnly.N)), ("chinchilla_D", .number(trainingOnly.D)),
            ("chinchilla_total_flops", .number(trainingOnly.N * 6 * trainingOnly.D + 2 * trainingOnly.N * tokens)),
            ("N_ratio", .number(served.N / trainingOnly.N)),
            ("saving", .number(1 - served.total / (6 * trainingOnly.N * trainingOnly.D + 2 * trainingOnly.N * tokens))),
        ])
        let title = "inference-aware optimum under \(law.name) for loss \(formatSignificant(loss, digits: digits)) with \(formatCount(tokens)) inference tokens "
            + "(Sardana & Frankle 2023: minimise 6·N·D + 2·N·T); chinchilla_* is the training-only optimum for the same loss"
        return .object(AllocationValue(title: title, record: record))
    }

    func isoflopCommand(_ command: Command, in scope: Scope, at range: SourceRange) throws(ScaleError) -> Value {
        guard let tableExpr = command.operands.first else { throw .runtime("'isoflop' needs a table of runs, as in 'isoflop runs by C'", at: range) }
        guard case .table(let t) = try evaluate(tableExpr, in: scope) else {
            throw .runtime("'isoflop' expects a table of runs", at: tableExpr.range)
        }
        var byName = "C"
        if let by = command.clauses.first(where: { $0.word == "by" }) {
            guard case .name(let n) = by.value.kind else { throw .runtime("'by' expects a column name", at: by.value.range) }
            byName = n
        }
        func column(_ name: String) throws(ScaleError) -> [Double] {
            guard case .numbers(let v)? = t.column(name) else {
                throw .runtime("isoflop needs numeric columns N, loss and \(byName); the table has no '\(name)'", at: tableExpr.range,
                               hint: suggestion(name, t.columnNames, list: "columns"))
            }
            return v
        }
        let analysis: IsoFLOP.Analysis
        let n = try column("N"), loss = try column("loss"), c = try column(byName)
        do {
            analysis = try IsoFLOP.analyse(N: n, loss: loss, compute: c)
        } catch {
            throw .runtime("isoflop: \(error.description)", at: range)
        }
        let b = analysis.budgets
        let table = Table(columns: [
            .init(name: "C", data: .numbers(b.map(\.compute))), .init(name: "runs", data: .numbers(b.map { Double($0.runs) })),
            .init(name: "N_opt", data: .numbers(b.map(\.N))), .init(name: "D_opt", data: .numbers(b.map(\.D))),
            .init(name: "loss", data: .numbers(b.map(\.loss))),
        ])
        func g(_ x: Double) -> String { formatSignificant(x, digits: digits) }
        var title = "iso-FLOP analysis (Chinchilla Approach 2): parabola in log N per budget, then power laws across \(b.count) budgets\n"
        title += "  N_opt = \(g(analysis.N.coefficient))·C^a, a = \(g(analysis.N.exponent)) ± \(g(analysis.N.standardError)), 95% [\(g(analysis.N.lower)), \(g(analysis.N.upper))]\n"
        title += "  D_opt = \(g(analysis.D.coefficient))·C^b, b = \(g(analysis.D.exponent)) ± \(g(analysis.D.standardError)), 95% [\(g(analysis.D.lower)), \(g(analysis.D.upper))]"
        for s in analysis.skipped { title += "\n  skipped \(s)" }
        let result = ResultTable(title: title, table: table, typeName: "isoflop")
        result.extra = [
            "a": .number(analysis.N.exponent), "b": .number(analysis.D.exponent),
            "a_lo": .number(analysis.N.lower), "a_hi": .number(analysis.N.upper),
            "b_lo": .number(analysis.D.lower), "b_hi": .number(analysis.D.upper),
            "k": .number(analysis.N.coefficient), "k_D": .number(analysis.D.coefficient),
        ]
        return .object(result)
    }
}

/// One allocation (or an inference-aware optimum): a record that prints counts with suffixes.
final class AllocationValue: DomainObject {
    let title: String
    let record: Record

    init(title: String, record: Record) {
        self.title = title
        self.record = record
    }

    var typeName: String { "allocation" }
    var memberNames: [String] { record.names }
    func member(_ name: String) -> Value? { record[name] }

    func display(digits: Int) -> String {
        let width = record.names.map(\.count).max() ?? 0
        var out = title
        for (name, value) in record.fields {
            guard case .number(let x) = value else { continue }
            let pad = String(repeating: " ", count: width - name.count)
            let shown: String
            switch name {
            case "N", "chinchilla_N": shown = "\(formatSignificant(x, digits: digits))  (\(formatCount(x)) parameters)"
            case "D", "chinchilla_D": shown = "\(formatSignificant(x, digits: digits))  (\(formatCount(x)) tokens)"
            case "C", "training_flops", "inference_flops", "total_flops", "chinchilla_total_flops": shown = "\(formatSignificant(x, digits: digits)) FLOP"
            case "gpu_hours": shown = "\(formatSignificant(x, digits: digits))  (\(formatCount(x)) GPU-hours)"
            case "cost": shown = "\(formatSignificant(x, digits: digits))  ($\(formatCount(x)))"
            default: shown = formatSignificant(x, digits: digits)
            }
            out += "\n\(name):\(pad) \(shown)"
        }
        return out
    }
}

extension Value {
    /// The first number of a vector value (for one-row tables turned into records).
    var firstNumber: Value {
        if case .vector(let xs) = self, let x = xs.first { return .number(x) }
        return self
    }
}

/// A count with a magnitude suffix: 7e10 → "70B", 1.4e12 → "1.4T", 3.2e6 → "3.2M"; 4 significant
/// digits; beyond the T range, scientific notation (5.76e+23).
func formatCount(_ x: Double) -> String {
    let a = abs(x)
    let units: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]
    if a >= 1e15 || a == 0 || !a.isFinite { return formatSignificant(x, digits: 4) }
    for (scale, suffix) in units where a >= scale {
        return formatSignificant(x / scale, digits: 4) + suffix
    }
    return formatSignificant(x, digits: 4)
}
