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
