import Foundation
import Testing
@testable import ScaleLang

/// Every input in `Tests/FuzzRegressions` once crashed or hung the fuzz target. Each must now run
/// to an answer or an error under the fuzzing limits; the 10 s bound (the fuzzer's is 5 s in a
/// release build) catches a hang coming back without making this a timing test.
struct FuzzRegressionTests {
    static let directory = repositoryRoot.appendingPathComponent("Tests/FuzzRegressions")
    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        .filter { $0.hasSuffix(".scale") }.sorted()

    @Test func thereAreRegressions() {
        #expect(!Self.files.isEmpty)
    }

    @Test(arguments: files)
    func regression(name: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        let interpreter = Interpreter(output: { _ in })
        interpreter.limits = .fuzzing
        let start = Date()
        _ = try? interpreter.run(Source(name: name, text: String(decoding: data, as: UTF8.self)))
        #expect(Date().timeIntervalSince(start) < 10, "\(name) took \(Date().timeIntervalSince(start)) s")
    }
}
