import Foundation
import ScalingCore

/// A law as the core sees it: an expression over named inputs with every parameter bound.
/// Made from a user function, a Stdlib law (its `where` values as constants) or a fit.
struct ResolvedLaw {
    var name: String
    var inputs: [String]
    var expr: ModelExpr
    /// The fits the law comes from (itself, or those it calls or reads): its data's colour and range.
    var fits: [FitValue] = []

    func value(_ point: [Double]) -> Double { expr.value(parameters: [], columns: point) }

    /// The exact partial derivatives of a two-input law, for the optimiser's stationarity condition.
    var gradient: (Double, Double) -> (Double, Double) { expr.gradient2D }
}

/// A law derived symbolically (`d(chinchilla, N)`, `elasticity(…)`): callable, with its formula.
final class DerivedLaw: CallableObject {
    let law: ResolvedLaw
    let title: String
    /// For a fit's law (`f.law`): the formula with its parameters by name, and their fitted values.
    var fitted: (formula: String, values: [(name: String, value: Double)])?
    /// The fit it came from (`f.law`), whose warnings its calls repeat.
    var fit: FitValue?

    init(law: ResolvedLaw, title: String) {
        self.law = law
        self.title = title
    }

    var typeName: String { "law" }
    var memberNames: [String] { [] }
    func member(_ name: String) -> Value? { nil }

    func display(digits: Int) -> String {
        if let fitted {
            return "law \(title)(\(law.inputs.joined(separator: ", "))) = \(fitted.formula)\n  fitted: "
                + fitted.values.map { "\($0.name) = \(formatSignificant($0.value, digits: digits))" }.joined(separator: ", ")
        }
        // Repeated derivatives share their parts; written out they can run to millions of terms.
        let shown = 10_000
        let formula = law.expr.treeSize(upTo: shown) <= shown ? law.expr.formula(names: law.inputs, digits: digits)
            : "(a formula of \(law.expr.nodeCount) distinct operations, more than \(shown) terms written out)"
        return "law \(title)(\(law.inputs.joined(separator: ", "))) = \(formula)"
    }

    func call(_ args: [(label: String?, value: Value, range: SourceRange)], interpreter: Interpreter, at range: SourceRange) throws(ScaleError) -> Value {
        if let fit { interpreter.warnUsing(fit, by: "\(fit.name ?? "the fit").law(…)", asLaw: false) }
        var point = [Double](repeating: .nan, count: law.inputs.count)
        var vector: [Double]?, vectorIndex = 0
        let names = try ArgumentBinder(callee: "law '\(title)'", parameters: law.inputs).bind(args.map { ($0.label, $0.range) }, at: range)
        for (name, a) in zip(names, args) {
            let i = law.inputs.firstIndex(of: name) ?? 0
            switch a.value {
            case .number(let x): point[i] = x
            case .vector(let xs) where vector == nil: vector = xs; vectorIndex = i
            default: throw .runtime("\(title) expects numbers (one argument may be a vector)", at: a.range)
            }
        }
        if let xs = vector {
            return .vector(xs.map { x in var p = point; p[vectorIndex] = x; return law.value(p) })
        }
        return .number(law.value(point))
    }
}

extension Interpreter {
    /// Turns a law-like value into an expression over its inputs.
    func resolveLaw(_ v: Value, at range: SourceRange) throws(ScaleError) -> ResolvedLaw {
        switch v {
        case .function(let f):
            guard case .user(let params, _, _, _) = f.body else {
                throw .runtime("'\(f.name)' is a builtin; expected a law or a function of the law's inputs", at: range)
            }
            // the law called on its own inputs, resolved with the value bound under its name (it
            // may be a law passed in under another one)
            let call = Expr(.call(Expr(.name(f.name), range), params.map { Argument(label: nil, value: Expr(.name($0), range)) }), range)
            let scope = Scope(parent: globals)
            scope.variables[f.name] = v
            var resolver = ModelResolver(interpreter: self, scope: scope, inputs: params)
            resolver.lawDefaultsAreConstants = true
            let node = try resolver.resolve(call)
            if let p = resolver.parameterNames.first {
                throw .runtime("'\(f.name)' uses '\(p)', which has no value: give it one, or define the law with 'where \(p) = …'", at: range)
            }
            // Resolver columns are in first-use order; renumber them to the law's parameter order.
            var map: [Int: Int] = [:]
            for (k, name) in resolver.columnNames.enumerated() { map[k] = params.firstIndex(of: name) ?? k }
            return ResolvedLaw(name: f.name, inputs: params, expr: node.binding(parameters: [], columnMap: map), fits: resolver.fitsUsed)
        case .object(let o as FitValue):
            return ResolvedLaw(name: o.name ?? "the fit", inputs: o.inputs, expr: o.boundLaw, fits: [o])
        case .object(let o as DerivedLaw):
            return o.law
        default:
            throw .runtime("expected a law (a function such as chinchilla, or a fit), got a \(v.typeName)", at: range)
        }
    }

}

extension BuiltinRegistry {
    mutating func registerLawBuiltins() {
        // d(LAW, VAR): the exact partial derivative as a law; elasticity(LAW, VAR) = ∂log L/∂log VAR.
        for (name, doc, example) in [("d", "the exact partial derivative of a law by one input, as a law", "d(chinchilla, N)(70B, 1.4T)"), ("elasticity", "∂log L/∂log X of a law, as a law", "elasticity(chinchilla, D)(70B, 1.4T)")] {
            define(name, ["law", "variable"], namesFrom: 1, doc: doc, example: example) { (a: BuiltinArguments) throws(ScaleError) -> Value in
                guard let lawValue = a[0] else { return .nothing }
                if case .object(let f as FitValue) = lawValue { a.interpreter.warnUsing(f, by: name, asLaw: true) }
                let law = try a.interpreter.resolveLaw(lawValue, at: a.range(0))
                let variable = try a.string(1, "an input name")
                guard let c = law.inputs.firstIndex(of: variable) else {
                    throw .runtime("\(law.name) has no input '\(variable)' (it takes \(law.inputs.joined(separator: ", ")))", at: a.range(1))
                }
                let limit = a.interpreter.limits.modelSize
                let derived = name == "d" ? try? law.expr.partial(column: c, limit: limit) : try? law.expr.elasticity(column: c, limit: limit)
                guard let expr = derived else {
                    throw .runtime("the derivative is too large: more than \(limit) operations", at: a.range(0))
                }
                let title = "\(name)(\(law.name), \(variable))"
                return .object(DerivedLaw(law: ResolvedLaw(name: title, inputs: law.inputs, expr: expr), title: title))
            }
        }
    }
}
