import Foundation
import Testing

/// The REPL through a real pseudo-terminal: typing, history across sessions, completion,
/// Ctrl-C (while typing and while evaluating), continuation lines, errors that do not end it.
@Suite(.serialized)
struct REPLTests {
    let home: String = {
        let d = NSTemporaryDirectory() + "scalelab-repl-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    func start(in directory: String? = nil, history: String? = nil, color: Bool = false) throws -> PseudoTerminal {
        var environment = ["HOME": home, "SCALE_HISTORY": history ?? home + "/history", "TERM": "xterm", "PATH": "/usr/bin:/bin"]
        if !color { environment["NO_COLOR"] = "1" }
        let repl = try PseudoTerminal(executable: scaleExecutable, environment: environment, directory: directory)
        #expect(repl.expect("scale> "))
        return repl
    }

    @Test func typingEvaluatesAndEchoes() throws {
        let repl = try start()
        repl.send("x = 2 + 3\r")
        repl.send("x * 2 + 0.5\r")
        #expect(repl.expect("10.5"))
        repl.send("print 1/3\r")
        #expect(repl.expect("0.3333333333333333"))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
    }

    @Test func errorsAreReportedAndTheSessionGoesOn() throws {
        let repl = try start()
        repl.send("nope + 1\r")
        #expect(repl.expect("<repl>:1:1: error: unknown name 'nope'"))
        repl.send("load \"missing.csv\"\r")
        #expect(repl.expect("no such file"))
        repl.send("print 7 * 6\r")
        #expect(repl.expect("42"))
        repl.settle()  // a person presses Ctrl-D at the prompt; one sent before readline reads is lost with the cooked mode
        repl.send("\u{4}")  // Ctrl-D
        #expect(repl.wait() == 0)
    }

    @Test func historyIsRecalledInASecondSession() throws {
        let first = try start()
        first.send("print 6 * 7000\r")
        #expect(first.expect("42000"))
        first.send(":quit\r")
        #expect(first.wait() == 0)
        #expect(try String(contentsOfFile: home + "/history", encoding: .utf8).contains("print 6 * 7000"))

        let second = try start()
        second.send("\u{1B}[A")  // Up arrow
        #expect(second.expect("print 6 * 7000"))
        second.send("\r")
        #expect(second.expect("42000"))
        second.send(":quit\r")
        #expect(second.wait() == 0)
    }

    /// A multi-line entry comes back whole with Up in a new session, not as its last line.
    @Test func multiLineEntriesAreKeptWholeInTheHistory() throws {
        let history = home + "/multi-history"
        let first = try start(history: history)
        first.send("f(x) = x +\r")
        #expect(first.expect("...> "))
        first.send("1\r")
        first.send(":quit\r")
        #expect(first.wait() == 0)

        let second = try start(history: history)
        second.send("\u{1B}[A")  // Up arrow
        second.settle()
        second.send("\r")
        second.send("f(41)\r")
        #expect(second.expect("42\r\n"))
        #expect(!second.transcript.contains("unknown name 'f'"))
        second.send(":quit\r")
        #expect(second.wait() == 0)
    }

    /// One line typed is one entry in the next session: Up recalls the last line alone and Enter
    /// reruns only it, while a multi-line entry (even with a line that reads like a history
    /// timestamp, '#' and a digit) still comes back whole.
    @Test func eachLineIsItsOwnEntryInTheNextSession() throws {
        let history = home + "/lines-history"
        let first = try start(history: history)
        first.send("a = 1\r")
        first.send("f(x) = x +\r")
        #expect(first.expect("...> "))
        first.send("#1 is added\r")
        first.send("1\r")
        first.send("b = 2\r")
        first.settle()
        first.send("\u{4}")  // Ctrl-D
        #expect(first.wait() == 0)

        let second = try start(history: history)
        second.send("\u{1B}[A")  // Up: b = 2, alone
        second.settle()
        second.send("\r")
        second.send("print b * 10\r")
        #expect(second.expect("20\r\n"))
        second.send("print a\r")
        #expect(second.expect("unknown name 'a'"))
        // Up five times: print a, print b * 10, b = 2 (rerun), b = 2, then the function, whole.
        second.send("\u{1B}[A\u{1B}[A\u{1B}[A\u{1B}[A\u{1B}[A")
        second.settle()
        second.send("\r")
        second.send("f(41)\r")
        #expect(second.expect("42\r\n"))
        second.send(":quit\r")
        #expect(second.wait() == 0)
    }

