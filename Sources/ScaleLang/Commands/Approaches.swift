import Foundation
import ScalePlot
import ScalingCore

extension Commands {
    /// `approaches RUNS [by C] [at C = BUDGET] [fit F] [curves CURVES] [with resamples = K, seed = S, levels = K, run = COLUMN]`
    static let approaches = CommandDeclaration(
        verb: "approaches",
        summary: "Hoffmann et al.'s approaches side by side on the same runs: Approach 1 from their training curves when given, "
            + "Approach 2 by parabola and by Porian et al.'s Akima interpolant, and Approach 3 from a fit; exponents and the allocation "
            + "at a budget with bootstrap intervals. "
            + "Approach 2 is biased when a budget's sizes are not centred on its optimum (Besiroglu et al. 2024; Open-Athena's analysis)",
        operands: [OperandDeclaration("runs", .expression(.table), "a table with numeric columns N, loss and the compute column (D is C/(6N) unless given)")],
        clauses: [
            ClauseDeclaration("by", .expression(.column), placeholder: "COLUMN", "the column of compute budgets (default C)"),
            ClauseDeclaration("at", .binding(.number(.positive), bare: false), placeholder: "C = BUDGET", "the budget at which N, D and loss are given (default: the largest run's)"),
            ClauseDeclaration("fit", .expression(.fit), placeholder: "F", "a fit of E + A/N^alpha + B/D^beta to use for Approach 3 (default: Huber δ = 1e-3 on log loss, by variable projection)"),
            ClauseDeclaration("curves", .expression(.table), placeholder: "CURVES",
                              "the runs' training curves (one row a logged point: run, N, the compute so far in the 'by' column, loss): adds Approach 1, as 'envelope' reads them"),
            ClauseDeclaration("with", .options([
                OptionDeclaration("resamples", .count(CountDomain(0, limit: { $0.trials })), default: "200", "bootstrap resamples for the intervals (0 for none)"),
                OptionDeclaration("seed", .seed, derived: "set seed, else 1", example: "7", "the random seed of the resamples"),
                OptionDeclaration("levels", .count(CountDomain(2, 100_000)), default: String(Envelope.defaultLevels), "Approach 1's compute levels, log-spaced across the curves (as Hoffmann et al. 2022)"),
                OptionDeclaration("run", .column, default: "run", "the column of the curves that names each point's run"),
            ]), "options"),
        ],
        examples: [
            "t = table(N = [1, 2, 4, 8, 2, 4, 8, 16, 4, 8, 16, 32] * 1e8, C = [1, 1, 1, 1, 4, 4, 4, 4, 16, 16, 16, 16] * 1e18)",
            "t.loss = 1.7 + 400 / t.N^0.34 + 410 / (t.C / (6 * t.N))^0.28",
            "approaches t by C at C = 1e21 with resamples = 50",
            "curves = table(run = [\"s\", \"s\", \"m\", \"m\", \"l\", \"l\"], N = [1, 1, 4, 4, 16, 16] * 1e8, C = [1e17, 1e18, 4e17, 4e18, 1.6e18, 1.6e19])",
            "curves.loss = 1.7 + 400 / curves.N^0.34 + 410 / (curves.C / (6 * curves.N))^0.28",
            "approaches t by C at C = 1e21 curves curves with resamples = 20, levels = 100",
        ],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.approaches(input) })
}

