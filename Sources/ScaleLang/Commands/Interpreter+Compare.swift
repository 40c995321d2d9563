import Foundation
import ScalingCore

/// `compare N with …` (the three laws side by side) and `matched M with …` (a small model with
/// test-time samples against an M× larger one at equal FLOPs). Every assumption is an option with
/// a default, and the result's title names each one in use.
extension Interpreter {
    /// The `with NAME = VALUE, …` options of a command, evaluated, each with its range; an option
    /// not in `known` is an error that suggests the closest known one.
    func commandOptions(_ command: Command, known: [String], in scope: Scope) throws(ScaleError) -> [String: (Value, SourceRange)] {
        var options: [String: (Value, SourceRange)] = [:]
        for c in command.clauses where c.word == "with" {
            guard let name = c.name else { continue }
            guard known.contains(name) else {
                throw .runtime("unknown option '\(name)' for \(command.verb): expected \(known.joined(separator: ", "))", at: c.range,
                               hint: DiagnosticRenderer.closest(to: name, among: known).map { "did you mean '\($0)'?" })
            }
            if case .call(let callee, _) = c.value.kind, case .name("~") = callee.kind {
                throw .runtime("\(command.verb) takes '\(name) = …' here, not a distribution", at: c.range)
            }
            options[name] = (try evaluate(c.value, in: scope), c.value.range)
        }
        return options
    }

