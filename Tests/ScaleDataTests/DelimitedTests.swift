import Foundation
import Testing
@testable import ScaleData

/// Delimited text: records and quoting, the sniffed separator, each column's kind, missing cells,
/// and the messages that name the line and column.
struct DelimitedTests {
    let files = TempFiles()

    @Test func numericAndTextColumns() throws {
        // magnitude suffixes belong to the language, not to CSV: 280B is text in a file
        let t = try files.load("t.csv", "model,N,loss\ngopher,280B,2.1\n")
        #expect(t.column("N")?.texts == ["280B"])
        #expect(t.column("loss")?.numbers == [2.1])
        let u = try files.load("u.csv", "model,N,loss\ngopher,2.8e11,2.1\nchinchilla,7e10,1.94\n")
        #expect(u.columnNames == ["model", "N", "loss"])
        #expect(u.column("model")?.texts == ["gopher", "chinchilla"])
        #expect(u.column("N")?.numbers == [2.8e11, 7e10])
    }

    /// Trackers quote every field (W&B's export, pandas' QUOTE_ALL): a quoted number is a number.
    @Test func quotedNumbersAreNumbers() throws {
        let t = try files.load("w.csv", "\"_step\",\"loss\",\"name\"\n\"100\",\"3.2\",\"run-a\"\n\"200\",\"2.9\",\"run-a\"\n")
        #expect(t.column("_step")?.numbers == [100, 200])
        #expect(t.column("loss")?.numbers == [3.2, 2.9])
        #expect(t.column("name")?.texts == ["run-a", "run-a"])
    }

    @Test func quotedFieldsWithSeparatorsAndQuotes() throws {
        let t = try files.load("q.csv", "name,x\n\"Smith, J.\",1\n\"say \"\"hi\"\"\",2\n")
        #expect(t.column("name")?.texts == ["Smith, J.", "say \"hi\""])
    }

