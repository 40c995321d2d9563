import Foundation
import SwiftProtobuf

/// Reads W&B run folders from their transaction logs (`run-<id>.wandb`), which every run writes,
/// offline ones (WANDB_MODE=offline) only that: one row a run, or with `history` one row a logged
/// step of every run.
///
/// A folder is a W&B folder (`wandb/`, holding `run-*` and `offline-run-*` folders; the
/// `latest-run` link is the same run again and is not read twice) or one run's folder. A run's row
/// holds `run` (its id), `name` (its display name, `na` when it has none), its final summary (the
/// summary records applied in order, keys of W&B's own `_wandb` left out) and its config as
/// `config.KEY`; nested objects take dotted names (`config.model.width`), as JSON does in load.
/// History rows hold `run`, `step` (the step's `_step`), then one column a key in the order first
/// logged, `na` where a step did not log the key (a logged key named as one of these columns is
/// `logged.KEY`, with a note). Where a synced run also has
/// `files/wandb-summary.json` or `files/config.yaml`, a value there that the log does not hold is
/// said in a note. Record types other than run, config, summary and history are skipped.
enum WandbReader {
    /// A run's transaction log in `folder`, if it is a run folder.
    static func logFile(in folder: String) -> String? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        return names.filter { $0.hasPrefix("run-") && $0.hasSuffix(".wandb") }.sorted().first.map { (folder as NSString).appendingPathComponent($0) }
    }

    /// The run folders inside a W&B folder, by name; nil when there are none. Links are not
    /// followed (`latest-run` names a run that is listed anyway).
    static func runFolders(in folder: String) -> [String]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        let runs = names.filter { name in
            guard name.hasPrefix("run-") || name.hasPrefix("offline-run-") else { return false }
            let full = (folder as NSString).appendingPathComponent(name)
            guard let kind = try? FileManager.default.attributesOfItem(atPath: full)[.type] as? FileAttributeType, kind == .typeDirectory else { return false }
            return logFile(in: full) != nil
        }
        return runs.isEmpty ? nil : runs.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Whether `path` is a W&B folder, a run folder, or a run's `.wandb` file.
    static func isWandb(_ path: String, isFolder: Bool) -> Bool {
        isFolder ? (logFile(in: path) != nil || runFolders(in: path) != nil) : path.hasSuffix(".wandb")
    }

    /// What one run's log says.
    struct Run {
        var id = ""
        var name: String?
        var config = Fields()
        var summary = Fields()
        var history: [[(key: String, value: JSONValue)]] = []
        var notes: [String] = []
    }

    /// Keys in the order first set, each with its latest value.
    struct Fields {
        private(set) var keys: [String] = []
        private var values: [String: JSONValue] = [:]

        mutating func set(_ key: String, _ value: JSONValue) {
            if values.updateValue(value, forKey: key) == nil { keys.append(key) }
        }

        mutating func remove(_ key: String) {
            guard values.removeValue(forKey: key) != nil else { return }
            keys.removeAll { $0 == key }
        }

        subscript(_ key: String) -> JSONValue? { values[key] }

        var pairs: [(key: String, value: JSONValue)] { keys.compactMap { k in values[k].map { (k, $0) } } }
    }

    static func read(path: String, shown: String, isFolder: Bool, history: Bool, fast: Bool = true) throws(LoadError) -> (table: Table, notes: [String]) {
        var logs: [(file: String, shown: String)] = []
        if !isFolder {
            logs = [(path, shown)]
        } else if let one = logFile(in: path) {
            logs = [(one, join(shown, (one as NSString).lastPathComponent))]
        } else if let runs = runFolders(in: path) {
            for r in runs {
                let folder = (path as NSString).appendingPathComponent(r)
                if let f = logFile(in: folder) { logs.append((f, join(shown, r + "/" + (f as NSString).lastPathComponent))) }
            }
        }
        guard !logs.isEmpty else { throw LoadError("'\(shown)' holds no W&B run (no run-*/offline-run-* folder with a run-<id>.wandb file)") }
        var columns = JSONTableReader.Columns(name: shown)
        var notes: [String] = []
        var renamed: Set<String> = []
        // logs are decoded on every core, each run's history put in its own columns there, then
        // joined in folder order
        var decoded = [Result<Decoded, LoadError>?](repeating: nil, count: logs.count)
        decoded.withUnsafeMutableBufferPointer { slots in
            let out = slots
            DispatchQueue.concurrentPerform(iterations: logs.count) { k in
                do throws(LoadError) {
                    var d = Decoded(run: try readRun(logs[k].file, shown: logs[k].shown, fast: fast))
                    if history {
                        var own = JSONTableReader.Columns(name: shown)
                        try addHistory(d.run, to: &own, renamed: &d.renamed)
                        d.columns = own
                        d.run.history = []
                    }
                    out[k] = .success(d)
                } catch {
                    out[k] = .failure(error)
                }
            }
        }
        var joining = true  // until a run's columns do not join as adding its steps would have
        for (k, (file, name)) in logs.enumerated() {
            guard let result = decoded[k] else { throw LoadError("cannot read '\(name)'") }
            var d = try result.get()
            decoded[k] = nil
            let folder = (file as NSString).deletingLastPathComponent
            d.run.notes += compareSynced(d.run, folder: folder, shown: (name as NSString).deletingLastPathComponent)
            notes += d.run.notes
            if history {
                if joining, let own = d.columns, columns.append(own) {
                    renamed.formUnion(d.renamed)
                    continue
                }
                // read again and added step by step, which gives the notes on mixed kinds their places
                joining = false
                let run = try readRun(file, shown: name, fast: fast)
                try addHistory(run, to: &columns, renamed: &renamed)
            } else {
                let run = d.run
                var fields: [(key: String, value: JSONValue)] = [("run", .string(run.id)), ("name", run.name.map { .string($0) } ?? .null)]
                fields += run.summary.pairs.map { (reserved($0.key, ("run", "name"), &renamed), $0.value) }
                let config = run.config.pairs
                if !config.isEmpty { fields.append(("config", .object(config))) }
                try columns.add(fields, place: "run \(run.id)")
            }
        }
        let (table, kindNotes) = columns.finish()
        notes += kindNotes
        for key in renamed.sorted() {
            notes.append("'\(shown)': the logged key '\(key)' is the column 'logged.\(key)', since '\(key)' is the column load gives the run's \(key == "step" ? "history step (_step)" : key == "run" ? "id" : "display name")")
        }
        if logs.count > 1 {
            notes.append("'\(shown)': \(logs.count) W&B runs" + (history ? ", \(table.rowCount) logged steps" : ""))
        }
        return (table, notes)
    }

    /// A run decoded on one core, with its history's columns when they are asked for.
    private struct Decoded {
        var run: Run
        var columns: JSONTableReader.Columns?
        var renamed: Set<String> = []
        init(run: Run) { self.run = run }
    }

    /// Adds a run's logged steps to `columns`, a row a step: `run`, `step`, then the keys.
    private static func addHistory(_ run: Run, to columns: inout JSONTableReader.Columns, renamed: inout Set<String>) throws(LoadError) {
        let runID = run.id  // what the row's place captures, rather than the whole run
        let id = JSONValue.string(runID)
        var fields: [(key: String, value: JSONValue)] = []
        for (k, step) in run.history.enumerated() {
            fields.removeAll(keepingCapacity: true)
            fields.append(("run", id))
            fields.append(("step", .null))
            for (key, v) in step {
                if key == "_step" { fields[1].value = v } else { fields.append((reserved(key, ("run", "step"), &renamed), v)) }
            }
            try columns.add(fields, place: "run \(runID), history step \(k + 1)")
        }
    }

    /// A logged key as its column: `run` and `step` (history) or `run` and `name` (a row a run) are
    /// columns load makes itself, so a key of that name (many scripts log a `step`) is `logged.KEY`.
    private static func reserved(_ key: String, _ taken: (String, String), _ renamed: inout Set<String>) -> String {
        guard key == taken.0 || key == taken.1 else { return key }
        renamed.insert(key)
        return "logged." + key
    }

    private static func join(_ folder: String, _ name: String) -> String { folder.hasSuffix("/") ? folder + name : folder + "/" + name }

    /// A key path as one dotted name (`nested_key` ["_wandb", "runtime"] is `_wandb.runtime`).
    private static func keyName(_ key: String, _ nested: [String]) -> String { nested.isEmpty ? key : nested.joined(separator: ".") }

    private static func isInternal(_ key: String) -> Bool { key == "_wandb" || key.hasPrefix("_wandb.") }

    /// One run's log, record by record; `fast` false reads every record with SwiftProtobuf.
    static func readRun(_ file: String, shown: String, fast: Bool = true) throws(LoadError) -> Run {
        guard let bytes = TableIO.readBytes(file) else { throw LoadError("cannot read '\(shown)'") }
        let (records, truncatedAt) = try LevelDBLog.records(bytes, name: shown)
        var run = Run()
        func json(_ text: String, at offset: Int, key: String) throws(LoadError) -> JSONValue {
            // most values are numbers: read in place, without copying the text for the JSON reader
            var text = text
            let plain = text.withUTF8 { b -> Double? in
                // JSON's number grammar starts with '-' or a digit and ends with a digit
                guard let first = b.first, let last = b.last, first == 45 || (48...57).contains(first), (48...57).contains(last) else { return nil }
                return CellText.number(b, 0, b.count)
            }
            if let x = plain { return .number(x) }
            do {
                return try JSONText.parse(text)
            } catch {
                throw LoadError("'\(shown)': the record at byte \(offset) holds '\(key)' as malformed JSON (\(error.message))")
            }
        }
        func apply(_ config: WandbInternal_ConfigRecord, at offset: Int) throws(LoadError) {
            for u in config.update {
                let k = keyName(u.key, u.nestedKey)
                if !isInternal(k) { run.config.set(k, try json(u.valueJson, at: offset, key: k)) }
            }
            for r in config.remove { run.config.remove(keyName(r.key, r.nestedKey)) }
        }
        func apply(_ summary: WandbInternal_SummaryRecord, at offset: Int) throws(LoadError) {
            for u in summary.update {
                let k = keyName(u.key, u.nestedKey)
                if !isInternal(k) { run.summary.set(k, try json(u.valueJson, at: offset, key: k)) }
            }
            for r in summary.remove { run.summary.remove(keyName(r.key, r.nestedKey)) }
        }
        for (offset, data) in records {
            // history records, nearly all of a log, are read from their bytes; the rest, and any
            // history record that reader leaves, by SwiftProtobuf
            if fast, let h = data.withUnsafeBufferPointer(WandbHistoryDecoder.decode) {
                var step: [(key: String, value: JSONValue)] = []
                step.reserveCapacity(h.items.count + 1)
                var hasStep = false
                for (k, cell) in h.items {
                    if k == "_step" { hasStep = true }
                    switch cell {
                    case .value(let v): step.append((k, v))
                    case .json(let text): step.append((k, try json(text, at: offset, key: k)))
                    }
                }
                if !hasStep { step.append(("_step", .number(Double(h.step)))) }
                run.history.append(step)
                continue
            }
            let record: WandbInternal_Record
            do {
                record = try WandbInternal_Record(serializedBytes: data)
            } catch {
                throw LoadError("'\(shown)': the record at byte \(offset) is not a W&B record (\(error))")
            }
            switch record.recordType {
            case .run(let r)?:
                if !r.runID.isEmpty { run.id = r.runID }
                if !r.displayName.isEmpty { run.name = r.displayName }
                if r.hasConfig { try apply(r.config, at: offset) }
                if r.hasSummary { try apply(r.summary, at: offset) }
            case .config(let c)?: try apply(c, at: offset)
            case .summary(let s)?: try apply(s, at: offset)
            case .history(let h)?:
                var step: [(key: String, value: JSONValue)] = []
                var hasStep = false
                for item in h.item {
                    let k = keyName(item.key, item.nestedKey)
                    if k == "_step" { hasStep = true }
                    step.append((k, try value(item, at: offset, key: k, json: json)))
                }
                if !hasStep { step.append(("_step", .number(Double(h.step.num)))) }
                run.history.append(step)
            case nil:
                break  // a record type this reader does not read
            }
        }
        if run.id.isEmpty {
            // a log cut before its run record: the id is the file's name, run-<id>.wandb
            run.id = String((file as NSString).lastPathComponent.dropFirst(4).dropLast(6))
        }
        if let at = truncatedAt {
            run.notes.append("'\(shown)': the last record, at byte \(at), is cut short (a run still writing?); read the records before it")
        }
        return run
    }

    /// A history item's value: its JSON text, or the typed value a writer may set instead.
    private static func value(_ item: WandbInternal_HistoryItem, at offset: Int, key: String,
                              json: (String, Int, String) throws(LoadError) -> JSONValue) throws(LoadError) -> JSONValue {
        switch item.value {
        case .none(_)?: return .null
        case .boolean(let b)?: return .bool(b)
        case .integer(let i)?: return .number(Double(i))
        case .number(let x)?: return .number(x)
        case .text(let t)?: return .string(t)
        case .json(let j)?: return try json(j, offset, key)
        case nil: return try json(item.valueJson, offset, key)
        }
    }

    /// Notes where a synced run's `files/wandb-summary.json` or `files/config.yaml` holds a value
    /// other than the log's (W&B writes these from the same records, so they should agree).
    static func compareSynced(_ run: Run, folder: String, shown: String) -> [String] {
        var notes: [String] = []
        let files = (folder as NSString).appendingPathComponent("files")
        if let bytes = TableIO.readBytes((files as NSString).appendingPathComponent("wandb-summary.json")) {
            let name = shown + "/files/wandb-summary.json"
            if case .object(let top)? = try? JSONText.parse(String(decoding: bytes, as: UTF8.self)) {
                notes += disagreements(flatten(top).filter { !isInternal($0.key) }, with: run.summary, file: name, what: "summary")
            } else {
                notes.append("'\(name)' is not a JSON object; compared nothing")
            }
        }
        if let bytes = TableIO.readBytes((files as NSString).appendingPathComponent("config.yaml")) {
            let name = shown + "/files/config.yaml"
            switch WandbConfigYAML.parse(String(decoding: bytes, as: UTF8.self)) {
            case .success(let values):
                notes += disagreements(flatten(values).filter { !isInternal($0.key) }, with: run.config, file: name, what: "config")
            case .failure(let reason):
                notes.append("'\(name)': \(reason.message); compared nothing")
            }
        }
        return notes
    }

    /// Nested objects as dotted keys, as the table's columns name them.
    static func flatten(_ fields: [(key: String, value: JSONValue)], prefix: String = "") -> [(key: String, value: JSONValue)] {
        var out: [(key: String, value: JSONValue)] = []
        for (k, v) in fields {
            if case .object(let inner) = v, !inner.isEmpty { out += flatten(inner, prefix: prefix + k + ".") } else { out.append((prefix + k, v)) }
        }
        return out
    }

    private static func disagreements(_ file: [(key: String, value: JSONValue)], with log: Fields, file name: String, what: String) -> [String] {
        var logFlat: [String: JSONValue] = [:]
        for (k, v) in flatten(log.pairs) { logFlat[k] = v }
        var differ: [String] = []
        for (k, v) in file where logFlat[k] != v {
            differ.append("'\(k)' is \(JSONWriter.text(v)) there, \(logFlat[k].map(JSONWriter.text) ?? "absent") in the log")
        }
        guard !differ.isEmpty else { return [] }
        let shown = differ.prefix(5).joined(separator: "; ") + (differ.count > 5 ? "; and \(differ.count - 5) more" : "")
        return ["'\(name)' disagrees with the run's .wandb log, whose \(what) the table holds: \(shown)"]
    }
}
