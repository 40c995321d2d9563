import Foundation
import Testing
@testable import ScaleData

/// gzip, patterns of many files, binary content, and the verbs stack, join, sort and groups.
struct FilesTests {
    let files = TempFiles()

    /// gzip written by the system's gzip (two members concatenated, as `cat a.gz b.gz` makes).
    @Test func gzipCompressedFilesDecompress() throws {
        let plain = files.write("runs.csv", "N,loss\n1e9,3.1\n2e9,2.9\n")
        let more = files.write("more.csv", "4e9,2.7\n")
        for p in [plain, more] {
            let gz = Process()
            gz.executableURL = URL(fileURLWithPath: "/bin/gzip")
            gz.arguments = ["-kf", p]
            try gz.run()
            gz.waitUntilExit()
        }
        let a = FileManager.default.contents(atPath: plain + ".gz")!, b = FileManager.default.contents(atPath: more + ".gz")!
        let both = files.write("both.csv.gz", [UInt8](a) + [UInt8](b))
        let t = try TableIO.load(path: both).table
        #expect(t.column("N")?.numbers == [1e9, 2e9, 4e9])
        #expect(t.column("loss")?.numbers == [3.1, 2.9, 2.7])
        // truncated: an error, not a short table
        let cut = files.write("cut.csv.gz", Array([UInt8](a).prefix(a.count - 6)))
        #expect(throws: LoadError.self) { try TableIO.load(path: cut) }
    }

    @Test func binaryContentIsAnErrorNamingTheFormats() {
        let path = files.write("model.csv", [0x50, 0x4B, 0x03, 0x04, 0, 1, 2])
        do {
            _ = try TableIO.load(path: path)
            Issue.record("no error")
        } catch {
            #expect(error.message.contains("is a zip archive, not text: load reads CSV, TSV"))
        }
    }

    /// Files of a pattern stack in sorted order, columns by name, a column `file` naming each.
    @Test func patternStacksFiles() throws {
        files.write("sweep/b.csv", "N,loss\n2e9,2.9\n")
        files.write("sweep/a.csv", "N,loss,lr\n1e9,3.1,1e-3\n")
        files.write("sweep/c.json", "[{\"N\": 4e9, \"loss\": 2.7}]")
        files.write("sweep/notes.txt", "x\n")
        let loaded = try TableIO.load(path: files.dir + "/sweep/*.csv", shownAs: "sweep/*.csv")
        #expect(loaded.files == 2)
        let t = loaded.table
        #expect(t.columnNames == ["N", "loss", "lr", "file"])
        #expect(t.column("file")?.texts == ["a", "b"])
        #expect(same(t.column("lr")?.numbers, [1e-3, .na]))
        #expect(loaded.notes.last == "'sweep/*.csv': 2 files, 2 rows")
        let all = try TableIO.load(path: files.dir + "/sweep/[abc].*").table
        #expect(all.column("file")?.texts == ["a", "b", "c"])
        #expect(throws: LoadError.self) { try TableIO.load(path: files.dir + "/sweep/*.parquet") }
    }

    @Test func stackUnitesKinds() {
        let a = Table(columns: [.init(name: "x", data: .numbers([1])), .init(name: "s", data: .numbers([.na]))])
        let b = Table(columns: [.init(name: "x", data: .text(["two"])), .init(name: "s", data: .text(["t"]))])
        let (t, notes) = TableVerbs.stack([a, b])
        #expect(t.column("x")?.texts == ["1", "two"])
        #expect(t.column("s")?.texts == [nil, "t"])  // a column of na takes the other's kind, without a note
        #expect(notes == ["column 'x' holds number and text in different tables: stacked as text"])
    }

    @Test func joinPairsEveryMatch() throws {
        let runs = Table(columns: [.init(name: "model", data: .text(["a", "b", "b", "c", nil])), .init(name: "loss", data: .numbers([3, 2.9, 2.8, 2.7, 2.6]))])
        let meta = Table(columns: [.init(name: "model", data: .text(["b", "a", "b", "d"])), .init(name: "N", data: .numbers([2e9, 1e9, 2.5e9, 4e9])),
                                   .init(name: "loss", data: .numbers([0, 0, 0, 0]))])
        let inner = try TableVerbs.join(runs, meta, by: ["model"])
        #expect(inner.columnNames == ["model", "loss.x", "N", "loss.y"])
        #expect(inner.column("model")?.texts == ["a", "b", "b", "b", "b"])
        #expect(inner.column("N")?.numbers == [1e9, 2e9, 2.5e9, 2e9, 2.5e9])
        let left = try TableVerbs.join(runs, meta, by: ["model"], keep: .left)
        #expect(left.rowCount == 7)
        #expect(same(left.column("N")?.numbers, [1e9, 2e9, 2.5e9, 2e9, 2.5e9, .na, .na]))
        let outer = try TableVerbs.join(runs, meta, by: ["model"], keep: .outer)
        #expect(outer.column("model")?.texts == ["a", "b", "b", "b", "b", "c", nil, "d"])
        #expect(throws: TableVerbs.JoinError.self) { try TableVerbs.join(runs, meta, by: ["size"]) }
    }

    @Test func sortIsStableWithMissingLast() {
        let t = Table(columns: [.init(name: "C", data: .numbers([2, .na, 1, 2, .nan])), .init(name: "i", data: .numbers([1, 2, 3, 4, 5]))])
        #expect(TableVerbs.sortedOrder(t, by: [("C", false)]) == [2, 0, 3, 4, 1])
        #expect(TableVerbs.sortedOrder(t, by: [("C", true)]) == [0, 3, 2, 4, 1])
    }

    @Test func groupsInOrderOfFirstAppearance() {
        let t = Table(columns: [.init(name: "run", data: .text(["b", "a", "b", nil])), .init(name: "k", data: .numbers([1, 1, 1, 2]))])
        #expect(TableVerbs.groups(t, by: ["run"]) == [[0, 2], [1], [3]])
        #expect(TableVerbs.groups(t, by: ["run", "k"]) == [[0, 2], [1], [3]])
    }

    /// Table of 100,000 columns: built in time linear in the columns (a name scan was quadratic).
    @Test func wideTablesStayLinear() throws {
        func time(_ n: Int) throws -> Double {
            let header = (0..<n).map { "c\($0)" }.joined(separator: ",")
            let row = (0..<n).map { String($0) }.joined(separator: ",")
            let path = files.write("wide\(n).csv", header + "\n" + row + "\n")
            var best = Double.infinity  // the least of five, as other tests run beside this one
            for _ in 0..<5 {
                let start = Date()
                let t = try TableIO.load(path: path).table
                #expect(t.columnNames.count == n)
                best = min(best, Date().timeIntervalSince(start))
            }
            return best
        }
        _ = try time(5_000)  // warm up
        let t1 = try time(25_000), t2 = try time(50_000)
        // linear is 2×, quadratic 4×: 3.2× with 0.1 s, for the noise of tests running beside it
        #expect(t2 < 3.2 * t1 + 0.1, "25k columns \(t1) s, 50k \(t2) s")
    }
}
