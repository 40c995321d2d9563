import Foundation
import ScalePlot
import Testing
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
        #expect(p.yLabel == "loss")  // the fit's response names the law's y
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

    /// Both axes are always labelled: by every series' name once, or by the user's text as written.
    @Test func axesAreAlwaysLabelled() throws {
        let p = try plot(Self.data + "p = plot runs.loss vs runs.N, runs.N vs runs.loss\n")
        #expect(p.xLabel == "N, loss" && p.yLabel == "loss, N")
        // the README's function of a fit, alone, names the y axis (it printed "y: ")
        let at20 = try plot("printed20(N) = chinchilla(N, 20 * N)\np = plot printed20 over N = 1e8..1e12\n")
        #expect(at20.xLabel == "N" && at20.yLabel == "printed20")
        let drawn = TerminalRenderer.render(at20, width: 80, color: false)
        #expect(drawn.contains("x: N   y: printed20"))
        let given = try plot(Self.data + "p = plot runs.loss vs runs.N, runs.N vs runs.loss, xlabel \"parameters\", ylabel \"nats\"\n")
        #expect(given.xLabel == "parameters" && given.yLabel == "nats")
    }

    @Test func withLinesDrawsALineThroughThePoints() throws {
        let p = try plot(Self.data + "p = plot runs.loss vs runs.N with lines, runs.N vs runs.loss with points\n")
        #expect(p.series.map(\.kind) == [.line, .points])
        #expect(p.series[0].solidRange == nil)
        let (_, error) = runCapturing(Self.data + "plot runs.loss vs runs.N with bars\n")
        #expect(error?.message == "unknown style 'bars': expected points, lines or linespoints")
    }

    /// Runs in file order (not sorted by compute) are joined in x order: the README's
    /// `plot runs.loss vs runs.C with lines` drew a zig-zag through 245 runs.
    @Test func linesJoinPointsInXOrder() throws {
        let p = try plot("runs = table(C = [1e20, 1e22, 1e19, 1e21, 1e18], loss = [3.0, 2.2, 3.4, 2.6, 3.9])\np = plot runs.loss vs runs.C with lines\n")
        let svg = SVGRenderer.render(p)
        let polyline = try #require(svg.components(separatedBy: "<polyline points=\"").dropFirst().first?.prefix { $0 != "\"" })
        let xs = polyline.split(separator: " ").compactMap { Double($0.split(separator: ",")[0]) }
        #expect(xs.count == 5)
        #expect(xs == xs.sorted())
        // the y values follow their x: loss falls along the line
        let ys = polyline.split(separator: " ").compactMap { Double($0.split(separator: ",")[1]) }
        #expect(ys == ys.sorted())  // SVG y grows downward: falling loss, rising y
        let text = TerminalRenderer.render(p, width: 60, color: false)
        #expect(text.contains("─ loss vs C"))
    }

    /// `with points`, `with lines` and `with linespoints`, as gnuplot names them.
    @Test func linespointsDrawsBoth() throws {
        let p = try plot(Self.data + "p = plot runs.loss vs runs.N with linespoints\n")
        #expect(p.series.map(\.kind) == [.linePoints])
        let svg = SVGRenderer.render(p)
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 1)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 5 + 1)  // five markers and the legend's
        #expect(TerminalRenderer.render(p, width: 60, color: false).contains("⠂─ loss vs N"))
    }

    /// A function of a fit is drawn in its data's colour, solid over the data and dashed beyond,
    /// whether it calls the fit (`g(N) = f(N) * 1.01`) or reads its parameters (`where A = f.A`):
    /// the README's at20 was drawn solid in a colour of its own.
    @Test(arguments: ["g(N) = f(N) * 1.01", "law fitted(N) = A * N^-a where A = f.A, a = f.a\ng(N) = fitted(N)"])
    func aFunctionOfAFitTakesItsDataColourAndRange(definition: String) throws {
        let p = try plot(Self.data + "f = fit loss ~ A * N^-a on runs start A = 10, a = 0.1\n" + definition
                         + "\np = plot runs.loss vs runs.N, g over N = 1e7..1e13\n")
        #expect(p.colorSlots() == [0, 0])
        #expect(p.series[1].solidRange == 1e8...1e12)
        #expect(p.yLabel == "loss")
        let svg = SVGRenderer.render(p)
        #expect(svg.contains("stroke-dasharray"))
    }

    /// In the Porian example's figure each approach's N_opt(C) line has the colour of the optima
    /// it was fitted to (the parabola optima were blue and their line green).
    @Test func approachLinesShareTheirOptimaColours() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Examples/porian_discrepancies-1.svg")
        let svg = try String(contentsOf: url, encoding: .utf8)
        // legend entries: a marker or line in a colour, then its text
        func colour(of label: String) -> String? {
            guard let end = svg.range(of: ">\(label)</text>") else { return nil }
            let before = svg[..<end.lowerBound]
            guard let c = before.range(of: "#", options: .backwards) else { return nil }
            return String(before[c.lowerBound...].prefix(7))
        }
        let parabola = try #require(colour(of: "optima (parabola)")), akima = try #require(colour(of: "optima (akima)"))
        #expect(colour(of: "N_opt(C), parabola") == parabola)
        #expect(colour(of: "N_opt(C), Akima") == akima)
        #expect(parabola != akima)
    }
}
