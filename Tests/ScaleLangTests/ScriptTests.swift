import Foundation
import Testing
@testable import ScaleLang

/// Runs `Tests/ScaleLangTests/Scripts/*.scale`: each line's `# expect: TEXT` comments, in order,
/// are the program's output lines; one `# expect error: LINE:COL MESSAGE` names the error that stops it.
struct ScriptTests {
    static let directory = repositoryRoot.appendingPathComponent("Tests/ScaleLangTests/Scripts")
    static let scripts: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        .filter { $0.hasSuffix(".scale") }.sorted()

    /// A directory that yields no cases would make the parameterised test pass vacuously.
    @Test func theDirectoryYieldsCases() {
        #expect(Self.scripts.count >= 3)
    }

    @Test(arguments: scripts)
    func script(name: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        var expectedLines: [String] = []
        var expectedError: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let r = line.range(of: "# expect: ") { expectedLines.append(String(line[r.upperBound...])) }
            if let r = line.range(of: "# expect error: ") { expectedError = String(line[r.upperBound...]) }
        }
        let (out, error) = runCapturing(text, name: name)
        var lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        #expect(lines == expectedLines)
        if let expectedError {
            guard let error else { Issue.record("expected an error: \(expectedError)"); return }
            #expect("\(position(of: error, in: text)) \(error.message)" == expectedError)
        } else {
            #expect(error == nil, "\(error.map { "\(position(of: $0, in: text)) \($0.message)" } ?? "")")
        }
    }
}
