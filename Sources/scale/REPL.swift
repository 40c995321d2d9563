import CReadline
import Foundation
import ScaleLang

/// The interactive loop: readline editing, history, completion, continuation lines, Ctrl-C.
final class REPL {
    let session: Session
    let color: Bool
    let historyPath: String

    init(session: Session) {
        self.session = session
        color = Terminal.colorEnabled(fd: STDOUT_FILENO)
        historyPath = ProcessInfo.processInfo.environment["SCALE_HISTORY"]
            ?? (NSHomeDirectory() + "/.scale_history")
    }

    func run() -> Int32 {
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
        LineEditor.evaluating = true
        defer {
            LineEditor.evaluating = false
            Interrupt.clear()
        }
        do {
            try session.interpreter.run(source)
        } catch {
            Terminal.writeError(DiagnosticRenderer.render(error, in: source, color: color))
        }
    }

    /// `:help`, `:vars`, `:reset`, `:quit`. Returns false to leave the REPL.
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
            Terminal.write("(all definitions forgotten)\n")
        default:
            Terminal.writeError("unknown command '\(parts[0])': expected :help, :vars, :reset or :quit\n")
        }
        return true
    }
}
