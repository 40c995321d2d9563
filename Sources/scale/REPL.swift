import CReadline
import Foundation
import ScaleLang
import ScaleNotebook

/// The interactive loop: readline editing, history, completion, continuation lines, Ctrl-C.
final class REPL {
    let session: Session
    let color: Bool
    let historyPath: String
    /// The inputs that succeeded, with what a notebook shows for them (text without colour, a
    /// caption for each plot) and their plots as SVG, for `:save`.
    var transcript: [(input: String, result: Notebook.CellResult)] = []
    var currentOutput = ""
    var currentFigures: [String] = []
    /// Set while a plot's terminal drawing is on its way to the output: the notebook gets this line instead.
    var figureCaption: String?

    init(session: Session) {
        self.session = session
        color = Terminal.colorEnabled(fd: STDOUT_FILENO)
        historyPath = ProcessInfo.processInfo.environment["SCALE_HISTORY"]
            ?? (NSHomeDirectory() + "/.scale_history")
    }

    func run() -> Int32 {
        let interpreter = session.interpreter
        interpreter.output = { [unowned self] text in
            Terminal.write(text)
            if let caption = self.figureCaption {
                self.currentOutput += caption + "\n"
                self.figureCaption = nil
            } else {
                self.currentOutput += Terminal.plain(text)
            }
        }
        // A value echoed at the prompt fits the terminal's width (a wide table elides its middle
        // columns); what `:save` records is the whole display, which a notebook's rerun gives.
        interpreter.echo = { [unowned self] value in
            let shown = DisplayWidth.$columns.withValue(Terminal.columns) { value.display(digits: interpreter.digits) }
            // displayed again only when columns were left out (a plot's display draws it once)
            let whole = shown.contains("not shown to fit the terminal's width") ? value.display(digits: interpreter.digits) : shown
            Terminal.write(shown + "\n")
            if let caption = self.figureCaption {
                self.currentOutput += caption + "\n"
                self.figureCaption = nil
            } else {
                self.currentOutput += Terminal.plain(whole) + "\n"
            }
        }
        interpreter.plotDisplay.terminalFigureObserver = { [unowned self] svg, caption in
            self.currentFigures.append(svg)
            self.figureCaption = caption
        }
        LineEditor.start(historyPath: historyPath, completer: { [session] line, word in
            ReadlineCompletion.candidates(line: line, word: word, interpreter: session.interpreter)
        })
        Terminal.write("ScaleLab — :help for help, Ctrl-D to quit\n")
        var pending = ""
        // `pending` is a whole `if` without `else`: a script reads an `else` on the next line as
        // its continuation, so the REPL waits for that line before running it (as Python's waits
        // for the end of a compound statement).
        var awaitingElse = false
        func runPending() {
            LineEditor.addHistory(pending)
            evaluate(Source(name: "<repl>", text: pending))
            pending = ""
        }
        while true {
            let prompt = pending.isEmpty ? "scale> " : "  ...> "
            Terminal.flush()
            guard let line = LineEditor.readLine(prompt: prompt) else {
                Terminal.write("\n")
                if awaitingElse {
                    awaitingElse = false
                    runPending()
                    break
                }
                // Ctrl-D at a continuation prompt cancels the entry (as Python's does); on an empty prompt it exits.
                if !pending.isEmpty {
                    pending = ""
                    continue
                }
                break
            }
            if LineEditor.abandoned {
                pending = ""
                awaitingElse = false
                continue
            }
            if awaitingElse {
                awaitingElse = false
                let word = line.drop { $0 == " " || $0 == "\t" }
                if !(word.hasPrefix("else") && (word.dropFirst(4).first.map { !$0.isLetter && !$0.isNumber && $0 != "_" } ?? true)) {
                    runPending()
                    if word.isEmpty { continue }
                }
            }
            if pending.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
                if !line.hasPrefix(":q") { LineEditor.addHistory(line) }
                if !meta(line.trimmingCharacters(in: .whitespaces)) { break }
                continue
            }
            pending += (pending.isEmpty ? "" : "\n") + line
            let source = Source(name: "<repl>", text: pending)
            switch Result(catching: { () throws(ScaleError) in try parse(source) }) {
            case .failure(let e) where e.atEndOfInput:
                continue
            case .success(let statements):
                if let last = statements.last, Self.mayTakeElse(last) {
                    awaitingElse = true
                    continue
                }
            default:
                break
            }
            runPending()
        }
        LineEditor.saveHistory()
        return 0
    }

    /// Whether an `else` on the next line would continue this statement: an `if` (or the last
    /// `else if` of a chain) without one.
    static func mayTakeElse(_ s: Stmt) -> Bool {
        guard case .if(_, _, let otherwise) = s.kind else { return false }
        guard let otherwise else { return true }
        return otherwise.count == 1 && mayTakeElse(otherwise[0])
    }

    /// Runs one input; `input` is the text `:save` records (a notebook cell's own text, without
    /// the lines that place it in its file). Returns false when it failed.
    @discardableResult
    func evaluate(_ source: Source, input: String? = nil) -> Bool {
        Interrupt.clear()
        LineEditor.sawInterrupt = 0
        defer {
            Interrupt.clear()
            LineEditor.sawInterrupt = 0
        }
        currentOutput = ""
        currentFigures = []
        figureCaption = nil
        do {
            try session.interpreter.run(source)
        } catch {
            Terminal.writeError(DiagnosticRenderer.render(error, in: source, color: color))
            return false
        }
        transcript.append((input ?? source.text, Notebook.CellResult(output: currentOutput, figures: currentFigures)))
        return true
    }

    /// A meta-command's error, marked like the interpreter's.
    func metaError(_ message: String) {
        Terminal.writeError("error: " + message + "\n")
    }

    /// A `MetaCommand` line. Returns false to leave the REPL.
    func meta(_ line: String) -> Bool {
        guard let (command, argument) = MetaCommand.parse(line) else {
            metaError(MetaCommand.unknown(line))
            return true
        }
        switch command {
        case .quit:
            return false
        case .help:
            Terminal.write(HelpLookup.text(topic: argument.isEmpty ? nil : argument))
        case .vars:
            Terminal.write(session.interpreter.variableListing)
        case .reset:
            session.interpreter.reset()
            transcript = []
            Terminal.write("(all definitions forgotten)\n")
        case .save:
            guard !argument.isEmpty else { metaError(":save needs a file name, as in ':save analysis.md'"); break }
            save(to: argument)
        case .load:
            guard !argument.isEmpty else { metaError(":load needs a script or notebook, as in ':load analysis.md'"); break }
            load(argument)
        }
        return true
    }

    /// Writes the inputs that succeeded as a notebook that `scale notebook check` accepts: each
    /// a cell with its output, plots as SVG files beside it.
    func save(to path: String) {
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        // a notebook's paths are relative to its own folder, the session's were to the current one
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let inputs = transcript.map { (input: Self.rebasingPaths($0.input, from: cwd, to: folder), result: $0.result) }
        let result = Notebook.fromSession(inputs, title: "ScaleLab session", baseName: base)
        do {
            try NotebookRunner.write(result, to: path)
        } catch {
            metaError("cannot save: \(error)")
            return
        }
        let figures = result.figures.isEmpty ? "" : " and \(result.figures.count) figure\(result.figures.count == 1 ? "" : "s")"
        Terminal.write("saved \(transcript.count) input\(transcript.count == 1 ? "" : "s")\(figures) to \(path) (check it with: scale notebook check \(path))\n")
    }

    /// `text` with the relative file names it reads and writes (`load "…"`, `… to "…"`) made relative
    /// to `folder` instead of `cwd`, so that a notebook saved elsewhere runs (and passes `notebook
    /// check`) from its own folder. Names built by expressions are left as written.
    static func rebasingPaths(_ text: String, from cwd: String, to folder: String) -> String {
        guard cwd != folder, let tokens = try? tokenize(Source(name: "", text: text)) else { return text }
        var bytes = Array(text.utf8)
        // from the end, so earlier ranges stay valid
        for k in tokens.indices.reversed() where k > 0 {
            guard case .string(let name) = tokens[k].kind, !name.hasPrefix("/"), !name.isEmpty,
                  case .identifier(let word) = tokens[k - 1].kind, word == "load" || word == "to" else { continue }
            let target = URL(fileURLWithPath: cwd).appendingPathComponent(name).standardizedFileURL.pathComponents
            let here = URL(fileURLWithPath: folder).pathComponents
            var common = 0
            while common < min(target.count, here.count), target[common] == here[common] { common += 1 }
            let relative = (Array(repeating: "..", count: here.count - common) + target[common...]).joined(separator: "/")
            let escaped = relative.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            let r = tokens[k].range
            bytes.replaceSubrange((r.start + 1)..<(r.end - 1), with: Array(escaped.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Runs a script (.scale) as one input, or a notebook's cells (.md, .ipynb) one by one,
    /// stopping at the first error; errors point at their line in that file (in a .ipynb, at
    /// their cell), and relative paths in it are read from its directory.
    func load(_ path: String) {
        let ext = URL(fileURLWithPath: path).pathExtension
        guard ext == "scale" || ext == "md" || ext == "ipynb" else {
            metaError(":load reads .scale scripts and .md or .ipynb notebooks; '\(path)' is none of them")
            return
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            metaError("cannot read '\(path)'")
            return
        }
        let interpreter = session.interpreter
        let saved = interpreter.baseDirectory
        interpreter.baseDirectory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        defer { interpreter.baseDirectory = saved }
        if ext == "scale" {
            evaluate(Source(name: path, text: text))
            return
        }
        let notebook: Notebook
        if ext == "ipynb" {
            do {
                notebook = try IPYNB.parse(text).markdown()
            } catch {
                metaError("\(path): \(error)")
                return
            }
        } else {
            notebook = Notebook.parse(text)
        }
        var index = 0
        for block in notebook.blocks {
            guard case .cell(let cell) = block else { continue }
            index += 1
            Terminal.write("scale> " + cell.replacingOccurrences(of: "\n", with: "\n  ...> ") + "\n")
            let source = index <= notebook.cellLines.count
                ? NotebookRunner.cellSource(cell, file: path, line: notebook.cellLines[index - 1])
                : Source(name: "\(path) cell \(index)", text: cell)
            guard evaluate(source, input: cell) else { break }
        }
    }
}
