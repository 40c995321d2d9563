import CZlib
import Foundation
import ScalePlot
import Testing

@testable import ScaleLang

/// `plot … to "fig.png"` and `to "fig.pdf"` write what their names say: the PNG is decoded here
/// (signature, IHDR, zlib-inflated and unfiltered scanlines) and checked for its size at the
/// dpi asked, for ink, and for the plot's own colours; `.ci/figures` checks the PDF with poppler.
struct FigureFileTests {
    /// A decoded 8-bit RGB or RGBA PNG.
    struct PNGImage {
        var width: Int, height: Int
        /// Row-major RGB triples (alpha dropped: cairo's figures are opaque).
        var rgb: [(UInt8, UInt8, UInt8)]
    }

    struct DecodeError: Error, CustomStringConvertible { var description: String }

    /// Decodes a PNG (RFC 2083) of bit depth 8, colour type 2 or 6, not interlaced.
    static func decodePNG(_ bytes: [UInt8]) throws -> PNGImage {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count > 8, Array(bytes[0..<8]) == signature else { throw DecodeError(description: "no PNG signature") }
        func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var i = 8, width = 0, height = 0, channels = 0, idat: [UInt8] = []
        while i + 8 <= bytes.count {
            let length = be32(i), type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            let body = Array(bytes[(i + 8)..<(i + 8 + length)])
            switch type {
            case "IHDR":
                width = be32(i + 8)
                height = be32(i + 12)
                guard body[8] == 8, body[12] == 0, [2, 6].contains(body[9]) else { throw DecodeError(description: "unsupported IHDR \(body)") }
                channels = body[9] == 6 ? 4 : 3
            case "IDAT": idat += body
            default: break
            }
            if type == "IEND" { break }
            i += 12 + length
        }
        let stride = width * channels
        let raw = try inflate(idat, expected: height * (stride + 1))
        var pixels = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            for x in 0..<stride {
                let v = Int(raw[y * (stride + 1) + 1 + x])
                let a = x >= channels ? Int(pixels[y * stride + x - channels]) : 0
                let b = y > 0 ? Int(pixels[(y - 1) * stride + x]) : 0
                let c = x >= channels && y > 0 ? Int(pixels[(y - 1) * stride + x - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw DecodeError(description: "filter \(filter)")
                }
                pixels[y * stride + x] = UInt8((v + predictor) & 0xFF)
            }
        }
        var rgb: [(UInt8, UInt8, UInt8)] = []
        rgb.reserveCapacity(width * height)
        for p in Swift.stride(from: 0, to: pixels.count, by: channels) { rgb.append((pixels[p], pixels[p + 1], pixels[p + 2])) }
        return PNGImage(width: width, height: height, rgb: rgb)
    }

