import ScalingCore

/// Turns the expressions of a `fit` (and of anything else that hands a formula to the core) into
/// the core's `ModelExpr`, built through its simplifying constructors, with every name classified:
/// a table column, a parameter to estimate, or a constant.
///
/// The rules, in order, for a name in a model:
/// 1. named in `start` → a parameter, even when a variable of that name exists;
/// 2. a column of the table → a column;
/// 3. a defined number → a constant (listed in the fit's summary, so a stray global is visible);
/// 4. a builtin or prelude function not called (`beta`, `d`) → a parameter;
/// 5. otherwise → a parameter, starting at 1.
/// Calls of user functions and laws are inlined; a law's `where` defaults become parameters that
/// start at their default values, so `fit reward ~ scalerl(C)` estimates R0, A, Cmid and B.
struct ModelResolver {
    let interpreter: Interpreter
    let scope: Scope
    /// The names the model reads as data, each with whether it holds numbers: a table's columns,
    /// or the inputs of a law being evaluated (no table needed for those).
    let dataColumns: [String: Bool]
    let forcedParameters: Set<String>
    /// When set, a law's `where` defaults are constants (evaluating a law), not parameters (fitting one).
    var lawDefaultsAreConstants = false
    /// Columns in the order first used; `columnNames[i]` is `.column(i)`.
    private(set) var columnNames: [String] = []
    /// Parameters in the order first used, with the start a law default suggests.
    private(set) var parameterNames: [String] = []
    private(set) var defaultStarts: [String: Double] = [:]
    private(set) var constants: [(name: String, value: Double)] = []
    /// The fits the model reads: called inside it (`f(N, 20 * N)`) or read by a called law's `where`.
    private(set) var fitsUsed: [FitValue] = []
    private var inlineDepth = 0

    init(interpreter: Interpreter, scope: Scope, table: Table?, forcedParameters: Set<String>) {
        var columns: [String: Bool] = [:]
        for c in table?.columns ?? [] {
            if case .numbers = c.data { columns[c.name] = true } else { columns[c.name] = false }
        }
        self.init(interpreter: interpreter, scope: scope, dataColumns: columns, forcedParameters: forcedParameters)
    }

    /// A resolver whose data are the inputs of a law or a cost (`N`, `D`), all numbers.
    init(interpreter: Interpreter, scope: Scope, inputs: [String]) {
        self.init(interpreter: interpreter, scope: scope, dataColumns: Dictionary(inputs.map { ($0, true) }, uniquingKeysWith: { a, _ in a }),
                  forcedParameters: [])
    }

    private init(interpreter: Interpreter, scope: Scope, dataColumns: [String: Bool], forcedParameters: Set<String>) {
        self.interpreter = interpreter
        self.scope = scope
        self.dataColumns = dataColumns
        self.forcedParameters = forcedParameters
    }

    /// Classifies every name in `e`. `bindings` maps a function's parameter names to the nodes of
    /// its arguments while inlining.
    mutating func resolve(_ e: Expr, bindings: [String: ModelExpr] = [:]) throws(ScaleError) -> ModelExpr {
        switch e.kind {
        case .number(let x): return .constant(x)
        case .bool(let b): return .constant(b ? 1 : 0)
        case .name(let name):
            if let bound = bindings[name] { return bound }
            return try classify(name, at: e.range)
        case .unary(.negate, let x): return -(try resolve(x, bindings: bindings))
        case .binary(let op, let l, let r) where [.add, .subtract, .multiply, .divide, .power].contains(op):
            return Self.arithmetic(op, try resolve(l, bindings: bindings), try resolve(r, bindings: bindings))
        case .member(let object, let field):
            // t.col of the fitted table, or a number held in a record or result (f.alpha)
            if case .name(let tableName) = object.kind, bindings[tableName] == nil, dataColumns[field] != nil,
               case .table(let t)? = scope.lookup(tableName), t.column(field) != nil {
                return column(field)
            }
            let v = try interpreter.evaluate(e, in: scope)
            guard case .number(let x) = v else {
                throw .runtime("'\(describe(e))' is a \(v.typeName): a model can use numbers, columns and parameters", at: e.range)
            }
            return .constant(x)
        case .call(let callee, let args):
            return try call(callee, args, bindings: bindings, at: e.range)
        case .binary(let op, _, _):
            // name the operator: "found the expression" said nothing of what was wrong
            let hint = op == .modulo ? "'%' has no derivative a fit could use; a periodic model can call sin or cos"
                : op.isComparison ? "a comparison belongs in ifelse(x < c, a, b)" : "combine conditions inside ifelse"
            throw .runtime("a model can use numbers, names, + - * / ^ and functions, not '\(op.rawValue)'", at: e.range, hint: hint)
        default:
            throw .runtime("a model can use numbers, names, + - * / ^ and functions; found \(describe(e))", at: e.range)
        }
    }

