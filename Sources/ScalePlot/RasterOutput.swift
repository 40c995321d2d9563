import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// PNG and PDF from a plot's SVG, rendered by librsvg onto a cairo surface. Both libraries are
/// loaded with `dlopen` when a PNG or PDF is asked for, so nothing links against them and a
/// build or binary without them still writes SVG; where one is absent the error names the
/// Debian package to install.
///
/// Sizes: an SVG user unit is a CSS pixel, 1/96 inch. A PNG at `dpi` is the SVG's size times
/// `dpi / 96`, rounded; a PDF is one page of the SVG's size in points (72 a inch), drawn as
/// vectors with its fonts embedded (cairo embeds a subset of every font it draws with).
public enum RasterOutput {
    /// The files a figure can be written to, by extension.
    public enum Format: String, CaseIterable, Sendable {
        case svg, png, pdf

        /// The format a path's extension names (case-insensitive), or an error listing the three.
        public init(path: String) throws(RasterError) {
            let ext = (path as NSString).pathExtension.lowercased()
            guard let format = Format(rawValue: ext) else {
                let list = Format.allCases.map { "." + $0.rawValue }
                let named = ext.isEmpty ? "a file name without an extension" : "'.\(ext)'"
                throw RasterError(message: "a figure is written as \(list[0]), \(list[1]) or \(list[2]), not \(named)")
            }
            self = format
        }
    }

    /// The dots-per-inch a PNG takes when none is given.
    public static let defaultDPI = 200
    /// The environment variable naming the librsvg to load instead of `librsvg-2.so.2` (empty: none).
    public static let rsvgVariable = "SCALE_RSVG_LIBRARY"
    /// The environment variable naming the cairo to load instead of `libcairo.so.2` (empty: none).
    public static let cairoVariable = "SCALE_CAIRO_LIBRARY"

    /// The SVG document rendered as a PNG of `round(width · dpi / 96)` × `round(height · dpi / 96)`
    /// pixels, where `width` × `height` is the SVG's size in pixels.
    /// `environment` is where `SCALE_RSVG_LIBRARY` and `SCALE_CAIRO_LIBRARY` are read.
    public static func png(svg: String, width: Int, height: Int, dpi: Int,
                           environment: [String: String] = ProcessInfo.processInfo.environment) throws(RasterError) -> [UInt8] {
        let lib = try Libraries.load(environment)
        let scale = Double(dpi) / 96
        let w = Int32((Double(width) * scale).rounded()), h = Int32((Double(height) * scale).rounded())
        guard w > 0, h > 0, w <= 32767, h <= 32767 else {
            throw RasterError(message: "a PNG of \(w)×\(h) pixels is beyond what cairo draws (at most 32767 a side); lower the dpi")
        }
        let surface = lib.imageSurfaceCreate(0 /* CAIRO_FORMAT_ARGB32 */, w, h)
        defer { lib.surfaceDestroy(surface) }
        try draw(svg, on: surface, scale: scale, lib)
        let sink = ByteSink()
        let status = lib.writeToPNGStream(surface, ByteSink.write, Unmanaged.passUnretained(sink).toOpaque())
        try lib.check(status, "writing the PNG")
        return sink.bytes
    }

    /// The SVG document as a one-page vector PDF of `width` × `height` CSS pixels (× 0.75 points).
    public static func pdf(svg: String, width: Int, height: Int,
                           environment: [String: String] = ProcessInfo.processInfo.environment) throws(RasterError) -> [UInt8] {
        let lib = try Libraries.load(environment)
        let sink = ByteSink()
        let surface = lib.pdfSurfaceCreateForStream(ByteSink.write, Unmanaged.passUnretained(sink).toOpaque(), Double(width) * 0.75, Double(height) * 0.75)
        try draw(svg, on: surface, scale: 0.75, lib)
        lib.surfaceFinish(surface)
        let status = lib.surfaceStatus(surface)
        lib.surfaceDestroy(surface)
        try lib.check(status, "writing the PDF")
        return sink.bytes
    }

    /// Draws the SVG onto a surface scaled by `scale`, through librsvg.
    private static func draw(_ svg: String, on surface: OpaquePointer?, scale: Double, _ lib: Libraries) throws(RasterError) {
        try lib.check(lib.surfaceStatus(surface), "making the surface")
        let bytes = Array(svg.utf8)
        var error: UnsafeMutableRawPointer?
        let handle = bytes.withUnsafeBufferPointer { lib.handleNewFromData($0.baseAddress, $0.count, &error) }
        guard let handle else {
            // GLib's GError: a 32-bit domain, a 32-bit code, then the message
            let message = error?.load(fromByteOffset: 8, as: UnsafePointer<CChar>?.self)
            let reason = message.map { String(cString: $0) } ?? "no reason given"
            if let error { lib.errorFree(error) }
            throw RasterError(message: "librsvg could not read the figure: \(reason)")
        }
        defer { lib.objectUnref(handle) }
        let cr = lib.create(surface)
        defer { lib.destroy(cr) }
        lib.scale(cr, scale, scale)
        guard lib.renderCairo(handle, cr) != 0 else { throw RasterError(message: "librsvg could not draw the figure") }
        try lib.check(lib.status(cr), "drawing the figure")
        lib.surfaceFlush(surface)
    }

    /// Collects what cairo writes to a stream.
    private final class ByteSink {
        var bytes: [UInt8] = []

