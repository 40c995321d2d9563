import Foundation
import Testing
@testable import ScaleNotebook

struct NotebookTests {
    static let text = """
        # Title

        Some *prose* with `code`.

        ```scale
        x = 1 + 1
        x
        ```

        ```scale
        plot
        ```
        """

    /// A toy runner: echoes the cell's last line as output, and one figure when the cell says plot.
    func runner(_ source: String) -> Notebook.CellResult {
        if source.contains("fail") { return Notebook.CellResult(output: "", error: "cell failed: boom\n") }
        return Notebook.CellResult(output: "ran: \(source.split(separator: "\n").last ?? "")\n", figures: source.contains("plot") ? ["<svg/>"] : [])
    }

    @Test func runWritesOutputsAndFigures() {
        let result = Notebook.parse(Self.text).run(baseName: "nb", runner: runner)
        #expect(result.markdown.contains("```scale\nx = 1 + 1\nx\n```\n```output\nran: x\n```"))
        #expect(result.markdown.contains("![figure](nb-1.svg)"))
        #expect(result.figures.map(\.name) == ["nb-1.svg"])
        #expect(result.failedCell == nil)
    }

    @Test func runningTwiceIsIdempotent() {
        let once = Notebook.parse(Self.text).run(baseName: "nb", runner: runner).markdown
        let twice = Notebook.parse(once).run(baseName: "nb", runner: runner).markdown
        #expect(once == twice)
    }

    @Test func anErrorIsTheCellsOutputAndStopsTheRun() {
        let text = "```scale\nfail\n```\n\n```scale\nnever\n```\n"
        let result = Notebook.parse(text).run(baseName: "nb", runner: runner)
        #expect(result.failedCell == 1)
        #expect(result.markdown.contains("```output\ncell failed: boom\n```"))
        #expect(!result.markdown.contains("ran: never"))
        #expect(result.markdown.contains("```scale\nnever\n```"))
    }

    @Test func diffNamesTheChangedLine() {
        let d = LineDiff.diff(expected: "a\n1.93665\nc", actual: "a\n1.93666\nc")
        #expect(d == "-2: 1.93665\n+2: 1.93666")
        #expect(LineDiff.diff(expected: "same", actual: "same") == nil)
    }

    @Test func htmlEscapesAndInlinesFigures() {
        let html = NotebookHTML.render(markdown: "# T <x>\n\n```output\na < b & c\n```\n![figure](f-1.svg)\n", figures: ["f-1.svg": "<svg id=\"s\"/>"], title: "t")
        #expect(html.contains("<h1>T &lt;x&gt;</h1>"))
        #expect(html.contains("a &lt; b &amp; c"))
        #expect(html.contains("<figure><svg id=\"fig1-s\"/></figure>"))
    }

    @Test func sessionBecomesANotebook() {
        let result = Notebook.fromSession([("x = 2", .init(output: "")), ("x * 3", .init(output: "6\n", figures: ["<svg/>"]))], title: "Session", baseName: "s")
        let md = result.markdown
        #expect(md == "# Session\n\n```scale\nx = 2\n```\n\n```scale\nx * 3\n```\n```output\n6\n```\n![figure](s-1.svg)\n")
        #expect(result.figures.map(\.name) == ["s-1.svg"])
        #expect(Notebook.parse(md).blocks.filter { if case .cell = $0 { return true } else { return false } }.count == 2)
        // run again with the same outputs, it is unchanged: what `notebook check` compares
        #expect(Notebook.parse(md).run(baseName: "s") { $0 == "x = 2" ? .init(output: "") : .init(output: "6\n", figures: ["<svg/>"]) }.markdown == md)
    }

    /// A failed run leaves every cell after the failing one exactly as it was saved.
    @Test func aFailedRunKeepsTheSavedOutputsOfLaterCells() {
        let saved = "# T\n\n```scale\nfirst\n```\n```output\nran: first\n```\n\n```scale\nplot second\n```\n\n```output\nran: plot second\n```\n![figure](nb-1.svg)\n\nProse.\n\n```scale\nthird\n```\n```output\nran: third\n```\n"
        let result = Notebook.parse(saved.replacingOccurrences(of: "```scale\nfirst", with: "```scale\nfail first")).run(baseName: "nb", runner: runner)
        #expect(result.failedCell == 1)
        let tail = saved[saved.range(of: "\n\n```scale\nplot second")!.lowerBound...]
        #expect(result.markdown.hasSuffix(tail))
        #expect(result.markdown.contains("```output\ncell failed: boom\n```"))
        #expect(result.figures.isEmpty)
    }

    /// Each cell starts at a known line of the file, for errors.
    @Test func cellsKnowTheirLines() {
        let nb = Notebook.parse(Self.text)
        #expect(nb.cellLines == [6, 11])
    }

