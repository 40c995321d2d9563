import Foundation
import SwiftProtobuf

/// Reads TensorBoard event files (`events.out.tfevents.…`) into one long table of scalars:
/// `run` (text), `tag` (text), `step`, `wall_time` and `value` (numbers).
///
/// A folder is searched recursively for files whose name contains `tfevents`; each file's `run` is
/// its folder relative to the folder loaded, `.` for files in that folder itself (TensorBoard's own
/// run names), and a single file loaded by name is the run `.` too. Runs are sorted, and rows keep
/// file order within a run (a run's files in name order, which is the order of their timestamps).
/// A scalar is either written as `simple_value` (tensorboardX, PyTorch's SummaryWriter, TF1) or as a
/// one-element float tensor (TF2's `tf.summary.scalar`): DT_FLOAT, DT_DOUBLE or DT_HALF, its value
/// in `float_val`, `double_val`, `half_val` or `tensor_content`. Other summaries (histograms,
/// images, text) are not scalars and are left out.
enum TensorBoardReader {
    /// Whether a file name is an event file's.
    static func isEventFile(_ path: String) -> Bool { (path as NSString).lastPathComponent.contains("tfevents") }

    /// Event files under `folder`, as (run, path) pairs sorted by run, then by file name.
    static func eventFiles(in folder: String) -> [(run: String, path: String)] {
        var found: [(run: String, path: String)] = []
        guard let walk = FileManager.default.enumerator(atPath: folder) else { return [] }
        while let relative = walk.nextObject() as? String {
            guard isEventFile(relative) else { continue }
            let full = (folder as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let dir = (relative as NSString).deletingLastPathComponent
            found.append((dir.isEmpty ? "." : dir, full))
        }
        func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
        return found.sorted {
            $0.run != $1.run ? bytes($0.run).lexicographicallyPrecedes(bytes($1.run)) : bytes($0.path).lexicographicallyPrecedes(bytes($1.path))
        }
    }

    /// The scalars of one file, in file order.
    struct Scalars {
        var tags: [String] = []
        var steps: [Double] = []
        var wallTimes: [Double] = []
        var values: [Double] = []
        var truncatedAt: Int?
    }

    /// Reads a folder of runs, or one event file.
    static func read(path: String, shown: String, isFolder: Bool) throws(LoadError) -> (table: Table, notes: [String]) {
        let files = isFolder ? eventFiles(in: path) : [(run: ".", path: path)]
        guard !files.isEmpty else { throw LoadError("'\(shown)' holds no TensorBoard event file (no file whose name contains 'tfevents')") }
        var runs: [String?] = [], tags: [String?] = [], steps: [Double] = [], wallTimes: [Double] = [], values: [Double] = []
        var notes: [String] = []
        let names = files.map { isFolder ? shownPath($0.path, under: path, shown: shown) : shown }
        // files are decoded on every core (a sweep is hundreds of files), then joined in order
        var decoded = [Result<Scalars, LoadError>?](repeating: nil, count: files.count)
        decoded.withUnsafeMutableBufferPointer { slots in
            let out = slots
            DispatchQueue.concurrentPerform(iterations: files.count) { k in
                guard let bytes = TableIO.readBytes(files[k].path) else {
                    out[k] = .failure(LoadError("cannot read '\(names[k])'"))
                    return
                }
                do throws(LoadError) {
                    out[k] = .success(try scalars(bytes, name: names[k]))
                } catch {
                    out[k] = .failure(error)
                }
            }
        }
        for (k, (run, _)) in files.enumerated() {
            let name = names[k]
            guard let result = decoded[k] else { throw LoadError("cannot read '\(name)'") }
            let s = try result.get()
            decoded[k] = nil
            runs += repeatElement(Optional(run), count: s.tags.count)
            tags += s.tags.map { Optional($0) }
            steps += s.steps
            wallTimes += s.wallTimes
            values += s.values
            if let at = s.truncatedAt {
                notes.append("'\(name)': the last record, at byte \(at), is cut short (a run still writing?); read the \(s.tags.isEmpty ? "file" : "records") before it")
            }
        }
        let table = Table(columns: [
            .init(name: "run", data: .text(runs)), .init(name: "tag", data: .text(tags)), .init(name: "step", data: .numbers(steps)),
            .init(name: "wall_time", data: .numbers(wallTimes)), .init(name: "value", data: .numbers(values)),
        ])
        if files.count > 1 || isFolder {
            let runCount = Set(files.map(\.run)).count
            notes.append("'\(shown)': \(files.count) event file\(files.count == 1 ? "" : "s") in \(runCount) run\(runCount == 1 ? "" : "s"), \(table.rowCount) scalars")
        }
        return (table, notes)
    }

    /// The name a file inside the loaded folder goes by in messages.
    private static func shownPath(_ file: String, under folder: String, shown: String) -> String {
        let relative = file.hasPrefix(folder) ? String(file.dropFirst(folder.count)).drop { $0 == "/" } : Substring(file)
        return shown.hasSuffix("/") ? shown + relative : shown + "/" + relative
    }

    /// Every scalar in one event file's bytes.
    static func scalars(_ bytes: [UInt8], name: String) throws(LoadError) -> Scalars {
        let (ranges, truncatedAt) = try TFRecord.records(bytes, name: name)
        var out = Scalars()
        out.truncatedAt = truncatedAt
        out.tags.reserveCapacity(ranges.count)
        out.steps.reserveCapacity(ranges.count)
        out.wallTimes.reserveCapacity(ranges.count)
        out.values.reserveCapacity(ranges.count)
        let span = bytes.span.bytes
        for r in ranges {
            let event: Tensorboard_Event
            do {
                event = try Tensorboard_Event(serializedBytes: span.extracting(r))
            } catch {
                throw LoadError("'\(name)': the record at byte \(r.lowerBound - 12) is not a TensorBoard event (\(error))")
            }
            guard case .summary(let summary)? = event.what else { continue }
            for v in summary.value {
                guard let x = scalar(v) else { continue }
                out.tags.append(v.tag)
                out.steps.append(Double(event.step))
                out.wallTimes.append(event.wallTime)
                out.values.append(x)
            }
        }
        return out
    }

    /// A summary value's scalar, if it is one.
    static func scalar(_ v: Tensorboard_Summary.Value) -> Double? {
        switch v.value {
        case .simpleValue(let x)?: return Double(x)
        case .tensor(let t)?: return scalar(t)
        case nil: return nil
        }
    }

    /// A one-element float tensor's value (rank 0, or every dimension 1).
    static func scalar(_ t: Tensorboard_TensorProto) -> Double? {
        guard t.tensorShape.dim.allSatisfy({ $0.size == 1 }) else { return nil }
        let content = [UInt8](t.tensorContent)
        switch t.dtype {
        case .dtFloat:
            if t.floatVal.count == 1, let x = t.floatVal.first { return Double(x) }
            guard content.count == 4 else { return nil }
            return Double(Float(bitPattern: littleEndian(content, as: UInt32.self)))
        case .dtDouble:
            if t.doubleVal.count == 1, let x = t.doubleVal.first { return x }
            guard content.count == 8 else { return nil }
            return Double(bitPattern: littleEndian(content, as: UInt64.self))
        case .dtHalf:
            if t.halfVal.count == 1, let h = t.halfVal.first { return Double(half(UInt16(truncatingIfNeeded: h))) }
            guard content.count == 2 else { return nil }
            return Double(half(littleEndian(content, as: UInt16.self)))
        default:
            return nil
        }
    }

    private static func littleEndian<T: FixedWidthInteger>(_ bytes: [UInt8], as: T.Type) -> T {
        bytes.reversed().reduce(T(0)) { ($0 << 8) | T($1) }
    }

    /// An IEEE 754 binary16 as a Float, exactly (subnormals, infinities and NaN included), written
    /// out so as not to depend on the platform's Float16.
    static func half(_ h: UInt16) -> Float {
        let sign: Float = h & 0x8000 != 0 ? -1 : 1
        let exponent = Int((h >> 10) & 0x1F), fraction = Float(h & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
