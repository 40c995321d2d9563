import Foundation

/// A Markdown notebook: prose, ```scale cells, and the ```output blocks and figure links the
/// runner wrote after each cell last time (which a new run replaces).
public struct Notebook: Equatable, Sendable {
    /// A stretch of prose, or the code of one ```scale cell.
    public enum Block: Equatable, Sendable {
        case markdown(String)
        case cell(String)
    }

    /// The notebook's prose and cells, in order.
    public var blocks: [Block]
    /// Per cell, in order: the 1-based line of the notebook where its code starts, so that errors
    /// can be reported at their place in the file. Empty for a notebook built from blocks.
    public var cellLines: [Int] = []
    /// Per cell, in order: the Markdown after it as last saved (its output block and figure
    /// links), kept verbatim for the cells after one that fails.
    public var savedOutputs: [String] = []

    /// A notebook of these blocks, with no source lines or saved outputs.
    public init(blocks: [Block]) {
        self.blocks = blocks
    }

    /// Two notebooks are equal when their blocks are: where the cells stood in a file and what
    /// followed them there are not part of the notebook.
    public static func == (a: Notebook, b: Notebook) -> Bool { a.blocks == b.blocks }

    /// Splits Markdown into prose and cells; a cell's previous output block (```output, after at
    /// most one blank line) and figure lines (`![figure](…)`) are set aside, to be written anew.
    /// Fences may be longer than three backticks (CommonMark): a block closes only at a line of
    /// at least as many backticks as opened it.
    public static func parse(_ text: String) -> Notebook {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        var notebook = Notebook(blocks: [])
        var prose: [String] = []
        var i = 0
        func flushProse() {
            if !prose.isEmpty { notebook.blocks.append(.markdown(prose.joined(separator: "\n"))) }
            prose = []
        }
        /// The index after the block whose opening fence is at `start`.
        func skipBlock(from start: Int, fence: Int) -> Int {
            var j = start + 1
            while j < lines.count, !closes(lines[j], fence: fence) { j += 1 }
            return j + 1
        }
        while i < lines.count {
            let line = lines[i]
            guard let fence = opening(line, info: "scale") else {
                prose.append(line)
                i += 1
                continue
            }
            flushProse()
            let end = skipBlock(from: i, fence: fence)
            notebook.blocks.append(.cell(lines[(i + 1)..<min(end - 1, lines.count)].joined(separator: "\n")))
            notebook.cellLines.append(i + 2)
            i = min(end, lines.count)
            // the previous run's output: optional blank line, ```output … ```, figure links
            let outputStart = i
            var j = i
            if j < lines.count, lines[j].isEmpty, j + 1 < lines.count, opening(lines[j + 1], info: "output") != nil { j += 1 }
            if j < lines.count, let outFence = opening(lines[j], info: "output") {
                i = min(skipBlock(from: j, fence: outFence), lines.count)
            }
            while i < lines.count, lines[i].hasPrefix("![figure]("), lines[i].hasSuffix(")") { i += 1 }
            notebook.savedOutputs.append(lines[outputStart..<i].joined(separator: "\n"))
        }
        flushProse()
        return notebook
    }

    /// The length of the fence that opens a block with this info word (```scale), or nil.
    static func opening(_ line: String, info: String) -> Int? {
        let t = line.trimmingCharacters(in: .whitespaces)
        let ticks = t.prefix { $0 == "`" }.count
        return ticks >= 3 && t.dropFirst(ticks) == info ? ticks : nil
    }

    /// True for a line that closes a block opened with `fence` backticks.
    static func closes(_ line: String, fence: Int) -> Bool {
        let t = line.trimmingCharacters(in: .whitespaces)
        return t.count >= fence && t.allSatisfy { $0 == "`" }
    }

    /// A fence longer than any run of backticks in `text`, so that nothing inside can close it.
    public static func fence(for text: String) -> String {
        var longest = 0, run = 0
        for ch in text.unicodeScalars {
            run = ch == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    /// A fenced block of `info` (scale, output) around `text`, its fence longer than any run of
    /// backticks inside.
    public static func fenced(_ text: String, info: String) -> String {
        let f = fence(for: text)
        return f + info + "\n" + text + "\n" + f
    }

    /// What running one cell produced.
    public struct CellResult: Sendable {
        /// The text the cell printed.
        public var output: String
        /// The figures the cell drew, in order.
        public var figures: [String]
        /// The cell's error, if it failed; nil when it ran.
        public var error: String?

        /// A result; by default no figures and no error.
        public init(output: String, figures: [String] = [], error: String? = nil) {
            self.output = output
            self.figures = figures
            self.error = error
        }
    }

    /// The outcome of a run: the new Markdown, its figures, and where it stopped.
    public struct RunResult: Sendable {
        /// The notebook's Markdown with each cell's new output after it.
        public var markdown: String
        /// File names (beside the notebook) and SVG texts.
        public var figures: [(name: String, svg: String)]
        /// 1-based index of the cell whose error stopped the run.
        public var failedCell: Int?
    }

    /// Runs every cell in order through `runner`, writing each cell's output after it and each
    /// figure as `BASE-N.svg` (numbered through the notebook). A cell's error is its output and
    /// stops the run; the cells after it keep their text and their saved outputs, unchanged.
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
                out.append(Self.fenced(source, info: "scale"))
                guard failed == nil else {
                    if cellIndex - 1 < savedOutputs.count, !savedOutputs[cellIndex - 1].isEmpty { out.append(savedOutputs[cellIndex - 1]) }
                    continue
                }
                let result = runner(source)
                var text = result.output
                if let e = result.error { text += e }
                while text.hasSuffix("\n") { text.removeLast() }
                if !text.isEmpty { out.append(Self.fenced(text, info: "output")) }
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

    /// A REPL session as a notebook, written exactly as `run` would write it (so that
    /// `notebook check` passes on it): a title, then each input a cell with its output and figures.
    public static func fromSession(_ entries: [(input: String, result: CellResult)], title: String, baseName: String) -> RunResult {
        var blocks: [Block] = [.markdown("# \(title)")]
        for entry in entries { blocks += [.markdown(""), .cell(entry.input)] }
        var next = 0
        return Notebook(blocks: blocks).run(baseName: baseName) { _ in
            defer { next += 1 }
            return entries[next].result
        }
    }
}
