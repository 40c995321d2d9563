import Foundation
import Testing

/// Every code block of the README (those fenced without a language, or as `scale`) runs as
/// written, in order: as one script, and typed line by line into one REPL session. They run in a
/// directory of their own that sees the repository's `Examples/`, so that what they save stays there.
@Suite(.serialized)
struct ReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The README's runnable code, block after block.
    static func code() throws -> String {
        let text = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var out = "", fence: String?, run = false
        for line in text.components(separatedBy: "\n") {
            if let open = fence {
                if line == open { fence = nil; continue }
                if run { out += line + "\n" }
            } else if line.hasPrefix("```") {
                let ticks = String(line.prefix { $0 == "`" })
                let info = line.dropFirst(ticks.count)
                fence = ticks
                run = info.isEmpty || info == "scale"
            }
        }
        return out
    }

    func workspace(_ name: String) throws -> String {
        let dir = NSTemporaryDirectory() + "scalelab-readme-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/Examples", withDestinationPath: Self.root.appendingPathComponent("Examples").path)
        return dir
    }

    @Test func codeIsThere() throws {
        let code = try Self.code()
        #expect(code.contains("L(70B, 1.4T)") && code.contains("simulate majority") && code.contains("plot runs.loss"))
        #expect(!code.contains("swift test"))  // shell blocks are not ScaleLab code
    }

    @Test func readmeRunsAsOneScript() throws {
        let dir = try workspace("script")
        try Self.code().write(toFile: dir + "/readme.scale", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: scaleExecutable)
        p.arguments = ["readme.scale"]
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(e)")
        // stderr: only the note of the files a pattern stacked, and that the fit of log(loss), called, gives loss
        #expect(e == "note: 'Examples/data/porian2024/*.csv': 5 files, 579 rows\nnote: f(…) uses fit f as a law of loss (it was fitted to log(loss))\n", "\(e)")
        // the values its comments promise
        #expect(o.contains("\n1.93665\n"))                  // L(70B, 1.4T)
        #expect(o.contains("\n[1, 10, 100, 1000]\n"))
        #expect(o.contains("\n0.497551\n"))                 // passk(200, 13, 10) = 0.4975511147 (6 digits)
        #expect(o.contains("below 2\n"))
        #expect(FileManager.default.fileExists(atPath: dir + "/small.csv") && FileManager.default.fileExists(atPath: dir + "/fig.svg"))
    }

    @Test func readmeRunsInOneREPLSession() throws {
        let dir = try workspace("repl")
        let repl = try PseudoTerminal(executable: scaleExecutable, environment: [
            "HOME": dir, "SCALE_HISTORY": dir + "/history", "TERM": "xterm", "NO_COLOR": "1", "PATH": "/usr/bin:/bin",
        ], directory: dir)
        #expect(repl.expect("scale> "))
        for line in try Self.code().components(separatedBy: "\n") {
            let from = repl.transcript.endIndex
            repl.send(line + "\r")
            // the next prompt, new or continued, says the line was taken
            let deadline = Date().addingTimeInterval(180)
            while Date() < deadline, !repl.transcript[from...].contains("scale> "), !repl.transcript[from...].contains("...> ") {
                repl.expect("> ", after: repl.transcript.endIndex, timeout: 0.2)
            }
            #expect(repl.transcript[from...].contains("> "), "no prompt after: \(line)")
        }
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
        let errors = repl.transcript.components(separatedBy: "\r\n").filter { $0.contains("error: ") && !$0.contains("std. error: ") }
        #expect(errors.isEmpty, "\(errors)")
        #expect(repl.transcript.contains("1.93665"))
    }
}
