import Foundation
import Testing

/// Every notebook in Examples/ is up to date: `scale notebook check` reruns it from the
/// repository root and fails on any changed output or figure. And a changed number is caught.
struct NotebookCheckTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let notebooks = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Examples").path)) ?? [])
        .filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()

    func scale(_ arguments: [String], in directory: URL = Self.root) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: scaleExecutable)
        p.arguments = arguments
        p.currentDirectoryURL = directory
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, text)
    }

    @Test(arguments: notebooks)
    func exampleNotebookIsUpToDate(name: String) throws {
        let (status, err) = try scale(["notebook", "check", "Examples/" + name])
        #expect(status == 0, "\(err)")
    }

    @Test func checkFailsOnAChangedNumber() throws {
        let dir = NSTemporaryDirectory() + "scalelab-nb-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/n.md"
        try "# n\n\n```scale\nchinchilla(70B, 1.4T)\n```\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try scale(["notebook", "run", path]).0 == 0)
        let ran = try String(contentsOfFile: path, encoding: .utf8)
        #expect(ran.contains("```output\n1.93665\n```"))
        #expect(try scale(["notebook", "run", path]).0 == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == ran)  // idempotent
        try ran.replacingOccurrences(of: "1.93665", with: "1.93666").write(toFile: path, atomically: true, encoding: .utf8)
        let (status, err) = try scale(["notebook", "check", path])
        #expect(status == 1)
        #expect(err.contains("-7: 1.93666") && err.contains("+7: 1.93665"))
    }

    /// Paths resolve against the notebook's directory, so it runs from anywhere; a run that fails
    /// (its data gone) leaves the later cells' outputs and figure links as they were.
    @Test func pathsAreTheNotebooksAndAFailedRunKeepsLaterOutputs() throws {
        let dir = NSTemporaryDirectory() + "scalelab-nb-paths-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try "N,loss\n1e9,3\n1e10,2.5\n1e11,2.2\n".write(toFile: dir + "/data/runs.csv", atomically: true, encoding: .utf8)
        let path = dir + "/p.md"
        try "# P\n\n```scale\nruns = load \"data/runs.csv\"\n```\n\n```scale\nsum(runs.loss)\nplot runs.loss vs runs.N\n```\n\n```scale\nprint len(runs)\n```\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let elsewhere = URL(fileURLWithPath: "/")
        #expect(try scale(["notebook", "run", path], in: elsewhere).0 == 0)
        let ran = try String(contentsOfFile: path, encoding: .utf8)
        #expect(ran.contains("```output\n7.7\n(figure: 1 series)\n```\n![figure](p-1.svg)"))
        #expect(ran.contains("```output\n3\n```"))
        try FileManager.default.moveItem(atPath: dir + "/data/runs.csv", toPath: dir + "/data/moved.csv")
        #expect(try scale(["notebook", "run", path], in: elsewhere).0 == 1)
        let failed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(failed.contains("\(path):4:13: error: cannot open"))
        let later = ran[ran.range(of: "\n\n```scale\nsum(runs.loss)")!.lowerBound...]
        #expect(failed.hasSuffix(later))
    }

    /// Links placed where `notebook run` writes a figure and `notebook html` its page are
    /// replaced, not written through: the files they point to keep their bytes.
    @Test func preplacedLinksAreReplacedNotWrittenThrough() throws {
        let dir = NSTemporaryDirectory() + "scalelab-nb-links-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let victim = dir + "/victim.txt"
        try "keep\n".write(toFile: victim, atomically: true, encoding: .utf8)
        let path = dir + "/f.md"
        try "# F\n\n```scale\nplot [1, 2, 3] vs [1, 2, 3]\n```\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/f-1.svg", withDestinationPath: victim)
        try FileManager.default.createSymbolicLink(atPath: dir + "/f.html", withDestinationPath: victim)
        #expect(try scale(["notebook", "run", path]).0 == 0)
        #expect(try scale(["notebook", "html", path]).0 == 0)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep\n")
        #expect(try String(contentsOfFile: dir + "/f-1.svg", encoding: .utf8).contains("<svg"))
        #expect(try String(contentsOfFile: dir + "/f.html", encoding: .utf8).contains("<html"))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: dir + "/f.html")) == nil)
    }

    @Test func aFailingCellIsWrittenAndExitsOne() throws {
        let dir = NSTemporaryDirectory() + "scalelab-nb-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/bad.md"
        try "```scale\nprint 1\n```\n\n```scale\nnope\n```\n\n```scale\nprint 3\n```\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try scale(["notebook", "run", path]).0 == 1)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("```output\n1\n```"))
        #expect(text.contains("unknown name 'nope'"))
        #expect(!text.contains("```output\n3"))
    }
}
