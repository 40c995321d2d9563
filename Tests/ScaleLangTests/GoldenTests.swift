import Foundation
import Testing
@testable import ScaleLang

/// Runs every `Examples/*.scale` from the repository root and compares its whole output with
/// `Tests/ScaleLangTests/Golden/NAME.out`. Set SCALE_UPDATE_GOLDEN=1 to rewrite the expectations
/// (then read the diff: every number in them must be one you can vouch for).
struct GoldenTests {
    static let examples: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Examples").path)) ?? [])
        .filter { $0.hasSuffix(".scale") }.sorted()

    /// A directory that yields no cases would make the parameterised test pass vacuously.
    @Test func theDirectoryYieldsCases() {
        #expect(Self.examples.count >= 8)
    }

    @Test(arguments: examples)
    func example(name: String) throws {
        let path = repositoryRoot.appendingPathComponent("Examples/" + name)
        let text = try String(contentsOf: path, encoding: .utf8)
        var out = ""
        let interpreter = Interpreter(output: { out += $0 })
        interpreter.baseDirectory = repositoryRoot.appendingPathComponent("Examples").path  // a script's paths are relative to its folder
        do {
            try interpreter.run(Source(name: "Examples/" + name, text: text))
        } catch {
            out += DiagnosticRenderer.render(error, in: Source(name: "Examples/" + name, text: text))
        }
        let golden = repositoryRoot.appendingPathComponent("Tests/ScaleLangTests/Golden/" + name.replacingOccurrences(of: ".scale", with: ".out"))
        if ProcessInfo.processInfo.environment["SCALE_UPDATE_GOLDEN"] == "1" {
            try out.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = (try? String(contentsOf: golden, encoding: .utf8)) ?? "(no golden file \(golden.lastPathComponent))"
        #expect(out == expected)
    }
}
