import Foundation
import Testing

/// Every notebook in Examples/ is up to date: `scale notebook check` reruns it from the
/// repository root and fails on any changed output or figure. And a changed number is caught.
struct NotebookCheckTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let notebooks = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Examples").path)) ?? [])
        .filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()

    func scale(_ arguments: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: scaleExecutable)
        p.arguments = arguments
        p.currentDirectoryURL = Self.root
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
