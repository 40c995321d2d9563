import Foundation
import ScalingCore

/// The value of a `fit`: shows its summary, exposes its numbers as fields, and is callable as
/// the fitted law (`f(N = 70B, D = 1.4T)`).
final class FitValue: CallableObject {
    /// The core's result as it came back, with what the language adds: the formula as written,
    /// the objective's name, the rows and the constants the model read. The result's own fields
    /// read through (`summary.r2`, `summary.values`).
    @dynamicMemberLookup
    struct Summary {
        var result: FitResult
        var formula: String
        var objectiveName: String
        var rows: Int
        var constants: [(name: String, value: Double)]
        /// Rows of the table left out because a column the fit reads was missing there.
        var skippedRows = 0

        subscript<T>(dynamicMember path: WritableKeyPath<FitResult, T>) -> T {
            get { result[keyPath: path] }
            set { result[keyPath: path] = newValue }
        }

        var parameters: [String] { result.parameterNames }
    }

    let summary: Summary
    /// The problem as fitted and the table it came from, for bootstrap and hold-out refits.
    let problem: FitProblem
    let table: Table
    /// The fitted law's inputs: the columns its model reads.
    let inputs: [String]
    /// The fitted law on the data scale of the response: for a fit of log(y) ~ log(g) (the
    /// replications' objective), g, a law of y; otherwise the model itself. Calls, `predict`,
    /// `optimal` and the other consumers of a fit use it.
    let law: ModelExpr

    /// The name it was first assigned to (`f = fit …`), for warnings that name it.
    var name: String?
    /// Whether its warning line (if it has one) has been given.
    var announced = false

    /// `fit f (loss ~ …)`, or `fit loss ~ …` before it has a name: how warnings name it.
    var shownName: String { name.map { "fit \($0)" } ?? "fit \(summary.formula)" }

    /// Its outcomes in one line (nil when converged with none): what stderr says about it.
    var outcomeLine: String? {
        summary.outcomes.isEmpty ? nil : summary.outcomes.map(\.message).joined(separator: "; ")
    }

    /// The response of a fit of log(y) ~ log(g) (y, whose law it gives), nil for other fits.
    var loggedResponse: String? {
        let scale = problem.dataScale
        return scale.isLog ? scale.response.formula(names: problem.columnNames, digits: 6) : nil
    }

    init(summary: Summary, problem: FitProblem, table: Table) {
        self.summary = summary
        self.problem = problem
        self.table = table
        law = problem.dataScale.law
        let used = problem.model.columnIndices
        inputs = problem.columnNames.enumerated().filter { used.contains($0.offset) }.map(\.element)
    }

    /// The same fit with other parameter values (a bootstrap replicate, say).
    func with(values: [Double]) -> FitValue {
        var s = summary
        s.values = values
        let replicate = FitValue(summary: s, problem: problem, table: table)
        replicate.name = name  // what warnings call it: the fit it replicates
        replicate.announced = true
        return replicate
    }

    /// The fitted model at new column values, keyed by input name.
    func evaluate(_ columns: [String: [Double]], _ count: Int) -> [Double] {
        Fitter.evaluate(law, parameters: summary.values, columns: problem.columnNames.map { columns[$0] ?? [] }, rows: count)
    }

    var typeName: String { "fit" }

    var memberNames: [String] {
        ["params", "se", "rss", "objective", "r2", "aic", "bic", "converged", "iterations", "residuals", "lower", "upper", "sigma",
         "cov", "law"]
            + summary.parameters
    }

    func member(_ name: String) -> Value? {
        let s = summary
        switch name {
        case "params": return .record(Record(zip(s.parameters, s.values).map { ($0, .number($1)) }))
        case "se": return .record(Record(zip(s.parameters, s.standardErrors).map { ($0, .number($1)) }))
        case "lower": return .record(Record(zip(s.parameters, s.lower).map { ($0, .number($1)) }))
        case "upper": return .record(Record(zip(s.parameters, s.upper).map { ($0, .number($1)) }))
        case "rss": return .number(s.rss)
        case "objective": return .number(s.objective)
        case "r2": return .number(s.r2)
        case "aic": return .number(s.aic)
        case "bic": return .number(s.bic)
        case "sigma": return .number(s.residualStandardError)
        case "converged": return .bool(s.converged)
        case "iterations": return .number(Double(s.iterations))
        case "residuals": return .vector(s.residuals)
        case "cov": return .table(covarianceTable)
        case "law": return .object(fittedLaw)
        default:
            if let i = s.parameters.firstIndex(of: name) { return .number(s.values[i]) }
            return nil
        }
    }

