import Foundation
import ScaleLang
import ScaleNotebook

/// Runs Jupyter cells in one interpreter and turns what they do into Jupyter outputs: `print` as
/// stdout, each top-level value as an execute result (with HTML for tables and fits), each plot
/// as an SVG figure with a text fallback, an error as its diagnostic. The kernel and
/// `scale notebook run FILE.ipynb` both run cells here, so their outputs agree.
///
/// Lines starting with `:` are the REPL's meta commands (`:help`, `:vars`, `:reset`).
final class CellRunner {
    let interpreter: Interpreter
    private var emit: (CellOutput) -> Void = { _ in }
    private var stdout = ""
    private var figures: [String] = []

    init(loadPrelude: Bool = true) {
        interpreter = Interpreter(output: { _ in }, loadPrelude: loadPrelude)
        interpreter.output = { [unowned self] text in
            flushFigures()
            stdout += text
        }
        interpreter.warning = { [unowned self] text in
            flushFigures()
            flushStream()
            emit(.stream(name: "stderr", text: text))
        }
        interpreter.echo = { [unowned self] value in
            let text = value.display(digits: interpreter.digits)
            flushStream()
            if figures.isEmpty {
                var data = ["text/plain": text]
                if let html = RichOutput.html(value, digits: interpreter.digits) { data["text/html"] = html }
                emit(.result(data: data))
            } else {
                flushFigures(text: text)
            }
        }
        interpreter.plotDisplay = PlotDisplay(figureSink: { [unowned self] svg in figures.append(svg) })
    }

    private func flushStream() {
        guard !stdout.isEmpty else { return }
        emit(.stream(name: "stdout", text: stdout))
        stdout = ""
    }

    /// Figures drawn while showing a value; `text` is the value's text form, the figure's fallback.
    private func flushFigures(text: String = "(figure)") {
        guard !figures.isEmpty else { return }
        flushStream()
        // Without the XML declaration, as Jupyter's own SVG outputs are: the SVG goes inline into HTML.
        let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        for svg in figures {
            let inline = svg.hasPrefix(declaration) ? String(svg.dropFirst(declaration.count)) : svg
            emit(.display(data: ["image/svg+xml": inline, "text/plain": text]))
        }
        figures = []
    }

    /// Runs one cell named `name` (as diagnostics show it). Returns the error output if it failed.
    @discardableResult
    func run(_ code: String, name: String, emit: @escaping (CellOutput) -> Void) -> CellOutput? {
        self.emit = emit
        defer {
            flushFigures()
            flushStream()
            self.emit = { _ in }
        }
        // Meta lines run in order between the code around them; each code stretch keeps its line
        // numbers by running with the other lines blanked.
        let lines = code.components(separatedBy: "\n")
        var stretch: [Int] = []
        func runStretch() -> CellOutput? {
            defer { stretch = [] }
            guard !stretch.isEmpty else { return nil }
            let keep = Set(stretch)
            let text = lines.indices.map { keep.contains($0) ? lines[$0] : "" }.joined(separator: "\n")
            let source = Source(name: name, text: text)
            do throws(ScaleError) {
                try interpreter.run(source)
                return nil
            } catch {
                flushFigures()
                flushStream()
                let rendered = DiagnosticRenderer.render(error, in: source)
                var traceback = rendered.components(separatedBy: "\n")
                if traceback.last == "" { traceback.removeLast() }
                // Whatever a stopped computation says ("interrupted", "fit: interrupted"), the flag tells.
                let ename = Interrupt.isRequested ? "Interrupted" : error.phase.rawValue.capitalized + "Error"
                let output = CellOutput.error(name: ename, value: error.message, traceback: traceback)
                emit(output)
                return output
            }
        }
        for (i, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(":") {
                if let failure = runStretch() { return failure }
                meta(trimmed)
            } else {
                stretch.append(i)
            }
        }
        return runStretch()
    }

    /// The meta-commands a notebook may use (`MetaCommand.inNotebooks`); others are reported on stderr.
    private func meta(_ line: String) {
        flushFigures()
        guard let (command, argument) = MetaCommand.parse(line), command.inNotebooks else {
            flushStream()
            emit(.stream(name: "stderr", text: "error: " + MetaCommand.unknown(line, among: MetaCommand.allCases.filter(\.inNotebooks)) + "\n"))
            return
        }
        switch command {
        case .help:
            stdout += HelpLookup.text(topic: argument.isEmpty ? nil : argument)
        case .vars:
            stdout += interpreter.variableListing
        case .reset:
            interpreter.reset()
            stdout += "(all definitions forgotten)\n"
        case .save, .load, .quit:
            break
        }
    }
}

extension CellOutput {
    /// The text a Markdown notebook shows for this output, so the `.ipynb` twin can be checked
    /// against it.
    var plainText: String {
        switch self {
        case .stream(_, let text): return text
        case .result(let data), .display(let data): return (data["text/plain"] ?? "") + "\n"
        case .error(_, _, let traceback): return traceback.joined(separator: "\n") + "\n"
        }
    }
}
