/// Domain builtins and commands (fit, optimal, simulate, plot) hook in here; each topic lives in its own file.
extension Interpreter {
    func registerDomainBuiltins() {
        registerFitBuiltins()
        registerLawBuiltins()
        registerTestTimeBuiltins()
    }

    func evaluateCommand(_ command: Command, in scope: Scope, at range: SourceRange) throws(ScaleError) -> Value {
        switch command.verb {
        case "bootstrap": return try bootstrapCommand(command, in: scope, at: range)
        case "holdout": return try holdoutCommand(command, in: scope, at: range)
        case "optimal": return try optimalCommand(command, in: scope, at: range)
        case "isoflop": return try isoflopCommand(command, in: scope, at: range)
        case "simulate": return try simulateCommand(command, in: scope, at: range)
        case "plot": return try plotCommand(command, in: scope, at: range)
        case "compare": return try compareCommand(command, in: scope, at: range)
        case "matched": return try matchedCommand(command, in: scope, at: range)
        default: throw .runtime("'\(command.verb)' is not available in this build", at: range)
        }
    }
}
