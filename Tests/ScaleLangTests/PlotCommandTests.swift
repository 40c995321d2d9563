import Testing
import ScalePlot
@testable import ScaleLang

/// `plot`'s legends and axes read like a paper's figure: labels per series, names without their
/// tables, axis names only where every series agrees, a fitted law in its data's colour, lines
/// through points when asked.
struct PlotCommandTests {
    /// The plot a script's last statement `p = plot …` made.
    func plot(_ script: String) throws -> Plot {
        let interpreter = Interpreter(output: { _ in })
        try interpreter.run(Source(name: "t", text: script))
        guard case .object(let o as PlotValue)? = interpreter.value(of: "p") else { throw PlotMissing() }
        return o.plot
    }

    struct PlotMissing: Error {}

    static let data = "runs = table(N = [1e8, 1e9, 1e10, 1e11, 1e12], loss = [4.0, 3.2, 2.5, 2.0, 1.6])\n"

    @Test func aLabelNamesItsSeriesAndAFitTakesItsDataColour() throws {
        let p = try plot(Self.data + "f = fit loss ~ A * N^-a on runs start A = 10, a = 0.1\nother = table(N = [1e9, 1e10], loss = [3, 3])\np = plot runs.loss vs runs.N label \"gemma-2B\", other.loss vs other.N, f over N\n")
        #expect(p.series.map(\.label) == ["gemma-2B", "loss vs N", "f"])
        #expect(p.colorSlots() == [0, 1, 0])
        #expect(p.xLabel == "N")
        #expect(p.yLabel == "")  // the law has no y name: no series' name stands for all
    }

    @Test func legendsAndAxesUseColumnNamesWithoutTheirTables() throws {
        let p = try plot(Self.data + "p = plot runs.loss vs runs.N\n")
        #expect(p.series.map(\.label) == ["loss vs N"])
        #expect(p.xLabel == "N" && p.yLabel == "loss")
    }

    @Test func collidingNamesKeepTheirTables() throws {
        let p = try plot("a = table(k = [1, 2], acc = [0.1, 0.2])\nb = table(k = [1, 2], acc = [0.3, 0.4])\np = plot a.acc vs a.k, b.acc vs b.k\n")
        #expect(p.series.map(\.label) == ["a.acc vs k", "b.acc vs k"])
        #expect(p.xLabel == "k" && p.yLabel == "acc")
    }

    @Test func axisNamesOnlyWhereEverySeriesAgrees() throws {
        let p = try plot(Self.data + "p = plot runs.loss vs runs.N, runs.N vs runs.loss\n")
        #expect(p.xLabel == "" && p.yLabel == "")
        let given = try plot(Self.data + "p = plot runs.loss vs runs.N, runs.N vs runs.loss, xlabel \"parameters\", ylabel \"nats\"\n")
        #expect(given.xLabel == "parameters" && given.yLabel == "nats")
    }

    @Test func withLinesDrawsALineThroughThePoints() throws {
        let p = try plot(Self.data + "p = plot runs.loss vs runs.N with lines, runs.N vs runs.loss with points\n")
        #expect(p.series.map(\.kind) == [.line, .points])
        #expect(p.series[0].solidRange == nil)
        let (_, error) = runCapturing(Self.data + "plot runs.loss vs runs.N with bars\n")
        #expect(error?.message == "unknown style 'bars': expected lines or points")
    }
}
