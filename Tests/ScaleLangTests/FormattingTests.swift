import Testing
@testable import ScaleLang

/// `fmt(x, n)` and strings with `{…}`: lexed and parsed into nodes, formatted as Python's
/// `format` does (the expected texts are Python 3's `'{:.3g}'.format(x)` and friends).
struct FormattingTests {
    @Test func lexerSplitsAnInterpolatedString() throws {
        let tokens = try tokenize(Source(name: "t", text: #"s = "N = {n:.3g} {{x}}""#))
        guard case .interpolation(let segments) = tokens[2].kind else { Issue.record("\(tokens[2].kind)"); return }
        #expect(tokens[2].range == SourceRange(4, 23))
        #expect(segments.count == 3)
        #expect(segments[0] == .text("N = "))
        guard case .code(let inner, let format, let range) = segments[1] else { Issue.record("\(segments[1])"); return }
        // the expression's tokens keep their places in the source
        #expect(inner.map(\.kind) == [.identifier("n"), .end])
        #expect(inner[0].range == SourceRange(10, 11))
        #expect(format == FormatSpec(precision: 3, style: .g))
        #expect(range == SourceRange(9, 16))
        #expect(segments[2] == .text(" {x}"))
    }

    @Test func aStringWithoutBracesStaysAString() throws {
        let tokens = try tokenize(Source(name: "t", text: #""plain \"text\"""#))
        #expect(tokens.map(\.kind) == [.string("plain \"text\""), .end])
    }

    @Test func parserMakesNodes() throws {
        let statements = try parse(Source(name: "t", text: #"print "a{x + 1:.2f}b{f(y)}""#))
        guard case .print(let items) = statements[0].kind, case .interpolation(let parts) = items[0].kind else {
            Issue.record("\(statements)")
            return
        }
        #expect(parts.count == 4)
        #expect(parts[0] == .text("a") && parts[2] == .text("b"))
        guard case .value(let sum, let format) = parts[1], case .binary(.add, _, _) = sum.kind else { Issue.record("\(parts[1])"); return }
        #expect(format == FormatSpec(precision: 2, style: .f))
        #expect(sum.range == SourceRange(9, 14))
        guard case .value(let call, nil) = parts[3], case .call = call.kind else { Issue.record("\(parts[3])"); return }
        #expect(items[0].formula == #""a{x + 1:.2f}b{f(y)}""#)
    }

    static let formats: [(String, String)] = [
        ("{N:.3g}", "7.32e+10"), ("{N / 1e9:.2f}", "73.19"), ("{N:.3e}", "7.319e+10"), ("{0.000123456:g}", "0.000123456"),
        ("{2.25:.1f}", "2.2"), ("{1.5:.4g}", "1.5"), ("{1234.5:.2g}", "1.2e+03"), ("{-0.0012345:.3g}", "-0.00123"),
        ("{N}", "73190441757.4985"), ("{[1, 2] * 3:.2f}", "[3.00, 6.00]"), ("{1 < 2}", "true"), ("{{{N:.2g}}}", "{7.3e+10}"),
        ("{s}!", "text!"), ("{0/0:.2f} {-1/0:.2g}", "nan -inf"), ("a{{b}}c", "a{b}c"), ("{ N / 1e9 :.1f}", "73.2"),
    ]

    @Test(arguments: formats)
    func interpolation(template: String, expected: String) {
        let (out, error) = runCapturing("N = 73190441757.4985\ns = \"text\"\nprint \"\(template)\"")
        #expect(error == nil, "\(String(describing: error))")
        #expect(out == expected + "\n")
    }

    @Test func fmtGivesSignificantDigits() {
        let (out, error) = runCapturing("""
            print fmt(73190441757.4985, 3)
            print fmt(1/3, 2), fmt(2, 5), fmt(-1/0, 3)
            v = fmt([1.23456, 1500000], 2)
            print v, len(v)
            """)
        #expect(error == nil, "\(String(describing: error))")
        #expect(out == "7.32e+10\n0.33 2 -inf\n[\"1.2\", \"1.5e+06\"] 2\n")
    }

    /// An error inside a string's braces is not "more input needed" at the REPL: the string is closed.
    @Test func errorsInsideBracesAreNotIncompleteInput() throws {
        do {
            _ = try parse(Source(name: "t", text: #"print "sum = {1 + }""#))
            Issue.record("parsed")
        } catch {
            #expect(!error.atEndOfInput)
            #expect(error.range.start == 18)
        }
    }
}

/// A table wider than the terminal shows its first and last columns with "…" between, and says
/// how many it left out, instead of wrapping every line.
struct WideTableTests {
    @Test func wideTablesElideTheirMiddleColumns() throws {
        let interpreter = Interpreter(output: { _ in })
        let names = (1...30).map { "column_\($0)" }
        try interpreter.run(Source(name: "t", text: "t = table(" + names.map { "\($0) = [1.5, 2]" }.joined(separator: ", ") + ")"))
        guard let t = interpreter.value(of: "t") else { Issue.record("no table"); return }
        let shown = DisplayWidth.$columns.withValue(80) { t.display(digits: 6) }
        let lines = shown.split(separator: "\n")
        #expect(lines.dropLast().allSatisfy { $0.count <= 80 }, "\(shown)")
        #expect(lines[0].hasPrefix("column_1 ") && lines[0].hasSuffix("column_30") && lines[0].contains("…"))
        #expect(lines.last?.contains("(2 rows, 30 columns; ") == true && lines.last?.contains("not shown to fit the terminal's width") == true)
        // without a width (a script's output, a notebook) every column is shown
        #expect(t.display(digits: 6).split(separator: "\n")[0].contains("column_15"))
    }
}
