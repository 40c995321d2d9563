import Testing
@testable import ScaleLang

/// Fully parenthesised rendering, so a test states the tree a text parses to.
private func tree(_ e: Expr) -> String {
    switch e.kind {
    case .number(let x): return formatShortest(x)
    case .name(let n): return n
    case .string(let s): return "\"\(s)\""
    case .bool(let b): return "\(b)"
    case .unary(let op, let x): return "(\(op.rawValue) \(tree(x)))"
    case .binary(let op, let l, let r): return "(\(tree(l)) \(op.rawValue) \(tree(r)))"
    case .range(let a, let b, let s, let k):
        return "(\(tree(a))..\(tree(b))\(s.map { " step " + tree($0) } ?? "")\(k.map { " times " + tree($0) } ?? ""))"
    case .call(let f, let args): return tree(f) + "(" + args.map { ($0.label.map { "\($0)=" } ?? "") + tree($0.value) }.joined(separator: ", ") + ")"
    case .member(let o, let f): return "\(tree(o)).\(f)"
    case .index(let o, let i): return "\(tree(o))[\(tree(i))]"
    case .vector(let xs): return "[" + xs.map(tree).joined(separator: ", ") + "]"
    case .filter(let t, let p): return "(\(tree(t)) where \(tree(p)))"
    default: return "?"
    }
}

private func parseExpression(_ text: String) throws -> String {
    let statements = try parse(Source(name: "t", text: text))
    guard statements.count == 1, case .expression(let e) = statements[0].kind else { return "not one expression" }
    return tree(e)
}

struct ParserTests {
    static let precedence: [(String, String)] = [
        ("-2^2", "(- (2 ^ 2))"),
        ("2^-1", "(2 ^ (- 1))"),
        ("N^-a", "(N ^ (- a))"),
        ("2^3^2", "(2 ^ (3 ^ 2))"),
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("8 / 4 / 2", "((8 / 4) / 2)"),
        ("a + b % c", "(a + (b % c))"),
        ("a < b and c > d or e", "(((a < b) and (c > d)) or e)"),
        ("not a == b", "(not (a == b))"),
        ("not a and b", "((not a) and b)"),
        ("1..n + 1", "(1..(n + 1))"),
        ("1..2 step 0.5", "(1..2 step 0.5)"),
        ("1..1000 times 10", "(1..1000 times 10)"),
        ("t where C < 1e21 and N > 1B", "(t where ((C < 1e+21) and (N > 1e+09)))"),
        ("f(x, y = 2).a[1]", "f(x, y=2).a[1]"),
        ("t.\"Model Size\" * 2", "(t.Model Size * 2)"),
        ("-x^2 + E + A/N^alpha", "(((- (x ^ 2)) + E) + (A / (N ^ alpha)))"),
        ("(1 +\n 2)", "(1 + 2)"),
        ("1 +\n 2", "(1 + 2)"),
        ("[1,\n 2,\n]", "[1, 2]"),
        ("-(-x)", "(- (- x))"),
    ]

    @Test(arguments: precedence)
    func precedenceTable(text: String, expected: String) throws {
        #expect(try parseExpression(text) == expected)
    }

    @Test func statementsEndAtNewlineOrSemicolon() throws {
        let statements = try parse(Source(name: "t", text: "a = 1; b = 2\nprint a + b\nf(x, y) = x * y\nt.col = 3"))
        #expect(statements.count == 5)
        guard case .define(let name, let params, _, _, _, _) = statements[3].kind else { Issue.record("not a definition"); return }
        #expect(name == "f" && params == ["x", "y"])
        guard case .assignMember(_, let field, _) = statements[4].kind else { Issue.record("not a member assignment"); return }
        #expect(field == "col")
    }

    @Test func nodeRangesComeFromChildren() throws {
        let statements = try parse(Source(name: "t", text: "x = 1 + foo(2)"))
        guard case .assign(_, let e) = statements[0].kind else { Issue.record("not an assignment"); return }
        #expect(e.range == SourceRange(4, 14))
        #expect(statements[0].range == SourceRange(0, 14))
    }

    static let errors: [(String, String, String, Bool)] = [
        // text, message fragment, line:column, at end of input
        ("x = (1 + 2", "expected ')' to close the '(' opened here", "1:5", true),
        ("f(1, 2", "expected ')' to close the call opened here", "1:2", true),
        ("[1, 2", "expected ']' to close the vector", "1:1", true),
        ("1 +", "expected an expression, found end of input", "1:4", true),
        ("x = = 2", "expected an expression, found '='", "1:5", false),
        ("if x > 1 { print 1", "expected '}' to close the block of 'if'", "1:10", true),
        ("for in v { }", "expected a loop variable name after 'for'", "1:5", false),
        ("a < b < c", "comparisons do not chain", "1:7", false),
        ("1 + 2 3", "expected end of statement", "1:7", false),
        ("3 = x", "cannot assign to 3", "1:1", false),
        ("fit loss N", "expected '~' between the response and the model", "1:10", false),
        ("save t \"x.csv\"", "expected 'to \"file.csv\"'", "1:8", false),
        ("print if", "expected an expression, found 'if'", "1:7", false),
        (String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300), "nest too deeply", "1:202", false),
        (String(repeating: "-", count: 500) + "1", "nest too deeply", "1:202", false),
    ]

    @Test(arguments: errors)
    func syntaxErrorsNameWhatWasExpectedAndWhere(text: String, message: String, at: String, atEnd: Bool) {
        nonisolated(unsafe) var result: ScaleError?
        onLargeStack {
            do { _ = try parse(Source(name: "t", text: text)) } catch { result = error as? ScaleError }
        }
        if let error = result {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(position(of: error, in: text) == at)
            #expect(error.atEndOfInput == atEnd)
        } else {
            Issue.record("parsed without error: \(text)")
        }
    }

    @Test func rendererShowsFileLineColumnAndCaret() throws {
        let source = Source(name: "a.scale", text: "x = 1\ny = (2 + 3\n")
        do {
            _ = try parse(source)
            Issue.record("no error")
        } catch {
            let text = DiagnosticRenderer.render(error, in: source)
            #expect(text.hasPrefix("a.scale:2:5: error: expected ')' to close the '(' opened here"))
            #expect(text.contains("  y = (2 + 3\n      ^\n"))
        }
    }
}

struct FormulaTests {
    static let cases: [(String, String)] = [
        ("E + A/N^alpha + B/D^beta", "E + A/N^alpha + B/D^beta"),
        ("(a + b) * c", "(a + b)*c"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a - b) - c", "a - b - c"),
        ("(2^3)^2", "(2^3)^2"),
        ("2^3^2", "2^3^2"),
        ("-x^2", "-x^2"),
        ("(-x)^2", "(-x)^2"),
        ("N^-a", "N^(-a)"),
        ("log(exp(a - alpha*log(N)) + exp(e))", "log(exp(a - alpha*log(N)) + exp(e))"),
        ("a / (b * c)", "a/(b*c)"),
    ]

    /// Rendering a formula and parsing it again gives the same tree; the text is minimal.
    @Test(arguments: cases)
    func formulaRoundTrips(text: String, rendered: String) throws {
        guard case .expression(let e) = try parse(Source(name: "t", text: text))[0].kind else {
            Issue.record("'\(text)' did not parse as one expression"); return
        }
        #expect(e.formula == rendered)
        guard case .expression(let again) = try parse(Source(name: "t", text: e.formula))[0].kind else { return }
        #expect(again.formula == e.formula)
    }
}
