import ScalingCore

/// A test-time strategy of `simulate`: one entry here adds one, with any options and clauses of
/// its own (the command's declaration takes the union).
struct SimulateStrategy: Sendable {
    typealias Run = @Sendable (Interpreter, SimulationSetup) throws(ScaleError) -> (detail: String, rows: [TestTimeSimulation.Row])

    let name: String
    let doc: String
    let example: String
    /// Options beyond the common ones (`p`, `trials`, `seed`, `verifier`, `model`, `tokens`).
    var options: [OptionDeclaration] = []
    /// The common options this strategy reads; any other given to it is an error (a `q` or `wrong`
    /// given to best-of-k was accepted and ignored).
    var reads: [String] = SimulateStrategy.common.map(\.name)
    var clauses: [ClauseDeclaration] = []
    /// The name of the first column (`k`, or `width` for beam search).
    var countColumn = "k"
    /// Whether the table shows the samples drawn per question (beam search draws width² per step).
    var showsSamples = false
    /// Whether the title names the difficulty (beam search has no p: its steps are right with q).
    var namesDifficulty = true
    /// The rows, and what the title adds after the difficulty.
    let run: Run

    static let all: [SimulateStrategy] = [bestOf, majority, weighted, beam]

    /// Every option: the common ones, then each strategy's own, once each.
    static var options: [OptionDeclaration] {
        var out = common
        for s in all { for o in s.options where !out.contains(where: { $0.name == o.name }) { out.append(o) } }
        return out
    }

    static var clauses: [ClauseDeclaration] {
        var out: [ClauseDeclaration] = []
        for s in all { for c in s.clauses where !out.contains(where: { $0.word == c.word }) { out.append(c) } }
        return out
    }

    static let common: [OptionDeclaration] = [
        OptionDeclaration("p", .difficulty, default: "0.5", distribution: true,
                          "the chance one sample is right: a number, a vector of per-problem values, or p ~ beta(a, b)"),
        OptionDeclaration("trials", .count(CountDomain(1, limit: { $0.trials })), default: "10000", "Monte Carlo trials"),
        OptionDeclaration("seed", .seed, derived: "set seed, else 1", example: "7", "the random seed"),
        OptionDeclaration("verifier", .verifier, default: "oracle", example: "noisy(0.5)", "oracle, noisy(σ) or auc(x)"),
        OptionDeclaration("model", .number(.positive), example: "7B, tokens = 2000", "parameters of the model sampled: adds a flops column (2·N per token)"),
        OptionDeclaration("tokens", .number(.positive), example: "2000", "tokens per sample: adds a tokens column"),
    ]

    static let votingOptions: [OptionDeclaration] = [
        OptionDeclaration("distractor", .number(.probability), default: "0", "the chance of the most popular wrong answer"),
        OptionDeclaration("wrong", .count(CountDomain(1, 1000)), default: "1", "the number of other wrong answers"),
    ]

    /// The options and clauses `strategy` takes: anything else given is an error naming them.
    static func check(_ input: CommandInput, for strategy: SimulateStrategy) throws(ScaleError) {
        let takes = strategy.reads + strategy.options.map(\.name)
        for (name, given) in input.options.sorted(by: { $0.value.range.start < $1.value.range.start }) where !takes.contains(name) {
            throw .runtime("simulate \(strategy.name) takes no option '\(name)': it takes \(listing(takes, "and"))", at: given.nameRange ?? given.range,
                           hint: DiagnosticRenderer.closest(to: name, among: takes).map { "did you mean '\($0)'?" })
        }
        for c in input.clauses where c.word != "with" && !strategy.clauses.contains(where: { $0.word == c.word }) {
            let owners = all.filter { $0.clauses.contains { $0.word == c.word } }.map(\.name)
            throw .runtime("simulate \(strategy.name) takes no '\(c.word)' clause (\(c.word) is \(listing(owners, "and"))'s)",
                           at: input.command.clauses.first { $0.word == c.word }?.range ?? c.checked.range)
        }
        if let m = input.given("model"), input.given("tokens") == nil {
            throw .runtime("model gives a flops column only with tokens, the tokens per sample: add tokens = …", at: m.nameRange ?? m.range)
        }
    }

    /// The voting options as given, or their declared defaults.
    static func voting(_ s: SimulationSetup) throws(ScaleError) -> (distractor: Double, wrong: Int) {
        (try s.input.number("distractor"), try s.input.count("wrong"))
    }

    static let bestOf = SimulateStrategy(
        name: "bestof", doc: "the verifier picks one of k samples (exact; Monte Carlo beside it when trials is given)",
        example: "simulate bestof 1..1024 times 4 with p ~ beta(0.3, 2), verifier = noisy(0.5)"
    ) { (i: Interpreter, s: SimulationSetup) throws(ScaleError) -> (detail: String, rows: [TestTimeSimulation.Row]) in
        var rows: [TestTimeSimulation.Row] = []
        for k in s.ks {
            let exact = TestTimeSimulation.bestOfExact(k: k, difficulty: s.difficulty, verifier: s.verifier)
            if s.trialsGiven {
                let (acc, lo, hi) = try s.monteCarlo { (cancelled) throws(TestTimeSimulation.Cancelled) in
                    try TestTimeSimulation.bestOfMonteCarlo(k: k, difficulty: s.difficulty, verifier: s.verifier, trials: s.trials, seed: s.seed,
                                                            cancelled: cancelled)
                }
                rows.append(.init(k: k, accuracy: acc, lo: lo, hi: hi, exact: exact, samples: k))
            } else {
                rows.append(.init(k: k, accuracy: exact, lo: exact, hi: exact, exact: exact, samples: k))
            }
        }
        return (", verifier \(s.verifierLabel)" + (s.trialsGiven ? ", \(s.trials) trials, seed \(s.seed)" : " (exact)"), rows)
    }

