import Foundation
import Testing
@testable import ScaleLang

/// The corpus in `Tests/BadInputs`: each file is a bad input whose `# expect error: LINE:COL MESSAGE`
/// comment is the exact error it must produce. Run from the repository root (data files are relative).
struct BadInputsTests {
    static let directory = repositoryRoot.appendingPathComponent("Tests/BadInputs")
    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        .filter { $0.hasSuffix(".scale") }.sorted()

    static func expectation(_ text: String) -> String? {
        text.split(separator: "\n").compactMap { line -> String? in
            guard let r = line.range(of: "# expect error: ") else { return nil }
            return String(line[r.upperBound...])
        }.first
    }

    @Test func corpusIsLargeEnough() {
        #expect(Self.files.count >= 60)
    }

    @Test(arguments: files)
    func badInput(name: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        let expected = try #require(Self.expectation(text), "\(name) has no '# expect error:' line")
        nonisolated(unsafe) var result: ScaleError?
        onLargeStack {
            let interpreter = Interpreter(output: { _ in })
            interpreter.baseDirectory = repositoryRoot.path
            do { try interpreter.run(Source(name: name, text: text)) } catch { result = error as? ScaleError }
        }
        guard let error = result else { Issue.record("\(name) ran without error"); return }
        #expect("\(position(of: error, in: text)) \(error.message)" == expected)
    }

    /// One session through every bad input, as a REPL user would type them: each is reported and
    /// the session still works afterwards.
    @Test func oneSessionSurvivesEveryBadInput() throws {
        var out = ""
        let interpreter = Interpreter(output: { out += $0 })
        interpreter.baseDirectory = repositoryRoot.path
        var failures = 0
        for name in Self.files {
            let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
            do { try interpreter.run(Source(name: name, text: text)) } catch { failures += 1 }
        }
        #expect(failures == Self.files.count)
        out = ""
        try interpreter.run(Source(name: "after", text: "print 6 * 7"))
        #expect(out == "42\n")
    }
}
