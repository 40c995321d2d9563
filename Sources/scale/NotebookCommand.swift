import ArgumentParser
import Foundation
import ScaleLang
import ScaleNotebook

struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook", abstract: "Run, check, export or convert notebooks of saved analyses (Markdown or .ipynb).",
        subcommands: [Run.self, Check.self, HTML.self, Convert.self])

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the cells and write their outputs and figures into the notebook.")
        @ArgumentParser.Argument(help: "The notebook (.md or .ipynb).") var file: String

        func run() throws {
            if file.hasSuffix(".ipynb") { return try IPYNBCommands.runCommand(file) }
            let (notebook, result) = try NotebookRunner.run(file)
            _ = notebook
            try NotebookRunner.write(result, to: file)
            if let cell = result.failedCell {
                Terminal.writeError("\(file): cell \(cell) failed; its error is written as its output\n")
                throw ExitCode(1)
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rerun the notebook and fail (exit 1) if any output or figure changed.")
        @ArgumentParser.Argument(help: "The notebook (.md or .ipynb).") var file: String

        func run() throws {
            if file.hasSuffix(".ipynb") { return try IPYNBCommands.checkCommand(file) }
            let (_, result) = try NotebookRunner.run(file)
            let current = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            var changed = false
            if let d = LineDiff.diff(expected: current, actual: result.markdown) {
                Terminal.writeError("\(file) changed when rerun (- as saved, + now):\n\(d)\n")
                changed = true
            }
            let dir = URL(fileURLWithPath: file).deletingLastPathComponent().path
            for (name, svg) in result.figures where (try? String(contentsOfFile: dir + "/" + name, encoding: .utf8)) != svg {
                Terminal.writeError("\(dir)/\(name) changed when rerun\n")
                changed = true
            }
            if let cell = result.failedCell {
                Terminal.writeError("\(file): cell \(cell) failed\n")
                changed = true
            }
            if changed { throw ExitCode(1) }
            Terminal.write("\(file): up to date (\(result.figures.count) figure\(result.figures.count == 1 ? "" : "s"))\n")
        }
    }

    struct HTML: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the notebook and write one self-contained HTML page beside it.")
        @ArgumentParser.Argument(help: "The notebook (.md or .ipynb).") var file: String

        func run() throws {
            if file.hasSuffix(".ipynb") { return try IPYNBCommands.htmlCommand(file) }
            let (_, result) = try NotebookRunner.run(file)
            var figures: [String: String] = [:]
            for (name, svg) in result.figures { figures[name] = svg }
            let title = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let html = NotebookHTML.render(markdown: result.markdown, figures: figures, title: title)
            let out = URL(fileURLWithPath: file).deletingPathExtension().path + ".html"
            try AtomicFile.write(html, to: out)
            Terminal.write("wrote \(out)\n")
            if result.failedCell != nil { throw ExitCode(1) }
        }
    }
}

/// Runs a notebook's cells in one session, capturing each cell's output and figures.
enum NotebookRunner {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ file: String) throws -> (Notebook, Notebook.RunResult) {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw Failure(description: "cannot read '\(file)'")
        }
        let notebook = Notebook.parse(text)
        let base = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let ran: Notebook.RunResult? = onLargeStackValue {
            var output = ""
            var figures: [String] = []
            let interpreter = Interpreter(output: { output += $0 })
            interpreter.warning = { output += $0 }  // as the kernel sends them: a stderr stream in the cell
            interpreter.plotDisplay = PlotDisplay(figureSink: { figures.append($0) })
            // Paths in a notebook are relative to the notebook, as in Jupyter: it runs the same from anywhere.
            interpreter.baseDirectory = URL(fileURLWithPath: file).deletingLastPathComponent().path
            var cellNumber = 0
            return notebook.run(baseName: base) { source in
                cellNumber += 1
                output = ""
                figures = []
                let cell = cellSource(source, file: file, line: notebook.cellLines[cellNumber - 1])
                do throws(ScaleError) {
                    try interpreter.run(cell)
                    return Notebook.CellResult(output: output, figures: figures)
                } catch {
                    return Notebook.CellResult(output: output, figures: figures, error: DiagnosticRenderer.render(error, in: cell))
                }
            }
        }
        guard let result = ran else { throw Failure(description: "'\(file)' could not be run") }
        return (notebook, result)
    }

    /// A cell as a source named by the notebook, placed at its line so that errors point into the file.
    static func cellSource(_ text: String, file: String, line: Int) -> Source {
        Source(name: file, text: String(repeating: "\n", count: max(0, line - 1)) + text)
    }

    /// Writes the notebook and its figures, each atomically.
    static func write(_ result: Notebook.RunResult, to file: String) throws {
        let dir = URL(fileURLWithPath: file).deletingLastPathComponent().path
        for (name, svg) in result.figures { try AtomicFile.write(svg, to: dir + "/" + name) }
        try AtomicFile.write(result.markdown, to: file)
    }
}
