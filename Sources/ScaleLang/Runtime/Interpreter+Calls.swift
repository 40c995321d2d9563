/// Calling user functions, laws, builtins and callable results (fitted laws).
extension Interpreter {
    struct EvaluatedArgument {
        var label: String?
        var value: Value
        var range: SourceRange
    }

    func call(_ calleeExpr: Expr, _ args: [Argument], in scope: Scope, at range: SourceRange) throws(ScaleError) -> Value {
        let callee = try evaluate(calleeExpr, in: scope)
        var evaluated: [EvaluatedArgument] = []
        var namesFrom: Int?
        if case .function(let f) = callee, case .builtin(let b) = f.body { namesFrom = b.namesFrom }
        for (k, a) in args.enumerated() {
            // a builtin that names inputs or columns takes a bare name as that name's text
            if let from = namesFrom, k >= from, a.label == nil, case .name(let variable) = a.value.kind {
                evaluated.append(EvaluatedArgument(label: a.label, value: .string(variable), range: a.value.range))
                continue
            }
            evaluated.append(EvaluatedArgument(label: a.label, value: try evaluate(a.value, in: scope), range: a.value.range))
        }
        return try apply(callee, evaluated, at: range, calleeRange: calleeExpr.range)
    }

    func apply(_ callee: Value, _ args: [EvaluatedArgument], at range: SourceRange, calleeRange: SourceRange) throws(ScaleError) -> Value {
        switch callee {
        case .function(let f):
            switch f.body {
            case .user(let params, let body, let defaults, let source):
                return try callUser(f, params, body, defaults, source, args, at: range)
            case .builtin(let b):
                return try callBuiltin(f.name, b, args, at: range)
            }
        case .object(let o as CallableObject):
            return try o.call(args.map { ($0.label, $0.value, $0.range) }, interpreter: self, at: range)
        default:
            throw .runtime("a \(callee.typeName) cannot be called", at: calleeRange)
        }
    }

    func callUser(_ f: Function, _ params: [String], _ body: Expr, _ defaults: [(name: String, value: Value)], _ source: Source,
                  _ args: [EvaluatedArgument], at range: SourceRange) throws(ScaleError) -> Value {
        let scope = Scope(parent: globals)
        for d in defaults { scope.variables[d.name] = d.value }
        let binder = ArgumentBinder(callee: "\(f.typeDescription) '\(f.name)'", parameters: params, optional: defaults.map(\.name))
        let names = try binder.bind(args.map { ($0.label, $0.range) }, at: range)
        for (name, a) in zip(names, args) { scope.variables[name] = a.value }
        callDepth += 1
        defer { callDepth -= 1 }
        steps += 1
        if callDepth > limits.callDepth || !stackGuard.hasRoom() || steps > limits.steps {
            if steps > limits.steps { throw .runtime("this program ran more than \(limits.steps) steps", at: range) }
            throw .runtime("too many nested calls: does '\(f.name)' call itself without end?", at: range)
        }
        if Interrupt.isRequested { throw .runtime("interrupted", at: range) }
        do {
            return try evaluate(body, in: scope)
        } catch var error {
            if source != currentSource {
                if error.source == nil { error.source = source }
                // calls made inside this body were made in its source
                for i in error.calls.indices where error.calls[i].source == nil { error.calls[i].source = source }
            }
            error.passed(through: f.name, calledAt: range)
            throw error
        }
    }

    func callBuiltin(_ name: String, _ b: Builtin, _ args: [EvaluatedArgument], at range: SourceRange) throws(ScaleError) -> Value {
        var values = [Value?](repeating: nil, count: b.parameters.count)
        var ranges = [SourceRange](repeating: range, count: b.parameters.count)
        var positional = 0
        var named: [(name: String, value: Value, range: SourceRange)] = []
        for a in args {
            if let label = a.label, b.openNames, !b.parameters.contains(label) {
                named.append((label, a.value, a.range))
            } else if let label = a.label {
                guard let i = b.parameters.firstIndex(of: label) else {
                    throw .runtime("'\(name)' has no parameter '\(label)' (it takes \(b.parameters.joined(separator: ", ")))", at: a.range,
                                   hint: DiagnosticRenderer.closest(to: label, among: b.parameters).map { "did you mean '\($0)'?" })
                }
                values[i] = a.value
                ranges[i] = a.range
            } else if b.variadic {
                if positional >= values.count { values.append(nil); ranges.append(range) }
                values[positional] = a.value
                ranges[positional] = a.range
                positional += 1
            } else {
                while positional < values.count && values[positional] != nil { positional += 1 }
                guard positional < values.count else {
                    throw .runtime("'\(name)' takes at most \(b.parameters.count) argument\(b.parameters.count == 1 ? "" : "s") (\(b.parameters.joined(separator: ", "))), got \(args.count)", at: a.range)
                }
                values[positional] = a.value
                ranges[positional] = a.range
                positional += 1
            }
        }
        for i in 0..<b.required where i >= values.count || values[i] == nil {
            throw .runtime("'\(name)' expects \(b.required) argument\(b.required == 1 ? "" : "s") (\(b.parameters.prefix(b.required).joined(separator: ", "))), missing '\(b.parameters[i])'", at: range)
        }
        // a result shown as a table (a simulation, a hold-out) is one to every builtin: len, head, select, …
        values = values.map { $0?.tabular.numericMask }
        return try b.call(BuiltinArguments(values: values, ranges: ranges, callRange: range, interpreter: self, functionName: name, named: named))
    }
}

/// Results that can be called like a law (`f(N = 70B, D = 1.4T)` on a fit).
public protocol CallableObject: DomainObject {
    func call(_ args: [(label: String?, value: Value, range: SourceRange)], interpreter: Interpreter, at range: SourceRange) throws(ScaleError) -> Value
}