    /// One row per parameter: its estimate, standard error and 95% interval (`table(f)`, `save f`).
    var parameterTable: Table {
        let s = summary
        return Table(columns: [
            .init(name: "parameter", data: .text(s.parameters)),
            .init(name: "estimate", data: .numbers(s.values)),
            .init(name: "se", data: .numbers(s.standardErrors)),
            .init(name: "lo", data: .numbers(s.lower)),
            .init(name: "hi", data: .numbers(s.upper)),
        ])
    }

    /// The estimates' covariance σ²(JᵀJ)⁻¹ (nan where the Jacobian is singular): a column
    /// `parameter`, then one column per parameter (`f.cov`).
    var covarianceTable: Table {
        let s = summary
        var t = Table(columns: [.init(name: "parameter", data: .text(s.parameters))])
        for (j, name) in s.parameters.enumerated() {
            t.setColumn(name, .numbers(s.parameters.indices.map { i in
                i < s.covariance.count && j < s.covariance[i].count ? s.covariance[i][j] : .nan
            }))
        }
        return t
    }

    /// The fitted law over its inputs (column i is `inputs[i]`), the fitted values in place of its
    /// parameters: what calls, derivatives and `optimal` evaluate.
    var boundLaw: ModelExpr {
        var map: [Int: Int] = [:]
        for (k, name) in problem.columnNames.enumerated() { if let i = inputs.firstIndex(of: name) { map[k] = i } }
        return law.binding(parameters: summary.values, columnMap: map)
    }

    /// The fitted law as a value of its own (`f.law`): on the response's data scale (the law of y
    /// for a fit of log(y) ~ log(g)), callable, and shown with its formula and fitted values.
    var fittedLaw: DerivedLaw {
        let bound = boundLaw
        let response = problem.dataScale.response.formula(names: problem.columnNames, digits: 6)
        let symbolic = law.formula(names: problem.columnNames, parameterNames: summary.parameters, digits: 6)
        let result = DerivedLaw(law: ResolvedLaw(name: response, inputs: inputs, expr: bound), title: response)
        result.fitted = (formula: symbolic, values: zip(summary.parameters, summary.values).map { ($0, $1) })
        result.fit = self
        return result
    }

