import ScalingCore

extension Commands {
    /// `envelope CURVES [by RUN] [flops C] [loss L] [levels K]`: Chinchilla's Approach 1.
    static let envelope = CommandDeclaration(
        verb: "envelope", summary: "Chinchilla's Approach 1: the lowest loss any run's training curve reaches at each compute level, then power laws across those winners",
        operands: [OperandDeclaration("curves", .expression(.table), "a long table of training curves: one row a logged point, with the run, its N, the compute so far and the loss")],
        clauses: [
            ClauseDeclaration("by", .expression(.column), placeholder: "COLUMN", "the column naming each row's run (default run)"),
            ClauseDeclaration("flops", .expression(.column), placeholder: "COLUMN", "the column of compute spent so far (default C)"),
            ClauseDeclaration("loss", .expression(.column), placeholder: "COLUMN", "the column of the loss (default loss)"),
            ClauseDeclaration("levels", .expression(.count(CountDomain(2, 100_000))), placeholder: "K",
                              "compute levels, log-spaced across the curves (default \(Envelope.defaultLevels), as Hoffmann et al. 2022)"),
        ],
        examples: ["curves = table(run = [\"s\", \"s\", \"s\", \"m\", \"m\", \"m\", \"l\", \"l\", \"l\"], N = [1, 1, 1, 4, 4, 4, 16, 16, 16] * 1e7, C = [1e16, 1e17, 3e17, 4e16, 4e17, 1.2e18, 1.6e17, 1.6e18, 5e18], loss = [3.8, 3.3, 3.2, 3.9, 3.1, 2.95, 4.0, 2.9, 2.7])",
                   "envelope curves by run flops C levels 30"],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.envelope(input) })
}

extension Interpreter {
    func envelope(_ input: CommandInput) throws(ScaleError) -> Value {
        let (allRows, source) = try input.table(0)
        let runName = input.clause("by")?.text ?? "run", flopsName = input.clause("flops")?.text ?? "C"
        let lossName = input.clause("loss")?.text ?? "loss"
        let levels = input.clause("levels")?.count ?? Envelope.defaultLevels
        let (names, curves) = try trainingCurves(allRows, run: runName, compute: flopsName, loss: lossName, for: "envelope", at: source.range)
        let analysis: Envelope.Analysis
        do {
            analysis = try Envelope.analyse(curves, levels: levels)
        } catch {
            throw .runtime("envelope: \(error.description)", at: input.range)
        }
        let p = analysis.points
        let table = Table(columns: [
            .init(name: "C", data: .numbers(p.map(\.compute))), .init(name: "loss", data: .numbers(p.map(\.loss))),
            .init(name: runName, data: .text(p.map { names[$0.curve] })),
            .init(name: "N", data: .numbers(p.map(\.N))), .init(name: "D", data: .numbers(p.map(\.D))),
        ])
        let winners = Set(p.map(\.curve)).count
        var title = "training-curve envelope (Chinchilla Approach 1): \(p.count) of \(levels) compute levels reached, \(winners) of \(curves.count) runs on it\n"
        title += OptimalPowerLaws.lines(N: analysis.N, D: analysis.D, digits: digits)
        let result = ResultTable(title: title, table: table, typeName: "envelope")
        result.extra = OptimalPowerLaws.fields(N: analysis.N, D: analysis.D)
        return .object(result)
    }

    /// A long table of logged points as one curve a run (in order of first appearance): the
    /// rows with every named column present, grouped by the run column; a run's N is one number.
    func trainingCurves(_ allRows: Table, run runName: String, compute flopsName: String, loss lossName: String, for verb: String,
                        at range: SourceRange) throws(ScaleError) -> (names: [String], curves: [Envelope.Curve]) {
        let (t, _) = completeRows(allRows, in: [runName, "N", flopsName, lossName], for: verb)
        guard let runs = t.column(runName) else {
            throw .runtime("\(verb) needs a column naming each curve's run; the table has no '\(runName)'", at: range,
                           hint: suggestion(runName, t.columnNames, list: "columns"))
        }
        func numbers(_ name: String) throws(ScaleError) -> [Double] {
            guard case .numbers(let v)? = t.column(name) else {
                throw .runtime("\(verb) needs numeric columns N, \(flopsName) and \(lossName) in its curves; the table has no numeric '\(name)'", at: range,
                               hint: suggestion(name, t.columnNames, list: "columns"))
            }
            return v
        }
        let n = try numbers("N"), c = try numbers(flopsName), loss = try numbers(lossName)
        var index: [String: Int] = [:], names: [String] = [], curves: [Envelope.Curve] = []
        for row in 0..<t.rowCount {
            let key = runs.key(row)
            let k: Int
            if let found = index[key] {
                k = found
                guard curves[k].N == n[row] else {
                    throw .runtime("run \(names[k]) has two values of N (\(formatShortest(curves[k].N)) and \(formatShortest(n[row]))): a run is one model", at: range)
                }
            } else {
                k = curves.count
                index[key] = k
                names.append(runs.text(at: row) ?? "na")
                curves.append(Envelope.Curve(N: n[row], compute: [], loss: []))
            }
            curves[k].compute.append(c[row])
            curves[k].loss.append(loss[row])
        }
        return (names, curves)
    }
}
