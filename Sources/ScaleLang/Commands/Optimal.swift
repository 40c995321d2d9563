import Foundation
import ScalingCore

extension Commands {
    /// `optimal LAW at C = X [cost EXPR]`, `optimal LAW for loss = L [with inference T]`.
    static let optimal = CommandDeclaration(
        verb: "optimal", summary: "the compute-optimal model size and tokens under a law of (N, D), at a budget or for a target loss",
        operands: [OperandDeclaration("law", .expression(.law), "a law of parameters N and tokens D, or a fit of one")],
        clauses: [
            ClauseDeclaration("at", .binding(.value, bare: false), placeholder: "C = BUDGET", "the compute budget in FLOPs: a number or a vector"),
            ClauseDeclaration("cost", .expression(.expression), placeholder: "COST", "the cost of (N, D) in FLOPs (default 6·N·D): a numeric search along it"),
            ClauseDeclaration("for", .binding(.number(.finite), bare: false), placeholder: "loss = L", "the target loss of the inference-aware optimum"),
            ClauseDeclaration("with", .options([
                OptionDeclaration("inference", .number(.nonNegative), default: "0", example: "10T", "tokens served over the model's life (Sardana & Frankle 2023)"),
                OptionDeclaration("U", .number(.positive), example: "100B",
                                  "unique tokens available, for a data-constrained law of (N, D, U) such as muennighoff (Muennighoff et al. 2023); the answer gives the epochs D/U"),
            ]), placeholder: "inference T", "inference-aware and data-constrained options"),
        ],
        examples: ["optimal chinchilla at C = 5.76e23", "optimal epoch2024 at C = 1e20..1e26 times 10",
                   "optimal chinchilla for loss = 2.0 with inference 10T", "optimal muennighoff at C = 1e23 with U = 100B"],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.optimal(input) })
}

extension Interpreter {
    func optimal(_ input: CommandInput) throws(ScaleError) -> Value {
        let range = input.range, scope = input.scope
        let (given, lawExpr) = try input.law(0)
        var law = given
        let unique = input.option("U")?.number
        if let unique {
            // A data-constrained law: its input U fixed at the unique tokens available.
            guard let iU = law.inputs.firstIndex(of: "U"), law.inputs.count == 3 else {
                throw .runtime("'with U' needs a law of (N, D, U), such as muennighoff; \(law.name) takes \(law.inputs.joined(separator: ", "))",
                               at: input.option("U")?.nameRange ?? lawExpr.range)
            }
            var renumber: [Int: Int] = [:]
            for k in law.inputs.indices where k != iU { renumber[k] = renumber.count }
            law = ResolvedLaw(name: "\(law.name) with U = \(formatCount(unique))", inputs: law.inputs.filter { $0 != "U" },
                              expr: law.expr.promotingColumn(iU).binding(parameters: [unique], columnMap: renumber))
        }
        guard law.inputs.count == 2 else {
            let hint = law.inputs.contains("U") ? " (give the unique tokens with 'with U = …')" : ""
            throw .runtime("'optimal' needs a law of two inputs (parameters N and tokens D); \(law.name) takes \(law.inputs.joined(separator: ", "))\(hint)", at: lawExpr.range)
        }
        if let target = input.clause("for") {
            return try inferenceAware(law, input, target: target)
        }
        let budgets = try self.budgets(input.clause("at"), missing: "say the budget: 'optimal \(describe(lawExpr)) at C = 1e24'", at: range)
        var cost: ((Double, Double) -> Double)?
        var costGradient: ((Double, Double) -> (Double, Double))?
        var costText = "6·N·D"
        if let costExpr = input.clause("cost")?.expression {
            var resolver = ModelResolver(interpreter: self, scope: scope, inputs: ["N", "D"])
            resolver.lawDefaultsAreConstants = true
            let node = try resolver.resolve(costExpr)
            if let p = resolver.parameterNames.first {
                throw .runtime("the cost uses '\(p)', which is not N, D or a defined number", at: costExpr.range)
            }
            var map: [Int: Int] = [:]
            for (k, name) in resolver.columnNames.enumerated() { map[k] = name == "N" ? 0 : 1 }
            let e = node.binding(parameters: [], columnMap: map)
            cost = { n, d in e.value(parameters: [], columns: [n, d]) }
            costGradient = e.gradient2D
            costText = costExpr.formula
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
        if let unique { columns.append(.init(name: "epochs", data: .numbers(rows.map { $0.D / unique }))) }
        if let peak = settings.gpu?.peak {
            let mfu = settings.mfu ?? Hardware.defaultMFU, price = settings.price ?? Hardware.defaultPrice
            columns.append(.init(name: "gpu_hours", data: .numbers(rows.map { Hardware.gpuHours(flops: $0.budget, peak: peak, mfu: mfu) })))
            columns.append(.init(name: "cost", data: .numbers(rows.map { Hardware.cost(flops: $0.budget, peak: peak, mfu: mfu, price: price) })))
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

    func inferenceAware(_ law: ResolvedLaw, _ input: CommandInput, target: Checked) throws(ScaleError) -> Value {
        let range = input.range
        guard target.name == "loss", let loss = target.number else { throw .runtime("write 'for loss = L'", at: target.nameRange ?? range) }
        let tokens = try input.number("inference")
        let c: ComputeOptimal.InferenceAwareComparison
        do throws(ComputeOptimal.SearchError) {
            c = try ComputeOptimal.inferenceAwareComparison(loss: { law.value([$0, $1]) }, target: loss, inferenceTokens: tokens)
        } catch {
            throw .runtime("optimal: \(error.description)", at: range)
        }
        let served = c.served, trainingOnly = c.trainingOnly
        let record = Record([
            ("N", .number(served.N)), ("D", .number(served.D)), ("tokens_per_param", .number(served.D / served.N)),
            ("training_flops", .number(served.trainingFLOPs)), ("inference_flops", .number(served.inferenceFLOPs)),
            ("total_flops", .number(served.total)),
            ("chinchilla_N", .number(trainingOnly.N)), ("chinchilla_D", .number(trainingOnly.D)),
            ("chinchilla_total_flops", .number(c.trainingOnlyTotal)), ("N_ratio", .number(c.sizeRatio)), ("saving", .number(c.saving)),
        ])
        let title = "inference-aware optimum under \(law.name) for loss \(formatSignificant(loss, digits: digits)) with \(formatCount(tokens)) inference tokens "
            + "(Sardana & Frankle 2023: minimise 6·N·D + 2·N·T); chinchilla_* is the training-only optimum for the same loss"
        return .object(AllocationValue(title: title, record: record))
    }
}
