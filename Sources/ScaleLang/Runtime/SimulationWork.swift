/// The limit on the steps a simulation or quadrature may take, checked before it starts, with
/// a message that says how much was asked and how to ask for less.
extension Interpreter {
    /// Exact best-of-k with a noisy verifier integrates once per problem and K (about 10⁴ steps).
    func checkQuadratureWork(problems: Int, columns: Int, at range: SourceRange) throws(ScaleError) {
        try checkSimulationWork(Double(problems) * Double(columns) * 1e4, at: range) { "\(problems) problems × \(columns) values of K is about \($0) steps of quadrature" }
    }

    /// Refuses a computation of about `work` steps beyond `limits.simulationWork`: the message is
    /// `describe(work as a count)`, the limit, then `advice`.
    func checkSimulationWork(_ work: Double, advice: String = "", at range: SourceRange, _ describe: (String) -> String) throws(ScaleError) {
        guard work <= limits.simulationWork else {
            throw .runtime("\(describe(formatCount(work))), more than the limit of \(formatCount(limits.simulationWork))\(advice)", at: range)
        }
    }
}
