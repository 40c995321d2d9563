import Foundation
import ScalingCore

/// pass@k, coverage, difficulty distributions, verifiers and `simulate`.
extension Interpreter {
    func registerTestTimeBuiltins() {
        define("passk", ["n", "c", "k"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let n = try a.vector(0), c = try a.vector(1), k = try a.number(2, "k")
            guard n.count == c.count || n.count == 1 || c.count == 1 else {
                throw .runtime("passk: n and c have different lengths (\(n.count) and \(c.count))", at: a.callRange)
            }
            let count = max(n.count, c.count)
            var out: [Double] = []
            for i in 0..<count {
                do throws(RepeatedSampling.InputError) {
                    out.append(try RepeatedSampling.passAtK(n: n[n.count == 1 ? 0 : i], c: c[c.count == 1 ? 0 : i], k: k))
                } catch {
                    throw .runtime("passk\(count > 1 ? " (problem \(i + 1))" : ""): \(error.description)", at: a.callRange)
                }
            }
            if case .number? = a[0], case .number? = a[1] { return .number(out[0]) }
            return .vector(out)
        }
        define("beta", ["a", "b"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let x = try a.number(0, "a"), y = try a.number(1, "b")
            guard x > 0, y > 0 else { throw .runtime("beta(a, b) needs a > 0 and b > 0", at: a.callRange) }
            return .object(DistributionValue(.beta(x, y)))
        }
        define("coverage", ["k", "p"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let ks = try a.vector(0, "a number of samples")
            let f: (Double) -> Double
            switch a[1] {
            case .number(let p)?:
                guard p >= 0, p <= 1 else { throw .runtime("coverage: p must be in [0, 1]", at: a.range(1)) }
                f = { RepeatedSampling.coverage(k: $0, p: p) }
            case .object(let o as DistributionValue)?:
                guard case .beta(let x, let y) = o.difficulty else { throw .runtime("coverage takes p or beta(a, b)", at: a.range(1)) }
                f = { RepeatedSampling.coverage(k: $0, betaA: x, betaB: y) }
            default: throw .runtime("coverage takes a probability p or beta(a, b) second", at: a.range(1))
            }
            if case .number(let k)? = a[0] { return .number(f(k)) }
            return .vector(ks.map(f))
        }
        define("fit_beta", ["table"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in
            guard case .table(let t)? = a[0], case .numbers(let n)? = t.column("n"), case .numbers(let c)? = t.column("c") else {
                throw .runtime("fit_beta expects a table with numeric columns n (samples) and c (correct) per problem", at: a.range(0))
            }
            do throws(RepeatedSampling.InputError) {
                let f = try RepeatedSampling.fitBeta(n: n, c: c)
                return .record(Record([("a", .number(f.a)), ("b", .number(f.b)), ("loglik", .number(f.logLikelihood)),
                                       ("converged", .bool(f.converged)), ("mean", .number(f.a / (f.a + f.b)))]))
            } catch {
                throw .runtime("fit_beta: \(error.description)", at: a.callRange)
            }
        }
        define("noisy", ["sigma"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let s = try a.number(0, "σ")
            guard s > 0 else { throw .runtime("noisy(σ) needs σ > 0", at: a.range(0)) }
            return .object(VerifierValue(.noisy(s), label: "noisy(\(formatShortest(s)))"))
        }
        define("auc", ["x"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let x = try a.number(0, "an AUC")
            guard x > 0.5, x < 1 else { throw .runtime("auc(x) needs 0.5 < x < 1", at: a.range(0)) }
            return .object(VerifierValue(.auc(x), label: "auc(\(formatShortest(x)))"))
        }
        builtins.variables["oracle"] = .object(VerifierValue(.oracle, label: "oracle"))
    }

    func simulateCommand(_ command: Command, in scope: Scope, at range: SourceRange) throws(ScaleError) -> Value {
        guard command.operands.count >= 2, case .name(let strategy) = command.operands[0].kind else {
            throw .runtime("write 'simulate STRATEGY K with …', STRATEGY one of bestof, majority, weighted, beam", at: range)
        }
        let strategies = ["bestof", "majority", "weighted", "beam"]
        guard strategies.contains(strategy) else {
            throw .runtime("unknown strategy '\(strategy)': expected bestof, majority, weighted or beam", at: command.operands[0].range,
                           hint: DiagnosticRenderer.closest(to: strategy, among: strategies).map { "did you mean '\($0)'?" })
        }
        let kExpr = command.operands[1]
        let ks: [Int]
        switch try evaluate(kExpr, in: scope) {
        case .number(let k): ks = [try whole(k, in: 1...limits.samples, at: kExpr.range, what: "K")]
        case .vector(let v):
            var out: [Int] = []
            for k in v { out.append(try whole(k, in: 1...limits.samples, at: kExpr.range, what: "K")) }
            ks = out
        case let v: throw .runtime("K must be a number or range, got a \(v.typeName)", at: kExpr.range)
        }
        var options: [String: (Value, SourceRange)] = [:]
        var difficulty: TestTimeSimulation.Difficulty = .fixed(0.5)
        var difficultyLabel = "p = 0.5"
        let known = ["p", "trials", "seed", "verifier", "distractor", "wrong", "model", "tokens", "q"]
        for c in command.clauses where c.word == "with" {
            guard let name = c.name else { continue }
            guard known.contains(name) else {
                throw .runtime("unknown option '\(name)': expected \(known.joined(separator: ", "))", at: c.range,
                               hint: DiagnosticRenderer.closest(to: name, among: known).map { "did you mean '\($0)'?" })
            }
            if name == "p", case .call(let callee, let args) = c.value.kind, case .name("~") = callee.kind {
                guard case .object(let o as DistributionValue) = try evaluate(args[0].value, in: scope) else {
                    throw .runtime("'p ~' takes a distribution, as in 'p ~ beta(0.3, 2)'", at: args[0].value.range)
                }
                difficulty = o.difficulty
                difficultyLabel = "p ~ " + args[0].value.formula
                continue
            }
            let v = try evaluate(c.value, in: scope)
            options[name] = (v, c.value.range)
            if name == "p" {
                switch v {
                case .number(let p) where p >= 0 && p <= 1:
                    difficulty = .fixed(p); difficultyLabel = "p = \(formatShortest(p))"
                case .vector(let ps) where !ps.isEmpty && ps.allSatisfy({ $0 >= 0 && $0 <= 1 }):
                    try checkQuadratureWork(problems: ps.count, columns: ks.count, at: c.value.range)
                    difficulty = .empirical(ps); difficultyLabel = "p from \(ps.count) problems"
                default: throw .runtime("p must be a probability, a vector of per-problem probabilities, or '~ beta(a, b)'", at: c.value.range)
                }
            }
        }
        func number(_ key: String, _ fallback: Double?) throws(ScaleError) -> Double? {
            guard let (v, r) = options[key] else { return fallback }
            return try scalar(v, at: r, what: key)
        }
        let trialsGiven = options["trials"] != nil
        let trials = try whole(try number("trials", 10000) ?? 10000, in: 1...limits.trials, at: options["trials"]?.1 ?? range, what: "trials")
        let seed = try self.seed(try number("seed", settingNumber("seed") ?? 1) ?? 1, at: options["seed"]?.1 ?? range)
        let (verifier, verifierLabel) = try OptionReader(interpreter: self, options: options).verifier(default: (.oracle, "oracle"))
        let q = try number("distractor", 0) ?? 0
        let m = try whole(try number("wrong", 1) ?? 1, in: 1...1000, at: options["wrong"]?.1 ?? range, what: "wrong (the number of other wrong answers)")
        let cancelled: @Sendable () -> Bool = { Interrupt.isRequested }
        var rows: [TestTimeSimulation.Row] = []
        // beam search has no p (its steps are right with q): its title names none
        var label = strategy == "beam" ? "simulate beam" : "simulate \(strategy): \(difficultyLabel)"
        func mc(_ body: () throws(TestTimeSimulation.Cancelled) -> (Double, Double, Double)) throws(ScaleError) -> (Double, Double, Double) {
            do { return try body() } catch { throw .runtime("interrupted", at: range) }
        }
        do {
            switch strategy {
            case "bestof":
                label += ", verifier \(verifierLabel)"
                for k in ks {
                    let exact = TestTimeSimulation.expectation(difficulty) { TestTimeSimulation.bestOfExact(k: k, p: $0, verifier: verifier) }
                    if trialsGiven {
                        let (acc, lo, hi) = try mc { () throws(TestTimeSimulation.Cancelled) in
                            try TestTimeSimulation.bestOfMonteCarlo(k: k, difficulty: difficulty, verifier: verifier, trials: trials, seed: seed, cancelled: cancelled)
                        }
                        rows.append(.init(k: k, accuracy: acc, lo: lo, hi: hi, exact: exact, samples: k))
                    } else {
                        rows.append(.init(k: k, accuracy: exact, lo: exact, hi: exact, exact: exact, samples: k))
                    }
                }
            case "majority":
                guard case .fixed(let p) = difficulty else {
                    throw ScaleError.runtime("majority voting is exact for a fixed p; average over problems with a for loop", at: range)
                }
                guard p + q <= 1 else { throw ScaleError.runtime("p + distractor must be at most 1", at: range) }
                label += ", distractor \(formatShortest(q)), \(m) other wrong answer\(m == 1 ? "" : "s") (exact)"
                for k in ks {
                    guard k <= 4096 else { throw ScaleError.runtime("exact majority voting goes up to K = 4096", at: kExpr.range) }
                    // the dynamic program visits about (K + 1)·(m + 1)·K²/4 states
                    try checkSimulationWork(Double(k + 1) * Double(m + 1) * Double(k) * Double(k) / 4, advice: ": fewer wrong answers or a smaller K",
                                            at: kExpr.range) { "exact majority voting at K = \(k) with \(m) other wrong answers is about \($0) steps" }
                    let acc = try mc { () throws(TestTimeSimulation.Cancelled) in
                        let a = try MajorityVote.accuracy(k: k, p: p, distractor: q, wrong: m, cancelled: cancelled)
                        return (a, a, a)
                    }.0
                    rows.append(.init(k: k, accuracy: acc, lo: acc, hi: acc, exact: acc, samples: k))
                }
            case "weighted":
                guard case .noisy(let sigma) = verifier else { throw ScaleError.runtime("weighted voting needs verifier = noisy(σ) or auc(x)", at: range) }
                label += ", distractor \(formatShortest(q)), \(m) other wrong, verifier \(verifierLabel), \(trials) trials, seed \(seed)"
                for k in ks {
                    let (acc, lo, hi) = try mc { () throws(TestTimeSimulation.Cancelled) in
                        try TestTimeSimulation.weightedVote(k: k, difficulty: difficulty, distractor: q, wrong: max(m, 1), sigma: sigma,
                                                            trials: trials, seed: seed, cancelled: cancelled)
                    }
                    rows.append(.init(k: k, accuracy: acc, lo: lo, hi: hi, exact: nil, samples: k))
                }
            default:  // beam
                guard case .noisy(let sigma) = verifier else { throw ScaleError.runtime("beam search needs a process reward model: verifier = noisy(σ) or auc(x)", at: range) }
                guard let stepsClause = command.clauses.first(where: { $0.word == "steps" }) else {
                    throw ScaleError.runtime("write 'simulate beam W steps S with q = …'", at: range)
                }
                let steps = try whole(try scalar(try evaluate(stepsClause.value, in: scope), at: stepsClause.value.range, what: "steps"),
                                      in: 1...10_000, at: stepsClause.value.range, what: "steps")
                try checkSimulationWork(Double(trials) * Double(steps) * Double(ks.max() ?? 1) * Double(ks.max() ?? 1), advice: ": fewer trials or steps",
                                        at: range) { "trials × steps × width² is \($0)" }
                let stepAccuracy = try number("q", 0.9) ?? 0.9
                label += ": \(steps) steps each right with q = \(formatShortest(stepAccuracy)), PRM \(verifierLabel), \(trials) trials, seed \(seed)"
                for w in ks {
                    let (acc, lo, hi) = try mc { () throws(TestTimeSimulation.Cancelled) in
                        try TestTimeSimulation.beamSearch(width: w, steps: steps, stepAccuracy: stepAccuracy, sigma: sigma, trials: trials, seed: seed,
                                                          cancelled: cancelled)
                    }
                    rows.append(.init(k: w, accuracy: acc, lo: lo, hi: hi, exact: nil, samples: w * w))
                }
            }
        }
        if strategy == "bestof" { label += trialsGiven ? ", \(trials) trials, seed \(seed)" : " (exact)" }
        var columns: [Table.Column] = [
            .init(name: strategy == "beam" ? "width" : "k", data: .numbers(rows.map { Double($0.k) })),
            .init(name: "accuracy", data: .numbers(rows.map(\.accuracy))),
            .init(name: "lo", data: .numbers(rows.map(\.lo))), .init(name: "hi", data: .numbers(rows.map(\.hi))),
            .init(name: "exact", data: .numbers(rows.map { $0.exact ?? .nan })),
        ]
        if strategy == "beam" { columns.append(.init(name: "samples", data: .numbers(rows.map { Double($0.samples) }))) }
        if let tokens = try number("tokens", nil) {
            let perQuestion = rows.map { Double($0.samples) * tokens * (strategy == "beam" ? 1 : 1) }
            columns.append(.init(name: "tokens", data: .numbers(perQuestion)))
            if let model = try number("model", nil) {
                columns.append(.init(name: "flops", data: .numbers(perQuestion.map { 2 * model * $0 })))
            }
        }
        return .object(ResultTable(title: label, table: Table(columns: columns), typeName: "simulation"))
    }
}

/// A difficulty distribution value (`beta(a, b)`).
final class DistributionValue: DomainObject {
    let difficulty: TestTimeSimulation.Difficulty
    init(_ d: TestTimeSimulation.Difficulty) { difficulty = d }
    var typeName: String { "distribution" }
    var memberNames: [String] { ["a", "b", "mean"] }
    func member(_ name: String) -> Value? {
        guard case .beta(let a, let b) = difficulty else { return nil }
        switch name {
        case "a": return .number(a)
        case "b": return .number(b)
        case "mean": return .number(a / (a + b))
        default: return nil
        }
    }
    func display(digits: Int) -> String {
        guard case .beta(let a, let b) = difficulty else { return "distribution" }
        return "beta(\(formatSignificant(a, digits: digits)), \(formatSignificant(b, digits: digits))): mean \(formatSignificant(a / (a + b), digits: digits))"
    }
}

/// A verifier value (`oracle`, `noisy(σ)`, `auc(x)`).
final class VerifierValue: DomainObject {
    let verifier: TestTimeSimulation.Verifier
    let label: String
    init(_ v: TestTimeSimulation.Verifier, label: String) {
        verifier = v
        self.label = label
    }
    var typeName: String { "verifier" }
    var memberNames: [String] { ["sigma"] }
    func member(_ name: String) -> Value? {
        if name == "sigma", case .noisy(let s) = verifier { return .number(s) }
        return nil
    }
    func display(digits: Int) -> String {
        if case .noisy(let s) = verifier { return "verifier \(label): score = correct + N(0, \(formatSignificant(s, digits: digits))²)" }
        return "verifier oracle: any correct sample wins"
    }
}
