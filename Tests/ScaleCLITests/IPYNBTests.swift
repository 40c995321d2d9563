import Foundation
import ScaleNotebook
import Testing

/// Each example notebook's `.ipynb` twin: the same cells as the Markdown file, outputs whose text is
/// the Markdown's output blocks and figures that are its SVG files (the Markdown is checked by
/// rerunning it in NotebookCheckTests; nbclient checks the twins through the kernel in .ci/jupyter).
/// And `scale notebook run|check|convert` on `.ipynb` files.
struct IPYNBTests {
    static let root = NotebookCheckTests.root
    static let twins = NotebookCheckTests.notebooks.map { String($0.dropLast(3)) }

    /// The ```output text after each ```scale block of a run Markdown notebook ("" when none).
    static func markdownOutputs(_ text: String) -> [String] {
        var outputs: [String] = []
        let lines = text.components(separatedBy: "\n")
        var i = 0
        while i < lines.count {
            if lines[i] == "```scale" {
                i += 1
                while i < lines.count, lines[i] != "```" { i += 1 }
                i += 1
                var j = i
                if j < lines.count, lines[j].isEmpty, j + 1 < lines.count, lines[j + 1] == "```output" { j += 1 }
                var body: [String] = []
                if j < lines.count, lines[j] == "```output" {
                    j += 1
                    while j < lines.count, lines[j] != "```" { body.append(lines[j]); j += 1 }
                    i = j + 1
                }
                outputs.append(body.joined(separator: "\n"))
                continue
            }
            i += 1
        }
        return outputs
    }

    @Test(arguments: twins)
    func twinMatchesItsMarkdown(name: String) throws {
        let dir = Self.root.appendingPathComponent("Examples").path
        let md = try String(contentsOfFile: "\(dir)/\(name).md", encoding: .utf8)
        let notebook = try IPYNB.parse(try String(contentsOfFile: "\(dir)/\(name).ipynb", encoding: .utf8))
        // Same cells, in the same order, as a fresh conversion.
        let converted = IPYNB.from(Notebook.parse(md))
        #expect(notebook.cells.map(\.kind) == converted.cells.map(\.kind))
        #expect(notebook.cells.map(\.source) == converted.cells.map(\.source))
        // Same text out of each code cell, and the same figures.
        let code = notebook.cells.filter { $0.kind == "code" }
        let expected = Self.markdownOutputs(md)
        #expect(code.count == expected.count)
        var figure = 0
        for (cell, text) in zip(code, expected) {
            var got = ""
            for o in cell.outputs {
                switch o {
                case .stream(_, let t): got += t
                case .result(let data): got += (data["text/plain"] ?? "") + "\n"
                case .display(let data):
                    got += (data["text/plain"] ?? "") + "\n"
                    figure += 1
                    let svg = try String(contentsOfFile: "\(dir)/\(name)-\(figure).svg", encoding: .utf8)
                    #expect(svg.hasSuffix(data["image/svg+xml"] ?? "-"), "figure \(figure)")
                case .error: Issue.record("an example cell failed")
                }
            }
            while got.hasSuffix("\n") { got.removeLast() }
            #expect(got == text)
        }
        #expect(code.allSatisfy { $0.executionCount != nil })
    }

    func temporary(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "scalelab-ipynb-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/" + name
    }

    /// A command's result reaches Jupyter as an HTML table made from the result's own table, and
    /// a fit's from its summary's parts; the text beside each is the REPL's.
    @Test func commandResultsAndFitsAreHTMLTables() throws {
        let md = temporary("r.md"), nb = temporary("r.ipynb")
        try "# r\n\n```scale\nsimulate bestof [1, 4] with p = 0.5\n```\n\n```scale\nfit y ~ a + b * x on table(x = [1, 2, 3, 4], y = [2.9, 5.1, 7.0, 9.1])\n```\n"
            .write(toFile: md, atomically: true, encoding: .utf8)
        let cli = NotebookCheckTests()
        #expect(try cli.scale(["notebook", "convert", md, nb]).0 == 0)
        #expect(try cli.scale(["notebook", "run", nb]).0 == 0)
        let cells = try IPYNB.parse(try String(contentsOfFile: nb, encoding: .utf8)).cells.filter { !$0.outputs.isEmpty }
        guard cells.count == 2, case .result(let simulation)? = cells[0].outputs.first, case .result(let fit)? = cells[1].outputs.first else {
            Issue.record("expected two results")
            return
        }
        // best-of-4 at p = 0.5 with an oracle is 1 − 0.5⁴ = 0.9375, exactly
        let html = try #require(simulation["text/html"])
        #expect(html.hasPrefix("<p><code>simulate bestof: p = 0.5, verifier oracle (exact)</code></p>\n<table>"))
        #expect(html.contains("<td style=\"text-align:right\">0.9375</td>"))
        let fitHTML = try #require(fit["text/html"])
        #expect(fitHTML.hasPrefix("<p><code>fit y ~ a + b*x   (columns y, x; parameters a, b)</code></p>\n<table>"))
        #expect(fitHTML.contains("<td style=\"text-align:left\">b</td>"))
        #expect(fitHTML.contains("<pre>objective (RSS): 0.015   RSS: 0.015"))
    }

