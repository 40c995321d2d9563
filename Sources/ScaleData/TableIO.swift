import Foundation

/// Reading tables from the files trackers, papers and notebooks write, and writing CSV.
///
/// The format comes from the extension and is checked against the content: `.csv` and any other
/// delimited text (the separator sniffed from the header: comma, tab, semicolon or pipe), `.tsv`
/// (tab), `.json` (records or columns), `.jsonl`/`.ndjson` (a record a line), and any of these
/// compressed as `.gz`. A pattern with `*`, `?` or `[…]` loads every file it matches, in sorted
/// order, as one table (`TableVerbs.stack`), with a text column `file` naming each row's file.
/// Training logs are read too: TensorBoard event files, one or a folder of runs
/// (`TensorBoardReader`), and W&B run folders (`WandbReader`).
public enum TableIO {
    /// How to read: a separator that overrides the sniff, whether rows holding NaN or ±Inf in a
    /// number column are dropped (without it they are an error naming the row), and whether a W&B
    /// folder gives its runs' logged steps rather than one row a run.
    public struct Options: Sendable {
        /// The separator byte to use; nil sniffs it from the header.
        public var separator: UInt8?
        /// Whether rows with NaN or ±Inf in a number column are dropped (listed in `skippedRows`) instead of an error.
        public var skipNonFinite: Bool
        /// Whether a W&B folder gives one row a logged step (`load … history`) instead of one a run.
        public var history: Bool
        /// Options; by default the separator is sniffed, a non-finite number is an error, and a
        /// W&B folder gives one row a run.
        public init(separator: UInt8? = nil, skipNonFinite: Bool = false, history: Bool = false) {
            self.separator = separator
            self.skipNonFinite = skipNonFinite
            self.history = history
        }
    }

    /// A loaded table, what is worth saying about it, and the rows dropped for NaN or ±Inf (their
    /// file lines; record numbers for JSON arrays; positions in the stacked table for a pattern).
    public struct Loaded {
        /// The table read (stacked, with a `file` column, for a pattern).
        public var table: Table
        /// Notes worth showing the user about the reading, one line each.
        public var notes: [String]
        /// The rows dropped for NaN or ±Inf, as above.
        public var skippedRows: [Int]
        /// How many files were read (1 for a plain path).
        public var files: Int
    }

    /// The formats `load` reads, for messages and help.
    public static let formats = "CSV, TSV and other delimited text (.csv, .tsv, .txt), JSON (.json), JSON Lines (.jsonl, .ndjson), each also gzip-compressed (.gz); TensorBoard event files (a file or a folder of runs) and W&B run folders"

    /// Whether `path` is a pattern of several files.
    public static func isPattern(_ path: String) -> Bool { path.contains("*") || path.contains("?") || path.contains("[") }

    /// Loads `path` (a file or a pattern); messages name the file as `shownAs` (what the user wrote).
    public static func load(path: String, shownAs: String? = nil, options: Options = Options()) throws(LoadError) -> Loaded {
        let shown = shownAs ?? path
        guard isPattern(path) else {
            var one = try loadFile(path: path, shown: shown, options: options)
            one.files = 1
            return one
        }
        let matches = glob(path)
        guard !matches.isEmpty else { throw LoadError("no file matches '\(shown)'") }
        var tables: [Table] = []
        var notes: [String] = []
        var skipped: [Int] = []
        var offset = 0
        for m in matches {
            let display = shownName(m, pattern: path, shown: shown)
            var loaded = try loadFile(path: m, shown: display, options: options)
            guard loaded.table.column("file") == nil else {
                throw LoadError("'\(display)' has a column named 'file', the name load gives the column that names each row's file")
            }
            let stem = fileStem(m)
            loaded.table.setColumn("file", .text(Array(repeating: stem, count: loaded.table.rowCount)))
            notes += loaded.notes
            skipped += loaded.skippedRows.map { $0 + offset }
            offset += loaded.table.rowCount
            tables.append(loaded.table)
        }
        let stacked = TableVerbs.stack(tables)
        notes.append("'\(shown)': \(matches.count) file\(matches.count == 1 ? "" : "s"), \(stacked.table.rowCount) rows")
        return Loaded(table: stacked.table, notes: notes + stacked.notes, skippedRows: skipped, files: matches.count)
    }

