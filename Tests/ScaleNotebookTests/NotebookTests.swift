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
        #expect(html.contains("<figure><svg id=\"s\"/></figure>"))
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
}