    @Test func crlfLineEndsAndByteOrderMark() throws {
        let t = try TableIO.load(path: files.write("b.csv", [0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,2\r\n3,4\r\n".utf8))).table
        #expect(t.columnNames == ["a", "b"])
        #expect(t.column("b")?.numbers == [2, 4])
    }

    /// The separator is sniffed from the header and the first record; `.tsv` is tab; `sep` overrides.
    @Test(arguments: [
        ("runs.tsv", "name\tdataset\tN\tloss\na\tc4\t1e9\t3.1\n"),
        ("runs.txt", "name\tdataset\tN\tloss\na\tc4\t1e9\t3.1\n"),
        ("runs.csv", "name;dataset;N;loss\na;c4;1e9;3.1\n"),
        ("runs.csv", "name|dataset|N|loss\na|c4|1e9|3.1\n"),
        ("runs.csv", "\"name\",\"dataset\",\"N\",\"loss\"\n\"a\",\"c4\",\"1e9\",\"3.1\"\n"),
        ("runs.csv", "name,dataset,N,loss\n\"a; b\",c4,1e9,3.1\n"),
    ])
    func separatorIsSniffed(name: String, text: String) throws {
        let t = try files.load(name, text)
        #expect(t.columnNames == ["name", "dataset", "N", "loss"])
        #expect(t.column("N")?.numbers == [1e9])
        #expect(t.column("loss")?.numbers == [3.1])
    }

    @Test func separatorGivenOverridesTheSniff() throws {
        let t = try files.load("s.csv", "a,b;c\n1,2;3\n", options: .init(separator: UInt8(ascii: ";")))
        #expect(t.columnNames == ["a,b", "c"])
        #expect(t.column("a,b")?.texts == ["1,2"])
    }

    /// Empty cells, quoted or not, and the usual spellings of missing are na; nan stays NaN.
    @Test func missingCellsAreNA() throws {
        let t = try files.load("m.csv", "name,N,loss,ok\na,1,,true\nb,NA,2.5,\n\"\",3,\"\",False\nNULL,4,nan,TRUE\n", options: .init(skipNonFinite: true))
        #expect(t.rowCount == 3)  // the row with nan was skipped
        #expect(t.column("name")?.texts == ["a", "b", nil])
        #expect(same(t.column("N")?.numbers, [1, .na, 3]))
        #expect(same(t.column("loss")?.numbers, [.na, 2.5, .na]))
        #expect(t.column("ok")?.flags == [true, nil, false])
        // a column of nothing but missing cells is a number column of na
        let u = try files.load("e.csv", "a,b\n1,\n2,\n")
        #expect(same(u.column("b")?.numbers, [.na, .na]))
    }

    @Test func missingCellsDoNotStopALoad() throws {
        // an empty cell in a column never used used to stop the load
        let t = try files.load("gap.csv", "N,loss,notes\n1,2.5,\n2,2.4,x\n")
        #expect(t.column("loss")?.numbers == [2.5, 2.4])
        #expect(t.column("notes")?.texts == [nil, "x"])
    }

    /// A column of numbers with one stray text cell is text, each cell as written, and a note says where.
    @Test func mixedColumnIsTextWithANote() throws {
        let loaded = try TableIO.load(path: files.write("mix.csv", "a,loss\n1,2.50\n2,oops\n3,007\n"))
        #expect(loaded.table.column("loss")?.texts == ["2.50", "oops", "007"])
        #expect(loaded.notes.count == 1)
        #expect(loaded.notes[0].contains("column 'loss' is text: line 3 holds 'oops' among numbers or bools"))
    }

    @Test func emptyFileIsAClearError() {
        #expect(files.loadError("t.csv", "").contains("is empty: expected a header row"))
    }

    @Test func raggedRowIsAnErrorNamingTheLine() {
        #expect(files.loadError("t.csv", "a,b\n1,2\n3\n").contains("line 3: expected 2 fields as in the header, found 1"))
    }

    @Test func nonFiniteNumbersAreRejectedWithTheRow() {
        #expect(files.loadError("t.csv", "a\n1\nnan\n").contains("line 3, column 'a': expected a finite number, found 'nan'"))
        #expect(files.loadError("t.csv", "a\n1\ninf\n").contains("line 3, column 'a': expected a finite number"))
    }

    @Test func duplicateAndEmptyNames() {
        #expect(files.loadError("t.csv", "a,a\n1,2\n").contains("line 1: the column name 'a' appears twice"))
        #expect(files.loadError("t.csv", "a,,b\n1,2,3\n").contains("line 1: column 2 has an empty name"))
    }

    /// RFC 4180 records, each expectation written out by hand: quotes, doubled quotes, separators
    /// and line ends inside quotes, the three line-end conventions, a last line without its end.
    @Test(arguments: [
        ("a,b\n1,2\n", [["a", "b"], ["1", "2"]], [[false, false], [false, false]]),
        ("a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]], [[false, false], [false, false]]),
        ("a,b\r1,2", [["a", "b"], ["1", "2"]], [[false, false], [false, false]]),
        ("\"x, y\",\"say \"\"hi\"\"\"\n", [["x, y", "say \"hi\""]], [[true, true]]),
        ("\"two\nlines\",\"\"\n", [["two\nlines", ""]], [[true, true]]),
        ("a,,\"\"\n", [["a", "", ""]], [[false, false, true]]),
        ("5\"7,x\n", [["5\"7", "x"]], [[false, false]]),
    ])
    func recordsAndQuoting(text: String, records: [[String]], quoted: [[Bool]]) throws {
        let bytes = Array(text.utf8)
        var rows = DelimitedRecords(bytes: bytes, separator: UInt8(ascii: ","))
        var fields: [DelimitedRecords.Field] = []
        var gotRecords: [[String]] = [], gotQuoted: [[Bool]] = []
        while try rows.next(fields: &fields) {
            gotRecords.append(fields.map { f in String(decoding: f.unescaped ?? Array(bytes[f.start..<f.end]), as: UTF8.self) })
            gotQuoted.append(fields.map(\.quoted))
        }
        #expect(gotRecords == records)
        #expect(gotQuoted == quoted)
    }

    @Test func malformedQuotingIsAnErrorNamingTheLine() {
        let path = files.dir + "/t.csv"
        #expect(files.loadError("t.csv", "a,b\n1,2\n\"open,3\n4,5\n") == "'\(path)' line 3: a quoted field is never closed: expected '\"' before the end of the file")
        #expect(files.loadError("t.csv", "a,b\n\"x\"y,2\n") == "'\(path)' line 2: expected ',' or the end of the line after a quoted field's closing '\"', found 'y'")
    }

    /// What `csv` writes, `load` reads back equal: text with separators, quotes, line ends and
    /// blanks; numbers at the ends of the range; na in each kind of column.
    @Test func savedTablesLoadBackEqual() throws {
        let cases: [[(String, Table.ColumnData)]] = [
            [("name", .text(["x", "1"]))],
            [("q", .text(["say \"hi\"", "a,b", "two\nlines", " padded "])), ("x", .numbers([0.1, 1.0 / 3, 7e10, -2]))],
            [(" padded ", .numbers([1e300, -0.0, 5e-324]))],
            [("loss", .numbers([2.5, .na])), ("model", .text(["a", nil])), ("ok", .bools([true, nil]))],
        ]
        for columns in cases {
            var table = Table()
            for (name, data) in columns { table.setColumn(name, data) }
            let back = try TableIO.load(path: files.write("round.csv", TableIO.csv(table))).table
            #expect(back.columnNames == table.columnNames, "\(columns)")
            for name in table.columnNames {
                #expect(back.column(name).map { "\($0)" } == table.column(name).map { "\($0)" }, "column '\(name)'")
            }
        }
    }

    @Test func nonFiniteRowsAreSkippedWhenAsked() throws {
        let loaded = try TableIO.load(path: files.write("nan.csv", "name,N,loss\na,1,2.5\nb,nan,2\nc,3,-inf\nd,4,1.5\ne,,1\n"), options: .init(skipNonFinite: true))
        #expect(loaded.skippedRows == [3, 4])
        #expect(same(loaded.table.column("N")?.numbers, [1, 4, .na]))
        #expect(loaded.table.column("name")?.texts == ["a", "d", "e"])
    }

    @Test func chinchillaDataLoads() throws {
        let t = try TableIO.load(path: repositoryRoot.appendingPathComponent("Examples/data/chinchilla.csv").path).table
        #expect(t.rowCount == 245)
        #expect(t.column("Model Size")?.numbers?[0] == 6795600349.289497)
    }
}

/// The cell parser's fast path (Clinger's) against Swift's correctly rounded `Double(_:)` on the
/// same text, bit for bit, over random decimals in every form writers use, and the edges.
struct NumberParsingTests {
    @Test func agreesWithSwiftsParseBitForBit() {
        var g = SystemRandomNumberGenerator()
        var texts: [String] = ["0", "-0", "0.0", "1", "-1", "+1", "1.", ".5", "-.5", "1e0", "1E+22", "1e22", "1e23", "9007199254740993",
                               "9007199254740992", "123456789012345678901234567890", "0.000000000000000000000001", "1e-22", "1e-23",
                               "4.9e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "00012.5000", "3.0000000000000004",
                               "0.1", "0.30000000000000004", "1e-400", "123.456e-10", "-7e+3"]
        for _ in 0..<20_000 {
            let x = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &g))
            guard x.isFinite else { continue }
            texts.append("\(x)")
            for p in [3, 6, 10, 15, 17] { texts.append(String(format: "%.\(p)g", x)) }
            texts.append(String(format: "%.6f", Double.random(in: -1e6...1e6, using: &g)))
            texts.append(String(UInt64.random(in: 0...UInt64.max, using: &g)))
        }
        var mismatches: [String] = []
        for t in texts {
            let ours = CellText.number(in: t), theirs = Double(t)
            if ours?.bitPattern != theirs?.bitPattern { mismatches.append("\(t): \(String(describing: ours)) vs \(String(describing: theirs))") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test(arguments: ["", ".", "+", "-", "e5", "1e", "1e+", "1.2.3", "--1", "+-1", "0x1p3", "1_000", "1,5", "١٢"])
    func refusesWhatIsNotADecimal(text: String) {
        #expect(CellText.number(in: text) == nil)
    }
}