    /// The summary in its parts; the text form and Jupyter's HTML are both made from these.
    public func summaryParts(digits: Int) -> FitSummaryParts {
        let s = summary
        func g(_ x: Double) -> String { formatSignificant(x, digits: digits) }
        // Which names are data and which are estimated, so a misspelt column (`Nn` for `N`) shows
        // as the parameter it became on the first line.
        let columns = problem.columnNames.isEmpty ? "" : "columns " + problem.columnNames.joined(separator: ", ") + "; "
        let heading = "fit \(s.formula)   (\(columns)parameters \(s.parameters.joined(separator: ", ")))"
        let warning = s.converged ? nil : "NOT CONVERGED: \(s.reason). The values below are the last iterate, not an estimate."
        var out = ""
        var rows: [[String]] = []
        for i in s.parameters.indices {
            rows.append([s.parameters[i], g(s.values[i]), g(s.standardErrors[i]), "[\(g(s.lower[i])), \(g(s.upper[i]))]"])
        }
        // Weighted: the objective is Σ w·r², and the plain Σ r² is shown beside it, named as such.
        let rssName = problem.weights == nil ? "RSS" : "weighted RSS"
        out += "\(s.objectiveName): \(g(s.objective))   \(rssName): \(g(s.rss))   residual std. error: \(g(s.residualStandardError)) on \(s.rows - s.parameters.count) degrees of freedom\n"
        if problem.weights != nil { out += "unweighted RSS: \(g(s.unweightedRSS))\n" }
        // how the intervals were made: Student's t, and where a bound stopped one
        let dof = s.intervalDegreesOfFreedom
        if dof > 0 {
            let stopped = s.parameters.indices.filter { s.lower[$0] == problem.lowerBounds[$0] || s.upper[$0] == problem.upperBounds[$0] }.map { s.parameters[$0] }
            out += "95% intervals: estimate ± \(g(Special.studentTQuantile(0.975, Double(dof))))·se (Student's t, \(dof) \(dof == 1 ? "degree" : "degrees") of freedom)"
                + (stopped.isEmpty ? "" : "; stopped at the bound for \(stopped.joined(separator: ", "))") + "\n"
        }
        out += "R²: \(g(s.r2))   AIC: \(g(s.aic))   BIC: \(g(s.bic))   rows: \(s.rows)\(s.skippedRows > 0 ? " (\(s.skippedRows) with missing values skipped)" : "")\n"
        // The outcomes that the notes below do not already state (a singular Jacobian is one of them).
        let qualifications = s.outcomes.filter {
            switch $0 {
            case .notConverged, .singularJacobian: return false
            default: return true
            }
        }
        let status = !s.converged ? "did not converge" : s.outcomes.isEmpty ? "converged"
            : qualifications.isEmpty ? "converged, with the note below" : "converged, with the warnings below"
        out += "\(status): \(s.reason) after \(s.iterations) iterations"
        if s.method == .variableProjection { out += " (variable projection)" }
        if s.startsTried > 1 {
            out += "; \(s.startsAtBest) of \(s.startsTried) starts reached the best optimum (\(s.startsConverged) converged)"
        }
        out += "\n"
        if !s.constants.isEmpty {
            out += "constants taken from the environment: " + s.constants.map { "\($0.name) = \(g($0.value))" }.joined(separator: ", ") + "\n"
        }
        for w in s.warnings { out += "note: \(w)\n" }
        for o in qualifications { out += "warning: \(o.message)\n" }
        out.removeLast()
        return FitSummaryParts(heading: heading, warning: warning, parameterRows: rows,
                               footer: out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    func display(digits: Int) -> String {
        let parts = summaryParts(digits: digits)
        var out = parts.heading + "\n"
        if let w = parts.warning { out += w + "\n" }
        let rows = [FitSummaryParts.header] + parts.parameterRows
        let widths = (0..<4).map { j in rows.map { $0[j].count }.max() ?? 0 }
        for (k, r) in rows.enumerated() {
            out += "  " + r.enumerated().map { j, cell in
                let pad = String(repeating: " ", count: widths[j] - cell.count)
                return j == 0 || k == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        return out + parts.footer.map { "  " + $0 }.joined(separator: "\n")
    }

    func call(_ args: [(label: String?, value: Value, range: SourceRange)], interpreter: Interpreter, at range: SourceRange) throws(ScaleError) -> Value {
        interpreter.warnUsing(self, by: "\(name ?? "the fit")(…)", asLaw: true)
        var columns: [String: [Double]] = [:]
        var count: Int?
        var scalar = true
        let names = try ArgumentBinder(callee: "the fitted law", parameters: inputs).bind(args.map { ($0.label, $0.range) }, at: range)
        for (name, a) in zip(names, args) {
            let xs: [Double]
            switch a.value {
            case .number(let x): xs = [x]
            case .vector(let v):
                xs = v
                scalar = false
            default: throw .runtime("'\(name)' must be a number or vector, got a \(a.value.typeName)", at: a.range)
            }
            if let c = count, c != xs.count, xs.count != 1, c != 1 {
                throw .runtime("inputs have different lengths: \(c) and \(xs.count)", at: a.range)
            }
            count = max(count ?? 1, xs.count)
            columns[name] = xs
        }
        let n = count ?? 1
        for (k, v) in columns where v.count == 1 && n > 1 { columns[k] = Array(repeating: v[0], count: n) }
        let y = evaluate(columns, n)
        return scalar ? .number(y[0]) : .vector(y)
    }
}

/// A value whose summary comes in `FitSummaryParts` (a fit), for renderings other than text.
public protocol FitSummaryDisplay: DomainObject {
    func summaryParts(digits: Int) -> FitSummaryParts
}

extension FitValue: FitSummaryDisplay {}

/// A fit's summary in parts: the heading line, the warning when it did not converge, one row a
/// parameter (name, estimate, standard error, interval, as shown), and the lines after the table.
public struct FitSummaryParts: Sendable {
    /// The parameter table's column names.
    public static let header = ["parameter", "estimate", "std. error", "95% interval"]
    /// `fit RESPONSE ~ MODEL   (columns …; parameters …)`
    public var heading: String
    /// `NOT CONVERGED: …` when the fit did not converge; nil otherwise.
    public var warning: String?
    /// One row a parameter: name, estimate, standard error, interval, each as shown.
    public var parameterRows: [[String]]
    /// The lines after the table: objective, R², convergence, notes and warnings.
    public var footer: [String]
}
