import Foundation
@testable import ScaleLang

/// Runs source text in a fresh interpreter; returns what it printed, or the rendered error.
func runCapturing(_ text: String, name: String = "test.scale", prelude: Bool = true) -> (output: String, error: ScaleError?) {
    var out = ""
    let interpreter = Interpreter(output: { out += $0 }, loadPrelude: prelude)
    do {
        try interpreter.run(Source(name: name, text: text))
        return (out, nil)
    } catch {
        return (out, error)
    }
}

/// `line:column` of an error's start in the given text.
func position(of error: ScaleError, in text: String) -> String {
    let (l, c) = Source(name: "", text: text).lineAndColumn(of: error.range.start)
    return "\(l):\(c)"
}

/// The repository root, found from this file's path.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs `body` on a thread with a stack as large as the CLI's interpreter thread has (the test
/// runner's worker threads hold far less): deep but legal nesting must be tested where it fits.
func onLargeStack(_ body: @escaping @Sendable () -> Void) {
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        body()
        done.signal()
    }
    thread.stackSize = 1 << 28
    thread.start()
    done.wait()
}

/// Runs `source` (paths relative to the repository) and returns the numbers named `names`.
func numbersAfterRunning(_ source: String, _ names: [String]) throws -> [Double] {
    let interpreter = Interpreter(output: { _ in })
    interpreter.baseDirectory = repositoryRoot.path
    try interpreter.run(Source(name: "t", text: source))
    return try names.map { name in
        guard case .number(let x)? = interpreter.value(of: name) else { throw ScaleError(.runtime, "\(name) is not a number", at: .none) }
        return x
    }
}

/// An interpreter that has run `text` with paths relative to the repository, for tests that read
/// several of its values.
func runInRepository(_ text: String) throws -> Interpreter {
    let interpreter = Interpreter(output: { _ in })
    interpreter.baseDirectory = repositoryRoot.path
    try interpreter.run(Source(name: "t", text: text))
    return interpreter
}

/// The number an expression gives in `interpreter`'s session.
func number(_ interpreter: Interpreter, _ expression: String) throws -> Double {
    try interpreter.run(Source(name: "t", text: "x_ = " + expression))
    guard case .number(let x)? = interpreter.value(of: "x_") else { throw ScaleError(.runtime, "\(expression) is not a number", at: .none) }
    return x
}