    /// An output holding a line of backticks cannot end its block: the fence is longer than any
    /// run of backticks in it, so nothing it prints becomes a cell on the next run.
    @Test(arguments: ["```", "````", "a\n```\n```scale\nsave t to \"x.csv\"\n```\nb", "``` ``````"])
    func outputCannotInjectACell(printed: String) {
        var ran: [String] = []
        let evil: (String) -> Notebook.CellResult = { source in
            ran.append(source)
            return .init(output: source == "first" ? printed + "\n" : "ok\n")
        }
        let text = "# T\n\n```scale\nfirst\n```\n\n```scale\nsecond\n```\n"
        let once = Notebook.parse(text).run(baseName: "nb", runner: evil).markdown
        let parsed = Notebook.parse(once)
        #expect(parsed.blocks.filter { if case .cell = $0 { return true } else { return false } }.count == 2)
        let twice = parsed.run(baseName: "nb", runner: evil).markdown
        #expect(twice == once)
        #expect(ran == ["first", "second", "first", "second"])
        // the HTML page shows the printed text inside one output block
        let html = NotebookHTML.render(markdown: once, figures: [:], title: "t")
        #expect(html.contains("<pre class=\"output\"><code>" + NotebookHTML.escape(printed) + "</code></pre>"))
    }

    /// A cell whose own text holds backticks is fenced longer too, and reads back the same.
    @Test func cellWithBackticksRoundTrips() {
        let source = "s = \"\n```\n\""
        let md = Notebook(blocks: [.cell(source)]).run(baseName: "nb") { _ in .init(output: "") }.markdown
        #expect(md == "````scale\n\(source)\n````\n")
        #expect(Notebook.parse(md).blocks == [.cell(source)])
    }

    /// Links: attributes are escaped and only http, https, mailto and relative addresses link.
    @Test(arguments: [
        ("[x](x\" onmouseover=\"alert(1))", "<a href=\"x&quot; onmouseover=&quot;alert(1\">x</a>)"),
        ("[x](javascript:alert(1))", "x)"),
        ("[x](JavaScript:alert(1))", "x)"),
        ("[x](java\tscript:alert(1))", "x)"),
        ("[x]( javascript:alert(1))", "x)"),
        ("[x](data:text/html,hi)", "x"),
        ("[x](https://epoch.ai/a?b=1&c=2)", "<a href=\"https://epoch.ai/a?b=1&amp;c=2\">x</a>"),
        ("[x](mailto:a@b.c)", "<a href=\"mailto:a@b.c\">x</a>"),
        ("[x](fig.svg#a:b)", "<a href=\"fig.svg#a:b\">x</a>"),
        ("[*x*](../a.md)", "<a href=\"../a.md\"><em>x</em></a>"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ])
    func linksAreSafe(markdown: String, html: String) {
        #expect(NotebookHTML.inline(markdown) == html)
    }

    @Test func pageForbidsScriptsAndIsTitledByItsFirstHeading() {
        let html = NotebookHTML.render(markdown: "Intro.\n\n## Gemma's `coverage` <curves>\n\n# Later\n", figures: [:], title: "file")
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'none'\">"))
        #expect(html.contains("<title>Gemma&#39;s coverage &lt;curves&gt;</title>"))
        #expect(NotebookHTML.render(markdown: "no heading\n", figures: [:], title: "file").contains("<title>file</title>"))
    }

    /// Golden page: two figures whose SVGs use the same ids get ids of their own; code wraps and
    /// outputs scroll inside their boxes.
    @Test func htmlPageMatchesItsGolden() throws {
        let svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg><defs><clipPath id=\"plotarea\"><rect/></clipPath></defs><g clip-path=\"url(#plotarea)\"/></svg>\n"
        let md = "# Coverage curves\n\nSee [Brown 2024](https://arxiv.org/abs/2407.21787).\n\n```scale\nplot a vs k\n```\n```output\n(figure: 1 series)\n```\n![figure](g-1.svg)\n\n````scale\nplot b vs k\n````\n![figure](g-2.svg)\n"
        let html = NotebookHTML.render(markdown: md, figures: ["g-1.svg": svg, "g-2.svg": svg], title: "g")
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/page.html")
        if ProcessInfo.processInfo.environment["SCALELAB_REGENERATE"] != nil { try html.write(to: golden, atomically: true, encoding: .utf8) }
        #expect(html == (try String(contentsOf: golden, encoding: .utf8)))
        #expect(html.contains("<clipPath id=\"fig1-plotarea\">") && html.contains("url(#fig2-plotarea)"))
        #expect(!html.contains("id=\"plotarea\""))
    }
}
