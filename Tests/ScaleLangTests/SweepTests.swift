import Foundation
import Testing
@testable import ScaleLang

/// `sweep`: planned runs hit their budgets and span each budget's valley.
struct SweepTests {
    func table(_ text: String) throws -> Table {
        let interpreter = Interpreter(output: { _ in })
        try interpreter.run(Source(name: "t", text: "s_ = " + text))
        guard case .table(let t)? = interpreter.value(of: "s_")?.tabular else { throw ScaleError(.runtime, "not a table", at: .none) }
        return t
    }

    func column(_ t: Table, _ name: String) -> [Double] {
        if case .numbers(let v)? = t.column(name) { return v }
        return []
    }

    /// Every run has 6·N·D = C to 1e-12 relative; each budget's sizes span a factor `span`, are
    /// log-spaced, and centre on the law's iso-FLOP minimum, found here by a scan of
    /// chinchilla(N, C/(6N)) over 200,001 log-spaced N (to the scan's step, 1e-5 in log N).
    @Test func isoFLOPRunsHitTheirBudgetsAndSpanTheValley() throws {
        let t = try table("sweep isoflop chinchilla at C = 1e18..1e22 times 100 sizes 9 span 30")
        let C = column(t, "C"), N = column(t, "N"), D = column(t, "D"), loss = column(t, "loss")
        #expect(C.count == 27)
        for i in C.indices { #expect(abs(6 * N[i] * D[i] / C[i] - 1) < 1e-12) }
        func chinchilla(_ n: Double, _ d: Double) -> Double { 1.69 + 406.4 / Foundation.pow(n, 0.34) + 410.7 / Foundation.pow(d, 0.28) }
        for b in 0..<3 {
            let rows = Array((9 * b)..<(9 * b + 9)), c = C[rows[0]]
            #expect(abs(N[rows[8]] / N[rows[0]] / 30 - 1) < 1e-12)
            for k in 1..<9 { #expect(abs(Foundation.log(N[rows[k]] / N[rows[k - 1]]) - Foundation.log(30) / 8) < 1e-12) }
            var best = (n: 0.0, loss: Double.infinity)
            for k in 0...200_000 {
                let n = Foundation.exp(Foundation.log(1e5) + Double(k) * (Foundation.log(1e13) - Foundation.log(1e5)) / 200_000)
                let l = chinchilla(n, c / (6 * n))
                if l < best.loss { best = (n, l) }
            }
            #expect(abs(Foundation.log(N[rows[4]] / best.n)) < 1e-4, "budget \(c)")
            #expect(N[rows[0]] < best.n && best.n < N[rows[8]])
            // the valley: the loss falls to the centre and rises after it
            for k in 0..<4 { #expect(loss[rows[k]] > loss[rows[k + 1]]) }
            for k in 4..<8 { #expect(loss[rows[k]] < loss[rows[k + 1]]) }
            #expect(abs(loss[rows[4]] - chinchilla(N[rows[4]], D[rows[4]])) < 1e-12)
        }
    }

    /// A grid is every N with every D, C = 6·N·D; mistakes are named.
    @Test func gridAndMistakes() throws {
        let t = try table("sweep grid over N = [100M, 400M], D = [2B, 8B, 32B]")
        #expect(column(t, "N") == [1e8, 1e8, 1e8, 4e8, 4e8, 4e8])
        #expect(column(t, "D") == [2e9, 8e9, 3.2e10, 2e9, 8e9, 3.2e10])
        #expect(column(t, "C") == [1.2e18, 4.8e18, 1.92e19, 4.8e18, 1.92e19, 7.68e19])
        #expect(runCapturing("sweep grid over N = [1B]").error?.message.contains("give both axes") == true)
        #expect(runCapturing("sweep grid over N = 1B, D = 20B sizes 3").error?.message.contains("'sizes' is for 'sweep isoflop'") == true)
        #expect(runCapturing("sweep isoflop at C = -1").error?.message.contains("must be positive") == true)
    }
}
