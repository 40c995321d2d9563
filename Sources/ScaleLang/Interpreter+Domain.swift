/// Domain builtins and commands (fit, optimal, simulate, plot) hook in here; each topic lives in its own file.
extension Interpreter {
    func registerDomainBuiltins() {}

    func evaluateCommand(_ command: Command, in scope: Scope, at range: SourceRange) throws(ScaleError) -> Value {
        throw .runtime("'\(command.verb)' is not available in this build", at: range)
    }
}
