import ScaleData
import ScalingCore

extension Commands {
    /// `sweep isoflop [LAW] at C = … [sizes K] [span X]`, `sweep grid over N = …, D = …`
    static let sweep = CommandDeclaration(
        verb: "sweep", summary: "plan runs before training them: an iso-FLOP sweep over each budget's valley, or a grid of sizes and tokens; a table to save or plot",
        operands: [
            OperandDeclaration("kind", .word(subject: "sweep", choices: ["isoflop", "grid"]),
                               "isoflop: sizes spread over each budget's valley, centred on a law's compute-optimal N; grid: every N with every D"),
            OperandDeclaration("law", .expression(.law), "the law whose optimum centres each budget's sizes, and whose loss each run is given (default chinchilla)", optional: true),
        ],
        clauses: [
            ClauseDeclaration("at", .binding(.value, bare: false), placeholder: "C = BUDGET", "isoflop: the budgets in FLOPs, a number or a vector"),
            ClauseDeclaration("sizes", .expression(.count(CountDomain(1, 1000))), placeholder: "K", "isoflop: model sizes per budget (default 7)"),
            ClauseDeclaration("span", .expression(.number(NumberDomain(lower: 1, lowerOpen: true, upper: nil, upperOpen: true))), placeholder: "X",
                              "isoflop: the largest size over the smallest at each budget (default 10)"),
            ClauseDeclaration("over", .assignments(.value), placeholder: "N = …, D = …", "grid: the sizes N and tokens D, numbers or vectors"),
        ],
        examples: ["sweep isoflop at C = 1e18..1e20 times 10", "sweep isoflop chinchilla at C = 1e21 sizes 9 span 30",
                   "sweep grid over N = [100M, 400M], D = [2B, 8B, 32B]"],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.sweep(input) })
}

extension Interpreter {
    func sweep(_ input: CommandInput) throws(ScaleError) -> Value {
        let range = input.range
        let law: ResolvedLaw
        let lawName: String
        if input.operand(1) != nil {
            law = try input.law(1).value
            lawName = law.name
        } else {
            guard let chinchilla = globals.lookup("chinchilla") else { throw .runtime("give the law: 'sweep isoflop LAW at C = …'", at: range) }
            law = try resolveLaw(chinchilla, at: range)
            lawName = "chinchilla"
        }
        guard law.inputs.count == 2 else {
            throw .runtime("'sweep' needs a law of parameters N and tokens D; \(law.name) takes \(law.inputs.joined(separator: ", "))", at: input.operand(1)?.range ?? range)
        }
        var runs: [Sweep.Run] = []
        var title: String
        if input.operand(0)?.word == "grid" {
            for word in ["at", "sizes", "span"] where input.clause(word) != nil {
                throw .runtime("'\(word)' is for 'sweep isoflop'; a grid takes 'over N = …, D = …'", at: input.clause(word)?.range ?? range)
            }
            var axes: [String: [Double]] = [:]
            for b in input.clause("over")?.items ?? [] {
                guard let name = b.name, name == "N" || name == "D" else {
                    throw .runtime("a grid is over N and D: write 'over N = …, D = …'", at: b.nameRange ?? b.range)
                }
                guard case .value(let v) = b.typed else { continue }
                switch v {
                case .number(let x): axes[name] = [x]
                case .vector(let xs) where !xs.isEmpty: axes[name] = xs
                default: throw .runtime("\(name) must be a number or a vector, got a \(v.typeName)", at: b.range)
                }
                for x in axes[name] ?? [] where !(x > 0 && x.isFinite) {
                    throw .runtime("\(name) must be positive, got \(formatShortest(x))", at: b.range)
                }
            }
            guard let ns = axes["N"], let ds = axes["D"] else { throw .runtime("give both axes: 'sweep grid over N = …, D = …'", at: range) }
            runs = ns.flatMap { n in ds.map { d in Sweep.Run(budget: 6 * n * d, N: n, D: d) } }
            title = "grid sweep: \(ns.count) sizes × \(ds.count) token counts, C = 6·N·D; loss under \(lawName)"
        } else {
            if let over = input.clause("over") { throw .runtime("'over' is for 'sweep grid'; an iso-FLOP sweep takes 'at C = …'", at: over.range) }
            let budgets = try self.budgets(input.clause("at"), missing: "say the budgets: 'sweep isoflop at C = 1e18..1e20 times 10'", at: range)
            let sizes = input.clause("sizes")?.count ?? 7, span = input.clause("span")?.number ?? 10
            let form = ComputeOptimal.ChinchillaForm.detect(law.expr)
            for c in budgets {
                let center = try allocation(law, budget: c, form: form, at: range).N
                runs += Sweep.isoFLOP(budget: c, center: center, sizes: sizes, span: span)
            }
            title = "iso-FLOP sweep: \(sizes) sizes per budget over a factor \(formatShortest(span)), centred in log N on the compute-optimal N under \(lawName); D = C/(6·N)"
        }
        let table = Table(columns: [
            .init(name: "C", data: .numbers(runs.map(\.budget))), .init(name: "N", data: .numbers(runs.map(\.N))),
            .init(name: "D", data: .numbers(runs.map(\.D))), .init(name: "tokens_per_param", data: .numbers(runs.map { $0.D / $0.N })),
            .init(name: "loss", data: .numbers(runs.map { law.value([$0.N, $0.D]) })),
        ])
        return .object(ResultTable(title: title, table: table, typeName: "sweep"))
    }
}
