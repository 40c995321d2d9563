import ArgumentParser
import Foundation
import ScaleLang
import ScaleNotebook

/// `scale notebook run|check|html FILE.ipynb` and `scale notebook convert`: Jupyter notebooks run
/// through the same `CellRunner` as the kernel, so the outputs they keep are the kernel's.
enum IPYNBCommands {
    static func read(_ file: String) throws -> IPYNB {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw NotebookRunner.Failure(description: "cannot read '\(file)'")
        }
        do {
            return try IPYNB.parse(text)
        } catch {
            throw NotebookRunner.Failure(description: "\(file): \(error)")
        }
    }

    /// Runs every code cell in one fresh session (cells are named `In [N]` in diagnostics, as the
    /// kernel names them). Paths are relative to the notebook, as Jupyter starts kernels in the
    /// notebook's directory.
    static func run(_ notebook: IPYNB, file: String) throws -> (IPYNB, failedCell: Int?) {
        let ran: (IPYNB, Int?)? = onLargeStackValue {
            let runner = CellRunner()
            runner.interpreter.baseDirectory = URL(fileURLWithPath: file).deletingLastPathComponent().path
            return notebook.run { source, count in
                var outputs: [CellOutput] = []
                runner.run(source, name: "In [\(count)]") { outputs.append($0) }
                return outputs
            }
        }
        guard let ran else { throw NotebookRunner.Failure(description: "the notebook could not be run") }
        return ran
    }

    static func runCommand(_ file: String) throws {
        let (result, failed) = try run(try read(file), file: file)
        try AtomicFile.write(result.serialized(), to: file)
        if let failed {
            Terminal.writeError("\(file): cell \(failed) failed; its error is written as its output\n")
            throw ExitCode(1)
        }
    }

    static func checkCommand(_ file: String) throws {
        let current = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        let (result, failed) = try run(try read(file), file: file)
        var changed = false
        if let d = LineDiff.diff(expected: current, actual: result.serialized()) {
            Terminal.writeError("\(file) changed when rerun (- as saved, + now):\n\(d)\n")
            changed = true
        }
        if let failed {
            Terminal.writeError("\(file): cell \(failed) failed\n")
            changed = true
        }
        if changed { throw ExitCode(1) }
        let figures = result.cells.flatMap(\.outputs).filter { if case .display = $0 { return true } else { return false } }.count
        Terminal.write("\(file): up to date (\(figures) figure\(figures == 1 ? "" : "s"))\n")
    }

    static func htmlCommand(_ file: String) throws {
        let (result, failed) = try run(try read(file), file: file)
        let (markdown, figures) = markdownWithOutputs(result)
        let title = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let out = URL(fileURLWithPath: file).deletingPathExtension().path + ".html"
        try AtomicFile.write(NotebookHTML.render(markdown: markdown, figures: figures, title: title), to: out)
        Terminal.write("wrote \(out)\n")
        if failed != nil { throw ExitCode(1) }
    }

    /// The notebook as a run Markdown notebook: cells, their text outputs, figures by name.
    static func markdownWithOutputs(_ notebook: IPYNB) -> (String, [String: String]) {
        var blocks: [String] = []
        var figures: [String: String] = [:]
        for cell in notebook.cells {
            guard cell.kind == "code" else {
                blocks.append(cell.source)
                continue
            }
            blocks.append(Notebook.fenced(cell.source, info: "scale"))
            var text = ""
            var names: [String] = []
            for o in cell.outputs {
                if case .display(let data) = o, let svg = data["image/svg+xml"] {
                    let name = "figure-\(figures.count + 1).svg"
                    figures[name] = svg
                    names.append(name)
                }
                text += o.plainText
            }
            while text.hasSuffix("\n") { text.removeLast() }
            if !text.isEmpty { blocks.append(Notebook.fenced(text, info: "output")) }
            blocks += names.map { "![figure](\($0))" }
        }
        return (blocks.joined(separator: "\n\n") + "\n", figures)
    }

    /// Markdown cells without outputs, as a Markdown notebook's text.
    static func markdownText(_ notebook: Notebook) -> String {
        notebook.run(baseName: "") { _ in Notebook.CellResult(output: "") }.markdown
    }
}

extension NotebookCommand {
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a Markdown notebook to .ipynb or back (cells only; run the result for outputs).")
        @ArgumentParser.Argument(help: "The notebook to read (.md or .ipynb).") var input: String
        @ArgumentParser.Argument(help: "The notebook to write (.ipynb or .md).") var output: String

        func run() throws {
            switch (input.hasSuffix(".ipynb"), output.hasSuffix(".ipynb")) {
            case (false, true):
                guard let text = try? String(contentsOfFile: input, encoding: .utf8) else {
                    throw NotebookRunner.Failure(description: "cannot read '\(input)'")
                }
                try AtomicFile.write(IPYNB.from(Notebook.parse(text)).serialized(), to: output)
            case (true, false):
                try AtomicFile.write(IPYNBCommands.markdownText(try IPYNBCommands.read(input).markdown()), to: output)
            default:
                throw ValidationError("convert goes from .md to .ipynb or from .ipynb to .md")
            }
            Terminal.write("wrote \(output) (outputs with: scale notebook run \(output))\n")
        }
    }
}
