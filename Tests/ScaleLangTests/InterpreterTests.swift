import Foundation
import Testing
@testable import ScaleLang

struct InterpreterTests {
    /// Each program's complete output. Numbers were checked by hand or with Python's float repr.
    static let programs: [(String, String)] = [
        // DESIGN.md section 2, the lines that need no fit, optimal, simulate or plot
        ("N = 70B; D = 1.4T; C = 6 * N * D; C", "5.88e+23\n"),
        ("L(N, D) = 1.69 + 406.4/N^0.34 + 410.7/D^0.28\nL(70B, 1.4T)", "1.93665\n"),
        ("print 6*70B*1.4T", "5.88e+23\n"),
        ("print 0.1", "0.1\n"),
        ("print 1/3", "0.3333333333333333\n"),
        ("print -2^2, 2^-1, 2^3^2", "-4 0.5 512\n"),
        ("print(1 + 1)", "2\n"),
        ("1..1000 times 10", "[1, 10, 100, 1000]\n"),
        ("1..5", "[1, 2, 3, 4, 5]\n"),
        ("1..2 step 0.5", "[1, 1.5, 2]\n"),
        ("print 0.1..0.3 step 0.1", "[0.1, 0.2, 0.3]\n"),
        ("print 1e20..1e23 times 10", "[1e+20, 1e+21, 1e+22, 1e+23]\n"),
        ("[1, 2, 3] * 2 + [10, 20, 30]", "[12, 24, 36]\n"),
        ("2 ^ [1, 2, 3]", "[2, 4, 8]\n"),
        ("[1, 5, 3] > 2", "[false, true, true]\n"),
        ("f(x, y) = x - y; f(y = 1, x = 3); f(3, 1)", "2\n2\n"),
        ("sq(x) = x^2; sq([1, 2, 3])", "[1, 4, 9]\n"),
        ("exp(0) + log(1) + log10(100) + log2(8) + sqrt(16) + abs(-1)", "11\n"),
        ("print sin(0), cos(0), tan(0), atan(1) * 4 == pi", "0 1 0 true\n"),
        ("min([3, 1, 2]); max(4, 9); sum(1..10); mean([1, 2, 3, 4]); len([1, 2]); sort([3, 1, 2])", "1\n9\n55\n2.5\n2\n[1, 2, 3]\n"),
        ("max([1, 5], [4, 2])", "[4, 5]\n"),
        ("x = 0; for i in 1..4 { x = x + i }; x", "10\n"),
        ("if 2 > 1 { print \"yes\" } else { print \"no\" }", "yes\n"),
        ("if 2 < 1 {\n print \"a\"\n} else if 1 == 1 {\n print \"b\"\n}", "b\n"),
        ("print \"n = \" + fmt(3, 2)", "n = 3\n"),
        ("set digits 3; 1/3; print 1/3", "0.333\n0.3333333333333333\n"),
        ("r = 1 / 0; print r, -1/0, 0/0 == 0/0", "inf -inf false\n"),
        ("print 7 % 3, -7 % 3", "1 2\n"),
        ("v = [10, 20, 30]; v[2]; v[[1, 3]]", "20\n[10, 30]\n"),
        ("t = table(a = [1, 2, 3], b = [4, 5, 6]); t.c = t.a * t.b; print t.c; s = t where a >= 2; print s.b", "[4, 10, 18]\n[5, 6]\n"),
        ("t = table(a = [1, 2]); t", "a\n─\n1\n2\n(2 rows, 1 column)\n"),
        ("r = table(x = [1]); r[1]", "x: 1\n"),
        ("print 1e300 * 1e300", "inf\n"),
        ("assert 1 + 1 == 2, \"arithmetic\"; print \"ok\"", "ok\n"),
    ]

    @Test(arguments: programs)
    func programOutput(text: String, expected: String) {
        let (out, error) = runCapturing(text)
        #expect(error == nil, "\(error?.message ?? "")")
        #expect(out == expected)
    }

    /// Runtime errors carry the span of what went wrong.
    static let errors: [(String, String, String)] = [
        ("x = y + 1", "unknown name 'y'", "1:5"),
        ("f(x) = x; f(1, 2)", "takes 1 argument (x), got more", "1:16"),
        ("f(x, y) = x; f(1)", "missing argument 'y'", "1:14"),
        ("f(x) = x; f(z = 1)", "has no parameter 'z'", "1:17"),
        ("[1, 2] + [1, 2, 3]", "vector lengths differ: 2 and 3", "1:1"),
        ("\"a\" * 2", "cannot apply '*' to a string and a number", "1:1"),
        ("v = [1, 2]; v[3]", "index 3 is out of range", "1:15"),
        ("v = [1, 2]; v[0]", "index 0 is out of range", "1:15"),
        ("assert 1 > 2, \"nope\"", "assertion failed: nope", "1:8"),
        ("if [1, 2] { }", "expected a true/false condition", "1:4"),
        ("t = table(a = [1]); t.b", "table has no column 'b'", "1:21"),
        ("exp(\"x\")", "exp expects a number or vector", "1:5"),
        ("f(n) = f(n + 1); f(1)", "too many nested calls: does", "1:8"),
        ("x = 1..1e12", "more than the limit", "1:5"),
        ("set digits 40", "whole number from 1 to 17", "1:12"),
        ("t = table(a = [1, 2]); t.b = [1, 2, 3]", "column 'b' would have 3 values but table 't' has 2 rows", "1:30"),
        ("x = e", "unknown name 'e'", "1:5"),
        ("load \"no/such/file.csv\"", "no such file", "1:6"),
        ("mean([])", "mean of an empty vector", "1:6"),
        ("1(2)", "a number cannot be called", "1:1"),
    ]

    @Test(arguments: errors)
    func runtimeErrors(text: String, message: String, at: String) {
        let (_, error) = runCapturing(text)
        guard let error else { Issue.record("no error for \(text)"); return }
        #expect(error.message.contains(message), "\(error.message)")
        #expect(position(of: error, in: text) == at)
    }

    @Test func deepButLegalNestingEvaluates() {
        let (out, error) = runCapturing("print " + String(repeating: "-", count: 190) + "1")
        #expect(error == nil)
        #expect(out == "1\n")
    }

    @Test func unknownNameSuggestsTheClosest() {
        let (_, error) = runCapturing("alpha = 1; alpah + 1")
        #expect(error?.hint == "did you mean 'alpha'?")
        #expect(runCapturing("exp(1) + e").error?.hint == "there is no constant e; write exp(1)")
    }

    @Test func functionsSeeGlobalsButDoNotRebindThem() {
        let (out, error) = runCapturing("k = 2; f(x) = x * k; k = 3; print f(2); g(x) = x; print k")
        #expect(error == nil)
        #expect(out == "6\n3\n")
    }

    @Test func errorsStopTheScriptAfterEarlierOutput() {
        let (out, error) = runCapturing("print 1\nprint nope\nprint 3")
        #expect(out == "1\n")
        #expect(error?.message == "unknown name 'nope'")
    }
}
