import Foundation
import ScalingCore

extension Commands {
    /// `bootstrap FIT COUNT [seed S] [of EXPR, …]`
    static let bootstrap = CommandDeclaration(
        verb: "bootstrap", summary: "refit on resampled rows: percentile intervals for the parameters and any quantity derived from them",
        operands: [
            OperandDeclaration("fit", .expression(.fit), "a fit result, as from 'f = fit …'"),
            OperandDeclaration("resamples", .expression(.count(CountDomain(2, limit: { $0.trials }))), "the number of resamples"),
        ],
        clauses: [
            ClauseDeclaration("seed", .expression(.seed), placeholder: "S", "the random seed (default: 'set seed', else 1)"),
            ClauseDeclaration("of", .list(.expression), placeholder: "EXPR, …", "derived quantities, evaluated with the fit's name bound to each replicate"),
        ],
        examples: ["t = table(x = [1, 2, 3, 4, 5, 6], y = [2.9, 7.4, 20.1, 54.2, 148.9, 403.4])",
                   "f = fit y ~ a * exp(b * x) on t start b = 0.5", "bootstrap f 200 seed 7 of f.a * f.b"],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.bootstrap(input) })
}

extension Interpreter {
    func bootstrap(_ input: CommandInput) throws(ScaleError) -> Value {
        let range = input.range, scope = input.scope
        guard let fitOperand = input.operand(0), case .fit(let fit) = fitOperand.typed, let fitExpr = fitOperand.source else {
            throw .runtime("'bootstrap' needs a fit, as in 'bootstrap f …'", at: range)
        }
        guard let count = input.operand(1)?.count else {
            throw .runtime("'bootstrap' needs a number of resamples, as in 'bootstrap f 1000'", at: range)
        }
        var seed: UInt64 = 1
        if case .seed(let s)? = input.clause("seed")?.typed {
            seed = s
        } else if case .number(let x)? = settings["seed"] {
            seed = try self.seed(x, at: range)
        }
        guard fit.summary.converged else {
            throw .runtime("the fit did not converge (\(fit.summary.reason)); there is no optimum to resample around", at: fitExpr.range)
        }
        let boot: Fitter.Bootstrap
        do {
            boot = try Fitter.bootstrap(fit.problem, from: fit.summary.values, count: count, seed: seed, cancelled: { Interrupt.isRequested })
        } catch {
            throw .runtime("bootstrap: \(error.description)", at: range)
        }
        var names: [String] = fit.summary.parameters
        var estimates = fit.summary.values
        var samples: [[Double]] = (0..<names.count).map { j in boot.replicates.map { $0[j] } }
        for d in input.clauses("of").flatMap(\.items).compactMap(\.expression) {
            // Each derived quantity is evaluated with the fit's name bound to each replicate.
            let inner = Scope(parent: scope)
            var values: [Double] = []
            for rep in boot.replicates {
                if case .name(let n) = fitExpr.kind { inner.variables[n] = .object(fit.with(values: rep)) }
                values.append(try scalar(try evaluate(d, in: inner), at: d.range, what: "a derived quantity"))
            }
            if case .name(let n) = fitExpr.kind { inner.variables[n] = .object(fit) }
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
        let header = "bootstrap of \(describe(fitExpr)): \(boot.attempted) resamples of \(fit.problem.rows) rows, seed \(seed); "
            + "\(boot.replicates.count) refits converged; 95% percentile intervals"
        return .object(ResultTable(title: header, table: table, typeName: "bootstrap"))
    }
}