    @Test func runIsDeterministicAndCheckCatchesAChange() throws {
        let md = temporary("n.md"), nb = temporary("n.ipynb")
        try "# n\n\nProse.\n\n```scale\nx = chinchilla(70B, 1.4T)\nprint x\nx\n```\n\n```scale\n\n```\n\n```scale\ntable(a = [1, 2])\nplot [1, 2] vs [3, 4]\n```\n"
            .write(toFile: md, atomically: true, encoding: .utf8)
        let cli = NotebookCheckTests()
        #expect(try cli.scale(["notebook", "convert", md, nb]).0 == 0)
        #expect(try cli.scale(["notebook", "run", nb]).0 == 0)
        let first = try String(contentsOfFile: nb, encoding: .utf8)
        #expect(try cli.scale(["notebook", "run", nb]).0 == 0)
        #expect(try String(contentsOfFile: nb, encoding: .utf8) == first)  // identical bytes
        let parsed = try IPYNB.parse(first)
        #expect(parsed.cells.map(\.id) == ["cell-1", "cell-2", "cell-3", "cell-4"] as [String?])
        // print is shortest round-trip, the echo 6 significant digits; Python's
        // 1.69 + 406.4/70e9**0.34 + 410.7/1.4e12**0.28 is 1.9366454705587173 (exact equality: same operations).
        #expect(parsed.cells[1].outputs == [
            .stream(name: "stdout", text: "1.9366454705587173\n"), .result(data: ["text/plain": "1.93665"]),
        ])
        #expect(parsed.cells[1].executionCount == 1)
        #expect(parsed.cells[2].executionCount == nil)  // empty cells are not run, as in Jupyter
        #expect(parsed.cells[3].executionCount == 2)
        guard case .result(let table)? = parsed.cells[3].outputs.first, case .display(let figure)? = parsed.cells[3].outputs.last else {
            Issue.record("expected a table and a figure")
            return
        }
        #expect(table["text/html"]?.contains("<td style=\"text-align:right\">2</td>") == true)
        #expect(figure["image/svg+xml"]?.hasPrefix("<svg") == true)
        #expect(figure["text/plain"] == "(figure: 1 series)")
        #expect(!first.contains("\"date\""))
        #expect(try cli.scale(["notebook", "check", nb]).0 == 0)
        try first.replacingOccurrences(of: "\"1.93665\"", with: "\"1.93666\"").write(toFile: nb, atomically: true, encoding: .utf8)
        let (status, err) = try cli.scale(["notebook", "check", nb])
        #expect(status == 1)
        #expect(err.contains("-") && err.contains("1.93666") && err.contains("+") && err.contains("1.93665"))
        // And back to Markdown: the cells as they were.
        let back = temporary("back.md")
        #expect(try cli.scale(["notebook", "convert", nb, back]).0 == 0)
        #expect(Notebook.parse(try String(contentsOfFile: back, encoding: .utf8)).blocks == Notebook.parse(try String(contentsOfFile: md, encoding: .utf8)).blocks)
    }

    /// A fit's warning is a stderr stream in the cell, between what was printed before and after it,
    /// as the kernel sends it; the Markdown notebook keeps the same text in its output block.
    @Test func fitWarningsAreStderrStreams() throws {
        let md = temporary("warn.md"), nb = temporary("warn.ipynb")
        try "```scale\nprint 1\nn = fit y ~ a * x on table(x = [1, 2, 3, 4], y = [10, 9, 8, 7])\nprint 2\n```\n"
            .write(toFile: md, atomically: true, encoding: .utf8)
        let cli = NotebookCheckTests()
        #expect(try cli.scale(["notebook", "convert", md, nb]).0 == 0)
        #expect(try cli.scale(["notebook", "run", nb]).0 == 0)
        let parsed = try IPYNB.parse(try String(contentsOfFile: nb, encoding: .utf8))
        // R² = 1 − (242/3)/5 = −15.1333 by hand
        let warning = "warning: fit n (y ~ a*x): R² is -15.1333: the fitted law explains the response worse than its mean\n"
        #expect(parsed.cells[0].outputs == [
            .stream(name: "stdout", text: "1\n"), .stream(name: "stderr", text: warning), .stream(name: "stdout", text: "2\n"),
        ])
        #expect(try cli.scale(["notebook", "run", md]).0 == 0)
        #expect(Self.markdownOutputs(try String(contentsOfFile: md, encoding: .utf8)) == ["1\n" + warning + "2"])
    }

    @Test func aFailingCellKeepsItsCaretDiagnostic() throws {
        let nb = temporary("bad.ipynb"), md = temporary("bad.md")
        try "```scale\nprint 1\n```\n\n```scale\nx = 1\ny = x + nope\n```\n\n```scale\nprint 3\n```\n".write(toFile: md, atomically: true, encoding: .utf8)
        let cli = NotebookCheckTests()
        #expect(try cli.scale(["notebook", "convert", md, nb]).0 == 0)
        #expect(try cli.scale(["notebook", "run", nb]).0 == 1)
        let parsed = try IPYNB.parse(try String(contentsOfFile: nb, encoding: .utf8))
        guard case .error(let name, let value, let traceback)? = parsed.cells[1].outputs.last else {
            Issue.record("no error output")
            return
        }
        #expect(name == "RuntimeError")
        #expect(value.contains("nope"))
        #expect(traceback.first?.hasPrefix("In [2]:2:9: error:") == true)
        #expect(traceback.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("^") })
        #expect(parsed.cells[2].outputs.isEmpty && parsed.cells[2].executionCount == nil)
    }
}