extension Interpreter {
    func approaches(_ input: CommandInput) throws(ScaleError) -> Value {
        let range = input.range
        let (allRuns, runs) = try input.table(0)
        let byName = input.clause("by")?.text ?? "C"
        let (t, _) = completeRows(allRuns, in: ["N", "loss", byName, "D"], for: "approaches")
        func column(_ name: String) throws(ScaleError) -> [Double] {
            guard case .numbers(let v)? = t.column(name) else {
                throw .runtime("approaches needs numeric columns N, loss and \(byName); the table has no '\(name)'", at: runs.range,
                               hint: suggestion(name, t.columnNames, list: "columns"))
            }
            return v
        }
        let n = try column("N"), loss = try column("loss"), c = try column(byName)
        let budget = input.clause("at")?.number ?? (c.max() ?? 1)
        let resamples = try input.count("resamples")
        let seed = try randomSeed(input.given("seed"), at: range)

        var rows: [Approaches.Row] = []
        var notes: [String] = []
        var located: [(String, IsoFLOP.Analysis)] = []
        var envelope: Envelope.Analysis?
        let levels = try input.count("levels")
        if let curvesClause = input.clause("curves"), case .table(let curveTable) = curvesClause.typed {
            let (_, curves) = try trainingCurves(curveTable, run: try input.text("run"), compute: byName, loss: "loss", for: "approaches", at: curvesClause.range)
            do {
                let one = try Approaches.approach1(curves: curves, levels: levels, budget: budget, resamples: resamples, seed: seed,
                                                   cancelled: { Interrupt.isRequested })
                rows.append(one.row)
                envelope = one.analysis
            } catch {
                notes.append("Approach 1: \(error.description)")
            }
        }
        for locator in IsoFLOP.Locator.allCases {
            do {
                rows.append(try Approaches.approach2(N: n, loss: loss, compute: c, locator: locator, budget: budget,
                                                     resamples: resamples, seed: seed, cancelled: { Interrupt.isRequested }))
                located.append((locator.rawValue, try IsoFLOP.analyse(N: n, loss: loss, compute: c, locator: locator)))
            } catch {
                notes.append("Approach 2 (\(locator.rawValue)): \(error.description)")
            }
            if Interrupt.isRequested { throw .runtime("interrupted", at: range) }
        }
        if let fitClause = input.clause("fit"), case .fit(let fit) = fitClause.typed {
            rows.append(try approach3(fit, budget: budget, resamples: resamples, seed: seed, at: fitClause.range))
        } else {
            let d: [Double]
            if case .numbers(let given)? = t.column("D") { d = given } else { d = zip(c, n).map { TransformerFLOPs.tokens(trainingFLOPs: $0, parameters: $1) } }
            do {
                rows.append(try Approaches.approach3(N: n, D: d, loss: loss, budget: budget, resamples: resamples, seed: seed,
                                                     cancelled: { Interrupt.isRequested }).row)
            } catch {
                notes.append("Approach 3: \(error.message)")
            }
        }
        for r in rows { for s in r.skipped { notes.append("\(r.method): skipped \(s)") } }

        func estimates(_ name: String, _ pick: (Approaches.Row) -> Approaches.Estimate?) -> [Table.Column] {
            [.init(name: name, data: .numbers(rows.map { pick($0)?.value ?? .nan })),
             .init(name: name + "_lo", data: .numbers(rows.map { pick($0)?.lower ?? .nan })),
             .init(name: name + "_hi", data: .numbers(rows.map { pick($0)?.upper ?? .nan }))]
        }
        let table = Table(columns: [.init(name: "method", data: .text(rows.map(\.method)))]
            + estimates("a", \.a) + estimates("b", \.b) + estimates("N_opt", \.N) + estimates("D_opt", \.D)
            + [.init(name: "loss", data: .numbers(rows.map { $0.loss?.value ?? .nan }))])
        let level = resamples > 0 ? "95% intervals from \(resamples) resamples of the runs within each budget\(envelope == nil ? "" : " (Approach 1: of the curves)") (seed \(seed))" : "no intervals (resamples = 0)"
        var title = "approaches on \(t.rowCount) runs: N_opt ∝ C^a, D_opt ∝ C^b; N, D and loss at C = \(formatSignificant(budget, digits: digits)); \(level)"
        for note in notes { title += "\n  " + note }
        let result = ResultTable(title: title, table: table, typeName: "approaches")
        result.extra["plot"] = .object(PlotValue(plot: approachesPlot(rows, located, envelope, budgets: c, budget: budget), interpreter: self, forceTerminal: false))
        return .object(result)
    }

