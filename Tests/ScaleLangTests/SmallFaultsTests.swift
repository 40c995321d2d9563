import Foundation
import Testing
@testable import ScaleLang

/// Small faults a new user met following the README: print's shortest form, tabular results
/// that builtins refuse, messages with 10.0 for 10, a p that was never set, empty cells that
/// `skip nonfinite` kept, hold-out rows out of order.
struct SmallFaultsTests {
    /// `print` writes the shortest text that reads back exactly: round whole numbers from 1e6 on
    /// in exponent form when that is shorter (Python's repr does the same from 1e16).
    @Test(arguments: [
        ("1B", "1e+09"), ("70B", "7e+10"), ("1.5M", "1500000"), ("1234567", "1234567"), ("-2e6", "-2e+06"),
        ("100000", "100000"), ("1e15", "1e+15"), ("1e16", "1e+16"), ("5.88e23", "5.88e+23"), ("0.0001", "0.0001"), ("1.4T", "1.4e+12"),
    ])
    func printIsShortest(literal: String, printed: String) {
        let (out, error) = runCapturing("print \(literal)")
        #expect(error == nil)
        #expect(out == printed + "\n")
        #expect(runCapturing("print \(literal) == \(printed)").output == "true\n")  // reads back exactly
    }

    @Test func simulationResultsAreTablesToBuiltins() {
        let (out, error) = runCapturing("s = simulate bestof 1..16 times 2 with p = 0.3\nprint len(s)\nprint columns(s)\nprint head(s, 2).k")
        #expect(error == nil)
        #expect(out == "5\n[\"k\", \"accuracy\", \"lo\", \"hi\", \"exact\"]\n[1, 2]\n")
    }

    /// Indexing, `where`, `use` and `save` take it as a table too.
    @Test func simulationResultsAreTablesEverywhere() throws {
        let path = NSTemporaryDirectory() + "scalelab-sim-\(getpid()).csv"
        let script = """
            s = simulate bestof 1..16 times 2 with p = 0.5
            print s[2].k
            print (s where k > 4).k
            use s
            save s to "\(path)"
            """
        let (out, error) = runCapturing(script)
        #expect(error == nil)
        #expect(out == "2\n[8, 16]\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("k,accuracy,lo,hi,exact\n1,0.5,0.5,0.5,0.5\n2,0.75,"))
    }

    @Test func passkErrorWritesCountsAsWritten() {
        let (_, error) = runCapturing("passk(10, 11, 2)")
        #expect(error?.message.hasSuffix("got n = 10, c = 11, k = 2") == true)
    }

    @Test func beamSearchNamesNoP() {
        let (out, error) = runCapturing("simulate beam 2 steps 3 with q = 0.9, verifier = noisy(0.5), trials = 100")
        #expect(error == nil)
        #expect(out.hasPrefix("simulate beam: 3 steps each right with q = 0.9, PRM noisy(0.5), 100 trials, seed 1\n"))
        #expect(!out.contains("p = 0.5"))
    }

    /// Empty cells are na and stay; skip nonfinite drops only the rows with NaN or ±Inf.
    @Test func skipNonFiniteKeepsMissingCells() throws {
        let path = NSTemporaryDirectory() + "scalelab-empty-\(getpid()).csv"
        try "N,loss\n,3\n1,2\n4,\n5,6\n7,nan\n".write(toFile: path, atomically: true, encoding: .utf8)
        let (out, error) = runCapturing("t = load \"\(path)\" skip nonfinite\nprint t.N\nprint t.loss")
        #expect(error == nil)
        #expect(out.hasSuffix("[na, 1, 4, 5]\n[3, 2, na, 6]\n"))
        #expect(out.contains("skipped 1 row with NaN or infinite numbers (line 6)"))
        // without it, the NaN is an error naming its line and column
        #expect(runCapturing("t = load \"\(path)\"").error?.message.contains("line 6, column 'loss'") == true)
    }

    @Test func holdoutListsRowsInTheOrderOfItsColumn() {
        let script = """
            t = table(C = [5, 1, 9, 3, 7, 2, 8], y = [5.1, 1.0, 9.2, 2.9, 7.1, 2.0, 8.1])
            f = fit y ~ a * C + b on t
            h = holdout f largest 3 by C
            print h.C
            """
        let (out, error) = runCapturing(script)
        #expect(error == nil)
        #expect(out == "[7, 8, 9]\n")
    }
}

