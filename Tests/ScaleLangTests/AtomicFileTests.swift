import Foundation
import Testing
@testable import ScaleLang

/// How `save`, plots, notebooks and the history file replace files: a fresh unpredictable
/// temporary, the target's permission bits kept, symbolic links followed to the file they name,
/// nothing left behind when a write fails.
struct AtomicFileTests {
    let dir: String = {
        let d = NSTemporaryDirectory() + "scalelab-atomic-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    func mode(_ path: String) -> mode_t {
        var info = stat()
        stat(path, &info)
        return info.st_mode & 0o7777
    }

    func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
    }

    @Test func keepsThePermissionBitsOfTheFileItReplaces() throws {
        let path = dir + "/private.csv"
        try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o600)
        try AtomicFile.write("new\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        #expect(mode(path) == 0o600)
        chmod(path, 0o640)
        try AtomicFile.write("newer\n", to: path)
        #expect(mode(path) == 0o640)
    }

    @Test func aNewFileGetsTheUsualPermissions() throws {
        let path = dir + "/fresh.csv"
        let mask = umask(0o022)
        defer { umask(mask) }
        try AtomicFile.write("x\n", to: path)
        #expect(mode(path) == 0o644)
    }

    /// A link planted where the old code put its temporary (`.NAME.tmp-PID`) is not followed:
    /// the victim file it points to stays as it was.
    @Test func aPlantedLinkAtTheOldTemporaryNameIsNotFollowed() throws {
        let victim = dir + "/victim.txt"
        try "precious\n".write(toFile: victim, atomically: false, encoding: .utf8)
        let path = dir + "/out.csv"
        try FileManager.default.createSymbolicLink(atPath: dir + "/.out.csv.tmp-\(getpid())", withDestinationPath: victim)
        try AtomicFile.write("a\n1\n", to: path)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a\n1\n")
    }

    /// A link placed where a file is written is replaced, never written through: the file it
    /// points to keeps its bytes and its mode, and a dangling link becomes the file.
    @Test func aSymbolicLinkIsReplacedNotWrittenThrough() throws {
        let real = dir + "/real.csv", link = dir + "/link.csv"
        try "old\n".write(toFile: real, atomically: false, encoding: .utf8)
        chmod(real, 0o640)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        try AtomicFile.write("new\n", to: link)
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "old\n")
        #expect(try String(contentsOfFile: link, encoding: .utf8) == "new\n")
        #expect(throws: (any Error).self) { try FileManager.default.destinationOfSymbolicLink(atPath: link) }
        var info = stat()
        #expect(stat(real, &info) == 0 && info.st_mode & 0o7777 == 0o640)
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.csv", withDestinationPath: dir + "/nowhere/x.csv")
        try AtomicFile.write("x\n", to: dir + "/dangling.csv")
        #expect(try String(contentsOfFile: dir + "/dangling.csv", encoding: .utf8) == "x\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/nowhere"))
    }

    @Test func aFailedWriteLeavesTheOldFileAndNoTemporary() throws {
        let path = dir + "/kept.csv"
        try "old\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: AtomicFile.WriteError.self) {
            try AtomicFile.replace(path) { fd throws(AtomicFile.WriteError) in
                _ = write(fd, "partial", 7)
                throw AtomicFile.WriteError(message: "disk full")
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(try leftovers().isEmpty)
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write("x", to: dir + "/no/such/dir/x.csv") }
    }

    /// `save` and `print` keep every byte: a NUL in a path is refused, a NUL in a string is printed.
    @Test func nulBytesAreRefusedInPathsAndKeptInStrings() throws {
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write("x", to: dir + "/a\u{0}b.csv") }
        #expect(!FileManager.default.fileExists(atPath: dir + "/a"))
        let (out, error) = runCapturing("print \"a\u{0}b\"")
        #expect(error == nil)
        #expect(Array(out.utf8) == [97, 0, 98, 10])
    }
}
