import Foundation
import ScaleData
import ScalingCore

extension Commands {
    /// `bootstrap FIT[, FIT …] COUNT [seed S] [of EXPR, …]`
    static let bootstrap = CommandDeclaration(
        verb: "bootstrap", summary: "refit on resampled rows: percentile intervals for the parameters and any quantity derived from them",
        operands: [
            OperandDeclaration("fit", .list(.fit), "a fit result, as from 'f = fit …'; several fits are resampled together, each on its own rows (a law of loss, then a law of downstream error from loss)"),
            OperandDeclaration("resamples", .expression(.count(CountDomain(2, limit: { $0.trials }))), "the number of resamples"),
        ],
        clauses: [
            ClauseDeclaration("seed", .expression(.seed), placeholder: "S", "the random seed (default: 'set seed', else 1)"),
            ClauseDeclaration("of", .list(.expression), placeholder: "EXPR, …", "derived quantities, evaluated with the fit's name bound to each replicate"),
            ClauseDeclaration("by", .expression(.column), placeholder: "COLUMN",
                              "resample whole clusters of rows (the checkpoints of one run, the runs of one configuration), not rows: the rows of each value of this column of the fit's table"),
        ],
        examples: ["t = table(x = [1, 2, 3, 4, 5, 6], y = [2.9, 7.4, 20.1, 54.2, 148.9, 403.4], run = [1, 1, 2, 2, 3, 3])",
                   "f = fit y ~ a * exp(b * x) on t start b = 0.5", "bootstrap f 200 seed 7 of f.a * f.b", "bootstrap f 200 by run"],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.bootstrap(input) })
}

extension Interpreter {
    func bootstrap(_ input: CommandInput) throws(ScaleError) -> Value {
        let range = input.range, scope = input.scope
        var fits: [(fit: FitValue, source: Expr)] = []
        for item in input.operand(0)?.items ?? [] {
            guard case .fit(let fit) = item.typed, let source = item.source else {
                throw .runtime("'bootstrap' needs a fit, as in 'bootstrap f …'", at: item.range)
            }
            guard fit.summary.converged else {
                throw .runtime("the fit did not converge (\(fit.summary.reason)); there is no optimum to resample around", at: source.range)
            }
            fits.append((fit, source))
        }
        guard !fits.isEmpty else { throw .runtime("'bootstrap' needs a fit, as in 'bootstrap f …'", at: range) }
        guard let count = input.operand(1)?.count else {
            throw .runtime("'bootstrap' needs a number of resamples, as in 'bootstrap f 1000'", at: range)
        }
        let seed = try randomSeed(input.clause("seed"), at: range)
        var clusters: [[[Int]]]?
        if let by = input.clause("by"), let column = by.text {
            clusters = []
            for entry in fits {
                guard entry.fit.table.column(column) != nil else {
                    throw .runtime("the rows of \(describe(entry.source)) have no column '\(column)' to resample by", at: by.range,
                                   hint: suggestion(column, entry.fit.table.columnNames, list: "columns"))
                }
                let groups = TableVerbs.groups(entry.fit.table, by: [column])
                guard groups.count >= 2 else {
                    throw .runtime("the rows of \(describe(entry.source)) make one cluster by '\(column)': a resample of it is the rows themselves", at: by.range)
                }
                clusters?.append(groups)
            }
        }
        let boot: Fitter.ChainBootstrap
        do {
            boot = try Fitter.bootstrap(chain: fits.map(\.fit.problem), from: fits.map(\.fit.summary.values), count: count, seed: seed,
                                        clusters: clusters, cancelled: { Interrupt.isRequested })
        } catch {
            throw .runtime("bootstrap: \(error.message)", at: range)
        }
        // Parameters are named by their fit when there are several (f.alpha), plainly when one.
        var names: [String] = [], estimates: [Double] = [], samples: [[Double]] = []
        for (j, entry) in fits.enumerated() {
            let prefix = fits.count > 1 ? entry.source.formula + "." : ""
            names += entry.fit.summary.parameters.map { prefix + $0 }
            estimates += entry.fit.summary.values
            samples += entry.fit.summary.values.indices.map { p in boot.replicates.map { $0[j][p] } }
        }
        for d in input.clauses("of").flatMap(\.items).compactMap(\.expression) {
            // Each derived quantity is evaluated with each fit's name bound to its refit.
            let inner = Scope(parent: scope)
            var values: [Double] = []
            for rep in boot.replicates {
                for (j, entry) in fits.enumerated() {
                    if case .name(let n) = entry.source.kind { inner.variables[n] = .object(entry.fit.with(values: rep[j])) }
                }
                values.append(try scalar(try evaluate(d, in: inner), at: d.range, what: "a derived quantity"))
            }
            for entry in fits { if case .name(let n) = entry.source.kind { inner.variables[n] = .object(entry.fit) } }
            estimates.append(try scalar(try evaluate(d, in: inner), at: d.range, what: "a derived quantity"))
            names.append(d.formula)
            samples.append(values)
        }
        var lo: [Double] = [], hi: [Double] = [], med: [Double] = []
        for s in samples {
            let q = Fitter.percentileInterval(s)
            lo.append(q.lower); med.append(q.median); hi.append(q.upper)
        }
        let table = Table(columns: [
            .init(name: "quantity", data: .text(names)), .init(name: "estimate", data: .numbers(estimates)),
            .init(name: "lo", data: .numbers(lo)), .init(name: "median", data: .numbers(med)), .init(name: "hi", data: .numbers(hi)),
        ])
        let header: String
        // what was resampled: rows, or whole clusters of them
        let units = { (j: Int) -> String in
            guard let c = clusters?[j], let column = input.clause("by")?.text else { return "\(fits[j].fit.problem.rows) rows" }
            return "\(c.count) clusters by \(column) (\(fits[j].fit.problem.rows) rows)"
        }
        if let only = fits.first, fits.count == 1 {
            header = "bootstrap of \(describe(only.source)): \(boot.attempted) resamples of \(units(0)), seed \(seed); "
                + "\(boot.replicates.count) refits converged; 95% percentile intervals"
        } else {
            header = "bootstrap of " + fits.indices.map { "\(describe(fits[$0].source)) (\(units($0)))" }.joined(separator: " and ")
                + ": \(boot.attempted) resamples, each fit on its own, seed \(seed); \(boot.replicates.count) sets in which every refit converged; "
                + "95% percentile intervals"
        }
        let result = ResultTable(title: header, table: table, typeName: "bootstrap")
        // A quantity that is inf or nan in some replicates (a law's optimum past its range, say)
        // has percentiles that say nothing about those replicates: say how many there were.
        for (name, s) in zip(names, samples) {
            let bad = s.filter { !$0.isFinite }
            guard !bad.isEmpty else { continue }
            let nans = bad.filter(\.isNaN).count, infs = bad.count - nans
            let kinds = [infs > 0 ? "\(infs) infinite" : nil, nans > 0 ? "\(nans) nan" : nil].compactMap { $0 }.joined(separator: ", ")
            // Fitter.percentileInterval leaves nan out and sorts ±inf to the ends.
            let effect = nans == 0 ? "the percentiles put them at the ends"
                : infs == 0 ? "the percentiles are of the other replicates"
                : "the percentiles leave out the nan ones and put the infinite ones at the ends"
            result.notes.append("note: \(name) is not finite in \(bad.count) of \(s.count) replicates (\(kinds)); \(effect)")
        }
        return .object(result)
    }
}
