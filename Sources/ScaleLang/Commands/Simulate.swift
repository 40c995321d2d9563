import ScalingCore

extension Commands {
    /// `simulate STRATEGY K [steps S] [with OPTION = VALUE, …]`: the strategies, and the options
    /// and clauses beyond the common ones, come from `SimulateStrategy.all`.
    static let simulate = CommandDeclaration(
        verb: "simulate", summary: "test-time strategies over K samples per question: exact where a closed form exists, seeded Monte Carlo otherwise",
        operands: [
            OperandDeclaration("strategy", .word(subject: "strategy", choices: SimulateStrategy.all.map(\.name)),
                               SimulateStrategy.all.map { "\($0.name): \($0.doc)" }.joined(separator: "; ")),
            OperandDeclaration("K", .expression(.counts(CountDomain(1, limit: { $0.samples }))), "samples per question: a number, vector or range"),
        ],
        clauses: SimulateStrategy.clauses + [
            ClauseDeclaration("with", .options(SimulateStrategy.options), placeholder: "OPTION = VALUE, …", "the problem, the verifier and the run"),
        ],
        examples: SimulateStrategy.all.map(\.example),
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.simulate(input) })
}

/// What every strategy is handed: the checked input and the common options, read once.
struct SimulationSetup {
    let input: CommandInput
    let ks: [Int]
    let kRange: SourceRange
    let difficulty: TestTimeSimulation.Difficulty
    let trials: Int
    /// Whether `trials` was given (best-of-k is exact unless it was).
    let trialsGiven: Bool
    let seed: UInt64
    let verifier: TestTimeSimulation.Verifier
    let verifierLabel: String

    /// A Monte Carlo run that stops on Ctrl-C.
    func monteCarlo(_ body: (@escaping @Sendable () -> Bool) throws(TestTimeSimulation.Cancelled) -> (Double, Double, Double)) throws(ScaleError)
        -> (Double, Double, Double) {
        do { return try body({ Interrupt.isRequested }) } catch { throw .runtime("interrupted", at: input.range) }
    }
}

extension Interpreter {
    func simulate(_ input: CommandInput) throws(ScaleError) -> Value {
        let range = input.range
        guard let name = input.operand(0)?.word, let strategy = SimulateStrategy.all.first(where: { $0.name == name }),
              let kOperand = input.operand(1), case .counts(let ks) = kOperand.typed else {
            throw .runtime("write 'simulate STRATEGY K with …', STRATEGY one of \(listing(SimulateStrategy.all.map(\.name), "or"))", at: range)
        }
        try SimulateStrategy.check(input, for: strategy)
        // only the common options the strategy declares it reads (beam search has no p, majority
        // voting no trials), each as given or by its declared default
        let reads = Set(strategy.reads)
        var difficulty: TestTimeSimulation.Difficulty = .fixed(0.5)
        var difficultyLabel = ""
        if reads.contains("p") {
            guard let p = input.option("p"), case .difficulty(let d, let label) = p.typed else { throw input.undeclared("p") }
            difficulty = d
            difficultyLabel = label
            if case .empirical(let ps) = d { try checkQuadratureWork(problems: ps.count, columns: ks.count, at: p.range) }
        }
        let trials = reads.contains("trials") ? try input.count("trials") : 0
        let seed = reads.contains("seed") ? try randomSeed(input.given("seed"), at: range) : 0
        var verifier = TestTimeSimulation.Verifier.oracle, verifierLabel = ""
        if reads.contains("verifier") {
            guard case .verifier(let v, let label)? = input.option("verifier")?.typed else { throw input.undeclared("verifier") }
            (verifier, verifierLabel) = (v, label)
        }
        let setup = SimulationSetup(input: input, ks: ks, kRange: kOperand.range, difficulty: difficulty, trials: trials,
                                    trialsGiven: reads.contains("trials") && input.given("trials") != nil, seed: seed,
                                    verifier: verifier, verifierLabel: verifierLabel)
        let (detail, rows) = try strategy.run(self, setup)
        var columns: [Table.Column] = [
            .init(name: strategy.countColumn, data: .numbers(rows.map { Double($0.k) })),
            .init(name: "accuracy", data: .numbers(rows.map(\.accuracy))),
            .init(name: "lo", data: .numbers(rows.map(\.lo))), .init(name: "hi", data: .numbers(rows.map(\.hi))),
            .init(name: "exact", data: .numbers(rows.map { $0.exact ?? .nan })),
        ]
        if strategy.showsSamples { columns.append(.init(name: "samples", data: .numbers(rows.map { Double($0.samples) }))) }
        if let tokens = input.given("tokens")?.number {
            let perQuestion = rows.map { Double($0.samples) * tokens }
            columns.append(.init(name: "tokens", data: .numbers(perQuestion)))
            if let model = input.given("model")?.number {
                columns.append(.init(name: "flops", data: .numbers(perQuestion.map { TransformerFLOPs.inference(parameters: model, tokens: $0) })))
            }
        }
        let title = "simulate \(strategy.name)" + (strategy.namesDifficulty ? ": \(difficultyLabel)" : "") + detail
        return .object(ResultTable(title: title, table: Table(columns: columns), typeName: "simulation"))
    }
}
