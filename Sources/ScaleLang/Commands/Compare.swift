import Foundation
import ScalingCore

private typealias Defaults = ComparisonModels.Defaults

extension Commands {
    /// The assumptions `compare` and `matched` share.
    static let modelOptions: [OptionDeclaration] = [
        OptionDeclaration("tokens", .number(.positive), derived: "\(formatShortest(Defaults.tokensPerParameter))·N", example: "140B", "training tokens of the base model"),
        OptionDeclaration("law", .law, default: "epoch2024", "the pre-training law of (N, D)"),
        OptionDeclaration("p", .probabilities, example: "[0.9, 0.5, 0.1, 0]", "per-problem probabilities that one sample is right"),
        OptionDeclaration("verifier", .verifier, default: "auc(\(formatShortest(Defaults.verifierAUC)))", "how best-of-k picks its answer: oracle, noisy(σ) or auc(x)"),
        OptionDeclaration("queries", .number(.positive), default: formatCount(Defaults.queries), "queries served: test-time compute is paid on each"),
        OptionDeclaration("sample_tokens", .number(.positive), default: formatShortest(Defaults.tokensPerSample), "tokens per sample"),
    ]

    /// One of `modelOptions`, by name. A name not there declares an option no handler reads, which
    /// OptionReadTests reports.
    static func modelOption(_ name: String) -> OptionDeclaration {
        modelOptions.first { $0.name == name } ?? OptionDeclaration(name, .value, "")
    }

    /// `compare N with …`: the three laws side by side. Every assumption is an option with a
    /// default, and the result's title names each one in use.
    static let compare = CommandDeclaration(
        verb: "compare", summary: "extra compute spent on pre-training, RL or test time: gain per FLOP and ceiling of each, ranked",
        operands: [OperandDeclaration("parameters", .expression(.number(.positive)), "the base model's parameters")],
        clauses: [ClauseDeclaration("with", .options([
            modelOption("tokens"),
            OptionDeclaration("extra", .number(.positive), default: formatShortest(Defaults.extraFraction), "extra compute as a fraction of the base 6·N·D"),
            OptionDeclaration("budget", .number(.positive), example: "1e21", "extra compute in FLOPs (instead of extra)"),
            modelOption("law"),
            OptionDeclaration("accuracy", .law, example: "acc", setup: "acc(loss) = 1 / (1 + exp((loss - 2.1) / 0.1))", "accuracy as a function of the loss (instead of midpoint and scale)"),
            OptionDeclaration("midpoint", .number(.finite), default: formatShortest(Defaults.midpoint), "the loss at which the logistic accuracy is 1/2"),
            OptionDeclaration("scale", .number(.positive), default: formatShortest(Defaults.lossPerLogit), "the loss per logit of the logistic accuracy"),
            OptionDeclaration("rl", .law, example: "scalerl", "RL reward as a curve of RL compute (instead of the ScaleRL sigmoid)"),
            OptionDeclaration("rl_ceiling", .number(.finite), derived: "the rl curve at 1e40", example: "0.9", "the RL curve's ceiling"),
            OptionDeclaration("headroom", .number(.positive), default: formatShortest(Defaults.headroom), "the ScaleRL ceiling above the base accuracy"),
            OptionDeclaration("rl_mid", .number(.positive), default: formatShortest(Defaults.rlMidpoint), "the ScaleRL midpoint as a fraction of the base compute"),
            OptionDeclaration("rl_exponent", .number(.positive), default: formatShortest(Defaults.rlExponent), "the ScaleRL exponent"),
            modelOption("p"),
            OptionDeclaration("beyond", .number(NumberDomain(lower: 0, lowerOpen: false, upper: 1, upperOpen: true)), default: formatShortest(Defaults.beyond),
                              "the share of problems out of reach of sampling"),
            modelOption("verifier"), modelOption("queries"), modelOption("sample_tokens"),
        ]), placeholder: "OPTION = VALUE, …", "assumptions, each with a default")],
        examples: ["compare 7B with tokens = 140B", "compare 7B with tokens = 140B, queries = 1B"],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.compare(input) })
}