    private mutating func classify(_ name: String, at range: SourceRange) throws(ScaleError) -> ModelExpr {
        if forcedParameters.contains(name) { return parameter(name) }
        if let numeric = dataColumns[name] {
            guard numeric else {
                throw .runtime("column '\(name)' holds text: a model needs numeric columns", at: range)
            }
            return column(name)
        }
        if let v = scope.lookup(name) {
            switch v {
            case .number(let x):
                if !constants.contains(where: { $0.name == name }) { constants.append((name, x)) }
                return .constant(x)
            case .function:
                // A builtin's or the prelude's name that is not called is a parameter (`beta`, `d`,
                // `gamma` are common names for exponents); the user's own functions must be called.
                if scope.owner(of: name) === interpreter.builtins { return parameter(name) }
                throw .runtime("'\(name)' is a function: call it, as in \(name)(N, D)", at: range)
            default:
                throw .runtime("'\(name)' is a \(v.typeName): a model can use numbers, columns and parameters", at: range,
                               hint: "to estimate a parameter called '\(name)', name it in 'start \(name) = …'")
            }
        }
        return parameter(name)
    }

    private mutating func column(_ name: String) -> ModelExpr {
        if let i = columnNames.firstIndex(of: name) { return .column(i) }
        columnNames.append(name)
        return .column(columnNames.count - 1)
    }

    private mutating func parameter(_ name: String) -> ModelExpr {
        if let i = parameterNames.firstIndex(of: name) { return .parameter(i) }
        parameterNames.append(name)
        return .parameter(parameterNames.count - 1)
    }

    /// A fit called inside a model (a law written on a fit, `at20(N) = f(N, 20 * N)`): its law on
    /// the response's data scale, the fitted values as constants, its inputs bound to the
    /// arguments. The fit's warning is repeated, as for any other use of it.
    private mutating func inline(_ fit: FitValue, named name: String, _ args: [Argument], bindings: [String: ModelExpr],
                                 at range: SourceRange) throws(ScaleError) -> ModelExpr {
        let names = try ArgumentBinder(callee: "the fitted law", parameters: fit.inputs).bind(args.map { ($0.label, $0.value.range) }, at: range)
        var inputs: [Int: ModelExpr] = [:]
        for (input, a) in zip(names, args) {
            if let c = fit.inputs.firstIndex(of: input) { inputs[c] = try resolve(a.value, bindings: bindings) }
        }
        interpreter.warnUsing(fit, by: "\(name)(…)", asLaw: true)
        if !fitsUsed.contains(where: { $0 === fit }) { fitsUsed.append(fit) }
        // the fit's inputs replaced by the arguments' expressions (the bound law has no parameters left)
        return fit.boundLaw.substitutingColumns { inputs[$0] ?? .constant(.nan) }
    }

    private mutating func call(_ calleeExpr: Expr, _ args: [Argument], bindings: [String: ModelExpr], at range: SourceRange) throws(ScaleError) -> ModelExpr {
        guard case .name(let fname) = calleeExpr.kind else {
            throw .runtime("a model can call functions by name only", at: calleeExpr.range)
        }
        // ifelse(x < y, a, b): the condition's comparison picks a branch (`MathFunction.ifge`).
        if fname == "ifelse", bindings[fname] == nil, case .function(let f)? = scope.lookup(fname), case .builtin = f.body {
            return try conditional(args, bindings: bindings, at: range)
        }
        // coverage(k, beta(a, b)) and coverage(k, p): the test-time coverage curve.
        if fname == "coverage", bindings[fname] == nil, case .function(let f)? = scope.lookup(fname), case .builtin = f.body {
            return try coverage(args, bindings: bindings, at: range)
        }
        // The functions a model can call are the core's table of them, while their builtin is in scope.
        if let math = MathFunction.named(fname), bindings[fname] == nil, case .function(let f)? = scope.lookup(fname), case .builtin = f.body {
            guard args.count == math.arity, args.allSatisfy({ $0.label == nil }) else {
                throw .runtime("\(fname) takes \(math.arity == 1 ? "one argument" : "\(math.arity) arguments")", at: range)
            }
            var resolved: [ModelExpr] = []
            for a in args { resolved.append(try resolve(a.value, bindings: bindings)) }
            return .call(math, arguments: resolved)
        }
        if bindings[fname] == nil, case .object(let fit as FitValue)? = scope.lookup(fname) {
            return try inline(fit, named: fname, args, bindings: bindings, at: range)
        }
        guard case .function(let f)? = scope.lookup(fname), case .user(let params, let body, let defaults, let source) = f.body else {
            if scope.lookup(fname) == nil {
                throw .runtime("unknown function '\(fname)' in the model", at: calleeExpr.range)
            }
            throw .runtime("'\(fname)' cannot be used inside a model: only math functions, user functions and laws can", at: calleeExpr.range)
        }
        for fit in f.fits where !fitsUsed.contains(where: { $0 === fit }) { fitsUsed.append(fit) }
        inlineDepth += 1
        defer { inlineDepth -= 1 }
        if inlineDepth > 50 { throw .runtime("functions in the model call each other too deeply", at: range) }
        let binder = ArgumentBinder(callee: "\(f.typeDescription) '\(fname)'", parameters: params, optional: defaults.map(\.name))
        var inner: [String: ModelExpr] = [:]
        for (name, a) in zip(try binder.bind(args.map { ($0.label, $0.value.range) }, at: range), args) {
            inner[name] = try resolve(a.value, bindings: bindings)
        }
        for d in defaults where inner[d.name] == nil {
            if lawDefaultsAreConstants, case .number(let x) = d.value {
                inner[d.name] = .constant(x)
                continue
            }
            // A law's own parameters are what a fit of the law estimates.
            inner[d.name] = parameter(d.name)
            if case .number(let x) = d.value, defaultStarts[d.name] == nil { defaultStarts[d.name] = x }
        }
        let node: ModelExpr
        do {
            node = try resolve(body, bindings: inner)
        } catch var error {
            // An error in a law written elsewhere (the prelude, another file) is reported at the
            // call in the user's text, naming the law; one in the user's own text keeps its place
            // and gains the call as a traceback line.
            if source != interpreter.currentSource {
                for i in error.calls.indices where error.calls[i].source == nil { error.calls[i].source = source }
                error.message = "in \(f.typeDescription) '\(fname)' (\(source.name)): \(error.message)"
                error.range = range
                error.source = nil
            } else {
                error.passed(through: fname, calledAt: range)
            }
            throw error
        }
        // Arguments used twice are shared in memory, but the limit is on the model written out.
        let limit = interpreter.limits.modelSize
        guard node.treeSize(upTo: limit) <= limit else {
            throw .runtime("the model is too large: more than \(limit) operations once '\(fname)' is written out", at: range)
        }
        return node
    }
}

