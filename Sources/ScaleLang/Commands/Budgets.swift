extension Interpreter {
    /// The compute budgets of an `at C = …` clause (`optimal`, `speedup`, `sweep`): a number or a
    /// non-empty vector, each positive and finite; `missing` is the message when there is no clause.
    func budgets(_ at: Checked?, missing: String, at range: SourceRange) throws(ScaleError) -> [Double] {
        guard let at, case .value(let budget) = at.typed else { throw .runtime(missing, at: range) }
        let budgets: [Double]
        switch budget {
        case .number(let c): budgets = [c]
        case .vector(let cs) where !cs.isEmpty: budgets = cs
        case let v: throw .runtime("the budget must be a number or vector of FLOPs, got a \(v.typeName)", at: at.range)
        }
        for c in budgets where !(c > 0 && c.isFinite) {
            throw .runtime("a compute budget must be positive, got \(formatShortest(c))", at: at.range)
        }
        return budgets
    }
}
