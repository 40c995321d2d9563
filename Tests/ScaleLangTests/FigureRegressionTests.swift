import Foundation
import ScalePlot
import Testing

/// Visual regression: every figure in `Examples/` rasterised (librsvg and cairo, at 96 dpi: one
/// pixel an SVG pixel) and compared pixel by pixel with its committed PNG in
/// `Golden/figures/`, so a change of layout is seen even where the SVG's bytes are expected to
/// change. Tolerance: at most 0.5% of pixels may differ by more than 32 (of 255) on some channel,
/// and the mean difference over all channels must stay under 1.0 — room for another librsvg's
/// anti-aliasing and font hinting, none for a moved legend, label or line. SCALE_UPDATE_GOLDEN=1
/// rewrites the PNGs; without librsvg or cairo the test is skipped, saying so.
struct FigureRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = root.appendingPathComponent("Examples")
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/figures")

    static var figures: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? []).filter { $0.hasSuffix(".svg") }.sorted()
    }

    static var rasteriserPresent: Bool {
        (try? RasterOutput.png(svg: SVGRenderer.render(Plot(series: [])), width: 64, height: 40, dpi: 96)) != nil
    }

    @Test func everyExampleFigureIsCompared() {
        #expect(Self.figures.count >= 5)
    }

    @Test(.enabled(if: rasteriserPresent, "librsvg-2.so.2 or libcairo.so.2 absent (apt install librsvg2-2 libcairo2): figures not compared"),
          arguments: figures)
    func figureMatchesItsPNG(name: String) throws {
        let svg = try String(contentsOf: Self.examples.appendingPathComponent(name), encoding: .utf8)
        func attribute(_ a: String) -> Int? {
            guard let r = svg.range(of: " \(a)=\"") else { return nil }
            return Int(svg[r.upperBound...].prefix { $0.isNumber })
        }
        let width = try #require(attribute("width")), height = try #require(attribute("height"))
        let bytes = try RasterOutput.png(svg: svg, width: width, height: height, dpi: 96)
        let path = Self.golden.appendingPathComponent(name.replacingOccurrences(of: ".svg", with: ".png"))
        if ProcessInfo.processInfo.environment["SCALE_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
            try Data(bytes).write(to: path)
        }
        let now = try FigureFileTests.decodePNG(bytes)
        let then = try FigureFileTests.decodePNG(try [UInt8](Data(contentsOf: path)))
        #expect(now.width == then.width && now.height == then.height)
        guard now.width == then.width, now.height == then.height else { return }
        var far = 0, total = 0
        for (a, b) in zip(now.rgb, then.rgb) {
            let d = [abs(Int(a.0) - Int(b.0)), abs(Int(a.1) - Int(b.1)), abs(Int(a.2) - Int(b.2))]
            total += d.reduce(0, +)
            if d.contains(where: { $0 > 32 }) { far += 1 }
        }
        let farShare = Double(far) / Double(now.rgb.count), mean = Double(total) / Double(3 * now.rgb.count)
        #expect(farShare <= 0.005, "\(name): \(far) pixels (\(farShare * 100)%) differ by more than 32")
        #expect(mean < 1.0, "\(name): mean difference \(mean)")
    }
}