/// Strings are refused past the limit, as vectors are: doubling a string 40 times asked for a terabyte.
struct StringLimitTests {
    @Test func doublingAStringStopsAtTheLimit() {
        let interpreter = Interpreter(output: { _ in })
        interpreter.limits.stringLength = 1 << 12
        do {
            try interpreter.run(Source(name: "t", text: "s = \"0123456789abcdef\"\nfor i in 1..40 { s = s + s }"))
            Issue.record("no error")
        } catch {
            #expect((error as? ScaleError)?.message == "this would make a string of 8192 bytes, more than the limit of 4096")
        }
        #expect(Limits().stringLength == 1 << 29)
    }
}

/// A misspelt column in a fit model becomes a parameter; the fit says so, and names the column.
struct MisspeltColumnTests {
    func warnings(_ text: String) throws -> String {
        var said = ""
        let interpreter = Interpreter(output: { _ in })
        interpreter.warning = { said += $0 }
        // the warning comes before the fit, which may then fail on a model that makes no sense
        try? interpreter.run(Source(name: "t", text: text))
        return said
    }

    @Test func aParameterOneEditFromAnUnreadColumnIsWarned() throws {
        let data = "t = table(N = [1e8, 3e8, 1e9, 3e9, 1e10], D = [2e9, 6e9, 2e10, 6e10, 2e11], loss = [3.9, 3.5, 3.1, 2.8, 2.6])\n"
        let said = try warnings(data + "f = fit loss ~ E + A/Nn^alpha on t start E = 1.5, A = 400, alpha = 0.3")
        #expect(said.contains("warning: fit: 'Nn' is a parameter, as it is neither a column nor a defined name; did you mean the column 'N'?"))
        #expect(!said.contains("'E' is a parameter") && !said.contains("'A' is a parameter"))
        // the ordinary law: no parameter is mistaken for a column
        #expect(try warnings(data + "f = fit loss ~ E + A/N^alpha + B/D^beta on t start E = 1.5, A = 400, alpha = 0.3, B = 400, beta = 0.3").contains("is a parameter") == false)
        #expect(try warnings(data + "f = fit loss ~ e + a/n^alpha on t start e = 1.5, a = 400, alpha = 0.3").contains("'n' is a parameter, as it is neither a column nor a defined name; did you mean the column 'N'?"))
    }
}

/// Column names in select and drop_na as `where` takes them: bare, backticked or text.
struct ColumnNameArgumentTests {
    @Test func selectTakesBareAndBacktickedNames() {
        let (out, error) = runCapturing("""
        t = table(dataset = ["c4"], N = [1e9], `Model Size` = [2e9])
        print columns(select(t, dataset, N))
        print columns(select(t, `Model Size`, "N"))
        print columns(select(t, ["N", "dataset"]))
        print len(drop_na(table(x = [1, na], y = [na, 2]), x).y)
        """)
        #expect(error == nil, "\(String(describing: error))")
        #expect(out == "[\"dataset\", \"N\"]\n[\"Model Size\", \"N\"]\n[\"N\", \"dataset\"]\n1\n")
        #expect(runCapturing("t = table(N = [1])\nselect(t, Nn)").error?.message == "table has no column 'Nn'")
    }
}

/// The seed rule, one for every command: its own seed, else `set seed`, else 1.
struct SeedRuleTests {
    @Test func approachesFollowsSetSeed() {
        let data = "t = table(N = [1, 2, 4, 2, 4, 8, 4, 8, 16] * 1e8, C = [1, 1, 1, 4, 4, 4, 16, 16, 16] * 1e18, loss = [3.1, 3.0, 3.2, 2.9, 2.8, 2.95, 2.7, 2.6, 2.75])\n"
        let seven = runCapturing(data + "approaches t by C with resamples = 20, seed = 7").output
        let set = runCapturing(data + "set seed 7\napproaches t by C with resamples = 20").output
        let one = runCapturing(data + "approaches t by C with resamples = 20").output
        #expect(seven.contains("(seed 7)"))
        #expect(set == seven)
        #expect(one.contains("(seed 1)") && one != seven)
    }
}
