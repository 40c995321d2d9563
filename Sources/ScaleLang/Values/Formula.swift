import ScalingCore

/// Renders expressions back to source text with the fewest parentheses that keep their meaning:
/// used to show a law's formula, a fit's model, and a model expression (a derived or fitted law),
/// which is printed as the source expression it reads as. One printer for all of them.
extension Expr {
    /// The expression written back as source, with numbers in their shortest exact form.
    public var formula: String { FormulaPrinter(number: formatShortest).render(self) }
}

extension ModelExpr {
    /// The model as source text: inputs by `names`, parameters by `parameterNames` (p0, p1, … past
    /// them), constants to `digits` significant digits.
    func formula(names: [String], parameterNames: [String] = [], digits: Int) -> String {
        FormulaPrinter(number: { formatSignificant($0, digits: digits) }).render(sourceExpression(names: names, parameterNames: parameterNames))
    }

    /// The source expression this model reads as (a negative constant as a negated number, so that
    /// it takes the parentheses a written one would).
    private func sourceExpression(names: [String], parameterNames: [String]) -> Expr {
        func node(_ kind: Expr.Kind) -> Expr { Expr(kind, .none) }
        func source(_ e: ModelExpr) -> Expr {
            switch e {
            case .constant(let x): return x < 0 ? node(.unary(.negate, node(.number(-x)))) : node(.number(x))
            case .column(let c): return node(.name(c < names.count ? names[c] : "x\(c)"))
            case .parameter(let p): return node(.name(p < parameterNames.count ? parameterNames[p] : "p\(p)"))
            case .negate(let a): return node(.unary(.negate, source(a)))
            case .add(let a, let b): return node(.binary(.add, source(a), source(b)))
            case .subtract(let a, let b): return node(.binary(.subtract, source(a), source(b)))
            case .multiply(let a, let b): return node(.binary(.multiply, source(a), source(b)))
            case .divide(let a, let b): return node(.binary(.divide, source(a), source(b)))
            case .power(let a, let b): return node(.binary(.power, source(a), source(b)))
            // The two forms a model spells its own way are written back as the language spells them.
            case .function(.ifge, let u):
                return call("ifelse", node(.binary(.greaterEqual, source(u[0]), source(u[1]))), source(u[2]), source(u[3]))
            case .function(.coverageBeta, let u): return call("coverage", source(u[0]), call("beta", source(u[1]), source(u[2])))
            case .function(let f, let args): return call(f.name, args.map(source))
            }
        }
        func call(_ name: String, _ args: Expr...) -> Expr { call(name, args) }
        func call(_ name: String, _ args: [Expr]) -> Expr { node(.call(node(.name(name)), args.map { Argument(label: nil, value: $0) })) }
        return source(self)
    }
}

private func precedence(_ op: BinaryOp) -> Int {
    switch op {
    case .or: return 1
    case .and: return 2
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return 4
    case .add, .subtract: return 6
    case .multiply, .divide, .modulo: return 7
    case .power: return 9
    }
}

/// The printer, with how it writes numbers: the shortest exact form for source, significant
/// digits for fitted constants.
private struct FormulaPrinter {
    let number: (Double) -> String

    func render(_ e: Expr) -> String { render(e, parent: 0, rightSide: false) }

    func render(_ e: Expr, parent: Int, rightSide: Bool) -> String {
        switch e.kind {
        case .number(let x): return number(x)
        case .string(let s): return "\"\(s)\""
        case .interpolation(let parts):
            return "\"" + parts.map { part in
                switch part {
                case .text(let t): return t.replacingOccurrences(of: "{", with: "{{").replacingOccurrences(of: "}", with: "}}")
                case .value(let e, let f): return "{" + render(e, parent: 0, rightSide: false) + (f.map { ":.\($0.precision)\($0.style.rawValue)" } ?? "") + "}"
                }
            }.joined() + "\""
        case .bool(let b): return b ? "true" : "false"
        case .name(let n): return n
        case .vector(let items): return "[" + items.map { render($0, parent: 0, rightSide: false) }.joined(separator: ", ") + "]"
        case .unary(.negate, let x):
            // A negated base or exponent takes parentheses (N^(-a), though N^-a parses too).
            let s = "-" + render(x, parent: 8, rightSide: false)
            return parent > 8 ? "(\(s))" : s
        case .unary(.not, let x):
            let s = "not " + render(x, parent: 3, rightSide: false)
            return parent > 3 ? "(\(s))" : s
        case .binary(let op, let l, let r):
            let p = precedence(op)
            // ^ is right-associative; the others are left-associative.
            let ls = render(l, parent: p, rightSide: false)
            let rs = render(r, parent: p, rightSide: true)
            let spaced = op == .power || op == .multiply || op == .divide ? "\(ls)\(op.rawValue)\(rs)" : "\(ls) \(op.rawValue) \(rs)"
            let needsParentheses = p < parent || (p == parent && (op == .power ? !rightSide : rightSide))
            return needsParentheses ? "(\(spaced))" : spaced
        case .range(let a, let b, let s, let k):
            var out = render(a, parent: 6, rightSide: false) + ".." + render(b, parent: 6, rightSide: false)
            if let s { out += " step " + render(s, parent: 6, rightSide: false) }
            if let k { out += " times " + render(k, parent: 6, rightSide: false) }
            return parent > 5 ? "(\(out))" : out
        case .call(let f, let args):
            return render(f, parent: 10, rightSide: false) + "(" + args.map { a in
                (a.label.map { "\($0) = " } ?? "") + render(a.value, parent: 0, rightSide: false)
            }.joined(separator: ", ") + ")"
        case .member(let o, let f):
            let name = f.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } ? f : "\"\(f)\""
            return render(o, parent: 10, rightSide: false) + "." + name
        case .index(let o, let i): return render(o, parent: 10, rightSide: false) + "[" + render(i, parent: 0, rightSide: false) + "]"
        case .filter(let t, let p): return render(t, parent: 0, rightSide: false) + " where " + render(p, parent: 0, rightSide: false)
        case .command(let c): return c.verb + " …"
        }
    }
}

extension Function {
    /// How a function or law shows itself: signature, formula, parameters and citation.
    public func display() -> String {
        switch body {
        case .builtin(let b):
            return "builtin \(name)(\(b.parameters.joined(separator: ", ")))"
        case .user(let params, let body, let defaults, _):
            var out = "\(isLaw ? "law" : "function") \(name)(\(params.joined(separator: ", "))) = \(body.formula)"
            if !defaults.isEmpty {
                out += "\n  where " + defaults.map { "\($0.name) = \($0.value.display(digits: 6))" }.joined(separator: ", ")
            }
            if let units { out += "\n  inputs: \(units)" }
            if let citation { out += "\n  source: \(citation)" }
            return out
        }
    }
}
