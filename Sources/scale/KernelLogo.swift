import Foundation

/// The kernelspec's logo: a falling power-law curve, white on blue, as SVG and as the 32 and 64
/// pixel PNGs that Jupyter's launchers look for.
enum KernelLogo {
    static let svg = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
        <rect width="64" height="64" rx="10" fill="#1f4e8c"/>
        <polyline fill="none" stroke="#ffffff" stroke-width="5" stroke-linecap="round" points="\(curve(size: 64).map { "\($0.x),\($0.y)" }.joined(separator: " "))"/>
        </svg>

        """

    /// Points of y = 1/x^0.7 across the square, with a margin.
    static func curve(size: Int) -> [(x: Double, y: Double)] {
        let s = Double(size), margin = s * 0.18
        return (0...16).map { i in
            let t = Double(i) / 16
            let x = margin + t * (s - 2 * margin)
            let y = margin + (s - 2 * margin) * (1 - (pow(1 + 9 * t, -0.7) - pow(10, -0.7)) / (1 - pow(10, -0.7)))
            return ((x * 10).rounded() / 10, (y * 10).rounded() / 10)
        }
    }

    /// An RGBA PNG (ISO/IEC 15948): the blue square and the curve drawn by distance to its segments.
    static func png(size: Int) -> Data {
        let points = curve(size: size)
        let width = Double(size) * 5 / 64 / 2
        var raw: [UInt8] = []
        for py in 0..<size {
            raw.append(0)  // filter: none
            for px in 0..<size {
                let x = Double(px) + 0.5, y = Double(py) + 0.5
                var d = Double.infinity
                for k in 1..<points.count { d = min(d, distance(x, y, points[k - 1], points[k])) }
                let cover = max(0, min(1, width + 0.5 - d))
                let r = UInt8(31 + cover * (255 - 31)), g = UInt8(78 + cover * (255 - 78)), b = UInt8(140 + cover * (255 - 140))
                raw += [r, g, b, 255]
            }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let size32 = UInt32(size)
        chunk("IHDR", be(size32) + be(size32) + [8, 6, 0, 0, 0], into: &png)
        chunk("IDAT", zlibStored(raw), into: &png)
        chunk("IEND", [], into: &png)
        return Data(png)
    }

    static func distance(_ x: Double, _ y: Double, _ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let t = max(0, min(1, ((x - a.x) * dx + (y - a.y) * dy) / (dx * dx + dy * dy)))
        return hypot(x - a.x - t * dx, y - a.y - t * dy)
    }

    static func be(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]
    }

    static func chunk(_ type: String, _ data: [UInt8], into png: inout [UInt8]) {
        let body = Array(type.utf8) + data
        png += be(UInt32(data.count)) + body + be(crc32(body))
    }

    /// CRC-32 as PNG specifies it (polynomial 0xEDB88320, reflected).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }

    /// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4): a logo is small.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var i = 0
        repeat {
            let n = min(65535, data.count - i)
            let last: UInt8 = i + n == data.count ? 1 : 0
            out += [last, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[i..<i + n]
            i += n
        } while i < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return out + be(b << 16 | a)
    }
}
