import Foundation
import Testing
@testable import ScaleData

/// TensorBoard event files and W&B run folders, value by value against what the trackers' own
/// readers say (Tests/References/training_logs.py wrote the fixtures and the expected files;
/// SCALE_LOGS_FIXTURES points these tests at a fresh copy, as .ci/logs does).
struct TrainingLogsTests {
    let files = TempFiles()
    static let fixtures = ProcessInfo.processInfo.environment["SCALE_LOGS_FIXTURES"]
        ?? repositoryRoot.appendingPathComponent("Tests/ScaleDataTests/Fixtures/logs").path

    func fixture(_ name: String) -> String { Self.fixtures + "/" + name }

    func expectedJSON(_ name: String) throws -> JSONValue {
        let text = try String(contentsOfFile: fixture(name), encoding: .utf8)
        return try JSONText.parse(text)
    }

    func loadError(_ path: String, options: TableIO.Options = .init()) -> String {
        do {
            _ = try TableIO.load(path: path, options: options)
            return "no error"
        } catch {
            return error.message
        }
    }

    // MARK: CRC-32C

    @Test func crc32cHasTheStandardCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([]) == 0)
        // the slice-by-8 loop and the byte loop agree on every length around a step of eight
        let bytes = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for n in 0..<bytes.count {
            var crc: UInt32 = 0xFFFF_FFFF
            for b in bytes[0..<n] {
                crc ^= UInt32(b)
                for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            }
            #expect(CRC32C.checksum(Array(bytes[0..<n])) == ~crc, "length \(n)")
        }
    }

    // MARK: TensorBoard

    /// (run, tag) → the (step, wall_time, value) rows in order.
    func series(_ t: Table) -> [String: [[Double]]] {
        var out: [String: [[Double]]] = [:]
        guard let runs = t.column("run")?.texts, let tags = t.column("tag")?.texts, let steps = t.column("step")?.numbers,
              let walls = t.column("wall_time")?.numbers, let values = t.column("value")?.numbers else { return [:] }
        for i in 0..<t.rowCount { out["\(runs[i] ?? "na") \(tags[i] ?? "na")", default: []].append([steps[i], walls[i], values[i]]) }
        return out
    }

    func expectedTensorBoard() throws -> Table {
        // the CSV reader is correctly rounded, and the values are Python's repr: exact
        try TableIO.load(path: fixture("expected-tensorboard.csv")).table
    }

    @Test func tensorBoardFolderMatchesEventAccumulator() throws {
        let loaded = try TableIO.load(path: fixture("tensorboard/"))
        let t = loaded.table
        #expect(t.columnNames == ["run", "tag", "step", "wall_time", "value"])
        let expected = try expectedTensorBoard()
        #expect(t.rowCount == expected.rowCount)
        let got = series(t), want = series(expected)
        #expect(got.keys.sorted() == want.keys.sorted())
        for (key, rows) in want { #expect(got[key] == rows, "\(key)") }
        // runs sorted, and the tensor-stored kinds are all there
        let runs = t.column("run")?.texts?.compactMap { $0 } ?? []
        #expect(runs == runs.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        #expect(Set(runs) == [".", "baseline", "sweep/lr-1e-3", "sweep/lr-3e-4", "tf2"])
        for tag in ["loss", "loss_content", "grad_norm", "grad_norm_content", "lr_half", "lr_half_content"] { #expect(got["tf2 \(tag)"]?.count == 8, "\(tag)") }
        #expect(got["tf2 vector"] == nil && got["tf2 text"] == nil && got["baseline weights"] == nil)
        #expect(loaded.notes.contains { $0.contains("6 event files in 5 runs") })
    }

    /// A restarted run's two files: one run, the earlier file's rows first.
    @Test func aRunsFilesAreReadInNameOrder() throws {
        let t = try TableIO.load(path: fixture("tensorboard/sweep/lr-1e-3")).table
        #expect(Set(t.column("run")?.texts ?? []) == ["."])
        #expect(t.column("step")?.numbers == (0..<15).map(Double.init))
    }

    @Test func oneEventFileIsTheRunDot() throws {
        let folder = fixture("tensorboard/tf2")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.contains("tfevents") })
        let t = try TableIO.load(path: folder + "/" + name).table
        #expect(Set(t.column("run")?.texts ?? []) == ["."])
        let want = series(try expectedTensorBoard()).filter { $0.key.hasPrefix("tf2 ") }
        let got = series(t)
        for (key, rows) in want { #expect(got[". " + key.dropFirst(4)] == rows, "\(key)") }
    }

    @Test func aCutShortLastRecordIsSkippedWithANote() throws {
        guard case .object(let errors) = try expectedJSON("expected-errors.json"),
              case .object(let cut)? = errors.first(where: { $0.key == "tensorboard-truncated" })?.value,
              case .number(let offset)? = cut.first(where: { $0.key == "offset" })?.value,
              case .number(let lost)? = cut.first(where: { $0.key == "lost_step" })?.value else {
            Issue.record("expected-errors.json lacks tensorboard-truncated")
            return
        }
        let loaded = try TableIO.load(path: fixture("tensorboard-truncated"))
        #expect(loaded.notes.contains { $0.contains("at byte \(Int(offset)), is cut short") }, "\(loaded.notes)")
        let whole = series(try expectedTensorBoard()).filter { $0.key.hasPrefix("tf2 ") }
        let got = series(loaded.table)
        for (key, rows) in whole { #expect(got[key] == rows.filter { $0[0] != lost }, "\(key)") }
    }

    @Test func aDamagedRecordIsAnErrorWithItsOffset() throws {
        guard case .object(let errors) = try expectedJSON("expected-errors.json"),
              case .object(let bad)? = errors.first(where: { $0.key == "tensorboard-corrupt" })?.value,
              case .number(let offset)? = bad.first(where: { $0.key == "offset" })?.value,
              case .string(let file)? = bad.first(where: { $0.key == "file" })?.value else {
            Issue.record("expected-errors.json lacks tensorboard-corrupt")
            return
        }
        let message = loadError(fixture("tensorboard-corrupt/"))
        #expect(message.contains(file) && message.contains("TFRecord at byte \(Int(offset)) is damaged"), "\(message)")
        // a damaged length is named the same way
        var bytes = try #require(TableIO.readBytes(fixture("tensorboard-corrupt/") + file))
        bytes[2] ^= 0x10
        let path = files.write("x/events.out.tfevents.1.host", bytes)
        #expect(loadError(path).contains("TFRecord at byte 0 is damaged: the CRC-32C of its length"))
    }

    @Test func aFolderOfNoLogsIsAnError() {
        files.write("plain/a.csv", "x\n1\n")
        #expect(loadError(files.dir + "/plain").contains("neither TensorBoard event files nor W&B runs"))
        #expect(loadError(fixture("tensorboard"), options: .init(history: true)).contains("history applies to W&B run folders"))
        #expect(loadError(files.write("h.csv", "x\n1\n"), options: .init(history: true)).contains("history applies to W&B run folders"))
    }

    /// Time to read n events of one scalar in 10 files, the least of five.
    @Test func tensorBoardReadingStaysLinear() throws {
        func write(_ n: Int) throws -> String {
            let folder = files.dir + "/linear\(n)"
            for f in 0..<10 {
                var out: [UInt8] = []
                for s in 0..<(n / 10) {
                    var e = Tensorboard_Event()
                    e.step = Int64(s)
                    e.wallTime = 1.7e9 + Double(s)
                    var v = Tensorboard_Summary.Value()
                    v.tag = "loss"
                    v.simpleValue = Float(s) / 7
                    var summary = Tensorboard_Summary()
                    summary.value = [v]
                    e.summary = summary
                    out += tfRecord(try e.serializedBytes())
                }
                files.write("linear\(n)/run\(f)/events.out.tfevents.\(f).host", out)
            }
            return folder
        }
        func once(_ folder: String, _ n: Int) throws -> Double {
            let start = Date()
            let t = try TableIO.load(path: folder).table
            #expect(t.rowCount == n)
            return Date().timeIntervalSince(start)
        }
        let small = try write(20_000), large = try write(40_000)
        _ = try once(small, 20_000)  // warm up
        // the least of six of each, the sizes in turn, as other tests run beside this one
        var t1 = Double.infinity, t2 = Double.infinity
        for _ in 0..<6 {
            t1 = min(t1, try once(small, 20_000))
            t2 = min(t2, try once(large, 40_000))
        }
        // linear is 2×, quadratic 4×: 2.5× with 0.1 s for the noise of tests running beside it
        #expect(t2 < 3.2 * t1 + 0.1, "20k events \(t1) s, 40k \(t2) s")
    }

    func tfRecord(_ data: [UInt8]) -> [UInt8] {
        func le<T: FixedWidthInteger>(_ x: T) -> [UInt8] { withUnsafeBytes(of: x.littleEndian) { Array($0) } }
        let length = le(UInt64(data.count))
        return length + le(CRC32C.masked(CRC32C.checksum(length))) + data + le(CRC32C.masked(CRC32C.checksum(data)))
    }

    // MARK: W&B

    /// A table's cell as JSON, for comparing with the expected files (`na` is null).
    func cell(_ t: Table, _ column: String, _ row: Int) -> JSONValue? {
        switch t.column(column) {
        case .numbers(let v)?: return v[row].isNA ? .null : .number(v[row])
        case .text(let v)?: return v[row].map { .string($0) } ?? .null
        case .bools(let v)?: return v[row].map { .bool($0) } ?? .null
        case nil: return nil
        }
    }

    /// Every expected row's every key, and no column the expected rows lack.
    func expectRows(_ t: Table, _ rows: [JSONValue]) {
        #expect(t.rowCount == rows.count)
        var keys = Set<String>()
        for (i, row) in rows.enumerated() where i < t.rowCount {
            guard case .object(let fields) = row else { continue }
            for (k, v) in fields {
                keys.insert(k)
                #expect(cell(t, k, i) == v, "row \(i + 1), '\(k)'")
            }
        }
        #expect(Set(t.columnNames) == keys)
        // a key a row lacks is na there
        for (i, row) in rows.enumerated() where i < t.rowCount {
            guard case .object(let fields) = row else { continue }
            let present = Set(fields.map(\.key))
            for k in keys.subtracting(present) { #expect(cell(t, k, i) == .null, "row \(i + 1), '\(k)' should be na") }
        }
    }

    func expectedWandb(_ part: String) throws -> [JSONValue] {
        guard case .object(let top) = try expectedJSON("expected-wandb.json"),
              case .array(let rows)? = top.first(where: { $0.key == part })?.value else { return [] }
        return rows
    }

    @Test func wandbRunsMatchTheirLogs() throws {
        let loaded = try TableIO.load(path: fixture("wandb-runs/wandb/"))
        let t = loaded.table
        #expect(Array(t.columnNames.prefix(2)) == ["run", "name"])
        // latest-run is a link to a run already listed; runs come in their folders' order, which
        // starts with the time wandb wrote them (fixtures regenerated by .ci/logs may differ there)
        #expect(t.column("run")?.texts.map { $0.compactMap { $0 }.sorted() } == ["anon03", "base01", "wide02"])
        expectRows(t, try expectedWandb("runs"))
        #expect(loaded.notes.contains { $0.contains("3 W&B runs") })
    }

    @Test func wandbHistoryHasAStepARow() throws {
        let t = try TableIO.load(path: fixture("wandb-runs/wandb"), options: .init(history: true)).table
        #expect(Array(t.columnNames.prefix(2)) == ["run", "step"])
        let rows = try expectedWandb("history")
        expectRows(t, rows)
        #expect(t.rowCount == 12 + 120 + 5)
        #expect(t.column("phase")?.missingCount == t.rowCount - 3)
    }

    @Test func oneRunFolderIsOneRow() throws {
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: fixture("wandb-runs/wandb")).first { $0.hasSuffix("-wide02") })
        let t = try TableIO.load(path: fixture("wandb-runs/wandb/") + folder).table
        #expect(t.rowCount == 1)
        expectRows(t, try expectedWandb("runs").filter { if case .object(let f) = $0 { return f.first?.value == .string("wide02") } else { return false } })
        // the log file itself too
        let log = fixture("wandb-runs/wandb/") + folder + "/run-wide02.wandb"
        #expect(try TableIO.load(path: log).table.column("config.model.width")?.numbers == [2048])
    }

    @Test func syncedFilesThatDisagreeAreANote() throws {
        let loaded = try TableIO.load(path: fixture("wandb-synced"))
        #expect(loaded.table.rowCount == 2)
        let disagreeing = loaded.notes.filter { $0.contains("disagrees") }
        #expect(disagreeing.count == 1, "\(loaded.notes)")
        #expect(disagreeing.first?.contains("run-20250101_000001-base01/files/wandb-summary.json") == true)
        #expect(disagreeing.first?.contains("'loss'") == true)
        #expect(!loaded.notes.contains { $0.contains("config.yaml") }, "\(loaded.notes)")
    }

    @Test func aCutShortWandbLogIsANoteAndADamagedOneAnError() throws {
        guard case .object(let errors) = try expectedJSON("expected-errors.json"),
              case .object(let cut)? = errors.first(where: { $0.key == "wandb-truncated" })?.value,
              case .number(let cutAt)? = cut.first(where: { $0.key == "offset" })?.value,
              case .object(let bad)? = errors.first(where: { $0.key == "wandb-corrupt" })?.value,
              case .number(let badAt)? = bad.first(where: { $0.key == "offset" })?.value else {
            Issue.record("expected-errors.json lacks the W&B cases")
            return
        }
        let loaded = try TableIO.load(path: fixture("wandb-truncated"), options: .init(history: true))
        #expect(loaded.notes.contains { $0.contains("at byte \(Int(cutAt)), is cut short") }, "\(loaded.notes)")
        #expect(loaded.table.rowCount == 120)
        let message = loadError(fixture("wandb-corrupt"))
        #expect(message.contains("run-wide02.wandb") && message.contains("chunk at byte \(Int(badAt)) is damaged"), "\(message)")
    }

    /// A W&B log framed as W&B writes it: header, 32 KiB blocks, zlib's CRC-32 of type and chunk.
    func wandbLog(_ records: [WandbInternal_Record]) throws -> [UInt8] {
        wandbLog(serialized: try records.map { try $0.serializedBytes() })
    }

    /// A W&B log of records given as their bytes.
    func wandbLog(serialized records: [[UInt8]]) -> [UInt8] {
        func crc32(_ bytes: [UInt8]) -> UInt32 {
            var c: UInt32 = 0xFFFF_FFFF
            for b in bytes {
                c ^= UInt32(b)
                for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
            }
            return ~c
        }
        var out: [UInt8] = Array(":W&B".utf8) + [0xE1, 0xBE, 0]
        for r in records {
            var data = r
            var first = true
            repeat {
                var left = 32_768 - out.count % 32_768
                if left < 7 {
                    out += [UInt8](repeating: 0, count: left)
                    left = 32_768
                }
                let chunk = Array(data.prefix(left - 7))
                data.removeFirst(chunk.count)
                let type: UInt8 = first ? (data.isEmpty ? 1 : 2) : (data.isEmpty ? 4 : 3)
                let crc = crc32([type] + chunk)
                out += withUnsafeBytes(of: crc.littleEndian) { Array($0) } + [UInt8(chunk.count & 0xFF), UInt8(chunk.count >> 8), type] + chunk
                first = false
            } while !data.isEmpty
        }
        return out
    }

    func historyRecord(_ step: Int, _ items: [(String, String)]) -> WandbInternal_Record {
        var h = WandbInternal_HistoryRecord()
        h.item = ([("_step", String(step))] + items).map { k, v in
            var i = WandbInternal_HistoryItem()
            i.key = k
            i.valueJson = v
            return i
        }
        var r = WandbInternal_Record()
        r.history = h
        return r
    }

    /// Many scripts log their own `step`: it is kept, as `logged.step`, beside the history's.
    @Test func aLoggedStepKeyIsKeptBesideTheHistorysStep() throws {
        var run = WandbInternal_Record()
        var rr = WandbInternal_RunRecord()
        rr.runID = "abc"
        run.run = rr
        let log = try wandbLog([run, historyRecord(0, [("step", "100"), ("loss", "2.5")]), historyRecord(1, [("step", "200"), ("loss", "NaN")])])
        files.write("wandb/offline-run-1-abc/run-abc.wandb", log)
        let loaded = try TableIO.load(path: files.dir + "/wandb", options: .init(skipNonFinite: true, history: true))
        #expect(loaded.table.columnNames == ["run", "step", "logged.step", "loss"])
        #expect(loaded.table.column("logged.step")?.numbers == [100])
        #expect(loaded.notes.contains { $0.contains("'logged.step'") })
        #expect(loaded.skippedRows == [2])
    }

    /// Runs' histories are put in columns on each core and joined in folder order: keys that only
    /// some runs log, a run of only missing cells, a key first logged by the last run; and where a
    /// later run's column settles another kind, the table and note of adding step by step.
    @Test(arguments: [false, true])
    func historiesJoinAsIfAddedStepByStep(clash: Bool) throws {
        let root = "wb-join-\(clash)"
        let runs: [(String, [[(String, String)]])] = [
            ("a", [[("loss", "1"), ("acc", "0.5")], [("loss", "2")]]),
            ("b", [[("lr", "0.1"), ("loss", "3")]]),
            ("c", clash ? [[("loss", "\"x\"")]] : []),
            ("d", [[("loss", "null"), ("tokens", "5")]]),
        ].filter { !$0.1.isEmpty }
        for (id, steps) in runs {
            files.write("\(root)/run-\(id)/run-\(id).wandb", try wandbLog(steps.enumerated().map { historyRecord($0.offset, $0.element) }))
        }
        let loaded = try TableIO.load(path: files.dir + "/" + root, options: .init(history: true))
        let t = loaded.table
        #expect(t.columnNames == ["run", "step", "loss", "acc", "lr", "tokens"])
        #expect(t.column("run")?.texts == (clash ? ["a", "a", "b", "c", "d"] : ["a", "a", "b", "d"]))
        #expect(same(t.column("step")?.numbers, clash ? [0, 1, 0, 0, 0] : [0, 1, 0, 0]))
        if clash {
            #expect(t.column("loss")?.texts == ["1", "2", "3", "x", nil])
            #expect(loaded.notes.contains("'\(files.dir)/\(root)': column 'loss' is text: run c, history step 1 holds 'x' among numbers or bools"), "\(loaded.notes)")
        } else {
            #expect(same(t.column("loss")?.numbers, [1, 2, 3, .na]))
            #expect(!loaded.notes.contains { $0.contains("is text") })
        }
        let na = Double.na
        #expect(same(t.column("acc")?.numbers, clash ? [0.5, na, na, na, na] : [0.5, na, na, na]))
        #expect(same(t.column("lr")?.numbers, clash ? [na, na, 0.1, na, na] : [na, na, 0.1, na]))
        #expect(same(t.column("tokens")?.numbers, clash ? [na, na, na, na, 5] : [na, na, na, 5]))
    }

    /// Time to read n logged steps in 10 runs, the least of five (records cross many blocks).
    @Test func wandbHistoryReadingStaysLinear() throws {
        func write(_ n: Int) throws -> String {
            for f in 0..<10 {
                let steps = (0..<(n / 10)).map { historyRecord($0, [("loss", String(Double($0) / 7)), ("note", "\"\(String(repeating: "x", count: $0 % 50))\"")]) }
                files.write("wb\(n)/run-\(f)/run-r\(f).wandb", try wandbLog(steps))
            }
            return files.dir + "/wb\(n)"
        }
        func once(_ folder: String, _ n: Int) throws -> Double {
            let start = Date()
            let t = try TableIO.load(path: folder, options: .init(history: true)).table
            #expect(t.rowCount == n)
            return Date().timeIntervalSince(start)
        }
        let small = try write(10_000), large = try write(20_000)
        _ = try once(small, 10_000)  // warm up
        // the sizes in turn, so a burst of load from the tests beside this one lands on both
        var t1 = Double.infinity, t2 = Double.infinity
        for _ in 0..<6 {
            t1 = min(t1, try once(small, 10_000))
            t2 = min(t2, try once(large, 20_000))
        }
        #expect(t2 < 3.2 * t1 + 0.1, "10k steps \(t1) s, 20k \(t2) s")
    }

    @Test func configYAMLReadsWandbsLayout() throws {
        let yaml = """
            _wandb:
              value:
                cli_version: 0.31.0
                t:
                  "1":
                  - 1
                  - 55
            lr:
              value: 0.0003
            model:
                value:
                    depth: 12
                    name: 'a ''quoted'' name'
            tags:
              value:
              - x
              - "y"
            warmup:
              value: true
            """
        guard case .success(let v) = WandbConfigYAML.parse(yaml) else {
            Issue.record("did not parse")
            return
        }
        #expect(v.map(\.key) == ["_wandb", "lr", "model", "tags", "warmup"])
        #expect(v[1].value == .number(3e-4))
        #expect(v[2].value == .object([("depth", .number(12)), ("name", .string("a 'quoted' name"))]))
        #expect(v[3].value == .array([.string("x"), .string("y")]))
        #expect(v[4].value == .bool(true))
        if case .success = WandbConfigYAML.parse("lr: {value: 1}\n") { Issue.record("flow style should be refused") }
    }
}