        static let write: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<UInt8>?, UInt32) -> Int32 = { closure, data, length in
            guard let closure, let data else { return 11 /* CAIRO_STATUS_WRITE_ERROR */ }
            let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return 0
        }
    }

    /// The functions used from librsvg, cairo and GLib, looked up once per figure.
    private struct Libraries {
        typealias WriteFunc = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<UInt8>?, UInt32) -> Int32

        let imageSurfaceCreate: @convention(c) (Int32, Int32, Int32) -> OpaquePointer?
        let pdfSurfaceCreateForStream: @convention(c) (WriteFunc, UnsafeMutableRawPointer?, Double, Double) -> OpaquePointer?
        let writeToPNGStream: @convention(c) (OpaquePointer?, WriteFunc, UnsafeMutableRawPointer?) -> Int32
        let surfaceStatus: @convention(c) (OpaquePointer?) -> Int32
        let surfaceFlush: @convention(c) (OpaquePointer?) -> Void
        let surfaceFinish: @convention(c) (OpaquePointer?) -> Void
        let surfaceDestroy: @convention(c) (OpaquePointer?) -> Void
        let create: @convention(c) (OpaquePointer?) -> OpaquePointer?
        let destroy: @convention(c) (OpaquePointer?) -> Void
        let scale: @convention(c) (OpaquePointer?, Double, Double) -> Void
        let status: @convention(c) (OpaquePointer?) -> Int32
        let statusToString: @convention(c) (Int32) -> UnsafePointer<CChar>?
        let handleNewFromData: @convention(c) (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> OpaquePointer?
        let renderCairo: @convention(c) (OpaquePointer?, OpaquePointer?) -> Int32
        let objectUnref: @convention(c) (OpaquePointer?) -> Void
        let errorFree: @convention(c) (UnsafeMutableRawPointer?) -> Void

        static func load(_ environment: [String: String]) throws(RasterError) -> Libraries {
            // cairo first: librsvg draws onto it, and a missing cairo is the likelier message to need
            let cairo = try open(environment[cairoVariable], name: "libcairo.so.2", package: "libcairo2")
            let rsvg = try open(environment[rsvgVariable], name: "librsvg-2.so.2", package: "librsvg2-2")
            func symbol<T>(_ library: UnsafeMutableRawPointer, _ name: String, _ type: T.Type) throws(RasterError) -> T {
                guard let p = dlsym(library, name) else { throw RasterError(message: "the loaded library has no '\(name)' (too old a version?)") }
                return unsafeBitCast(p, to: type)
            }
            return Libraries(
                imageSurfaceCreate: try symbol(cairo, "cairo_image_surface_create", (@convention(c) (Int32, Int32, Int32) -> OpaquePointer?).self),
                pdfSurfaceCreateForStream: try symbol(cairo, "cairo_pdf_surface_create_for_stream",
                                                      (@convention(c) (WriteFunc, UnsafeMutableRawPointer?, Double, Double) -> OpaquePointer?).self),
                writeToPNGStream: try symbol(cairo, "cairo_surface_write_to_png_stream",
                                             (@convention(c) (OpaquePointer?, WriteFunc, UnsafeMutableRawPointer?) -> Int32).self),
                surfaceStatus: try symbol(cairo, "cairo_surface_status", (@convention(c) (OpaquePointer?) -> Int32).self),
                surfaceFlush: try symbol(cairo, "cairo_surface_flush", (@convention(c) (OpaquePointer?) -> Void).self),
                surfaceFinish: try symbol(cairo, "cairo_surface_finish", (@convention(c) (OpaquePointer?) -> Void).self),
                surfaceDestroy: try symbol(cairo, "cairo_surface_destroy", (@convention(c) (OpaquePointer?) -> Void).self),
                create: try symbol(cairo, "cairo_create", (@convention(c) (OpaquePointer?) -> OpaquePointer?).self),
                destroy: try symbol(cairo, "cairo_destroy", (@convention(c) (OpaquePointer?) -> Void).self),
                scale: try symbol(cairo, "cairo_scale", (@convention(c) (OpaquePointer?, Double, Double) -> Void).self),
                status: try symbol(cairo, "cairo_status", (@convention(c) (OpaquePointer?) -> Int32).self),
                statusToString: try symbol(cairo, "cairo_status_to_string", (@convention(c) (Int32) -> UnsafePointer<CChar>?).self),
                handleNewFromData: try symbol(rsvg, "rsvg_handle_new_from_data",
                                              (@convention(c) (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> OpaquePointer?).self),
                renderCairo: try symbol(rsvg, "rsvg_handle_render_cairo", (@convention(c) (OpaquePointer?, OpaquePointer?) -> Int32).self),
                // GLib's, found through librsvg's own dependencies
                objectUnref: try symbol(rsvg, "g_object_unref", (@convention(c) (OpaquePointer?) -> Void).self),
                errorFree: try symbol(rsvg, "g_error_free", (@convention(c) (UnsafeMutableRawPointer?) -> Void).self))
        }

        /// The library an override names (empty: none, as if not installed), else the system's by soname.
        /// Handles are kept open for the life of the process: GLib cannot be unloaded safely.
        private static func open(_ override: String?, name: String, package: String) throws(RasterError) -> UnsafeMutableRawPointer {
            let path = override ?? name
            if !path.isEmpty, let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) { return handle }
            throw RasterError(
                message: "PNG and PDF figures need \(name), which is not installed (on Debian or Ubuntu: apt install \(package)); write the figure to a .svg file instead")
        }

        func check(_ status: Int32, _ doing: String) throws(RasterError) {
            guard status != 0 else { return }
            let reason = statusToString(status).map { String(cString: $0) } ?? "status \(status)"
            throw RasterError(message: "cairo failed \(doing): \(reason)")
        }
    }
}

/// Why a figure could not be written as PNG or PDF; the message says what to do.
public struct RasterError: Error, Sendable, Equatable {
    /// One sentence for the user.
    public let message: String
}
