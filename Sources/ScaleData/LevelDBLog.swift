import CZlib

/// The framing of a W&B run's transaction log (`run-<id>.wandb`): LevelDB's log format after a
/// 7-byte file header of W&B's own (`:W&B`, the magic 0xBEE1 as a little-endian uint16, version 0).
///
/// The file is cut into 32 KiB blocks counted from the file's first byte; each block holds chunks
/// of a 7-byte header (checksum uint32, length uint16, type uint8: FULL 1, FIRST 2, MIDDLE 3, LAST
/// 4) and their bytes; fewer than 7 bytes left in a block are zero padding. The checksum is not
/// LevelDB's masked CRC-32C: W&B's writers (the Python datastore, and wandb-core after it) store
/// zlib's CRC-32 of the type byte followed by the chunk, unmasked. A checksum mismatch or chunks
/// out of order are damage, an error with the chunk's byte offset; a log that stops inside a
/// chunk or a record is a run still writing, and ends the records with its offset for a note.
enum LevelDBLog {
    static let blockSize = 32_768
    static let headerSize = 7

    /// The whole records (each with the byte offset of its first chunk) in file order, and where a cut-short last record starts, if any.
    static func records(_ bytes: [UInt8], name: String) throws(LoadError) -> (records: [(offset: Int, bytes: [UInt8])], truncatedAt: Int?) {
        guard bytes.count >= headerSize, bytes.starts(with: Array(":W&B".utf8)) else {
            throw LoadError("'\(name)' is not a W&B transaction log (it does not start with ':W&B')")
        }
        let magic = UInt16(bytes[4]) | UInt16(bytes[5]) << 8
        guard magic == 0xBEE1, bytes[6] == 0 else {
            throw LoadError("'\(name)': W&B log header of magic 0x\(String(magic, radix: 16, uppercase: true)), version \(bytes[6]); this reader knows magic 0xBEE1, version 0")
        }
        return try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(LoadError) -> ([(offset: Int, bytes: [UInt8])], Int?) in
            var out: [(offset: Int, bytes: [UInt8])] = []
            var pending: [UInt8]?
            var pendingStart = 0
            var at = headerSize
            let n = b.count
            while at < n {
                let left = blockSize - at % blockSize
                if left < headerSize { at += left; continue }  // the block's zero padding
                guard n - at >= headerSize else { return (out, pending == nil ? at : pendingStart) }
                let stored = UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
                let length = Int(b[at + 4]) | Int(b[at + 5]) << 8
                let type = b[at + 6]
                let start = at + headerSize
                if type == 0 && length == 0 && stored == 0 {
                    // zeros where a writer preallocated or padded: nothing more in this block
                    at += left
                    continue
                }
                guard n - start >= length else { return (out, pending == nil ? at : pendingStart) }
                guard length <= left - headerSize else {
                    throw LoadError("'\(name)': the W&B log chunk at byte \(at) is damaged: its \(length) bytes run past the end of its 32 KiB block")
                }
                var typeByte = type
                var crc = crc32(0, &typeByte, 1)
                crc = crc32(crc, b.baseAddress.map { $0 + start }, UInt32(length))
                guard UInt32(truncatingIfNeeded: crc) == stored else {
                    throw LoadError("'\(name)': the W&B log chunk at byte \(at) is damaged: its CRC-32 does not match (stored 0x\(String(stored, radix: 16, uppercase: true)), computed 0x\(String(UInt32(truncatingIfNeeded: crc), radix: 16, uppercase: true)))")
                }
                let chunk = b[start..<(start + length)]
                switch type {
                case 1 where pending == nil: out.append((at, Array(chunk)))
                case 2 where pending == nil: pending = Array(chunk); pendingStart = at
                case 3 where pending != nil: pending? += chunk
                case 4 where pending != nil:
                    out.append((pendingStart, (pending ?? []) + chunk))
                    pending = nil
                default:
                    let names = [1: "FULL", 2: "FIRST", 3: "MIDDLE", 4: "LAST"]
                    let what = names[Int(type)].map { "a \($0) chunk" + (pending == nil ? " outside a record" : " inside a record begun at byte \(pendingStart)") } ?? "a chunk of unknown type \(type)"
                    throw LoadError("'\(name)': the W&B log is damaged at byte \(at): \(what)")
                }
                at = start + length
            }
            return (out, pending == nil ? nil : pendingStart)
        }
    }
}