    func compareCommand(_ command: Command, in scope: Scope, at range: SourceRange) throws(ScaleError) -> Value {
        guard let modelExpr = command.operands.first else {
            throw .runtime("'compare' needs the base model's parameters, as in 'compare 7B with tokens = 140B'", at: range)
        }
        let known = ["tokens", "extra", "budget", "law", "accuracy", "midpoint", "scale", "rl", "rl_ceiling", "headroom", "rl_mid",
                     "rl_exponent", "p", "beyond", "verifier", "queries", "sample_tokens"]
        let options = try commandOptions(command, known: known, in: scope)
        let opt = OptionReader(interpreter: self, options: options)
        let N = try positive(try evaluate(modelExpr, in: scope), at: modelExpr.range, what: "the base model's parameters")
        let D = try opt.positive("tokens", 20 * N)
        let C0 = 6 * N * D
        if options["extra"] != nil, options["budget"] != nil {
            throw .runtime("give either extra (a fraction of the base compute) or budget (FLOPs), not both", at: options["budget"]?.1 ?? range)
        }
        let extraFraction = try opt.positive("extra", 0.1)
        let extra = try opt.positive("budget", extraFraction * C0)
        var notes: [String] = []

        // Pre-training: a law of (N, D) and a logistic map from loss to accuracy (or the user's function of loss).
        let law = try pretrainingLaw(options, at: range)
        let accuracy: (Double) -> Double
        if let (v, r) = options["accuracy"] {
            let f = try resolveLaw(v, at: r)
            guard f.inputs.count == 1 else { throw .runtime("accuracy must be a function of the loss alone", at: r) }
            accuracy = { f.value([$0]) }
            notes.append("accuracy = \(f.name)(loss)")
        } else {
            let mid = try opt.number("midpoint", 2.2), s = try opt.positive("scale", 0.08)
            accuracy = { 1 / (1 + Foundation.exp(($0 - mid) / s)) }
            notes.append("accuracy = 1/(1 + exp((loss − \(formatShortest(mid)))/\(formatShortest(s))))")
        }
        let baseLoss = law.value([N, D])
        let base = accuracy(baseLoss)
        let optimum = try allocation(law, budget: C0 + extra, form: ComputeOptimal.ChinchillaForm.detect(law.expr), at: range)

        // RL: the user's curve of RL compute, or the ScaleRL sigmoid from the base accuracy.
        let rl: (Double) -> Double
        let rlCeiling: Double
        if let (v, r) = options["rl"] {
            let f = try resolveLaw(v, at: r)
            guard f.inputs.count == 1 else { throw .runtime("rl must be a curve of RL compute alone", at: r) }
            rl = { f.value([$0]) }
            rlCeiling = try opt.number("rl_ceiling", f.value([1e40]))
            notes.append("RL = \(f.name)(C)")
        } else {
            let headroom = try opt.positive("headroom", 0.25), mid = try opt.positive("rl_mid", 0.2), exponent = try opt.positive("rl_exponent", 1)
            rl = PhaseComparison.sigmoid(R0: base, A: base + headroom, Cmid: mid * C0, B: exponent)
            rlCeiling = base + headroom
            notes.append("RL = scalerl(R0 = base, A = base + \(formatShortest(headroom)), Cmid = \(formatShortest(mid))·C0, B = \(formatShortest(exponent)))")
        }

        // Test time: per-problem probabilities, by default a share `beyond` out of reach and the
        // rest at the p that averages to the base accuracy.
        let problems: [Double]
        if options["p"] != nil {
            problems = try opt.probabilities("p")
            notes.append("p from \(problems.count) problem\(problems.count == 1 ? "" : "s")")
        } else {
            let beyond = try opt.number("beyond", 0.3)
            guard beyond >= 0, beyond < 1 else { throw .runtime("beyond must be in [0, 1)", at: options["beyond"]?.1 ?? range) }
            let p = base / (1 - beyond)
            guard p <= 1 else {
                throw .runtime("the base accuracy \(formatSignificant(base, digits: 4)) cannot come from problems \(formatShortest(beyond * 100))% out of reach; lower beyond", at: options["beyond"]?.1 ?? range)
            }
            let outOfReach = Int((beyond * 1000).rounded())
            problems = Array(repeating: 0, count: outOfReach) + Array(repeating: p, count: 1000 - outOfReach)
            notes.append("\(formatShortest(beyond * 100))% of problems out of reach, the rest at p = \(formatSignificant(p, digits: 4))")
        }
        let (verifier, verifierLabel) = try opt.verifier(default: (.auc(0.9), "auc(0.9)"))
        let queries = try opt.positive("queries", 1e6), sampleTokens = try opt.positive("sample_tokens", 1000)
        notes.append("best-of-k, verifier \(verifierLabel), \(formatCount(queries)) queries × \(formatCount(sampleTokens)) tokens")

        // The loss as N and D grow without bound: E for the Chinchilla shape, else read far out.
        let lossFloor = ComputeOptimal.ChinchillaForm.detect(law.expr)?.E ?? law.value([1e40, 1e40])
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

    func matchedCommand(_ command: Command, in scope: Scope, at range: SourceRange) throws(ScaleError) -> Value {
        guard let ratioExpr = command.operands.first else {
            throw .runtime("'matched' needs how many times larger the big model is, as in 'matched 14 with model = 1B'", at: range)
        }
        let ratio = try positive(try evaluate(ratioExpr, in: scope), at: ratioExpr.range, what: "the size ratio")
        guard ratio > 1 else { throw .runtime("the larger model must be more than 1× the small one, got \(formatShortest(ratio))", at: ratioExpr.range) }
        let known = ["model", "tokens", "queries", "sample_tokens", "p", "verifier", "law", "scale"]
        let options = try commandOptions(command, known: known, in: scope)
        let opt = OptionReader(interpreter: self, options: options)
        let N = try opt.positive("model", 1e9)
        let D = try opt.positive("tokens", 20 * N)
        let law = try pretrainingLaw(options, at: range)
        // Five difficulty levels, easiest first, in the manner of Snell et al.'s bins.
        let problems = options["p"] != nil ? try opt.probabilities("p") : [0.9, 0.6, 0.3, 0.1, 0.02]
        let (verifier, verifierLabel) = try opt.verifier(default: (.auc(0.9), "auc(0.9)"))
        let assumptions = MatchedCompute.Assumptions(
            smallParameters: N, ratio: ratio, tokens: D, queries: try opt.positive("queries", 1e6), tokensPerSample: try opt.positive("sample_tokens", 1000),
            problems: problems, verifier: verifier, lossPerLogit: try opt.positive("scale", 0.08))
        let r = MatchedCompute.compare(assumptions, loss: { law.value([$0, $1]) })
        let winners = r.problems.map { $0.smallWithSamples > $0.large ? "test time" : $0.smallWithSamples < $0.large ? "larger model" : "tie" }
        let table = Table(columns: [
            .init(name: "p", data: .numbers(r.problems.map(\.small))),
            .init(name: "large", data: .numbers(r.problems.map(\.large))),
            .init(name: "small_k", data: .numbers(r.problems.map(\.smallWithSamples))),
            .init(name: "winner", data: .text(winners)),
        ])
        let inferenceRatio = assumptions.queries * assumptions.tokensPerSample / D
        let title = """
            \(formatCount(N)) model with \(r.samples) samples per query (best-of-k, verifier \(verifierLabel)) vs a \(formatShortest(ratio))× larger \(formatCount(ratio * N)) model sampling once, both trained on \(formatCount(D)) tokens
            inference \(formatCount(assumptions.queries)) queries × \(formatCount(assumptions.tokensPerSample)) tokens = \(formatSignificant(inferenceRatio, digits: 3))× the pre-training tokens; total FLOPs \(formatCount(r.smallFLOPs)) vs \(formatCount(r.largeFLOPs))
            assumption: logit p rises by (loss drop)/\(formatShortest(assumptions.lossPerLogit)); \(law.name) loss \(formatSignificant(r.smallLoss, digits: 6)) → \(formatSignificant(r.largeLoss, digits: 6))
            mean accuracy: small + test time \(formatSignificant(r.smallAccuracy, digits: 6)), larger model \(formatSignificant(r.largeAccuracy, digits: 6))
            """
        let value = ResultTable(title: title, table: table, typeName: "matched comparison")
        value.extra = ["samples": .number(Double(r.samples)), "small_accuracy": .number(r.smallAccuracy), "large_accuracy": .number(r.largeAccuracy),
                       "small_flops": .number(r.smallFLOPs), "large_flops": .number(r.largeFLOPs)]
        return .object(value)
    }

    /// The `law` option of compare and matched: a law of (N, D), epoch2024 by default.
    func pretrainingLaw(_ options: [String: (Value, SourceRange)], at range: SourceRange) throws(ScaleError) -> ResolvedLaw {
        let lawRange = options["law"]?.1 ?? range
        let law = try resolveLaw(options["law"]?.0 ?? globals.lookup("epoch2024") ?? .nothing, at: lawRange)
        guard law.inputs.count == 2 else { throw .runtime("law must take two inputs (N, D); \(law.name) takes \(law.inputs.count)", at: lawRange) }
        return law
    }

    /// Exact best-of-k with a noisy verifier integrates once per problem and K (about 10⁴ steps).
    func checkQuadratureWork(problems: Int, columns: Int, at range: SourceRange) throws(ScaleError) {
        try checkSimulationWork(Double(problems) * Double(columns) * 1e4, at: range) { "\(problems) problems × \(columns) values of K is about \($0) steps of quadrature" }
    }

    /// Refuses a computation of about `work` steps beyond `limits.simulationWork`: the message is
    /// `describe(work as a count)`, the limit, then `advice`.
    func checkSimulationWork(_ work: Double, advice: String = "", at range: SourceRange, _ describe: (String) -> String) throws(ScaleError) {
        guard work <= limits.simulationWork else {
            throw .runtime("\(describe(formatCount(work))), more than the limit of \(formatCount(limits.simulationWork))\(advice)", at: range)
        }
    }

    func positive(_ v: Value, at range: SourceRange, what: String) throws(ScaleError) -> Double {
        let x = try scalar(v, at: range, what: what)
        guard x > 0, x.isFinite else { throw .runtime("\(what) must be a positive number, got \(formatShortest(x))", at: range) }
        return x
    }
}

/// Reads typed values out of a command's evaluated options, with defaults and errors that point
/// at the option.
struct OptionReader {
    let interpreter: Interpreter
    let options: [String: (Value, SourceRange)]

