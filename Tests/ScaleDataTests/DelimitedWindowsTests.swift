import Foundation
import Testing
@testable import ScaleData

/// A file read a window at a time, and its halves read on two cores, give what one reading of
/// the whole text in memory gives: the same table bit for bit, the same notes, the same line of
/// every row, the same error message.
struct DelimitedWindowsTests {
    let files = TempFiles()

    /// Texts that cut records at every kind of place: quotes doubled and holding line ends, the
    /// three line-end conventions, blank lines, a byte order mark, missing cells before a kind
    /// settles, a column that mixes kinds, and each malformed record.
    static let texts: [String] = [
        "a,b\n1,2\n3,4\n",
        "a,b\r\n1,2\r\n\r\n3,4\r\n",
        "a,b\r1,2\r3,4",
        "\u{FEFF}a,b\n1,2\n",
        "name,x\n\"Smith, J.\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\n4,\"\"\n",
        "a,b\n,\n,\nNA,true\n1,false\n,\n2,TRUE\n",
        "run,loss\na,1\nb,2\nc,n/a\nd,x\ne,3\n",
        "run,loss\na,1\n\nb,\"2\"\n\n\nc,3.5e-3\n",
        "x\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
        "x,y\n1,2\n3,4,5\n",
        "a,b\n1,2\n\"open,3\n4,5\n",
        "a,b\n\"x\"y,2\n",
        "a,a\n1,2\n",
        "\n\na,b\n",
        "",
        "a;b\n1;2\n\"3;\";4\n",
    ]

    enum Outcome: Equatable {
        case read(columns: [String], cells: [[String]], notes: [String], lines: [Int])
        case failed(String)
    }

    /// The outcome with each number as its bit pattern, so NaN and -0 compare as they are.
    static func outcome(_ reader: DelimitedReader) -> Outcome {
        do {
            let r = try reader.read()
            let cells = r.table.columns.map { c -> [String] in
                switch c.data {
                case .numbers(let v): return v.map { String($0.bitPattern, radix: 16) }
                case .text(let v): return v.map { $0.map { "t" + $0 } ?? "nil" }
                case .bools(let v): return v.map { $0.map { "b\($0)" } ?? "nil" }
                }
            }
            return .read(columns: r.table.columnNames, cells: cells, notes: r.notes, lines: (0..<r.lines.count).map { r.lines[$0] })
        } catch {
            return .failed(error.message)
        }
    }

    func separator(_ text: String) -> UInt8 { text.contains(";") ? UInt8(ascii: ";") : UInt8(ascii: ",") }

    @Test(arguments: texts)
    func windowsOfEverySizeReadAsTheWholeText(text: String) {
        let path = files.write("w.csv", text)
        let whole = Self.outcome(DelimitedReader(bytes: Array(text.utf8), separator: separator(text), name: "w.csv"))
        for window in [1, 2, 3, 5, 8, 64, 1 << 20] {
            for split in [0, Int.max] {
                var r = DelimitedReader(path: path, separator: separator(text), name: "w.csv")
                r.window = window
                r.splitSize = split
                #expect(Self.outcome(r) == whole, "window \(window), split at \(split)")
            }
        }
    }

    /// A file of several windows, its halves on two cores, against the whole text: plain, with a
    /// quote in the second half, with a text cell in the second half of a number column, with an
    /// error there, and with the second half's first cells missing.
    @Test(arguments: ["plain", "quote", "clash", "ragged", "missing", "crlf"])
    func halvesOnTwoCoresJoinAsOneReading(variant: String) {
        var text = "run,step,N,loss,ok\n"
        var g = SplitMix(seed: 7)
        let rows = 8_000
        for i in 0..<rows {
            let late = i > rows * 3 / 4
            let n = Double(bitPattern: g.next() >> 2)
            var run = "run-\(i % 97)"
            if variant == "quote" && late && i % 1000 == 0 { run = "\"q,\(i)\"" }
            var loss = String(format: "%.6f", Double(g.next() % 1_000_000) / 1e5)
            if variant == "clash" && i == rows - 10 { loss = "n/a?" }
            if variant == "missing" && i > rows / 3 && i < rows * 2 / 3 { loss = "" }
            text += "\(run),\(i / 97),\(n),\(loss),\(i % 3 == 0)"
            if variant == "ragged" && i == rows - 5 { text += ",extra" }
            text += variant == "crlf" ? "\r\n" : "\n"
            if i % 5000 == 0 { text += "\n" }
        }
        let path = files.write("h.csv", text)
        let whole = Self.outcome(DelimitedReader(bytes: Array(text.utf8), separator: UInt8(ascii: ","), name: "h.csv"))
        for window in [4096, 1 << 20] {
            var r = DelimitedReader(path: path, separator: UInt8(ascii: ","), name: "h.csv")
            r.window = window
            r.splitSize = 0
            #expect(Self.outcome(r) == whole, "window \(window)")
        }
    }

    /// A file above the size `load` reads on two cores, through `load` itself.
    @Test func loadOfALargeFileIsTheWholeTextsReading() throws {
        var text = "run,step,N,D,loss\n"
        var g = SplitMix(seed: 11)
        while text.utf8.count < 5 << 20 {
            let i = text.utf8.count
            text += "run-\(i % 97),\(i / 97),\(Double(g.next() % 10_000_000) * 1e3),\(Double(bitPattern: g.next() >> 2)),\(String(format: "%.6f", Double(g.next() % 4_000_000) / 1e6))\n"
        }
        let path = files.write("big.csv", text)
        let loaded = try TableIO.load(path: path)
        let whole = try DelimitedReader(bytes: Array(text.utf8), separator: UInt8(ascii: ","), name: path).read()
        #expect(loaded.table.columnNames == whole.table.columnNames)
        for c in whole.table.columns {
            switch (c.data, loaded.table.column(c.name)) {
            case (.numbers(let a), .numbers(let b)?): #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "\(c.name)")
            case (let a, let b?): #expect(a == b, "\(c.name)")
            default: Issue.record("column \(c.name) missing")
            }
        }
    }

    /// A file that shrinks while it is read ends sooner; it never crashes the reader.
    @Test func aFileCutShortReadsWhatIsThere() throws {
        let text = "a,b\n" + String(repeating: "1,2\n", count: 1000)
        let path = files.write("s.csv", text)
        var r = DelimitedReader(path: path, separator: UInt8(ascii: ","), name: "s.csv")
        r.window = 64
        _ = truncate(path, 100)
        let t = try r.read().table
        #expect(t.column("a")?.count == 24)
    }
}

/// A small seeded generator, so each run writes the same files.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
