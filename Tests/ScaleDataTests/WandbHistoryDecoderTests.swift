import Foundation
import Testing
@testable import ScaleData

/// The history records read from their bytes give the table, notes and errors that reading every
/// record with SwiftProtobuf gives.
extension TrainingLogsTests {
    /// Protobuf's pieces, written by hand so that field order, repeats and unknown fields are ours.
    private func varint(_ n: UInt64) -> [UInt8] {
        var n = n, out: [UInt8] = []
        while n >= 0x80 {
            out.append(UInt8(n & 0x7F) | 0x80)
            n >>= 7
        }
        return out + [UInt8(n)]
    }
    private func tag(_ field: UInt64, _ wire: UInt64) -> [UInt8] { varint(field << 3 | wire) }
    private func bytes(_ field: UInt64, _ b: [UInt8]) -> [UInt8] { tag(field, 2) + varint(UInt64(b.count)) + b }
    private func text(_ field: UInt64, _ s: String) -> [UInt8] { bytes(field, Array(s.utf8)) }
    private func number(_ field: UInt64, _ n: UInt64) -> [UInt8] { tag(field, 0) + varint(n) }
    private func double(_ field: UInt64, _ x: Double) -> [UInt8] { tag(field, 1) + withUnsafeBytes(of: x.bitPattern.littleEndian) { Array($0) } }
    /// Unknown fields of every wire type but groups: varint, 64-bit, length-delimited, 32-bit.
    private var unknown: [UInt8] { number(90, 300) + tag(91, 1) + [1, 2, 3, 4, 5, 6, 7, 8] + text(92, "skip") + tag(93, 5) + [9, 9, 9, 9] }
    private func item(_ key: String, json: String) -> [UInt8] { bytes(1, text(1, key) + text(16, json)) }
    private func history(_ parts: [UInt8]...) -> [UInt8] { bytes(2, parts.flatMap { $0 }) }
    private func step(_ n: UInt64) -> [UInt8] { bytes(2, number(1, n)) }

    /// Records of every value kind and layout the history reader knows, and some it leaves.
    private var records: [[UInt8]] {
        var run = WandbInternal_RunRecord()
        run.runID = "fast"
        run.displayName = "both paths"
        var r = WandbInternal_Record()
        r.run = run
        var out: [[UInt8]] = [(try? r.serializedBytes()) ?? []]
        let json = ["1", "-2.5e-3", "1e400", "0.1", "true", "false", "null", "NaN", "Infinity", "-Infinity", "\"text\"", "\"ünïcode\"",
                    "\"esc\\\"aped\\n\"", " 3 ", "{\"a\": 1, \"b\": {\"c\": [2]}}", "[1, 2]", "{}", "12345678901234567890123456789012345678901234567890123456789012345678901234567890"]
        for k in 0..<4 {
            // a kind per key, a step of each, some keys logged only on some steps
            var items: [[UInt8]] = json.enumerated().filter { (k + $0.offset) % 3 != 0 }.map { item("k\($0.offset)", json: $0.element) }
            items.append(bytes(1, text(1, "none") + number(3, 0)))
            items.append(bytes(1, text(1, "bool") + number(4, UInt64(k % 2))))
            items.append(bytes(1, text(1, "int") + number(5, UInt64(2 * k + 1))))  // zigzag: -(k + 1)
            items.append(bytes(1, text(1, "double") + double(6, 0.5 * Double(k))))
            items.append(bytes(1, text(1, "typed text") + text(7, "t\(k)")))
            items.append(bytes(1, text(1, "typed json") + text(8, "[\(k)]")))
            items.append(bytes(1, text(2, "nested") + text(2, "key") + text(16, "\(k)")))
            out.append(history(items.flatMap { $0 }, step(UInt64(k))))
        }
        // step first, value before key, unknown fields at every level, a key given twice, a typed
        // value overriding value_json, the record's history in two parts that SwiftProtobuf merges
        out.append(unknown + history(step(7) + unknown, bytes(1, text(16, "4") + unknown + text(1, "first") + text(1, "k0")))
                   + unknown + history(bytes(1, text(1, "bool") + text(16, "1") + number(4, 1)), bytes(2, unknown)))
        // a history record that logs _step itself, one that names no step, one with a group field
        out.append(history(item("_step", json: "20"), item("k0", json: "5")))
        out.append(history(item("k0", json: "6")))
        out.append(history(item("k0", json: "7") + tag(94, 3) + number(1, 1) + tag(94, 4), step(21)))
        return out
    }

    /// The table (each column as text, so NaN cells compare), notes or error `folder` gives.
    private func read(_ folder: String, fast: Bool) -> String {
        do {
            let (t, notes) = try WandbReader.read(path: folder, shown: "w", isFolder: true, history: true, fast: fast)
            return t.columnNames.map { "\($0): \(t.column($0).map { String(describing: $0) } ?? "")" }.joined(separator: "\n") + "\n" + notes.joined(separator: "\n")
        } catch {
            return "error: " + error.message
        }
    }

    @Test func historyRecordsReadFromTheirBytesMatchSwiftProtobuf() throws {
        let good = records
        // the run record and the one with a group are SwiftProtobuf's, the other history records the fast reader's
        let fastOnes = good.map { r in r.withUnsafeBufferPointer { WandbHistoryDecoder.decode($0) != nil } }
        #expect(fastOnes == [false] + Array(repeating: true, count: 7) + [false])
        files.write("wb-fast/offline-run-1-fast/run-fast.wandb", wandbLog(serialized: good))
        let fast = read(files.dir + "/wb-fast", fast: true)
        #expect(!fast.hasPrefix("error"), "\(fast)")
        #expect(fast == read(files.dir + "/wb-fast", fast: false))
        // malformed records: a length past the record's end, a key not UTF-8, JSON that is not
        let bad: [(String, [UInt8])] = [
            ("cut", history(bytes(1, text(1, "k") + [0x82, 0x01, 0x0A]))),
            ("utf8", history(bytes(1, bytes(1, [0x6B, 0xFF]) + text(16, "1")))),
            ("json", history(item("k", json: "1.2.3"))),
            ("empty", history(item("k", json: ""))),
        ]
        for (name, record) in bad {
            files.write("wb-\(name)/offline-run-1-fast/run-fast.wandb", wandbLog(serialized: good + [record]))
            let message = read(files.dir + "/wb-\(name)", fast: true)
            #expect(message.hasPrefix("error"), "\(name): \(message)")
            #expect(message == read(files.dir + "/wb-\(name)", fast: false), "\(name)")
        }
    }
}
