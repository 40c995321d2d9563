import CReadline
import Foundation
import ScaleLang
import ScaleNotebook

/// The interactive loop: readline editing, history, completion, continuation lines, Ctrl-C.
final class REPL {
    let session: Session
    let color: Bool
    let historyPath: String
    /// Inputs and what they printed, for `:save`.
    var transcript: [(input: String, output: String)] = []
    var currentOutput = ""

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
            self.currentOutput += text
        }
        LineEditor.start(historyPath: historyPath, completer: { [session] line, word in
            Completion.candidates(line: line, word: word, interpreter: session.interpreter)
        })
        Terminal.write("ScaleLab — :help for help, Ctrl-D to quit\n")
        var pending = ""
        while true {
            let prompt = pending.isEmpty ? "scale> " : "  ...> "
            Terminal.flush()
            guard let line = LineEditor.readLine(prompt: prompt) else {
                Terminal.write("\n")
                break
            }
            if LineEditor.abandoned {
                pending = ""
                continue
            }
            if pending.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
                if !line.hasPrefix(":q") { LineEditor.addHistory(line) }
                if !meta(line.trimmingCharacters(in: .whitespaces)) { break }
                continue
            }
            pending += (pending.isEmpty ? "" : "\n") + line
            let source = Source(name: "<repl>", text: pending)
            if case .failure(let e) = Result(catching: { () throws(ScaleError) in try parse(source) }), e.atEndOfInput {
                continue
            }
            LineEditor.addHistory(pending)
            evaluate(source)
            pending = ""
        }
        LineEditor.saveHistory()
        return 0
    }

    func evaluate(_ source: Source) {
        Interrupt.clear()
        LineEditor.sawInterrupt = 0
        defer {
            Interrupt.clear()
            LineEditor.sawInterrupt = 0
        }
        currentOutput = ""
        do {
            try session.interpreter.run(source)
        } catch {
            let message = DiagnosticRenderer.render(error, in: source, color: color)
            Terminal.writeError(message)
            currentOutput += DiagnosticRenderer.render(error, in: source, color: false)
        }
        transcript.append((source.text, currentOutput))
    }

    /// A meta-command's error, marked like the interpreter's.
    func metaError(_ message: String) {
        Terminal.writeError("error: " + message + "\n")
    }

    /// `:help`, `:vars`, `:reset`, `:save`, `:load`, `:quit`. Returns false to leave the REPL.
    func meta(_ line: String) -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        switch parts[0] {
        case ":quit", ":q", ":exit":
            return false
        case ":help", ":h":
            Terminal.write(Help.text(topic: parts.count > 1 ? parts[1] : nil))
        case ":vars":
            let vars = session.interpreter.userVariables
            Terminal.write(vars.isEmpty ? "(no variables yet)\n" : vars.map { "\($0.name): \($0.type)" }.joined(separator: "\n") + "\n")
        case ":reset":
            session.interpreter.reset()
            transcript = []
            Terminal.write("(all definitions forgotten)\n")
        case ":save":
            guard parts.count > 1 else { metaError(":save needs a file name, as in ':save analysis.md'"); break }
            let path = parts[1].trimmingCharacters(in: .whitespaces)
            do {
                try AtomicFile.write(Notebook.fromSession(transcript, title: "ScaleLab session"), to: path)
                Terminal.write("saved \(transcript.count) input\(transcript.count == 1 ? "" : "s") to \(path) (run it again with: scale notebook run \(path))\n")
            } catch {
                metaError("cannot save: \(error.message)")
            }
        case ":load":
            guard parts.count > 1 else { metaError(":load needs a notebook, as in ':load analysis.md'"); break }
            let path = parts[1].trimmingCharacters(in: .whitespaces)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                metaError("cannot read '\(path)'")
                break
            }
            for block in Notebook.parse(text).blocks {
                guard case .cell(let source) = block else { continue }
                Terminal.write("scale> " + source.replacingOccurrences(of: "\n", with: "\n  ...> ") + "\n")
                evaluate(Source(name: path, text: source))
            }
        default:
            metaError("unknown command '\(parts[0])': expected :help, :vars, :reset, :save FILE.md, :load FILE.md or :quit")
        }
        return true
    }
}
