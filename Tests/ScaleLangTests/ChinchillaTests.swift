import Foundation
import Testing
@testable import ScaleLang

/// The Chinchilla replication reaches the global optimum of its objective: checked against an
/// independent scipy run of the same procedure (L-BFGS-B with the exact gradient from all 4,500
/// starts, best polished with BFGS), whose output is kept in Fixtures/chinchilla_scipy.txt.
struct ChinchillaTests {
    static func reference() throws -> [String: Double] {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/ScaleLangTests/Fixtures/chinchilla_scipy.txt"), encoding: .utf8)
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let v = Double(parts[1]) { out[String(parts[0])] = v }
        }
        return out
    }

    @Test func gridReachesTheGlobalOptimum() throws {
        let ref = try Self.reference()
        let script = try String(contentsOf: repositoryRoot.appendingPathComponent("Benchmarks/chinchilla_grid.scale"), encoding: .utf8)
        let interpreter = Interpreter(output: { _ in })
        interpreter.baseDirectory = repositoryRoot.path
        try interpreter.run(Source(name: "chinchilla_grid.scale", text: script))
        guard case .object(let o)? = interpreter.value(of: "f"), let fit = o as? FitValue else { Issue.record("no fit"); return }
        #expect(fit.summary.converged)
        // Our objective is no worse than scipy's best, to 1e-12 relative ...
        let objective = try #require(ref["objective"])
        #expect(fit.summary.objective <= objective * (1 + 1e-12), "\(fit.summary.objective) vs scipy \(objective)")
        // ... and it is the same optimum: parameters agree to 1e-6 relative (the Huber objective
        // is flat to about that level around the optimum).
        for name in ["a", "alpha", "b", "beta", "e"] {
            let k = try #require(fit.summary.parameters.firstIndex(of: name))
            let expected = try #require(ref[name])
            #expect(abs(fit.summary.values[k] - expected) <= 1e-6 * abs(expected), "\(name): \(fit.summary.values[k]) vs scipy \(expected)")
        }
    }
}
