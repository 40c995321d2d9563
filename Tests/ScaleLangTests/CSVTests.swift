import Foundation
import Testing
@testable import ScaleLang

/// Every CSV case of the language-core issue, each file written afresh into a temporary directory.
struct CSVTests {
    let dir: String = {
        let d = NSTemporaryDirectory() + "scalelab-csv-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let path = dir + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    func load(_ text: String, bom: Bool = false) throws -> Table {
        let path = write("t.csv", (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8))
        return try TableIO.load(path: path)
    }

    func loadError(_ text: String) -> String {
        do {
            _ = try load(text)
            return "no error"
        } catch {
            return (error as? TableIO.LoadError)?.message ?? "\(error)"
        }
    }

    @Test func numericAndTextColumns() throws {
        let t = try load("model,N,loss\ngopher,280B,2.1\n")
        _ = t
        #expect(loadError("model,N,loss\ngopher,280B,2.1\n").contains("column 'N'") == false)
        let u = try load("model,N,loss\ngopher,2.8e11,2.1\nchinchilla,7e10,1.94\n")
        #expect(u.columnNames == ["model", "N", "loss"])
        guard case .text(let models)? = u.column("model"), case .numbers(let n)? = u.column("N") else {
            Issue.record("column types"); return
        }
        #expect(models == ["gopher", "chinchilla"])
        #expect(n == [2.8e11, 7e10])
    }

    @Test func quotedFieldsWithCommasAndQuotes() throws {
        let t = try load("name,x\n\"Smith, J.\",1\n\"say \"\"hi\"\"\",2\n")
        guard case .text(let names)? = t.column("name") else { Issue.record("text column"); return }
        #expect(names == ["Smith, J.", "say \"hi\""])
    }

    @Test func crlfLineEndsAndByteOrderMark() throws {
        let t = try load("a,b\r\n1,2\r\n3,4\r\n", bom: true)
        #expect(t.columnNames == ["a", "b"])
        guard case .numbers(let b)? = t.column("b") else { Issue.record("numeric column"); return }
        #expect(b == [2, 4])
    }

    @Test func columnNamesWithSpacesAreReachable() throws {
        let path = write("spaces.csv", Array("Model Size,Training FLOP\n1e9,6e18\n2e9,1.2e19\n".utf8))
        let (out, error) = runCapturing("t = load \"\(path)\"\nprint t.\"Model Size\" * 2")
        #expect(error == nil)
        #expect(out == "[2e+09, 4e+09]\n")
    }

    @Test func emptyFileIsAClearError() {
        #expect(loadError("").contains("is empty: expected a header row"))
    }

    @Test func raggedRowIsAnErrorNamingTheRow() {
        #expect(loadError("a,b\n1,2\n3\n").contains("row 3: expected 2 fields as in the header, found 1"))
    }

    @Test func mixedColumnNamesFirstOffendingRowAndColumn() {
        #expect(loadError("a,loss\n1,2.5\n2,oops\n3,3\n").contains("row 3, column 'loss': expected a number, found the text 'oops'"))
        #expect(loadError("name,x\nfoo,1\n42,2\n").contains("row 3, column 'name': found the number '42' in a text column"))
    }

    @Test func nonFiniteNumbersAreRejectedWithTheRow() {
        #expect(loadError("a\n1\nnan\n").contains("row 3, column 'a': expected a finite number, found 'nan'"))
        #expect(loadError("a\n1\ninf\n").contains("row 3, column 'a': expected a finite number"))
    }

