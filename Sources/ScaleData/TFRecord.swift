/// TFRecord framing, the container of TensorBoard's event files: each record is a little-endian
/// uint64 length, the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data.
///
/// Both CRCs are checked: a mismatch is damage and an error naming the file and the record's byte
/// offset. A last record cut short is what a run still writing leaves, so it ends the records with
/// its offset for a note rather than failing the load.
enum TFRecord {
    /// The records' data ranges in file order, and the offset of a cut-short last record, if any.
    static func records(_ bytes: [UInt8], name: String) throws(LoadError) -> (ranges: [Range<Int>], truncatedAt: Int?) {
        try bytes.withUnsafeBufferPointer { (typed: UnsafeBufferPointer<UInt8>) throws(LoadError) -> ([Range<Int>], Int?) in
            let b = UnsafeRawBufferPointer(typed)
            var ranges: [Range<Int>] = []
            var at = 0
            let n = b.count
            while at < n {
                guard n - at >= 12 else { return (ranges, at) }
                let length = b.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian
                let lengthCRC = b.loadUnaligned(fromByteOffset: at + 8, as: UInt32.self).littleEndian
                let computed = CRC32C.masked(CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[at..<(at + 8)])))
                guard computed == lengthCRC else {
                    throw LoadError("'\(name)': the TFRecord at byte \(at) is damaged: the CRC-32C of its length does not match (stored \(hex(lengthCRC)), computed \(hex(computed)))")
                }
                // a length past the end: the writer stopped inside this record
                guard n - at >= 16, length <= UInt64(n - at - 16) else { return (ranges, at) }
                let start = at + 12, end = start + Int(length)
                let dataCRC = b.loadUnaligned(fromByteOffset: end, as: UInt32.self).littleEndian
                let computedData = CRC32C.masked(CRC32C.checksum(UnsafeRawBufferPointer(rebasing: b[start..<end])))
                guard computedData == dataCRC else {
                    throw LoadError("'\(name)': the TFRecord at byte \(at) is damaged: the CRC-32C of its \(length) bytes of data does not match (stored \(hex(dataCRC)), computed \(hex(computedData)))")
                }
                ranges.append(start..<end)
                at = end + 4
            }
            return (ranges, nil)
        }
    }

    static func hex(_ x: UInt32) -> String { "0x" + String(x, radix: 16, uppercase: true) }
}
