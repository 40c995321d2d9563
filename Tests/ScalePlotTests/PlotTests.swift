import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ScalePlot

struct PlotTests {
    static let chinchillaLike: Plot = {
        let n = (0..<20).map { 1e8 * Foundation.pow(1.5, Double($0)) }
        let loss = n.map { 1.69 + 406.4 / Foundation.pow($0, 0.34) + 0.05 }
        let curveN = (0..<50).map { 1e8 * Foundation.pow(1e4, Double($0) / 49) }
        let curve = curveN.map { 1.69 + 406.4 / Foundation.pow($0, 0.34) }
        return Plot(series: [
            .init(label: "runs", kind: .points, x: n, y: loss),
            .init(label: "fit <L(N)> & \"law\"", kind: .line, x: curveN, y: curve, solidRange: 1e8...2e11),
        ], title: "loss vs parameters", xLabel: "N", yLabel: "loss")
    }()

    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Byte-for-byte against the checked-in SVG (rendered with rsvg-convert and looked at when it
    /// was made; SCALE_UPDATE_GOLDEN=1 rewrites it).
    @Test func svgMatchesGolden() throws {
        let svg = SVGRenderer.render(Self.chinchillaLike)
        let path = Self.golden.appendingPathComponent("chinchilla-like.svg")
        if ProcessInfo.processInfo.environment["SCALE_UPDATE_GOLDEN"] == "1" { try svg.write(to: path, atomically: true, encoding: .utf8) }
        #expect(svg == (try String(contentsOf: path, encoding: .utf8)))
    }

    /// A fitted curve in the colour of its data (a colour group), a second data set in the next
    /// colour; byte-for-byte against the checked-in SVG.
    @Test func fittedCurveSharesItsDataColour() throws {
        var plot = Self.chinchillaLike
        plot.series.insert(.init(label: "other runs", kind: .points, x: [1e9, 1e10], y: [3, 2.8]), at: 1)
        plot.series[0].colorGroup = 1
        plot.series[2].colorGroup = 1
        #expect(plot.colorSlots() == [0, 1, 0])
        let svg = SVGRenderer.render(plot)
        #expect(svg.contains("<g fill=\"#0072B2\"") && svg.contains("<g fill=\"#D55E00\""))
        #expect(svg.contains("stroke=\"#0072B2\" stroke-width=\"2\" clip-path") && !svg.contains("stroke=\"#D55E00\" stroke-width=\"2\" clip-path"))
        let path = Self.golden.appendingPathComponent("fit-in-data-colour.svg")
        if ProcessInfo.processInfo.environment["SCALE_UPDATE_GOLDEN"] == "1" { try svg.write(to: path, atomically: true, encoding: .utf8) }
        #expect(svg == (try String(contentsOf: path, encoding: .utf8)))
    }

    @Test func svgIsWellFormedXML() {
        for plot in [Self.chinchillaLike, Plot(series: [.init(label: "a&b", kind: .points, x: [1, 2, 3], y: [-1, 0, 1])])] {
            let parser = XMLParser(data: Data(SVGRenderer.render(plot).utf8))
            #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        }
    }

    @Test func svgEscapesTextAndDashesExtrapolation() {
        let svg = SVGRenderer.render(Self.chinchillaLike)
        #expect(svg.contains("fit &lt;L(N)&gt; &amp; &quot;law&quot;"))
        #expect(svg.contains("stroke-dasharray"))
    }

    /// A log axis is shown by its ticks: the labels are as given, never "N (log)".
    @Test func axisLabelsAreAsGivenOnLogAxes() {
        let svg = SVGRenderer.render(Self.chinchillaLike)
        #expect(Self.chinchillaLike.axes().x.log)
        #expect(svg.contains(">N</text>") && svg.contains(">loss</text>"))
        #expect(!svg.contains("(log)"))
        let text = TerminalRenderer.render(Self.chinchillaLike, width: 80, color: false)
        #expect(text.contains("x: N   y: loss"))
        #expect(!text.contains("(log)"))
    }

    /// Limits are padded by 5% of the span each side (of the decades on a log axis), so the
    /// first and last markers sit inside the frame.
    @Test(arguments: [Plot.Scale.log, .linear])
    func limitsArePaddedSoNoMarkerSitsOnTheFrame(scale: Plot.Scale) {
        let plot = Plot(series: [.init(label: "a", kind: .points, x: [1e8, 1e9, 1e12], y: [4, 3, 2])], xScale: scale)
        let x = plot.axes().x
        #expect(abs(x.position(1e8) - 0.05 / 1.1) < 1e-12)
        #expect(abs(x.position(1e12) - 1.05 / 1.1) < 1e-12)
        // in the SVG: the first circle is more than 20 pixels right of the frame's left edge (70)
        let svg = SVGRenderer.render(plot)
        let cx = svg.components(separatedBy: "<circle cx=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
        #expect(cx.count == 4)  // three markers and the legend's
        #expect(cx.allSatisfy { $0 > 90 && $0 < 600 })
    }

    /// The legend sits in the plot area's emptiest corner, clear of every point and line; when
    /// no corner is clear it goes below the axes.
    @Test func legendTakesAFreeCornerAndNeverCoversPoints() throws {
        // falling data: the top right and bottom left are empty
        let falling = Plot(series: [.init(label: "falling", kind: .points, x: [1, 2, 3, 4, 5], y: [5, 4, 3, 2, 1])])
        let corner = try #require(SVGRenderer.freeCorner(falling, falling.axes().x, falling.axes().y, width: 640, height: 400,
                                                         left: 70, right: 20, top: 20, bottom: 50, legend: SVGRenderer.legendSize(falling)))
        #expect(corner.x > 320 && corner.y < 100)  // top right
        // rising data fill the top right and bottom left: the legend goes to the top left
        let rising = Plot(series: [.init(label: "rising", kind: .line, x: [1, 2, 3, 4, 5], y: [1, 2, 3, 4, 5])])
        let other = try #require(SVGRenderer.freeCorner(rising, rising.axes().x, rising.axes().y, width: 640, height: 400,
                                                        left: 70, right: 20, top: 20, bottom: 50, legend: SVGRenderer.legendSize(rising)))
        #expect(other.x < 100 && other.y < 100)
        // points in all four corners: the legend goes under the axes, below the plot area
        let corners = Plot(series: [.init(label: "corners", kind: .points, x: [1, 1, 5, 5, 3], y: [1, 5, 1, 5, 3])])
        #expect(SVGRenderer.freeCorner(corners, corners.axes().x, corners.axes().y, width: 640, height: 400,
                                       left: 70, right: 20, top: 20, bottom: 50, legend: SVGRenderer.legendSize(corners)) == nil)
        let svg = SVGRenderer.render(corners)
        let legendY = svg.components(separatedBy: "<text x=\"").last.flatMap { $0.components(separatedBy: "y=\"").dropFirst().first }
            .flatMap { Double($0.prefix { $0 != "\"" }) }
        #expect((legendY ?? 0) > 400 - 50 - 18)
    }

    /// Every line fits the terminal, counting braille and box characters as one column and ANSI
    /// escapes as none.
    @Test(arguments: Array(stride(from: 20, through: 200, by: 7)))
    func terminalPlotNeverExceedsWidth(width: Int) {
        for color in [false, true] {
            let text = TerminalRenderer.render(Self.chinchillaLike, width: width, height: 12, color: color)
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                #expect(TerminalRenderer.visibleWidth(String(line)) <= width, "width \(width): \(line)")
            }
        }
    }

    static let labels: [(Double, String)] = [
        (1e9, "1B"), (1e10, "10B"), (7e10, "70B"), (1.5e3, "1.5K"), (1e12, "1T"), (1e18, "1e18"), (0.5, "0.5"),
        (2.25, "2.25"), (0, "0"), (1e-4, "1e-4"), (-3, "-3"), (300, "300"),
    ]

    @Test(arguments: labels)
    func tickLabels(value: Double, text: String) {
        #expect(Ticks.label(value) == text)
    }

    @Test func axesGoLogOverTwoDecades() {
        let wide = Plot(series: [.init(label: "", kind: .points, x: [1, 1000], y: [1, 2])])
        let (x, y, _) = wide.axes()
        #expect(x.log && !y.log)
        let negative = Plot(series: [.init(label: "", kind: .points, x: [-1, 1000], y: [1, 2])])
        #expect(!negative.axes().x.log)
        var forced = wide
        forced.xScale = .linear
        #expect(!forced.axes().x.log)
    }

    @Test func logTicksArePowersOfTen() {
        let ticks = Ticks.ticks(Plot.Axis(log: true, lo: 0.9e18, hi: 1.1e24))
        #expect(ticks.first == 1e18)
        #expect(ticks.allSatisfy { abs(Foundation.log10($0) - Foundation.log10($0).rounded()) < 1e-12 })
    }

    /// exp(x) for x = 1…700 reaches 1e304: padding its log axis by 3% of the span overflowed to ∞
    /// and the tick code trapped on Int(log10(∞)); values at both ends of the double range on a
    /// linear axis overflowed the span. Both must render, with finite ticks inside the axis.
    @Test(arguments: [
        Plot(series: [.init(label: "", kind: .line, x: (1...700).map(Double.init), y: (1...700).map { Foundation.exp(Double($0)) })]),
        Plot(series: [.init(label: "", kind: .points, x: [1e-300, 1, 1e300], y: [-1.7e308, 0, 1.7e308])]),
        Plot(series: [.init(label: "", kind: .points, x: [5e-324, 1.7e308], y: [1, 2])]),
    ])
    func hugeValuesRender(plot: Plot) {
        let (x, y, _) = plot.axes()
        for axis in [x, y] {
            #expect(axis.lo.isFinite && axis.hi.isFinite && axis.lo < axis.hi)
            let ticks = Ticks.ticks(axis)
            #expect(!ticks.isEmpty && ticks.allSatisfy { $0.isFinite && $0 >= axis.lo && $0 <= axis.hi }, "\(ticks)")
        }
        #expect(TerminalRenderer.render(plot, width: 60, height: 12, color: false).contains("1e"))
        #expect(SVGRenderer.render(plot).contains("1e"))
    }
}
