import Foundation

/// The builtin functions and constants: the rows of `BuiltinRegistry.all`, bound in the outermost scope.
extension Interpreter {
    func registerBuiltins() {
        for row in BuiltinRegistry.all { builtins.variables[row.name] = row.value }
    }

    /// Names of the builtins and prelude definitions (for completion and help).
    public var builtinNames: [String] { builtins.variables.keys.sorted() }
}
