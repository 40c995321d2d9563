import Foundation
import ScalePlot
import Testing

@testable import ScaleLang

/// Plots built up from layers: `p + q` on one set of axes (so a loop can build one), and an
/// expression drawn over a named free variable without defining a function first.
struct PlotLayerTests {
    func plot(_ script: String, _ name: String = "p") throws -> Plot {
        let interpreter = Interpreter(output: { _ in })
        try interpreter.run(Source(name: "t", text: script))
        guard case .object(let o as PlotValue)? = interpreter.value(of: name) else { throw Missing() }
        return o.plot
    }

    struct Missing: Error {}

    /// `plot chinchilla(N, 20*N) over N = 1e8..1e12` failed with "unknown name 'N'".
    @Test func anExpressionIsDrawnOverItsFreeVariable() throws {
        let p = try plot("p = plot chinchilla(N, 20 * N) over N = 1e8..1e12\n")
        let s = try #require(p.series.first)
        #expect(s.label == "chinchilla(N, 20*N)" && s.kind == .line && s.x.count == 200)
        #expect(s.x.first == 1e8 && abs((s.x.last ?? 0) / 1e12 - 1) < 1e-12)
        let expected = try numbersAfterRunning("a = chinchilla(1e8, 2e9)\nb = chinchilla(1e12, 2e13)\n", ["a", "b"])
        #expect(abs(s.y[0] - expected[0]) < 1e-12 * expected[0])
        #expect(abs((s.y.last ?? 0) - expected[1]) < 1e-9 * expected[1])
        #expect(p.xLabel == "N" && p.yLabel == "chinchilla(N, 20*N)")
    }

    /// An expression of a fit takes the fit's colour and range like the fit itself.
    @Test func anExpressionOfAFitIsDashedBeyondItsData() throws {
        let p = try plot("runs = table(N = [1e8, 1e9, 1e10, 1e11, 1e12], loss = [4.0, 3.2, 2.5, 2.0, 1.6])\n"
                         + "f = fit loss ~ A * N^-a on runs start A = 10, a = 0.1\n"
                         + "p = plot runs.loss vs runs.N, 1.05 * f(N) over N = 1e7..1e13\n")
        #expect(p.colorSlots() == [0, 0])
        #expect(p.series[1].solidRange == 1e8...1e12)
        #expect(p.yLabel == "loss")
    }

    /// `p = p + plot …` failed with "cannot apply '+' to a plot and a plot".
    @Test func plotsAddAsLayers() throws {
        let script = """
            runs = table(N = [1e8, 1e9, 1e10], loss = [4.0, 3.2, 2.5])
            p = plot runs.loss vs runs.N label "runs"
            for k in [1, 2, 3] {
                p = p + plot chinchilla(N, k * 20 * N) over N = 1e8..1e10 label "{k * 20} tokens a parameter"
            }
            """
        let p = try plot(script + "\n")
        #expect(p.series.map(\.label) == ["runs", "20 tokens a parameter", "40 tokens a parameter", "60 tokens a parameter"])
        #expect(p.colorSlots() == [0, 1, 2, 3])
        #expect(p.xLabel == "N")
        #expect(p.yLabel == "loss, chinchilla(N, k*20*N)")
        let svg = SVGRenderer.render(p)
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 3)
    }

    /// Colour groups stay apart across layers: each layer's law keeps its own data's colour.
    @Test func layersKeepTheirOwnColourGroups() {
        let a = Plot(series: [.init(label: "a", kind: .points, x: [1, 2], y: [1, 2], colorGroup: 0),
                              .init(label: "fa", kind: .line, x: [1, 2], y: [1, 2], colorGroup: 0)], xLabel: "N", yLabel: "loss")
        let b = Plot(series: [.init(label: "b", kind: .points, x: [1, 2], y: [2, 3], colorGroup: 0),
                              .init(label: "fb", kind: .line, x: [1, 2], y: [2, 3], colorGroup: 0)], title: "t", xLabel: "N", yLabel: "loss")
        let both = a.overlaid(with: b)
        #expect(both.colorSlots() == [0, 0, 1, 1])
        #expect(both.title == "t" && both.xLabel == "N" && both.yLabel == "loss")
    }
}