extension Interpreter {
    func compare(_ input: CommandInput) throws(ScaleError) -> Value {
        let range = input.range
        guard let N = input.operand(0)?.number else {
            throw .runtime("'compare' needs the base model's parameters, as in 'compare 7B with tokens = 140B'", at: range)
        }
        let D = input.given("tokens")?.number ?? Defaults.tokensPerParameter * N
        let C0 = TransformerFLOPs.training(parameters: N, tokens: D)
        if input.given("extra") != nil, input.given("budget") != nil {
            throw .runtime("give either extra (a fraction of the base compute) or budget (FLOPs), not both", at: input.given("budget")?.range ?? range)
        }
        let extraFraction = try input.number("extra")
        let extra = input.given("budget")?.number ?? extraFraction * C0
        var notes: [String] = []

        // Pre-training: a law of (N, D) and a logistic map from loss to accuracy (or the user's function of loss).
        let law = try pretrainingLaw(input)
        let accuracy: (Double) -> Double
        if let option = input.given("accuracy"), case .law(let f) = option.typed {
            let r = option.range
            guard f.inputs.count == 1 else { throw .runtime("accuracy must be a function of the loss alone", at: r) }
            accuracy = { f.value([$0]) }
            notes.append("accuracy = \(f.name)(loss)")
        } else {
            let mid = try input.number("midpoint"), s = try input.number("scale")
            accuracy = ComparisonModels.logisticAccuracy(midpoint: mid, scale: s)
            notes.append("accuracy = 1/(1 + exp((loss − \(formatShortest(mid)))/\(formatShortest(s))))")
        }
        let baseLoss = law.value([N, D])
        let base = accuracy(baseLoss)
        let optimum = try allocation(law, budget: C0 + extra, form: ComputeOptimal.ChinchillaForm.detect(law.expr), at: range)

        // RL: the user's curve of RL compute, or the ScaleRL sigmoid from the base accuracy.
        let rl: (Double) -> Double
        let rlCeiling: Double
        if let option = input.given("rl"), case .law(let f) = option.typed {
            let r = option.range
            guard f.inputs.count == 1 else { throw .runtime("rl must be a curve of RL compute alone", at: r) }
            rl = { f.value([$0]) }
            rlCeiling = input.given("rl_ceiling")?.number ?? f.value([1e40])
            notes.append("RL = \(f.name)(C)")
        } else {
            let headroom = try input.number("headroom"), mid = try input.number("rl_mid")
            let exponent = try input.number("rl_exponent")
            rl = PhaseComparison.sigmoid(R0: base, A: base + headroom, Cmid: mid * C0, B: exponent)
            rlCeiling = base + headroom
            notes.append("RL = scalerl(R0 = base, A = base + \(formatShortest(headroom)), Cmid = \(formatShortest(mid))·C0, B = \(formatShortest(exponent)))")
        }

        // Test time: per-problem probabilities, by default a share `beyond` out of reach and the
        // rest at the p that averages to the base accuracy.
        let problems: [Double]
        if input.given("p") != nil {
            problems = input.probabilities("p")
            try checkQuadratureWork(problems: problems.count, columns: 3, at: input.given("p")?.range ?? range)
            notes.append("p from \(problems.count) problem\(problems.count == 1 ? "" : "s")")
        } else {
            let beyond = try input.number("beyond")
            do throws(ComparisonModels.UnreachableAccuracy) {
                let mix = try ComparisonModels.problems(accuracy: base, beyond: beyond)
                problems = mix.problems
                notes.append("\(formatShortest(beyond * 100))% of problems out of reach, the rest at p = \(formatSignificant(mix.p, digits: 4))")
            } catch {
                throw .runtime("the base accuracy \(formatSignificant(base, digits: 4)) cannot come from problems \(formatShortest(beyond * 100))% out of reach; lower beyond",
                               at: input.option("beyond")?.range ?? range)
            }
        }
        let (verifier, verifierLabel) = try input.verifier()
        let queries = try input.number("queries"), sampleTokens = try input.number("sample_tokens")
        notes.append("best-of-k, verifier \(verifierLabel), \(formatCount(queries)) queries × \(formatCount(sampleTokens)) tokens")

        let lossFloor = ComparisonModels.lossFloor(law.expr)
        let assumptions = PhaseComparison.Assumptions(parameters: N, tokens: D, extraFLOPs: extra, queries: queries, tokensPerSample: sampleTokens,
                                                      problems: problems, verifier: verifier)
        let result = PhaseComparison.compare(assumptions, baseLoss: baseLoss, optimum: optimum, lossFloor: lossFloor,
                                             accuracy: accuracy, rl: rl, rlCeiling: rlCeiling)
        let byReturn = result.byReturn, byCeiling = result.byCeiling
        let table = Table(columns: [
            .init(name: "phase", data: .text(result.phases.map(\.name))),
            .init(name: "accuracy", data: .numbers(result.phases.map(\.accuracy))),
            .init(name: "gain", data: .numbers(result.phases.map(\.gain))),
            .init(name: "gain_per_flop", data: .numbers(result.phases.map(\.gainPerFLOP))),
            .init(name: "ceiling", data: .numbers(result.phases.map(\.ceiling))),
            .init(name: "rank_return", data: .numbers(result.phases.map { Double((byReturn.firstIndex(of: $0.name) ?? 0) + 1) })),
            .init(name: "rank_ceiling", data: .numbers(result.phases.map { Double((byCeiling.firstIndex(of: $0.name) ?? 0) + 1) })),
        ])
        let title = """
            \(formatCount(extra)) extra FLOPs (\(formatSignificant(extra / C0 * 100, digits: 3))% of 6·N·D) on a \(formatCount(N)) model trained on \(formatCount(D)) tokens under \(law.name): base loss \(formatSignificant(baseLoss, digits: 6)), accuracy \(formatSignificant(base, digits: 6))
            pre-training: the compute-optimal \(formatCount(optimum.N)) model on \(formatCount(optimum.D)) tokens; test time: \(result.samplesPerQuery) sample\(result.samplesPerQuery == 1 ? "" : "s") per query
            assumptions: \(notes.joined(separator: "; "))
            return per FLOP: \(byReturn.joined(separator: " > ")); ceiling: \(byCeiling.joined(separator: " > "))
            """
        let value = ResultTable(title: title, table: table, typeName: "comparison")
        value.extra = ["by_return": .string(byReturn.joined(separator: " > ")), "by_ceiling": .string(byCeiling.joined(separator: " > ")),
                       "base": .number(base), "samples": .number(Double(result.samplesPerQuery)), "extra": .number(extra)]
        return .object(value)
    }

    /// The `law` option of compare and matched: a law of (N, D), epoch2024 by default.
    func pretrainingLaw(_ input: CommandInput) throws(ScaleError) -> ResolvedLaw {
        guard let option = input.option("law"), case .law(let law) = option.typed else { throw input.undeclared("law") }
        let lawRange = option.range
        guard law.inputs.count == 2 else { throw .runtime("law must take two inputs (N, D); \(law.name) takes \(law.inputs.count)", at: lawRange) }
        return law
    }
}
