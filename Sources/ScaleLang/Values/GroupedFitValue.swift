import Foundation
import ScaleData
import ScalingCore

/// The value of `fit … by COLUMN, …`: one fit per group of rows, each a fit with everything a fit
/// has (`fs.c4`, `fs["c4"]`), shown one row a group; `table(fs)` is the long table of estimates.
/// With `shared P, …` the groups' fits come from one joint fit in which those parameters are
/// common, and the value carries the test of sharing them against the separate fits.
final class GroupedFitValue: CallableObject {
    /// The `by` columns, in the order written.
    let keys: [String]
    /// Each key column with one cell a group (the value all the group's rows have there).
    let keyColumns: [Table.ColumnData]
    /// Per group, its values as text joined with "/": how fields, indexes and messages name it.
    let labels: [String]
    /// The groups' fits, in order of the groups' first rows.
    let fits: [FitValue]
    /// The formula as written, with its `in log`.
    let formula: String
    /// The joint fit's test of the shared parameters, when there are any.
    let sharing: Sharing?
    /// The name it was first assigned to.
    var name: String?
    /// Whether the joint fit's warning (if any) has been given.
    var announced = false

    /// What `shared` adds: the parameters held common, and the test against separate fits.
    struct Sharing {
        var parameters: [String]
        var test: SharedParameters.SharingTest
        /// The joint fit's own outcome (one optimisation for all groups).
        var converged: Bool
        var reason: String
        /// The joint fit's outcomes in one line (nil when clean): said once, not per group.
        var outcomeLine: String?
        /// Fitted with Huber's loss: the F test reads their residual sums of squares, which only
        /// least squares minimises, so it is approximate.
        var huber: Bool
    }

    init(keys: [String], keyColumns: [Table.ColumnData], labels: [String], fits: [FitValue], formula: String, sharing: Sharing?) {
        self.keys = keys
        self.keyColumns = keyColumns
        self.labels = labels
        self.fits = fits
        self.formula = formula
        self.sharing = sharing
    }

    var typeName: String { "grouped fit" }

    /// The parameters, as every group's fit names them (one model, so one list).
    var parameters: [String] { fits.first?.summary.parameters ?? [] }

    /// The group called `label`, if any.
    func fit(named label: String) -> FitValue? { labels.firstIndex(of: label).map { fits[$0] } }

    /// The key columns, one row a group: the start of every per-group table.
    func keyTable(repeating times: Int = 1) -> Table {
        var t = Table()
        let rows = fits.indices.flatMap { Array(repeating: $0, count: times) }
        for (key, column) in zip(keys, keyColumns) { t.setColumn(key, column.selecting(rows)) }
        return t
    }

    /// One row a group: its keys, then per parameter the estimate and standard error, then rows,
    /// R² and whether it converged (`fs.groups`).
    var groupTable: Table {
        var t = keyTable()
        for (j, p) in parameters.enumerated() {
            t.setColumn(p, .numbers(fits.map { $0.summary.values[j] }))
            t.setColumn("se_" + p, .numbers(fits.map { $0.summary.standardErrors[j] }))
        }
        t.setColumn("rows", .numbers(fits.map { Double($0.summary.rows) }))
        t.setColumn("r2", .numbers(fits.map { $0.summary.r2 }))
        t.setColumn("converged", .bools(fits.map { $0.summary.converged }))
        return t
    }

    /// One row per group and parameter: keys, parameter, estimate, se, lo, hi (`table(fs)`, `save fs`).
    var parameterTable: Table {
        let p = parameters.count
        var t = keyTable(repeating: p)
        t.setColumn("parameter", .text(fits.flatMap { _ in parameters }))
        t.setColumn("estimate", .numbers(fits.flatMap { $0.summary.values }))
        t.setColumn("se", .numbers(fits.flatMap { $0.summary.standardErrors }))
        t.setColumn("lo", .numbers(fits.flatMap { $0.summary.lower }))
        t.setColumn("hi", .numbers(fits.flatMap { $0.summary.upper }))
        return t
    }

    var memberNames: [String] {
        ["groups", "table", "fits", "rss"] + (sharing == nil ? [] : ["test", "shared"]) + labels
    }

