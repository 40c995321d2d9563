/// Renders expressions back to source text with the fewest parentheses that keep their meaning:
/// used to show a law's formula and a fit's model.
extension Expr {
    public var formula: String { render(self, parent: 0, rightSide: false) }
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

private func render(_ e: Expr, parent: Int, rightSide: Bool) -> String {
    switch e.kind {
    case .number(let x): return formatShortest(x)
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
        let s = "-" + render(x, parent: 8, rightSide: false)
        return parent > 8 && !(parent == 9 && rightSide) ? "(\(s))" : s
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