    /// A history file written without timestamps (by an earlier version) is read one line to
    /// an entry, not as one entry of every line.
    @Test func aHistoryWithoutTimestampsIsReadLineByLine() throws {
        let history = home + "/old-history"
        try "a = 1\nb = 2\n".write(toFile: history, atomically: false, encoding: .utf8)
        let repl = try start(history: history)
        repl.send("\u{1B}[A")
        repl.settle()
        repl.send("\r")
        repl.send("print b\r")
        #expect(repl.expect("2\r\n"))
        repl.send("print a\r")
        #expect(repl.expect("unknown name 'a'"))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
    }

    /// Ctrl-D at a continuation prompt drops the unfinished entry; on an empty prompt it exits.
    @Test func controlDAtAContinuationPromptCancelsTheEntry() throws {
        let repl = try start()
        repl.send("x = (1 +\r")
        #expect(repl.expect("...> "))
        repl.send("\u{4}")
        #expect(repl.expect("scale> ", after: repl.transcript.range(of: "...> ")?.upperBound))
        repl.send("print 5\r")
        #expect(repl.expect("5\r\n"))
        repl.send("x\r")
        #expect(repl.expect("unknown name 'x'"))
        // Ctrl-D once the prompt is back: one typed while the error is still being written reaches
        // the terminal in cooked mode, where an EOF at the start of a line is consumed, not queued.
        #expect(repl.expect("scale> ", after: repl.transcript.range(of: "unknown name 'x'")?.upperBound))
        repl.settle()
        repl.send("\u{4}")
        #expect(repl.wait() == 0)
    }

    /// A history file that cannot be written is said once.
    @Test func anUnwritableHistoryIsSaidOnce() throws {
        let repl = try start(history: home + "/no/such/dir/history")
        repl.send("print 1\r")
        repl.send("print 2\r")
        repl.send("print 3\r")
        #expect(repl.expect("3\r\n"))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
        #expect(repl.transcript.components(separatedBy: "cannot write the history").count == 2)
    }

    @Test func tabCompletesNamesAndColumns() throws {
        let repl = try start()
        repl.send("runs = table(alpha_beta = [1, 2])\r")
        repl.send("runs.al\t")
        #expect(repl.expect("runs.alpha_beta"))
        repl.send("\r")
        #expect(repl.expect("[1, 2]"))
        repl.send("sqr\t(16)\r")
        #expect(repl.expect("4"))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
    }

    /// A directory of its own holding `Exdata.csv` and `sub/data.csv`, for file-name completion.
    func dataDirectory() throws -> String {
        let dir = home + "/files"
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        try "a,b\n1,2\n3,4\n".write(toFile: dir + "/Exdata.csv", atomically: true, encoding: .utf8)
        try "a\n1\n2\n3\n".write(toFile: dir + "/sub/data.csv", atomically: true, encoding: .utf8)
        return dir
    }

    /// Tab inside an open string whose text has no '/' used to trap (the session was lost).
    @Test func tabInsideAnOpenStringKeepsTheSession() throws {
        let repl = try start(in: try dataDirectory())
        repl.send("x = 41 + 1\r")
        repl.send("t = load \"Ex\t")
        #expect(repl.expect("load \"Exdata.csv\""))  // a whole file name comes with its closing quote
        repl.send("\r")
        repl.send("len(t)\r")
        #expect(repl.expect("2\r\n"))
        repl.send("print \"\u{e9}\" + \"\t")
        repl.settle()
        repl.send("\u{3}")
        repl.settle()  // the new prompt first: keys typed ahead of it go with the abandoned line
        repl.send("\"\t")
        repl.settle()
        repl.send("\u{3}")
        repl.settle()
        repl.send("print x\r")
        #expect(repl.expect("42\r\n", timeout: 60))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
    }