    func member(_ name: String) -> Value? {
        switch name {
        case "groups": return .table(groupTable)
        case "table": return .table(parameterTable)
        case "fits": return .record(Record(zip(labels, fits).map { ($0, .object($1)) }))
        case "rss": return .number(fits.reduce(0) { $0 + $1.summary.rss })
        case "test":
            guard let s = sharing else { return nil }
            let test = s.test
            return .record(Record([
                ("F", .number(test.f)), ("df1", .number(Double(test.degreesOfFreedom.0))), ("df2", .number(Double(test.degreesOfFreedom.1))),
                ("p", .number(test.pValue)), ("rss_shared", .number(test.rssShared)), ("rss_separate", .number(test.rssSeparate)),
                ("aic_shared", .number(test.aicShared)), ("aic_separate", .number(test.aicSeparate)),
            ]))
        case "shared": return sharing.map { .strings($0.parameters.map { Optional($0) }) }
        default: return fit(named: name).map { .object($0) }
        }
    }

    func display(digits: Int) -> String {
        func g(_ x: Double) -> String { formatSignificant(x, digits: digits) }
        var out = "fit \(formula) by \(keys.joined(separator: ", ")): \(fits.count) groups"
        if let s = sharing { out += ", \(s.parameters.joined(separator: ", ")) shared" }
        out += "\n"
        var t = keyTable()
        for (j, p) in parameters.enumerated() {
            t.setColumn(p, .text(fits.map { "\(g($0.summary.values[j])) ± \(g($0.summary.standardErrors[j]))" }))
        }
        t.setColumn("rows", .numbers(fits.map { Double($0.summary.rows) }))
        t.setColumn("R²", .text(fits.map { g($0.summary.r2) }))
        t.setColumn("status", .text(fits.map { f in !f.summary.converged ? "NOT CONVERGED" : f.summary.outcomes.isEmpty && sharing?.outcomeLine == nil ? "converged" : "converged, warning" }))
        out += displayTable(t, digits: digits, head: 50, tail: 10)
        out += "\n  estimates ± standard errors; table(\(name ?? "FIT")) gives each with its 95% interval"
        if let s = sharing {
            let test = s.test, (q, dof) = test.degreesOfFreedom
            if !s.converged { out += "\n  NOT CONVERGED: the joint fit stopped: \(s.reason); the values above are its last iterate" }
            out += "\n  sharing \(s.parameters.joined(separator: ", ")) against separate fits: F(\(q), \(dof)) = \(g(test.f)), p = \(g(test.pValue))"
                + "   RSS \(g(test.rssShared)) shared, \(g(test.rssSeparate)) separate"
                + "   AIC \(g(test.aicShared)) shared, \(g(test.aicSeparate)) separate"
            if let line = s.outcomeLine { out += "\n  joint fit: \(line)" }
            out += "\n  (F test of nested least-squares fits on the fit's scale\(s.huber ? ", approximate for Huber's loss" : ""); AIC Gaussian, lower is better)"
        }
        for (label, f) in zip(labels, fits) {
            if let line = f.outcomeLine { out += "\n  \(label): \(line)" }
        }
        return out
    }

    /// `fs(N = …, D = …, dataset = "c4")`: the key columns' arguments pick the group, the others
    /// go to its fitted law.
    func call(_ args: [(label: String?, value: Value, range: SourceRange)], interpreter: Interpreter, at range: SourceRange) throws(ScaleError) -> Value {
        var picked: [String: String] = [:]
        var rest: [(label: String?, value: Value, range: SourceRange)] = []
        for a in args {
            guard let label = a.label, keys.contains(label) else { rest.append(a); continue }
            switch a.value {
            case .string(let s): picked[label] = s
            case .number(let x): picked[label] = formatShortest(x)
            case .bool(let b): picked[label] = b ? "true" : "false"
            default: throw .runtime("'\(label)' picks a group: give one value, got a \(a.value.typeName)", at: a.range)
            }
        }
        guard picked.count == keys.count else {
            let missing = keys.filter { picked[$0] == nil }
            throw .runtime("name the group: add \(missing.map { "\($0) = …" }.joined(separator: ", ")) (groups: \(labels.joined(separator: ", ")))", at: range)
        }
        let label = keys.map { picked[$0] ?? "" }.joined(separator: "/")
        guard let f = fit(named: label) else {
            throw .runtime("no group \(label): the groups are \(labels.joined(separator: ", "))", at: range,
                           hint: DiagnosticRenderer.closest(to: label, among: labels).map { "did you mean '\($0)'?" })
        }
        return try f.call(rest, interpreter: interpreter, at: range)
    }
}
