import ScalingCore

private typealias Defaults = ComparisonModels.Defaults

extension Commands {
    /// `matched M with …`: a small model with test-time samples against an M× larger one at equal FLOPs.
    static let matched = CommandDeclaration(
        verb: "matched", summary: "a small model with test-time samples against an M× larger one at equal total FLOPs, per difficulty",
        operands: [OperandDeclaration("ratio", .expression(.number(.positive)), "how many times larger the big model is")],
        clauses: [ClauseDeclaration("with", .options([
            OptionDeclaration("model", .number(.positive), default: formatCount(Defaults.smallModel), "the small model's parameters"),
            modelOption("tokens"), modelOption("queries"), modelOption("sample_tokens"), modelOption("p"), modelOption("verifier"), modelOption("law"),
            OptionDeclaration("scale", .number(.positive), default: formatShortest(Defaults.lossPerLogit), "loss per logit: logit p rises by (loss drop)/scale"),
        ]), placeholder: "OPTION = VALUE, …", "assumptions, each with a default")],
        examples: ["matched 14 with model = 1B, queries = 1B"],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.matched(input) })
}

extension Interpreter {
    func matched(_ input: CommandInput) throws(ScaleError) -> Value {
        guard let ratioOperand = input.operand(0), let ratio = ratioOperand.number else {
            throw .runtime("'matched' needs how many times larger the big model is, as in 'matched 14 with model = 1B'", at: input.range)
        }
        guard ratio > 1 else { throw .runtime("the larger model must be more than 1× the small one, got \(formatShortest(ratio))", at: ratioOperand.range) }
        let N = try input.number("model")
        let D = input.given("tokens")?.number ?? Defaults.tokensPerParameter * N
        let law = try pretrainingLaw(input)
        let problems = input.given("p") != nil ? input.probabilities("p") : Defaults.matchedProblems
        if let p = input.given("p") { try checkQuadratureWork(problems: problems.count, columns: 3, at: p.range) }
        let (verifier, verifierLabel) = try input.verifier()
        let assumptions = MatchedCompute.Assumptions(
            smallParameters: N, ratio: ratio, tokens: D, queries: try input.number("queries"),
            tokensPerSample: try input.number("sample_tokens"),
            problems: problems, verifier: verifier, lossPerLogit: try input.number("scale"))
        // Beyond Int32 samples the core caps k and the totals would no longer match: an error, not a verdict.
        guard assumptions.matchedSamples <= Double(Int32.max) else {
            throw .runtime("equal FLOPs would take \(formatCount(assumptions.matchedSamples)) samples per query, more than \(Int32.max): "
                           + "lower the ratio or raise queries", at: ratioOperand.range)
        }
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
}