    /// The file name without its folder and extensions (`runs/a.csv.gz` → `a`).
    public static func fileStem(_ path: String) -> String {
        var name = (path as NSString).lastPathComponent
        if name.hasSuffix(".gz") { name.removeLast(3) }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
        return name
    }

    /// The name a matched file goes by in messages: the user's pattern's folder with the match's name.
    private static func shownName(_ match: String, pattern: String, shown: String) -> String {
        let folder = (shown as NSString).deletingLastPathComponent
        let file = (match as NSString).lastPathComponent
        return folder.isEmpty ? file : folder + "/" + file
    }

    /// Files matching a shell pattern, in byte order of their paths.
    static func glob(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard Foundation.glob(pattern, 0, nil, &g) == 0 else { return [] }
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i] { out.append(String(cString: p)) }
        }
        var isDirectory: ObjCBool = false
        return out.filter { FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    private enum Format {
        case delimited(UInt8?), json, jsonLines

        /// The format a file's extension names (before its content is checked).
        init(ext: String) {
            switch ext {
            case "json": self = .json
            case "jsonl", "ndjson": self = .jsonLines
            case "tsv", "tab": self = .delimited(UInt8(ascii: "\t"))
            default: self = .delimited(nil)
            }
        }
    }

    /// The file's bytes, read straight into one array (through `Data` the file was held twice).
    static func readBytes(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let size = max(Int(info.st_size), 0)
        var out = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let got = out.withUnsafeMutableBufferPointer { read(fd, $0.baseAddress.map { $0 + filled }, size - filled) }
            guard got > 0 else { break }
            filled += got
        }
        out.removeLast(size - filled)
        // a file that grew since fstat (a run still writing) is read on to its end
        var extra = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = extra.withUnsafeMutableBufferPointer { read(fd, $0.baseAddress, $0.count) }
            guard got > 0 else { break }
            out += extra[0..<got]
        }
        return out
    }

    private static func loadFile(path: String, shown: String, options: Options) throws(LoadError) -> Loaded {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoadError("cannot open '\(shown)': no such file")
        }
        if isDirectory.boolValue || TensorBoardReader.isEventFile(path) || path.hasSuffix(".wandb") {
            return try loadLogs(path: path, shown: shown, isFolder: isDirectory.boolValue, options: options)
        }
        guard !options.history else { throw historyError(shown) }
        if let loaded = try loadLarge(path: path, shown: shown, options: options) { return loaded }
        guard var bytes = readBytes(path) else { throw LoadError("cannot read '\(shown)'") }
        var notes: [String] = []
        var name = path.lowercased()
        if name.hasSuffix(".gz") {
            guard Gzip.isCompressed(bytes) else { throw LoadError("'\(shown)' is named .gz but is not gzip-compressed") }
            bytes = try Gzip.decompress(bytes, name: shown)
            name.removeLast(3)
        } else if Gzip.isCompressed(bytes) {
            bytes = try Gzip.decompress(bytes, name: shown)
            notes.append("'\(shown)' is gzip-compressed; read it decompressed")
        }
        let ext = (name as NSString).pathExtension
        var format = Format(ext: ext)
        try checkContent(bytes, format: &format, ext: ext, shown: shown)
        var result: (table: Table, notes: [String], lines: ((Int) -> Int)?)
        switch format {
        case .json:
            let read = try JSONTableReader(bytes: bytes, name: shown).readJSON()
            result = (read.table, read.notes, read.lines.map { l in { l[$0] } })
        case .jsonLines:
            let read = try JSONTableReader(bytes: bytes, name: shown).readLines()
            result = (read.table, read.notes, read.lines.map { l in { l[$0] } })
        case .delimited(let fixed):
            let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            let separator = options.separator ?? fixed ?? DelimitedRecords.sniff(bytes, from: start)
            let read = try DelimitedReader(bytes: bytes, separator: separator, name: shown).read()
            result = (read.table, read.notes, { read.lines[$0] })
        }
        notes += result.notes
        let (table, skipped) = try nonFinite(result.table, lines: result.lines, skip: options.skipNonFinite, shown: shown)
        return Loaded(table: table, notes: notes, skippedRows: skipped, files: 1)
    }

    /// The size from which delimited text is read from its file a window at a time, not whole.
    static let largeFile = 1 << 20

    /// A plain (uncompressed) delimited file of `largeFile` bytes or more, read from the file a
    /// window at a time so that its text is never held whole beside the table; nil for anything
    /// else (compressed, JSON, a header or first record longer than the window), read whole.
    private static func loadLarge(path: String, shown: String, options: Options) throws(LoadError) -> Loaded? {
        var info = stat()
        guard stat(path, &info) == 0, Int(info.st_size) >= largeFile,
              let head = readHead(path, count: largeFile), head.count >= largeFile, !Gzip.isCompressed(head) else { return nil }
        let name = path.lowercased()
        guard !name.hasSuffix(".gz") else { return nil }
        let ext = (name as NSString).pathExtension
        var format = Format(ext: ext)
        let first = head.first { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
        guard case .delimited = format, first != UInt8(ascii: "{"), first != UInt8(ascii: "[") else { return nil }
        try checkContent(head, format: &format, ext: ext, shown: shown)
        guard case .delimited(let fixed) = format else { return nil }
        let start = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let separator: UInt8
        if let s = options.separator ?? fixed {
            separator = s
        } else {
            let sniffed = DelimitedRecords.sniffed(head, from: start)
            guard sniffed.read < head.count else { return nil }  // the first record runs past the head
            separator = sniffed.separator
        }
        let read = try DelimitedReader(path: path, separator: separator, name: shown).read()
        let (table, skipped) = try nonFinite(read.table, lines: { read.lines[$0] }, skip: options.skipNonFinite, shown: shown)
        return Loaded(table: table, notes: read.notes, skippedRows: skipped, files: 1)
    }

    /// The first `count` bytes of the file (fewer if it is shorter), or nil if it cannot be read.
    static func readHead(_ path: String, count: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = out.withUnsafeMutableBufferPointer { m in m.baseAddress.map { pread(fd, $0 + filled, count - filled, off_t(filled)) } ?? 0 }
            guard got > 0 else { break }
            filled += got
        }
        out.removeLast(count - filled)
        return out
    }

    /// A TensorBoard event file or folder of runs, or a W&B folder, run folder or run log.
    private static func loadLogs(path: String, shown: String, isFolder: Bool, options: Options) throws(LoadError) -> Loaded {
        var result: (table: Table, notes: [String])
        if WandbReader.isWandb(path, isFolder: isFolder) {
            result = try WandbReader.read(path: path, shown: shown, isFolder: isFolder, history: options.history)
        } else if !isFolder || !TensorBoardReader.eventFiles(in: path).isEmpty {
            guard !options.history else { throw historyError(shown) }
            result = try TensorBoardReader.read(path: path, shown: shown, isFolder: isFolder)
        } else {
            throw LoadError("'\(shown)' is a folder of neither TensorBoard event files nor W&B runs: give a file, a pattern such as '\(shown.hasSuffix("/") ? String(shown.dropLast()) : shown)/*.csv', or such a folder")
        }
        let (table, skipped) = try nonFinite(result.table, lines: nil, skip: options.skipNonFinite, shown: shown)
        return Loaded(table: table, notes: result.notes, skippedRows: skipped, files: 1)
    }

    private static func historyError(_ shown: String) -> LoadError {
        LoadError("'\(shown)' is not a W&B folder: history applies to W&B run folders (wandb/, or one run-*/offline-run-* folder), giving one row a logged step")
    }

    /// Refuses content that is not the format the name says (binary data, JSON in a .csv), and
    /// reads JSON text in a file of another extension as what it is.
    private static func checkContent(_ bytes: [UInt8], format: inout Format, ext: String, shown: String) throws(LoadError) {
        let head = bytes.prefix(4096)
        if head.contains(0) || String(validating: head.prefix(head.count - trailingPartialCharacter(head)), as: UTF8.self) == nil {
            let kind = bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) ? "a zip archive" : bytes.starts(with: Array("PAR1".utf8)) ? "a Parquet file" : "binary data"
            throw LoadError("'\(shown)' is \(kind), not text: load reads \(formats)")
        }
        let first = head.first { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
        switch format {
        case .delimited where first == UInt8(ascii: "{") || first == UInt8(ascii: "["):
            let lines = bytes.split(separator: 10, maxSplits: 2).count
            let looksLines = first == UInt8(ascii: "{") && lines > 1
            if ["csv", "tsv", "tab"].contains(ext) {
                throw LoadError("'\(shown)' holds JSON, not delimited text (it starts with '\(first == UInt8(ascii: "{") ? "{" : "[")'): name it .\(looksLines ? "jsonl" : "json")")
            }
            format = looksLines ? .jsonLines : .json
        case .json where first == UInt8(ascii: "{"):
            // a .json file of one record a line is JSON Lines
            if let nl = bytes.firstIndex(of: 10), bytes[(nl + 1)...].contains(where: { $0 == UInt8(ascii: "{") }),
               (try? bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(JSONText.Malformed) -> JSONValue in try JSONText.parse(b, from: 0, to: nl) }) != nil {
                format = .jsonLines
            }
        case .json, .jsonLines:
            if let f = first, f != UInt8(ascii: "{"), f != UInt8(ascii: "[") {
                throw LoadError("'\(shown)' is not JSON (it starts with '\(String(decoding: [f], as: UTF8.self))'): load reads \(formats)")
            }
        default: break
        }
    }

    /// Bytes at the end of `head` that may be the start of a character cut by the 4096-byte window.
    private static func trailingPartialCharacter(_ head: ArraySlice<UInt8>) -> Int {
        var k = 0
        for b in head.reversed().prefix(3) {
            k += 1
            if b & 0xC0 == 0xC0 { return k }  // a lead byte
            if b & 0xC0 != 0x80 { return 0 }
        }
        return 0
    }

    /// NaN and ±Inf in a number column: the rows dropped (their file lines, or record numbers
    /// from 1 where a format has no lines), or an error naming the first.
    private static func nonFinite(_ t: Table, lines: ((Int) -> Int)?, skip: Bool, shown: String) throws(LoadError) -> (Table, [Int]) {
        func place(_ i: Int) -> String { lines.map { "line \($0(i))" } ?? "record \(i + 1)" }
        var keep = [Bool](repeating: true, count: t.rowCount)
        var any = false
        for c in t.columns {
            guard case .numbers(let v) = c.data else { continue }
            for (i, x) in v.enumerated() where !x.isFinite && !x.isNA {
                guard skip else {
                    throw LoadError("'\(shown)' \(place(i)), column '\(c.name)': expected a finite number, found '\(formatShortest(x))' (load … skip nonfinite drops such rows)")
                }
                keep[i] = false
                any = true
            }
        }
        guard any else { return (t, []) }
        return (t.filtered(keep), keep.indices.filter { !keep[$0] }.map { lines?($0) ?? $0 + 1 })
    }

    /// The table as CSV text: numbers in shortest round-trip form, `na` as an empty cell; a text
    /// cell is quoted when it holds a comma, quote or line end, is empty, has blanks at its ends, or
    /// reads as a number (which keeps it apart from numbers for a reader that honours quotes).
    public static func csv(_ table: Table) -> String {
        var out = table.columnNames.map { quote($0, asText: false) }.joined(separator: ",") + "\n"
        for i in 0..<table.rowCount {
            out += table.columns.map { c -> String in
                switch c.data {
                case .numbers(let v): return v[i].isNA ? "" : formatRoundTrip(v[i])
                case .text(let v): return v[i].map { quote($0, asText: true) } ?? ""
                case .bools(let v): return v[i].map { $0 ? "true" : "false" } ?? ""
                }
            }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// Header names are never typed, so only text cells need quoting for looking like numbers.
    static func quote(_ s: String, asText: Bool) -> String {
        let needsQuotes = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
            || s.isEmpty || s.first?.isWhitespace == true || s.last?.isWhitespace == true
            || (asText && CellText.number(in: s) != nil)
        guard needsQuotes else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
