import Foundation
import ScaleData
import ScalingCore

extension Commands {
    /// `speedup FS of NEW over BASE at C = …`, `speedup LAW over LAW at C = …` [with resamples = K, seed = S]
    static let speedup = CommandDeclaration(
        verb: "speedup",
        summary: "what one law's compute is worth in another's: the effective compute multiplier k(C) with L_new(C) = L_base(k·C), each law at its compute-optimal allocation, the loss gap, and where the two cross",
        operands: [OperandDeclaration("new", .expression(.value), "the new law (a law or a fit), or a grouped fit whose groups 'of' and 'over' name")],
        clauses: [
            ClauseDeclaration("of", .expression(.text), placeholder: "GROUP", "with a grouped fit: the new group's name"),
            ClauseDeclaration("over", .expression(.value), placeholder: "BASE", "the base: a law or a fit, or with a grouped fit the base group's name"),
            ClauseDeclaration("at", .binding(.value, bare: false), placeholder: "C = BUDGET", "the budgets in FLOPs: a number or a vector (a range of them is searched for a crossover)"),
            ClauseDeclaration("with", .options([
                OptionDeclaration("resamples", .count(CountDomain(0, limit: { $0.trials })), default: "0",
                                  "bootstrap resamples of both fits' rows for 95% intervals of k (0 for none; fits only)"),
                OptionDeclaration("seed", .seed, derived: "set seed, else 1", example: "7", "the random seed of the resamples"),
            ]), placeholder: "resamples = K, seed = S", "bootstrap intervals"),
        ],
        examples: ["big = chinchilla", "small(N, D) = 1.69 + 200/N^0.34 + 410.7/D^0.28", "speedup big over small at C = 1e20..1e24 times 10"],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.speedup(input) })
}

