import ScaleData
import ScalingCore

/// What a grouped fit needs beyond the problem: the `by` columns, the parameters held common, and
/// what the summary of each group's fit shows.
struct GroupedFitPlan {
    var keys: [String]
    /// Indices of the shared parameters, in the model's order; empty for separate fits.
    var shared: [Int]
    var formula: String
    var constants: [(name: String, value: Double)]
    var skippedRows: Int
}

extension Interpreter {
    /// The columns after `by` (`summarize … by`, `fit … by`): each a column of `table`, none twice.
    func groupKeys(_ clause: Checked?, in table: Table) throws(ScaleError) -> [String] {
        var keys: [String] = []
        for item in clause?.items ?? [] {
            guard let name = item.text else { throw .runtime("expected a column name after 'by'", at: item.range) }
            guard table.column(name) != nil else {
                throw .runtime("the table has no column '\(name)'", at: item.range, hint: suggestion(name, table.columnNames, list: "columns"))
            }
            if keys.contains(name) { throw .runtime("the column '\(name)' is named twice after 'by'", at: item.range) }
            keys.append(name)
        }
        return keys
    }

    /// The parameters after `shared`, as indices into the model's parameters.
    func sharedParameters(_ clause: Checked?, of parameters: [String]) throws(ScaleError) -> [Int] {
        var out: [Int] = []
        for item in clause?.items ?? [] {
            guard let name = item.text else { throw .runtime("expected a parameter name after 'shared'", at: item.range) }
            guard let j = parameters.firstIndex(of: name) else {
                throw .runtime("'\(name)' is not a parameter of the model", at: item.range, hint: suggestion(name, parameters, list: "parameters"))
            }
            if out.contains(j) { throw .runtime("the parameter '\(name)' is named twice after 'shared'", at: item.range) }
            out.append(j)
        }
        if !out.isEmpty, out.count == parameters.count {
            throw .runtime("every parameter is shared, which is one fit of all rows: leave out 'by'", at: clause?.range ?? .none)
        }
        return out
    }

    /// One fit per group of `table`'s rows (groups in order of first appearance), each from the
    /// same starts; with shared parameters, then one joint fit from the separate fits' optima
    /// (each shared parameter starting at the groups' mean), whose groups become the fits shown.
    func groupedFit(_ problem: FitProblem, table: Table, starts: [[Double]], method: FitMethod, plan: GroupedFitPlan,
                    at range: SourceRange) throws(ScaleError) -> GroupedFitValue {
        let groups = TableVerbs.groups(table, by: plan.keys)
        // the keys are columns of the table (groupKeys checked them)
        let keyColumns = plan.keys.compactMap { table.column($0)?.selecting(groups.map { $0[0] }) }
        let labels = groups.indices.map { g in keyColumns.map { $0.text(at: g) ?? "na" }.joined(separator: "/") }
        guard groups.count >= 2 || plan.shared.isEmpty else {
            throw .runtime("'shared' needs two groups or more; the rows make one (\(labels.joined()))", at: range)
        }
        var separate: [(problem: FitProblem, result: FitResult)] = []
        for (g, rows) in groups.enumerated() {
            let sub = problem.selecting(rows: rows)
            do {
                separate.append((sub, try Fitter.fit(sub, starts: starts, method: method, cancelled: { Interrupt.isRequested })))
            } catch {
                throw .runtime("fit of group \(labels[g]) (\(rows.count) rows): \(error.message)", at: range)
            }
        }
        func value(_ g: Int, _ result: FitResult) -> FitValue {
            fitValue(result, problem: separate[g].problem, table: table.rows(groups[g]), formula: plan.formula + " [\(labels[g])]",
                     constants: plan.constants)
        }
        guard !plan.shared.isEmpty else {
            let fits = separate.enumerated().map { value($0.offset, $0.element.result) }
            return GroupedFitValue(keys: plan.keys, keyColumns: keyColumns, labels: labels, fits: fits, formula: plan.formula, sharing: nil)
        }
        let joint = SharedParameters.joint(problem, groups: groups, labels: labels, shared: Set(plan.shared))
        let result: FitResult
        var fits: [FitValue] = []
        do {
            result = try Fitter.fit(joint.problem, starts: [joint.start(from: separate.map(\.result.values))], method: method,
                                    cancelled: { Interrupt.isRequested })
            for g in groups.indices {
                fits.append(value(g, try SharedParameters.groupResult(joint, result, group: g, problem: separate[g].problem)))
            }
        } catch {
            throw .runtime("fit with \(plan.shared.map { problem.parameterNames[$0] }.joined(separator: ", ")) shared: \(error.message)", at: range)
        }
        let test = SharedParameters.SharingTest(rssShared: result.rss, parametersShared: joint.problem.parameterCount,
                                                rssSeparate: separate.reduce(0) { $0 + $1.result.rss },
                                                parametersSeparate: separate.reduce(0) { $0 + $1.problem.parameterCount }, rows: problem.rows)
        let sharing = GroupedFitValue.Sharing(parameters: plan.shared.map { problem.parameterNames[$0] }, test: test,
                                              converged: result.converged, reason: result.reason,
                                              outcomeLine: result.outcomes.isEmpty ? nil : result.outcomes.map(\.message).joined(separator: "; "),
                                              huber: problem.huberDelta != nil)
        return GroupedFitValue(keys: plan.keys, keyColumns: keyColumns, labels: labels, fits: fits, formula: plan.formula, sharing: sharing)
    }
}