    /// A completed file name inside quotes gets its closing quote and no space.
    @Test func fileNameCompletionAddsNoSpaceInsideQuotes() throws {
        let repl = try start(in: try dataDirectory())
        repl.send("s = load \"sub/da\t")
        #expect(repl.expect("sub/data.csv\""))
        repl.send("\r")
        repl.send("sum(s.a)\r")
        #expect(repl.expect("6\r\n"))
        #expect(!repl.transcript.contains("cannot open"))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
    }

    /// `:save` into another folder rewrites the session's relative file names for the notebook's
    /// folder, so the notebook passes the check its message recommends (it failed to find the data).
    @Test func savedNotebookElsewhereFindsItsData() throws {
        let dir = try dataDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/notes", withIntermediateDirectories: true)
        let repl = try start(in: dir)
        repl.send("t = load \"sub/data.csv\"\r")
        repl.send("sum(t.a)\r")
        #expect(repl.expect("6\r\n"))
        repl.send(":save notes/session.md\r")
        #expect(repl.expect("saved 2 inputs"))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
        let saved = try String(contentsOfFile: dir + "/notes/session.md", encoding: .utf8)
        #expect(saved.contains("t = load \"../sub/data.csv\""), "\(saved)")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: scaleExecutable)
        p.arguments = ["notebook", "check", dir + "/notes/session.md"]
        p.currentDirectoryURL = URL(fileURLWithPath: NSTemporaryDirectory())
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    /// A column with a space completes inside quotes after the table's dot (`runs."Mo` gave nothing).
    @Test func quotedColumnNamesComplete() throws {
        let repl = try start()
        repl.send("t = table(`Model Size` = [1, 2], loss = [3, 4])\r")
        repl.send("print t.\"Mo\t")
        #expect(repl.expect("t.\"Model Size\""))
        repl.send("\r")
        #expect(repl.expect("[1, 2]\r\n"))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
    }

    @Test func controlCInterruptsALongLoopAndAbandonsALine() throws {
        let repl = try start()
        repl.send("for i in 1..60000000 { x = i }\r")
        Thread.sleep(forTimeInterval: 1.0)
        repl.send("\u{3}")
        #expect(repl.expect("interrupted"))
        #expect(repl.expect("scale> "))
        repl.send("print 99")
        Thread.sleep(forTimeInterval: 0.3)
        repl.send("\u{3}")
        #expect(repl.expect("^C"))
        repl.send("print 5\r")
        #expect(repl.expect("5\r\n"))
        #expect(!repl.transcript.contains("99\r\n"))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
    }

    /// Ctrl-C at readline's own question ("Display all 130 possibilities? (y or n)") cancels it
    /// and the line, as Ctrl-C does while typing; before, it was taken as no answer and the
    /// question stayed, so the next keys answered it.
    @Test func controlCCancelsTheDisplayAllQuestion() throws {
        let repl = try start()
        repl.send("\t\t")
        #expect(repl.expect("Display all"))
        repl.send("\u{3}")
        #expect(repl.expect("^C"))
        #expect(repl.expect("scale> "))
        repl.send("1 + 6\r")
        #expect(repl.expect("7\r\n"))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
    }

    /// Exact majority voting at K = 1900 runs for seconds: Ctrl-C must stop it within 0.5 s.
    @Test func controlCStopsExactMajorityVotingWithinHalfASecond() throws {
        let repl = try start()
        repl.send("simulate majority 1900 with p = 0.4, distractor = 0.3, wrong = 4\r")
        Thread.sleep(forTimeInterval: 1.0)
        #expect(!repl.transcript.contains("(1 row"), "finished before Ctrl-C: the test needs a longer run")
        let sent = Date()
        repl.send("\u{3}")
        #expect(repl.expect("interrupted", timeout: 5))
        #expect(Date().timeIntervalSince(sent) < 0.5)
        repl.send("print 6 * 7\r")
        #expect(repl.expect("42\r\n"))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
    }

    /// `:save` keeps only the inputs that succeeded, their outputs without colour codes and their
    /// plots as SVG files, so that `scale notebook check` passes on what it wrote.
    @Test func saveWritesANotebookThatChecks() throws {
        let dir = home + "/save"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let repl = try start(in: dir, color: true)
        repl.send("t = table(x = [1, 2, 3], y = [2, 4, 8])\r")
        repl.send("nope + 1\r")
        #expect(repl.expect("unknown name 'nope'"))
        repl.send("plot t.y vs t.x\r")
        repl.send("sum(t.y)\r")
        #expect(repl.expect("14\r\n"))
        repl.send("for i in 1..60000000 { z = i }\r")
        Thread.sleep(forTimeInterval: 0.5)
        repl.send("\u{3}")
        #expect(repl.expect("interrupted"))
        repl.send(":save s.md\r")
        #expect(repl.expect("saved 3 inputs and 1 figure to s.md"))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
        let saved = try String(contentsOfFile: dir + "/s.md", encoding: .utf8)
        #expect(!saved.contains("\u{1B}"))
        #expect(!saved.contains("nope") && !saved.contains("60000000"))
        #expect(saved.contains("```scale\nplot t.y vs t.x\n```\n```output\n(figure: 1 series)\n```\n![figure](s-1.svg)\n"))
        #expect(FileManager.default.fileExists(atPath: dir + "/s-1.svg"))
        let check = Process()
        check.executableURL = URL(fileURLWithPath: scaleExecutable)
        check.arguments = ["notebook", "check", dir + "/s.md"]
        check.standardOutput = FileHandle.nullDevice
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
    }

    /// `:load` runs .scale scripts as well as notebooks, and an error points at its line in the file.
    @Test func loadRunsScriptsAndReportsErrorsAtTheirLine() throws {
        let dir = home + "/load"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "x = 6\nprint x * 7\n".write(toFile: dir + "/a.scale", atomically: true, encoding: .utf8)
        try "# N\n\nProse.\n\n```scale\ny = 1\ny + nope\n```\n\n```scale\nprint \"never\"\n```\n".write(toFile: dir + "/bad.md", atomically: true, encoding: .utf8)
        let repl = try start(in: dir)
        repl.send(":load a.scale\r")
        #expect(repl.expect("42\r\n"))
        repl.send(":load bad.md\r")
        #expect(repl.expect("bad.md:7:5: error: unknown name 'nope'"))
        let ipynb = #"{"cells": [{"cell_type": "code", "execution_count": null, "id": "a", "metadata": {}, "outputs": [], "source": ["z = 30 + 12"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"#
        try ipynb.write(toFile: dir + "/c.ipynb", atomically: true, encoding: .utf8)
        let before = repl.transcript.endIndex
        repl.send(":load c.ipynb\r")
        repl.send("print z - 1\r")
        #expect(repl.expect("41\r\n", after: before))
        repl.send("print y + x\r")
        #expect(repl.expect("7\r\n"))
        #expect(!repl.transcript.contains("never\r\n"))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
    }

    /// After the window shrinks from 100 to 70 columns, a plot is drawn at most 70 wide.
    @Test func plotsFollowTheTerminalsWidthAfterAResize() throws {
        let repl = try start()
        repl.send("v = [1, 10, 100, 1000]\r")
        repl.settle()
        repl.resize(columns: 70)
        Thread.sleep(forTimeInterval: 0.2)
        let from = repl.transcript.endIndex
        repl.send("plot v vs [1, 2, 3, 4]\r")
        #expect(repl.expect("x: ", after: from))
        repl.settle()
        let lines = repl.transcript[from...].components(separatedBy: "\r\n").dropFirst().filter { !$0.contains("scale>") }
            .map { $0.split(separator: "\r", omittingEmptySubsequences: false).last.map(String.init) ?? $0 }  // after readline's own codes
        let widest = lines.map(\.count).max() ?? 0
        #expect(widest <= 70 && widest >= 60, "plot lines up to \(widest) wide on a 70-column terminal")
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
    }

    /// `:vars` shows each value, shortened to one line.
    @Test func varsShowsShortenedValues() throws {
        let repl = try start()
        repl.send("x = 42\r")
        repl.send("v = 1..100\r")
        repl.send("t = table(N = [1, 2], loss = [3, 4])\r")
        repl.send("s = \"\(String(repeating: "ab", count: 50))\"\r")
        repl.send(":vars\r")
        #expect(repl.expect("x: number = 42\r\n"))
        #expect(repl.expect("t: table = 2 rows × 2 columns\r\n"))
        #expect(repl.expect("s: string = " + String(repeating: "ab", count: 29) + "a …\r\n"))
        let from = repl.transcript.range(of: "v: vector = ")?.upperBound
        #expect(from != nil)
        if let from {
            let line = repl.transcript[from...].prefix { $0 != "\r\n" && $0 != "\r" }
            #expect(line.hasPrefix("[1, 2, 3") && line.count <= 62, "\(line)")
        }
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
    }

    @Test func multiLineInputContinuesWhileABracketIsOpen() throws {
        let repl = try start()
        repl.send("f(x) = x +\r")
        #expect(repl.expect("...> "))
        repl.send("1\r")
        repl.send("v = [f(1),\r")
        repl.send("f(2)]\r")
        repl.send("v\r")
        #expect(repl.expect("[2, 3]"))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
    }

    /// A block that runs as a script runs the same typed in: an `else` on the line after an `if`'s
    /// closing brace continues it (it was "expected an expression, found 'else'", and then the
    /// else branch ran unconditionally).
    @Test func elseOnTheNextLineContinuesAnIf() throws {
        let repl = try start()
        repl.send("c = 1 > 2\r")
        repl.send("if c { print \"then\" }\r")
        #expect(repl.expect("...> "))
        repl.send("else { print \"otherwise\" }\r")
        #expect(repl.expect("otherwise\r\n"))
        // an if with no else runs once the next line shows none is coming
        repl.send("if not c { print \"ran\" }\r")
        repl.send("print \"next\"\r")
        #expect(repl.expect("ran\r\nnext\r\n"))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
        #expect(!repl.transcript.contains("found 'else'"))
    }
}

/// The whole bad-input corpus typed into one REPL session: every error is reported, Ctrl-C clears
/// any half-finished input, and the session still answers at the end.
@Suite(.serialized)
struct REPLBadInputTests {
    @Test func replSurvivesTheBadInputCorpus() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = root.appendingPathComponent("Tests/BadInputs")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".scale") }.sorted()
        let home = NSTemporaryDirectory() + "scalelab-repl-bad-\(getpid())"
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        // run from the repository root so the corpus's data files resolve
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(root.path)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        let repl = try PseudoTerminal(executable: scaleExecutable, environment: [
            "HOME": home, "SCALE_HISTORY": home + "/history", "TERM": "xterm", "NO_COLOR": "1", "PATH": "/usr/bin:/bin",
        ])
        #expect(repl.expect("scale> "))
        for name in files {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            // A NUL byte cannot be typed at a terminal (readline takes Ctrl-@ as set-mark); such
            // inputs are checked by the script runner only.
            if text.unicodeScalars.contains("\u{0}") { continue }
            let start = repl.transcript.utf8.count
            for line in text.split(separator: "\n") where !line.hasPrefix("# expect") {
                repl.send(String(line) + "\r")
            }
            repl.settle()
            repl.send("\u{3}")  // abandon whatever is still open, as a person would on seeing "...>"
            repl.settle()
            let marker = "done-\(name)"
            repl.send("print \"\(marker)\"\r")
            // the echoed input has the marker followed by a quote; only the printed output ends the line with it
            #expect(repl.expect(marker + "\r\n"), "REPL stopped answering after \(name)")
            // each input was either reported as an error or left open (an unclosed bracket) and
            // abandoned; a line starting with ':' is a REPL command here, valid or not
            let answer = String(decoding: repl.transcript.utf8.dropFirst(start), as: UTF8.self)
            let abandoned = answer.contains("...> ") && answer.contains("^C")
            #expect(answer.contains("error:") || abandoned || text.hasPrefix(":"), "no error for \(name)")
        }
        repl.send(":frobnicate\r")
        #expect(repl.expect("error: unknown command ':frobnicate'"))
        repl.send("print 6 * 70700\r")
        #expect(repl.expect("424200"))
        repl.send(":quit\r")
        #expect(repl.wait() == 0)
    }
}