    /// zlib's inflate of a whole zlib stream (RFC 1950) of known decompressed size.
    static func inflate(_ input: [UInt8], expected: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: expected)
        var size = uLongf(expected)
        let status = out.withUnsafeMutableBufferPointer { o in
            input.withUnsafeBufferPointer { uncompress(o.baseAddress, &size, $0.baseAddress, uLong($0.count)) }
        }
        guard status == Z_OK, Int(size) == expected else { throw DecodeError(description: "inflate status \(status), \(size) of \(expected) bytes") }
        return out
    }

    /// Runs a script in a fresh temporary directory; returns the directory.
    func runInTemporaryDirectory(_ script: String) throws -> (dir: URL, output: String, error: ScaleError?) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("figures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var printed = ""
        let interpreter = Interpreter(output: { printed += $0 })
        interpreter.baseDirectory = dir.path
        do {
            try interpreter.run(Source(name: "t", text: script))
            return (dir, printed, nil)
        } catch {
            return (dir, printed, error)
        }
    }

    static let twoSeries = "runs = table(N = [1e8, 1e9, 1e10, 1e11, 1e12], loss = [4.0, 3.2, 2.5, 2.0, 1.6])\n"
        + "plot runs.loss vs runs.N with lines, runs.loss * 1.1 vs runs.N with lines"

    /// Pixels within `tolerance` of a colour on every channel.
    static func count(_ image: PNGImage, near hex: String, tolerance: Int = 3) -> Int {
        let v = Int(hex.dropFirst(), radix: 16) ?? 0
        let (r, g, b) = ((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF)
        return image.rgb.filter { abs(Int($0.0) - r) <= tolerance && abs(Int($0.1) - g) <= tolerance && abs(Int($0.2) - b) <= tolerance }.count
    }

    @Test(arguments: [(96, 640, 400), (200, 1333, 833), (300, 2000, 1250)])
    func pngHasTheSizeItsDPIAsksAndThePlotsColours(dpi: Int, width: Int, height: Int) throws {
        let (dir, output, error) = try runInTemporaryDirectory(Self.twoSeries + (dpi == 200 ? "" : " dpi \(dpi)") + " to \"fig.png\"\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(error == nil)
        #expect(output == "wrote fig.png\n")
        let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent("fig.png")))
        let image = try Self.decodePNG(bytes)
        #expect(image.width == width && image.height == height)
        let white = Self.count(image, near: "#ffffff", tolerance: 0)
        #expect(white < image.rgb.count * 97 / 100)  // ink: grid, text, frame and lines
        #expect(white > image.rgb.count / 2)  // mostly paper
        // the two series' colours, from the palette, each on at least a line's worth of pixels
        #expect(Self.count(image, near: "#0072B2") > width / 4)
        #expect(Self.count(image, near: "#D55E00") > width / 4)
        // no temporary left beside the figure
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["fig.png"])
    }

    @Test func pdfIsAPDF() throws {
        let (dir, output, error) = try runInTemporaryDirectory(Self.twoSeries + " to \"fig.pdf\"\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(error == nil)
        #expect(output == "wrote fig.pdf\n")
        let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent("fig.pdf")))
        #expect(String(decoding: bytes.prefix(5), as: UTF8.self) == "%PDF-")
        let text = String(decoding: bytes, as: UTF8.self)
        // one page of 640×400 CSS pixels, 480×300 points; fonts embedded as font files
        #expect(text.contains("/MediaBox [ 0 0 480 300 ]"))
        #expect(text.components(separatedBy: "/Type /Page ").count - 1 == 1)
        #expect(text.contains("/FontFile"))
    }

    @Test func svgStaysSVGAndOtherExtensionsAreErrors() throws {
        let (dir, _, error) = try runInTemporaryDirectory(Self.twoSeries + " to \"fig.svg\"\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(error == nil)
        let svg = try String(contentsOf: dir.appendingPathComponent("fig.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<?xml"))
        for name in ["fig.jpg", "fig", "fig.PNG.txt"] {
            let (other, _, error) = try runInTemporaryDirectory(Self.twoSeries + " to \"\(name)\"\n")
            defer { try? FileManager.default.removeItem(at: other) }
            let ext = (name as NSString).pathExtension
            #expect(error?.message == "a figure is written as .svg, .png or .pdf, not \(ext.isEmpty ? "a file name without an extension" : "'.\(ext.lowercased())'")")
            #expect(try FileManager.default.contentsOfDirectory(atPath: other.path).isEmpty)
        }
    }

    @Test func dpiOutsideItsRangeIsAnError() {
        let (_, error) = runCapturing(Self.twoSeries + " dpi 5 to \"fig.png\"\n")
        #expect(error?.message.contains("from 10 to 1200") == true)
    }

    @Test func savingAPlotAsPNGWritesAPNG() throws {
        let (dir, _, error) = try runInTemporaryDirectory(Self.twoSeries.replacingOccurrences(of: "\nplot", with: "\np = plot") + "\nsave p to \"p.png\"\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(error == nil)
        let image = try Self.decodePNG(try [UInt8](Data(contentsOf: dir.appendingPathComponent("p.png"))))
        #expect(image.width == 1333 && image.height == 833)
    }

    @Test(arguments: [RasterOutput.rsvgVariable, RasterOutput.cairoVariable])
    func aMissingLibraryNamesItsPackage(variable: String) {
        let svg = SVGRenderer.render(Plot(series: [Plot.Series(label: "a", kind: .line, x: [1, 2], y: [1, 2])]))
        let package = variable == RasterOutput.rsvgVariable ? "librsvg2-2" : "libcairo2"
        let soname = variable == RasterOutput.rsvgVariable ? "librsvg-2.so.2" : "libcairo.so.2"
        for hidden in ["", "/nonexistent/\(soname)"] {
            let expected = "PNG and PDF figures need \(soname), which is not installed (on Debian or Ubuntu: apt install \(package)); write the figure to a .svg file instead"
            #expect(throws: RasterError.self) { _ = try RasterOutput.png(svg: svg, width: 640, height: 400, dpi: 96, environment: [variable: hidden]) }
            do {
                _ = try RasterOutput.png(svg: svg, width: 640, height: 400, dpi: 96, environment: [variable: hidden])
            } catch {
                #expect(error.message == expected)
            }
            #expect(throws: RasterError.self) { _ = try RasterOutput.pdf(svg: svg, width: 640, height: 400, environment: [variable: hidden]) }
        }
    }
}