extension ModelResolver {
    /// ifelse(condition, a, b) in a model, where the condition is one comparison of two
    /// expressions: a ≥/>/≤/< b and ==/!= become `ifge` nodes (x ≥ y ? a : b), whose derivative
    /// is the taken branch's.
    private mutating func conditional(_ args: [Argument], bindings: [String: ModelExpr], at range: SourceRange) throws(ScaleError) -> ModelExpr {
        guard args.count == 3, args.allSatisfy({ $0.label == nil }) else {
            throw .runtime("ifelse takes 3 arguments: a condition, its value where true, and where false", at: range)
        }
        guard case .binary(let op, let l, let r) = args[0].value.kind, [.less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual].contains(op) else {
            throw .runtime("a condition in a model must be one comparison, as in ifelse(N < 1B, a, b)", at: args[0].value.range)
        }
        let x = try resolve(l, bindings: bindings), y = try resolve(r, bindings: bindings)
        let a = try resolve(args[1].value, bindings: bindings), b = try resolve(args[2].value, bindings: bindings)
        func ifge(_ x: ModelExpr, _ y: ModelExpr, _ a: ModelExpr, _ b: ModelExpr) -> ModelExpr { .call(.ifge, arguments: [x, y, a, b]) }
        switch op {
        case .greaterEqual: return ifge(x, y, a, b)
        case .less: return ifge(x, y, b, a)
        case .lessEqual: return ifge(y, x, a, b)
        case .greater: return ifge(y, x, b, a)
        case .equal: return ifge(x, y, ifge(y, x, a, b), b)
        default: return ifge(x, y, ifge(y, x, b, a), a)
        }
    }
}

extension ModelResolver {
    /// coverage(k, beta(a, b)) in a model: `MathFunction.coverageBeta`, 1 − B(a, b + k)/B(a, b),
    /// with a and b whatever the model makes them (parameters to estimate, say); coverage(k, p)
    /// for one success probability p is 1 − (1 − p)^k.
    private mutating func coverage(_ args: [Argument], bindings: [String: ModelExpr], at range: SourceRange) throws(ScaleError) -> ModelExpr {
        guard args.count == 2, args.allSatisfy({ $0.label == nil }) else {
            throw .runtime("coverage takes 2 arguments: samples k, and a probability p or beta(a, b)", at: range)
        }
        let k = try resolve(args[0].value, bindings: bindings)
        if case .call(let callee, let betaArgs) = args[1].value.kind, case .name("beta") = callee.kind, bindings["beta"] == nil,
           case .function(let f)? = scope.lookup("beta"), case .builtin = f.body {
            guard betaArgs.count == 2, betaArgs.allSatisfy({ $0.label == nil }) else {
                throw .runtime("beta takes 2 arguments: a and b", at: args[1].value.range)
            }
            let a = try resolve(betaArgs[0].value, bindings: bindings), b = try resolve(betaArgs[1].value, bindings: bindings)
            return .call(.coverageBeta, arguments: [k, a, b])
        }
        let p = try resolve(args[1].value, bindings: bindings)
        return .constant(1) - .pow(.constant(1) - p, k)
    }
}

extension ModelResolver {
    /// `+ - * / ^` of the language as the core's simplifying constructors.
    static func arithmetic(_ op: BinaryOp, _ a: ModelExpr, _ b: ModelExpr) -> ModelExpr {
        switch op {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        default: return .pow(a, b)
        }
    }
}
