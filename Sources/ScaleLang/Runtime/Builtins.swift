import Foundation

/// The builtin functions, registered by topic (`Builtins+Math.swift`, `Builtins+Tables.swift`, …).
extension Interpreter {
    func registerBuiltins() {
        registerMathBuiltins()
        registerTableBuiltins()
        registerDataBuiltins()
        registerTextBuiltins()
        registerFitBuiltins()
        registerLawBuiltins()
        registerTestTimeBuiltins()
        registerComputeBuiltins()
    }

    /// Adds a builtin to the outermost scope.
    func define(_ name: String, _ parameters: [String], required: Int? = nil, variadic: Bool = false, openNames: Bool = false,
                namesFrom: Int? = nil, _ body: @escaping (BuiltinArguments) throws(ScaleError) -> Value) {
        let b = Builtin(parameters: parameters, required: required ?? parameters.count, variadic: variadic, openNames: openNames,
                        namesFrom: namesFrom, call: body)
        builtins.variables[name] = .function(Function(name: name, body: .builtin(b)))
    }

    /// Names of the builtins and prelude definitions (for completion and help).
    public var builtinNames: [String] { builtins.variables.keys.sorted() }
}
