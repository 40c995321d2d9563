import Foundation

/// A Markdown notebook: prose, ```scale cells, and the ```output blocks and figure links the
/// runner wrote after each cell last time (which a new run replaces).
public struct Notebook: Equatable, Sendable {
    public enum Block: Equatable, Sendable {
        case markdown(String)
        case cell(String)
    }

    public var blocks: [Block]

    public init(blocks: [Block]) {
        self.blocks = blocks
    }

    /// Splits Markdown into prose and cells; a cell's previous output block (```output, after at
    /// most one blank line) and figure lines (`![figure](…)`) are dropped, to be written anew.
    public static func parse(_ text: String) -> Notebook {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        var blocks: [Block] = []
        var prose: [String] = []
        var i = 0
        func flushProse() {
            if !prose.isEmpty { blocks.append(.markdown(prose.joined(separator: "\n"))) }
            prose = []
        }
        while i < lines.count {
            let line = lines[i]
            if line.trimmingCharacters(in: .whitespaces) == "```scale" {
                flushProse()
                var body: [String] = []
                i += 1
                while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces) != "```" {
                    body.append(lines[i])
                    i += 1
                }
                i += 1  // closing fence
                blocks.append(.cell(body.joined(separator: "\n")))
                // the previous run's output: optional blank line, ```output … ```, figure links
                var j = i
                if j < lines.count, lines[j].isEmpty, j + 1 < lines.count, lines[j + 1] == "```output" { j += 1 }
                if j < lines.count, lines[j] == "```output" {
                    j += 1
                    while j < lines.count, lines[j] != "```" { j += 1 }
                    j += 1
                    i = j
                }
                while i < lines.count, lines[i].hasPrefix("![figure]("), lines[i].hasSuffix(")") { i += 1 }
                continue
            }
            prose.append(line)
            i += 1
        }
        flushProse()
        return Notebook(blocks: blocks)
    }

    /// What running one cell produced.
    public struct CellResult: Sendable {
        public var output: String
        public var figures: [String]
        public var error: String?

        public init(output: String, figures: [String] = [], error: String? = nil) {
            self.output = output
            self.figures = figures
            self.error = error
        }
    }

    public struct RunResult: Sendable {
        public var markdown: String
        /// File names (beside the notebook) and SVG texts.
        public var figures: [(name: String, svg: String)]
        /// 1-based index of the cell whose error stopped the run.
        public var failedCell: Int?
    }

    /// Runs every cell in order through `runner`, writing each cell's output after it and each
    /// figure as `BASE-N.svg` (numbered through the notebook). A cell's error is its output and
    /// stops the run; the cells after it keep their text and lose stale outputs.
    public func run(baseName: String, runner: (String) -> CellResult) -> RunResult {
        var out: [String] = []
        var figures: [(String, String)] = []
        var failed: Int?
        var cellIndex = 0
        for block in blocks {
            switch block {
            case .markdown(let text):
                out.append(text)
            case .cell(let source):
                cellIndex += 1
                out.append("```scale\n" + source + "\n```")
                guard failed == nil else { continue }
                let result = runner(source)
                var text = result.output
                if let e = result.error { text += e }
                while text.hasSuffix("\n") { text.removeLast() }
                if !text.isEmpty { out.append("```output\n" + text + "\n```") }
                for svg in result.figures {
                    let name = "\(baseName)-\(figures.count + 1).svg"
                    figures.append((name, svg))
                    out.append("![figure](\(name))")
                }
                if result.error != nil { failed = cellIndex }
            }
        }
        return RunResult(markdown: out.joined(separator: "\n") + "\n", figures: figures, failedCell: failed)
    }

    /// A REPL session as a notebook: each input a cell, followed by its output.
    public static func fromSession(_ entries: [(input: String, output: String)], title: String) -> String {
        var out = "# \(title)\n"
        for (input, output) in entries {
            out += "\n```scale\n\(input)\n```\n"
            var text = output
            while text.hasSuffix("\n") { text.removeLast() }
            if !text.isEmpty { out += "```output\n\(text)\n```\n" }
        }
        return out
    }
}