    /// Approach 3 read off a fit of E + A/N^α + B/D^β (on the data's scale or under a log), with
    /// the fit's own bootstrap refits for the intervals.
    private func approach3(_ fit: FitValue, budget: Double, resamples: Int, seed: UInt64, at range: SourceRange) throws(ScaleError) -> Approaches.Row {
        func form(_ f: FitValue) throws(ScaleError) -> ComputeOptimal.ChinchillaForm {
            let law = try resolveLaw(.object(f), at: range)
            guard let iN = law.inputs.firstIndex(of: "N"), let iD = law.inputs.firstIndex(of: "D") else {
                throw .runtime("Approach 3 needs a fit whose law takes N and D; this one takes \(law.inputs.joined(separator: ", "))", at: range)
            }
            // a fit in log resolves to its law on the data's scale (FitValue.law), so no log to undo here
            let expr = law.expr.binding(parameters: [], columnMap: [iN: 0, iD: 1])
            guard let form = ComputeOptimal.ChinchillaForm.detect(expr) else {
                throw .runtime("Approach 3 needs a fit of the form E + A/N^alpha + B/D^beta (or its log); this fit's law is \(law.expr)", at: range)
            }
            return form
        }
        let fitted = try form(fit)
        var replicates: [ComputeOptimal.ChinchillaForm] = []
        if resamples > 0 {
            let boot: Fitter.Bootstrap
            do {
                boot = try Fitter.bootstrap(fit.problem, from: fit.summary.values, count: resamples, seed: seed, cancelled: { Interrupt.isRequested })
            } catch {
                throw .runtime("approaches: \(error.message)", at: range)
            }
            for rep in boot.replicates { replicates.append(try form(fit.with(values: rep))) }
        }
        return Approaches.approach3(fit: fitted, replicates: replicates, attempted: resamples, budget: budget)
    }

    /// Approach 1's envelope winners and each Approach 2's located optima as points, and every
    /// approach's N_opt(C) as a line from the smallest budget to the one asked about.
    private func approachesPlot(_ rows: [Approaches.Row], _ located: [(String, IsoFLOP.Analysis)], _ envelope: Envelope.Analysis?,
                                budgets: [Double], budget: Double) -> Plot {
        var series: [Plot.Series] = []
        if let envelope {
            series.append(Plot.Series(label: "envelope winners", kind: .points, x: envelope.points.map(\.compute), y: envelope.points.map(\.N)))
        }
        for (name, analysis) in located {
            series.append(Plot.Series(label: "optima (\(name))", kind: .points, x: analysis.budgets.map(\.compute), y: analysis.budgets.map(\.N)))
        }
        let lo = budgets.min() ?? budget, hi = max(budgets.max() ?? budget, budget)
        let xs = (0...40).map { lo * pow(hi / lo, Double($0) / 40) }
        // each approach's line in the colour of the optima it was fitted to (Approach 1's of the envelope's winners)
        let groups = located.map(\.0)
        for k in located.indices { series[k + (envelope == nil ? 0 : 1)].colorGroup = k + 1 }
        if envelope != nil { series[0].colorGroup = 0 }
        for r in rows {
            let group = r.method.contains("Approach 1") ? (envelope == nil ? nil : 0) : groups.firstIndex { r.method.lowercased().contains($0.lowercased()) }.map { $0 + 1 }
            let short = r.method.contains("parabola") ? "N_opt(C), parabola" : r.method.contains("Akima") ? "N_opt(C), Akima"
                : r.method.contains("Approach 1") ? "N_opt(C), Approach 1" : "N_opt(C), Approach 3"
            series.append(Plot.Series(label: short, kind: .line, x: xs, y: xs.map { r.coefficientN * pow($0, r.a.value) },
                                      solidRange: (budgets.min() ?? lo)...(budgets.max() ?? hi), colorGroup: group))
        }
        return Plot(series: series, title: "Compute-optimal N by approach", xLabel: "C", yLabel: "N_opt", xScale: .log, yScale: .log)
    }
}
