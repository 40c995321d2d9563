import ScalingCore

extension Commands {
    /// `isoflop T [by C] [locate parabola|akima]`: Chinchilla's Approach 2.
    static let isoflop = CommandDeclaration(
        verb: "isoflop", summary: "Chinchilla's Approach 2: the loss-minimising N per compute budget, then power laws across budgets",
        operands: [OperandDeclaration("runs", .expression(.table), "a table with numeric columns N, loss and the compute column")],
        clauses: [
            ClauseDeclaration("by", .expression(.column), placeholder: "COLUMN", "the column of compute budgets (default C)"),
            ClauseDeclaration("locate", .word(subject: "locator", choices: IsoFLOP.Locator.allCases.map(\.rawValue)),
                              "how each budget's optimum is found: parabola (Hoffmann et al. 2022, the default) or akima (Porian et al. 2024)"),
        ],
        examples: ["t = table(N = [1, 2, 4, 2, 4, 8, 4, 8, 16] * 1e8, C = [1, 1, 1, 4, 4, 4, 16, 16, 16] * 1e18, loss = [3.1, 3.0, 3.2, 2.9, 2.8, 2.95, 2.7, 2.6, 2.75])",
                   "isoflop t by C"],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.isoflop(input) })
}

extension Interpreter {
    func isoflop(_ input: CommandInput) throws(ScaleError) -> Value {
        let range = input.range
        let (allRuns, runs) = try input.table(0)
        let tableRange = runs.range
        let byName = input.clause("by")?.text ?? "C"
        let (t, _) = completeRows(allRuns, in: ["N", "loss", byName], for: "isoflop")
        func column(_ name: String) throws(ScaleError) -> [Double] {
            guard case .numbers(let v)? = t.column(name) else {
                throw .runtime("isoflop needs numeric columns N, loss and \(byName); the table has no '\(name)'", at: tableRange,
                               hint: suggestion(name, t.columnNames, list: "columns"))
            }
            return v
        }
        let locator = input.clause("locate")?.word.flatMap(IsoFLOP.Locator.init(rawValue:)) ?? .parabola
        let analysis: IsoFLOP.Analysis
        let n = try column("N"), loss = try column("loss"), c = try column(byName)
        do {
            analysis = try IsoFLOP.analyse(N: n, loss: loss, compute: c, locator: locator)
        } catch {
            throw .runtime("isoflop: \(error.description)", at: range)
        }
        let b = analysis.budgets
        let table = Table(columns: [
            .init(name: "C", data: .numbers(b.map(\.compute))), .init(name: "runs", data: .numbers(b.map { Double($0.runs) })),
            .init(name: "N_opt", data: .numbers(b.map(\.N))), .init(name: "D_opt", data: .numbers(b.map(\.D))),
            .init(name: "loss", data: .numbers(b.map(\.loss))),
        ])
        let how = locator == .parabola ? "parabola in log N per budget" : "Akima interpolant of log loss per budget (Porian et al. 2024)"
        var title = "iso-FLOP analysis (Chinchilla Approach 2): \(how), then power laws across \(b.count) budgets\n"
        title += OptimalPowerLaws.lines(N: analysis.N, D: analysis.D, digits: digits)
        for s in analysis.skipped { title += "\n  skipped \(s)" }
        let result = ResultTable(title: title, table: table, typeName: "isoflop")
        result.extra = OptimalPowerLaws.fields(N: analysis.N, D: analysis.D)
        return .object(result)
    }
}