extension Interpreter {
    func speedup(_ input: CommandInput) throws(ScaleError) -> Value {
        let range = input.range
        guard case .value(let first)? = input.operand(0)?.typed, let firstSource = input.operand(0)?.source else {
            throw .runtime("write 'speedup NEW over BASE at C = …'", at: range)
        }
        guard let over = input.clause("over"), case .value(let overValue) = over.typed else {
            throw .runtime("say what the new law is compared with: 'speedup \(describe(firstSource)) over BASE at C = …'", at: range)
        }
        // the two laws, and their fits when they are fits (for the bootstrap)
        var newValue = first, baseValue = overValue
        var newName = describe(firstSource), baseName = over.source.map(describe) ?? "the base"
        if case .object(let g as GroupedFitValue) = first {
            guard let of = input.clause("of")?.text else {
                throw .runtime("name the new group: 'speedup \(describe(firstSource)) of GROUP over GROUP' (groups: \(g.labels.joined(separator: ", ")))", at: range)
            }
            guard case .string(let baseLabel) = overValue else {
                throw .runtime("with a grouped fit, 'over' names the base group (groups: \(g.labels.joined(separator: ", ")))", at: over.range)
            }
            func group(_ label: String, at clause: Checked?) throws(ScaleError) -> FitValue {
                guard let f = g.fit(named: label) else {
                    throw .runtime("no group '\(label)' in \(describe(firstSource))", at: clause?.range ?? range, hint: suggestion(label, g.labels, list: "groups"))
                }
                return f
            }
            newValue = .object(try group(of, at: input.clause("of")))
            baseValue = .object(try group(baseLabel, at: over))
            newName = of
            baseName = baseLabel
        } else if let of = input.clause("of") {
            throw .runtime("'of' names a group of a grouped fit; \(describe(firstSource)) is a \(first.typeName)", at: of.range)
        }
        let newLaw = try resolveLaw(newValue, at: firstSource.range), baseLaw = try resolveLaw(baseValue, at: over.range)
        for (law, at) in [(newLaw, firstSource.range), (baseLaw, over.range)] where law.inputs.count != 2 {
            throw .runtime("'speedup' needs laws of two inputs (parameters N and tokens D); \(law.name) takes \(law.inputs.joined(separator: ", "))", at: at)
        }
        let budgets = try self.budgets(input.clause("at"), missing: "say the budgets: 'speedup … at C = 1e20..1e24 times 10'", at: range)

        let optimalLoss = { (law: ResolvedLaw) -> (Double) -> Double in
            let form = ComputeOptimal.ChinchillaForm.detect(law.expr)
            return { [self] c in (try? self.allocation(law, budget: c, form: form, at: range).loss) ?? .nan }
        }
        let newLoss = optimalLoss(newLaw), baseLoss = optimalLoss(baseLaw)
        let lossNew = budgets.map(newLoss), lossBase = budgets.map(baseLoss)
        let k = zip(budgets, lossNew).map { ComputeMultiplier.multiplier(base: baseLoss, target: $1, at: $0) }
        var columns: [Table.Column] = [
            .init(name: "C", data: .numbers(budgets)), .init(name: "loss_base", data: .numbers(lossBase)), .init(name: "loss_new", data: .numbers(lossNew)),
            .init(name: "gap", data: .numbers(zip(lossBase, lossNew).map { $0 - $1 })), .init(name: "k", data: .numbers(k)),
        ]
        var notes: [String] = []
        let resamples = try input.count("resamples")
        let seed = try randomSeed(input.given("seed"), at: range)
        if resamples > 0 {
            guard case .object(let fn as FitValue) = newValue, case .object(let fb as FitValue) = baseValue else {
                throw .runtime("'resamples' needs both laws to be fits, whose rows can be resampled", at: input.given("resamples")?.range ?? range)
            }
            let boot: Fitter.ChainBootstrap
            do {
                boot = try Fitter.bootstrap(chain: [fn.problem, fb.problem], from: [fn.summary.values, fb.summary.values], count: resamples, seed: seed,
                                            cancelled: { Interrupt.isRequested })
            } catch {
                throw .runtime("speedup: \(error.message)", at: range)
            }
            var samples = [[Double]](repeating: [], count: budgets.count)
            for rep in boot.replicates {
                let n = optimalLoss(try resolveLaw(.object(fn.with(values: rep[0])), at: range))
                let b = optimalLoss(try resolveLaw(.object(fb.with(values: rep[1])), at: range))
                for (j, c) in budgets.enumerated() { samples[j].append(ComputeMultiplier.multiplier(base: b, target: n(c), at: c)) }
            }
            let q = samples.map { Fitter.percentileInterval($0) }
            columns.append(.init(name: "k_lo", data: .numbers(q.map(\.lower))))
            columns.append(.init(name: "k_hi", data: .numbers(q.map(\.upper))))
            notes.append("k_lo, k_hi: 95% percentile intervals from \(boot.replicates.count) of \(resamples) resamples in which both refits converged "
                + "(each fit's rows resampled on their own), seed \(seed)")
        }
        let lo = budgets.min() ?? 0, hi = budgets.max() ?? 0
        var crossing = Double.nan
        if lo < hi {
            let crossings = ComputeMultiplier.crossovers(base: baseLoss, new: newLoss, from: lo, to: hi)
            if crossings.isEmpty {
                notes.append("the two laws do not cross between C = \(formatSignificant(lo, digits: digits)) and \(formatSignificant(hi, digits: digits))")
            } else {
                crossing = crossings[0]
                notes.append("the two laws cross at C = " + crossings.map { formatSignificant($0, digits: digits) }.joined(separator: ", ")
                    + " (k = 1 there; the new law is ahead on the side where k > 1)")
            }
        }
        if k.contains(where: { $0.isInfinite }) {
            notes.append("k = inf: the new law's loss there is below all the base law reaches (its irreducible loss)")
        }
        let title = "compute multiplier of \(newName) over \(baseName): k(C) with L_new(C) = L_base(k·C), each law at its compute-optimal allocation (6·N·D = C); gap = loss_base − loss_new"
        let result = ResultTable(title: title, table: Table(columns: columns), typeName: "speedup")
        result.notes = notes
        result.extra["crossover"] = .number(crossing)
        return .object(result)
    }
}