    /// RFC 4180 records, each expectation written out by hand: quotes, doubled quotes, commas and
    /// line ends inside quotes, the three line-end conventions, a last line without its end.
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
        var rows = CSVRows(bytes: Array(text.utf8))
        var fields: [String] = [], flags: [Bool] = []
        var gotRecords: [[String]] = [], gotQuoted: [[Bool]] = []
        while try rows.next(fields: &fields, quoted: &flags) {
            gotRecords.append(fields)
            gotQuoted.append(flags)
        }
        #expect(gotRecords == records)
        #expect(gotQuoted == quoted)
    }

    @Test func malformedQuotingIsAnErrorNamingTheRow() {
        #expect(loadError("a,b\n1,2\n\"open,3\n4,5\n") == "'\(dir)/t.csv' row 3: a quoted field is never closed: expected '\"' before the end of the file")
        #expect(loadError("a,b\n\"x\"y,2\n") == "'\(dir)/t.csv' row 2: expected ',' or the end of the line after a quoted field's closing '\"', found 'y'")
    }

    /// What `save` writes, `load` reads back equal: text that reads as a number, empty text, text
    /// with blanks at its ends, "nan", a column named "", quotes and line ends.
    @Test func savedTablesLoadBackEqual() throws {
        let cases: [[(String, Table.ColumnData)]] = [
            [("name", .text(["x", "1"]))],
            [("id", .text(["007", "1e3", "nan", "-inf", " 2 "]))],
            [("", .text(["a", ""])), ("n", .numbers([1, 2]))],
            [("note", .text(["", ""]))],
            [("q", .text(["say \"hi\"", "a,b", "two\nlines", "\r"])), ("x", .numbers([0.1, 1.0 / 3, 7e10, -2]))],
            [(" padded ", .numbers([1e300, -0.0, 5e-324]))],
        ]
        for columns in cases {
            var table = Table()
            for (name, data) in columns { table.setColumn(name, data) }
            let path = write("round.csv", Array(TableIO.csv(table).utf8))
            let back = try TableIO.load(path: path)
            #expect(back.columnNames == table.columnNames, "\(columns)")
            for name in table.columnNames {
                #expect(back.column(name).map { "\($0)" } == table.column(name).map { "\($0)" }, "column '\(name)'")
            }
        }
    }

    /// A quoted number is text in a text column and a number in a numeric one (as R and Python write them).
    @Test func quotedCellsAreTextUnlessTheColumnIsNumeric() throws {
        let t = try load("id,x\n\"007\",1\n\"8\",\"2.5\"\n")
        guard case .text(let ids)? = t.column("id"), case .numbers(let x)? = t.column("x") else {
            Issue.record("column types"); return
        }
        #expect(ids == ["007", "8"])
        #expect(x == [1, 2.5])
        #expect(loadError("name\nx\n42\n").contains("row 3, column 'name': found the number '42' in a text column (row 2 is text; quote a number to keep it as text)"))
    }

    /// Row numbers in messages are the file's, blank lines counted.
    @Test func rowNumbersCountBlankLines() {
        #expect(loadError("a\n1\n\n\nx\n").contains("row 5, column 'a': expected a number, found the text 'x'"))
    }

    @Test func emptyCellsAreSkippedWithNonFiniteOnes() throws {
        let path = write("gaps.csv", Array("N,loss\n1,2.5\n2,\n3, \n4,1.5\n".utf8))
        #expect(loadError("N,loss\n1,2.5\n2,\n").contains("row 3, column 'loss': expected a number, found an empty cell (load … skip nonfinite drops such rows)"))
        let loaded = try TableIO.load(path: path, shownAs: nil, skipNonFinite: true)
        #expect(loaded.skippedRows == [3, 4])
        guard case .numbers(let n)? = loaded.table.column("N") else { Issue.record("N"); return }
        #expect(n == [1, 4])
    }

    @Test func nonFiniteRowsAreSkippedWhenAsked() throws {
        let path = write("nan.csv", Array("name,N,loss\na,1,2.5\nb,nan,2\nc,3,-inf\nd,4,1.5\n".utf8))
        let loaded = try TableIO.load(path: path, shownAs: nil, skipNonFinite: true)
        #expect(loaded.skippedRows == [3, 4])
        guard case .numbers(let n)? = loaded.table.column("N"), case .text(let names)? = loaded.table.column("name") else {
            Issue.record("columns lost their types")
            return
        }
        #expect(n == [1, 4])
        #expect(names == ["a", "d"])
        // in the language: the note names the rows, and the table has what is left
        var out = ""
        let interpreter = Interpreter(output: { out += $0 })
        try interpreter.run(Source(name: "t", text: "t = load \"\(path)\" skip nonfinite\nprint sum(t.loss)"))
        #expect(out == "note: '\(path)': skipped 2 rows with missing, NaN or infinite numbers (rows 3, 4)\n4\n")
    }

    @Test func saveWritesAtomicallyAndRoundTrips() throws {
        let path = dir + "/out.csv"
        let (_, error) = runCapturing("t = table(x = [0.1, 1/3, 7e10], name = [\"a,b\", \"q\\\"\", \"c\"])\nsave t to \"\(path)\"")
        #expect(error == nil)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "x,name\n0.1,\"a,b\"\n0.3333333333333333,\"q\"\"\"\n7e+10,c\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
        let back = try TableIO.load(path: path)
        guard case .numbers(let x)? = back.column("x") else { Issue.record("x"); return }
        #expect(x == [0.1, 1.0 / 3.0, 7e10])
    }

    @Test func chinchillaDataLoads() throws {
        let t = try TableIO.load(path: repositoryRoot.appendingPathComponent("Examples/data/chinchilla.csv").path)
        #expect(t.rowCount == 245)
        guard case .numbers(let n)? = t.column("Model Size") else { Issue.record("Model Size"); return }
        #expect(n[0] == 6795600349.289497)
    }
}