    static let majority = SimulateStrategy(
        name: "majority", doc: "the most frequent answer of k wins (exact, by dynamic programming)",
        example: "simulate majority 1..256 times 2 with p = 0.4, distractor = 0.3, wrong = 4", options: votingOptions,
        reads: ["p", "model", "tokens"]
    ) { (i: Interpreter, s: SimulationSetup) throws(ScaleError) -> (detail: String, rows: [TestTimeSimulation.Row]) in
        let (q, m) = try voting(s)
        guard case .fixed(let p) = s.difficulty else {
            throw ScaleError.runtime("majority voting is exact for a fixed p; average over problems with a for loop", at: s.input.range)
        }
        guard p + q <= 1 else { throw ScaleError.runtime("p + distractor must be at most 1", at: s.input.range) }
        var rows: [TestTimeSimulation.Row] = []
        for k in s.ks {
            // the dynamic program visits about (K + 1)·(m + 1)·K²/4 states: the one limit on K (a fixed
            // K = 4096 was stated here, which the work limit refused whatever the other options)
            try i.checkSimulationWork(Double(k + 1) * Double(m + 1) * Double(k) * Double(k) / 4, advice: ": fewer wrong answers or a smaller K",
                                      at: s.kRange) { "exact majority voting at K = \(k) with \(m) other wrong answers is about \($0) steps" }
            let acc = try s.monteCarlo { (cancelled) throws(TestTimeSimulation.Cancelled) in
                let a = try MajorityVote.accuracy(k: k, p: p, distractor: q, wrong: m, cancelled: cancelled)
                return (a, a, a)
            }.0
            rows.append(.init(k: k, accuracy: acc, lo: acc, hi: acc, exact: acc, samples: k))
        }
        return (", distractor \(formatShortest(q)), \(m) other wrong answer\(m == 1 ? "" : "s") (exact)", rows)
    }

    static let weighted = SimulateStrategy(
        name: "weighted", doc: "answers weighted by a noisy verifier's scores (Monte Carlo)",
        example: "simulate weighted 16 with p = 0.3, verifier = auc(0.8), trials = 20000, seed = 7", options: votingOptions
    ) { (i: Interpreter, s: SimulationSetup) throws(ScaleError) -> (detail: String, rows: [TestTimeSimulation.Row]) in
        let (q, m) = try voting(s)
        guard case .noisy(let sigma) = s.verifier else {
            throw ScaleError.runtime("weighted voting needs verifier = noisy(σ) or auc(x)", at: s.input.range)
        }
        var rows: [TestTimeSimulation.Row] = []
        for k in s.ks {
            let (acc, lo, hi) = try s.monteCarlo { (cancelled) throws(TestTimeSimulation.Cancelled) in
                try TestTimeSimulation.weightedVote(k: k, difficulty: s.difficulty, distractor: q, wrong: m, sigma: sigma,
                                                    trials: s.trials, seed: s.seed, cancelled: cancelled)
            }
            rows.append(.init(k: k, accuracy: acc, lo: lo, hi: hi, exact: nil, samples: k))
        }
        return (", distractor \(formatShortest(q)), \(m) other wrong, verifier \(s.verifierLabel), \(s.trials) trials, seed \(s.seed)", rows)
    }

    static let beam = SimulateStrategy(
        name: "beam", doc: "beam search of width W over S steps, pruned by a process reward model (Monte Carlo)",
        example: "simulate beam 4 steps 10 with q = 0.9, verifier = noisy(0.5)",
        options: [OptionDeclaration("q", .number(.probability), default: "0.9", example: "0.8, verifier = noisy(0.5)", "the chance each step is right")],
        reads: ["trials", "seed", "verifier", "model", "tokens"],
        clauses: [ClauseDeclaration("steps", .expression(.count(CountDomain(1, 10_000))), placeholder: "S", "beam search: the reasoning steps")],
        countColumn: "width", showsSamples: true, namesDifficulty: false
    ) { (i: Interpreter, s: SimulationSetup) throws(ScaleError) -> (detail: String, rows: [TestTimeSimulation.Row]) in
        guard case .noisy(let sigma) = s.verifier else {
            throw ScaleError.runtime("beam search needs a process reward model: verifier = noisy(σ) or auc(x)", at: s.input.range)
        }
        guard let steps = s.input.clause("steps")?.count else {
            throw ScaleError.runtime("write 'simulate beam W steps S with q = …'", at: s.input.range)
        }
        let width = s.ks.max() ?? 1
        try i.checkSimulationWork(Double(s.trials) * Double(steps) * Double(width) * Double(width), advice: ": fewer trials or steps",
                                  at: s.input.range) { "trials × steps × width² is \($0)" }
        let stepAccuracy = try s.input.number("q")
        var rows: [TestTimeSimulation.Row] = []
        for w in s.ks {
            let (acc, lo, hi) = try s.monteCarlo { (cancelled) throws(TestTimeSimulation.Cancelled) in
                try TestTimeSimulation.beamSearch(width: w, steps: steps, stepAccuracy: stepAccuracy, sigma: sigma, trials: s.trials, seed: s.seed,
                                                  cancelled: cancelled)
            }
            rows.append(.init(k: w, accuracy: acc, lo: lo, hi: hi, exact: nil, samples: w * w))
        }
        return (": \(steps) steps each right with q = \(formatShortest(stepAccuracy)), PRM \(s.verifierLabel), \(s.trials) trials, seed \(s.seed)", rows)
    }
}
