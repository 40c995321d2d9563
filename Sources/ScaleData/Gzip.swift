import CZlib

/// gzip decompression through zlib (RFC 1952), members concatenated as `cat a.gz b.gz` makes them.
enum Gzip {
    /// Whether the bytes start with gzip's magic number.
    static func isCompressed(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

    /// The decompressed bytes, or an error naming the file and what zlib found.
    static func decompress(_ input: [UInt8], name: String) throws(LoadError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 4)
        var stream = z_stream()
        // 15 + 16: a gzip header and trailer, with the largest window
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw LoadError("'\(name)': zlib could not start decompressing")
        }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var status: Int32 = Z_OK
        var consumed = 0
        input.withUnsafeBufferPointer { inBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
            stream.avail_in = UInt32(inBuffer.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { c in
                    stream.next_out = c.baseAddress
                    stream.avail_out = UInt32(c.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    out += c[0..<(c.count - Int(stream.avail_out))]
                }
                if status == Z_STREAM_END && stream.avail_in > 0 {
                    status = inflateReset(&stream)  // another member follows
                }
            } while status == Z_OK
            consumed = inBuffer.count - Int(stream.avail_in)
        }
        guard status == Z_STREAM_END else {
            let reason = status == Z_BUF_ERROR ? "the file ends before the compressed data does (truncated?)" : "the compressed data is corrupt near byte \(consumed)"
            throw LoadError("'\(name)': cannot decompress: \(reason)")
        }
        return out
    }
}