    func number(_ key: String, _ fallback: Double) throws(ScaleError) -> Double {
        guard let (v, r) = options[key] else { return fallback }
        let x = try interpreter.scalar(v, at: r, what: key)
        guard x.isFinite else { throw .runtime("\(key) must be a finite number", at: r) }
        return x
    }

    func positive(_ key: String, _ fallback: Double) throws(ScaleError) -> Double {
        guard let (v, r) = options[key] else { return fallback }
        return try interpreter.positive(v, at: r, what: key)
    }

    /// One probability or a vector (a table column) of per-problem probabilities.
    func probabilities(_ key: String) throws(ScaleError) -> [Double] {
        guard let (v, r) = options[key] else { return [] }
        switch v {
        case .number(let p) where p >= 0 && p <= 1: return [p]
        case .vector(let ps) where !ps.isEmpty && ps.allSatisfy({ $0 >= 0 && $0 <= 1 }):
            try interpreter.checkQuadratureWork(problems: ps.count, columns: 3, at: r)
            return ps
        default: throw .runtime("\(key) must be a probability or a vector of per-problem probabilities in [0, 1]", at: r)
        }
    }

    func verifier(default fallback: (TestTimeSimulation.Verifier, String)) throws(ScaleError) -> (TestTimeSimulation.Verifier, String) {
        guard let (v, r) = options["verifier"] else { return fallback }
        guard case .object(let o as VerifierValue) = v else { throw .runtime("verifier is oracle, noisy(σ) or auc(x)", at: r) }
        return (o.verifier, o.label)
    }
}
