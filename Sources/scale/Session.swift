import Foundation
import ScaleLang

/// One interpreter and how its output and errors reach the user; shared by scripts, the REPL
/// and notebooks so that all three behave alike.
final class Session {
    let interpreter: Interpreter

    init(loadPrelude: Bool = true) {
        interpreter = Interpreter(output: { Terminal.write($0) }, loadPrelude: loadPrelude)
        interpreter.warning = { Terminal.writeError($0) }
        interpreter.plotDisplay = PlotDisplay(terminal: isatty(STDOUT_FILENO) != 0, width: Terminal.columns,
                                              color: Terminal.colorEnabled(fd: STDOUT_FILENO))
        interpreter.plotDisplay.columns = { Terminal.columns }
    }

    /// Runs a script: stops at the first error with exit status 1.
    func runScript(_ source: Source) -> Int32 {
        do {
            try interpreter.run(source)
            Terminal.flush()
            return 0
        } catch {
            Terminal.writeError(DiagnosticRenderer.render(error, in: source, color: Terminal.colorEnabled(fd: STDERR_FILENO)))
            return 1
        }
    }
}
