/// Matches a call's arguments to parameters, the one way every callable does it (user functions
/// and laws, laws inlined into a model, fitted and derived laws): named arguments by name, the
/// others in order into the parameters not yet given; each parameter at most once; all given.
struct ArgumentBinder {
    /// How messages name the callee: "function 'f'", "law 'chinchilla'", "the fitted law".
    let callee: String
    let parameters: [String]
    /// Names that may be given by name only, and need not be (a law's `where` values).
    var optional: [String] = []

    /// The parameter each argument binds, in argument order.
    func bind(_ args: [(label: String?, range: SourceRange)], at range: SourceRange) throws(ScaleError) -> [String] {
        var given = Set<String>()
        var names: [String] = []
        var positional = 0
        let all = parameters + optional
        for a in args {
            if let label = a.label {
                guard all.contains(label) else {
                    throw .runtime("\(callee) has no parameter '\(label)' (it takes \(all.joined(separator: ", ")))", at: a.range,
                                   hint: DiagnosticRenderer.closest(to: label, among: all).map { "did you mean '\($0)'?" })
                }
                guard given.insert(label).inserted else { throw .runtime("'\(label)' is given twice", at: a.range) }
                names.append(label)
            } else {
                while positional < parameters.count && given.contains(parameters[positional]) { positional += 1 }
                guard positional < parameters.count else {
                    throw .runtime("\(callee) takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s") (\(parameters.joined(separator: ", "))), got more",
                                   at: a.range)
                }
                given.insert(parameters[positional])
                names.append(parameters[positional])
                positional += 1
            }
        }
        let missing = parameters.filter { !given.contains($0) }
        if !missing.isEmpty {
            throw .runtime("\(callee) is missing argument\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0)'" }.joined(separator: ", ")) (it takes \(parameters.joined(separator: ", ")))",
                           at: range)
        }
        return names
    }
}
