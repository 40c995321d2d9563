import Testing
@testable import ScaleLang

/// Comparisons of vectors give bool vectors that print as true/false, combine with and/or/not,
/// count with sum, filter with where and pick elements or rows by indexing.
struct BoolVectorTests {
    static let cases: [(String, String)] = [
        ("print [1, 2, 3] == [2, 4, 6]", "[false, false, false]"),
        ("print [1, 2, 3] * 2 == [2, 4, 6]", "[true, true, true]"),
        ("print [1, 2, 3] > 1, 2 > 1", "[false, true, true] true"),
        ("print 2 <= [1, 2, 3]", "[false, true, true]"),
        ("print not ([1, 2, 3] > 1)", "[true, false, false]"),
        ("print [1, 2, 3] > 1 and [1, 2, 3] < 3", "[false, true, false]"),
        ("print [1, 2, 3] < 2 or [1, 2, 3] > 2", "[true, false, true]"),
        ("print true and [1, 0] == 1", "[true, false]"),
        ("print [\"a\", \"b\", \"a\"] == \"a\"", "[true, false, true]"),
        ("print sum([1, 5, 2, 8] > 2), len([1, 5] > 2), any([1, 5] > 4), all([1, 5] > 4)", "2 2 true false"),
        ("print mean([1, 5, 2, 8] > 2)", "0.5"),
        ("v = [1, 5, 2, 8]\nprint v[v > 2], v[not (v > 2)]", "[5, 8] [1, 2]"),
        ("s = [\"a\", \"b\", \"c\"]\nprint s[[1, 2, 3] != 2]", "[\"a\", \"c\"]"),
        ("print ([1, 5] > 2)[2]", "true"),
        ("print ([1, 5] > 2) + 1", "[1, 2]"),
        ("t = table(x = [1, 5, 2, 8])\nprint t[t.x > 2].x, (t where x > 2).x", "[5, 8] [5, 8]"),
        ("for b in [1, 5] > 2 { print b }", "false\ntrue"),
        ("if ([1, 5] > 2)[2] { print \"yes\" }", "yes"),
        ("t = table(x = [1, 5])\nt.big = t.x > 2\nprint t.big", "[0, 1]"),
        ("v = [1, 0/0, 3]\nprint isnan(v), sum(isnan(v)), v[not isnan(v)]", "[false, true, false] 1 [1, 3]"),
    ]

    @Test(arguments: cases)
    func boolVectors(code: String, expected: String) {
        let (out, error) = runCapturing(code)
        #expect(error == nil, "\(String(describing: error))")
        #expect(out == expected + "\n")
    }

    @Test func echoShowsTrueAndFalse() {
        let (out, _) = runCapturing("[1, 2, 3] == [2, 4, 6]")
        #expect(out == "[false, false, false]\n")
    }

    @Test func maskOfTheWrongLengthIsAnError() {
        let text = "v = [1, 2, 3]\nv[[1, 2] > 1]"
        let (_, error) = runCapturing(text)
        #expect(error?.message == "a mask of 2 true/false values cannot pick from 3 elements: the lengths must agree")
        #expect(error.map { position(of: $0, in: text) } == "2:3")
    }
}

/// A bootstrap of a quantity that is inf or nan in some replicates says how many.
struct BootstrapNonFiniteTests {
    @Test func notesCountNonFiniteReplicates() {
        let (out, error) = runCapturing("""
            t = table(x = [1, 2, 3, 4, 5, 6], y = [2.1, 3.9, 6.2, 7.8, 10.1, 12.2])
            f = fit y ~ a * x + b on t
            bootstrap f 50 seed 3 of 1 / (f.a - f.a), log(-abs(f.a)), f.a
            """)
        #expect(error == nil, "\(String(describing: error))")
        // 1/0 is inf and log of a negative number nan in every replicate, by construction
        #expect(out.hasSuffix("""
            (5 rows, 5 columns)
            note: 1/(f.a - f.a) is not finite in 50 of 50 replicates (50 infinite); the percentiles put them at the ends
            note: log(-abs(f.a)) is not finite in 50 of 50 replicates (50 nan); the percentiles are of the other replicates

            """), "\(out)")
        #expect(!out.contains("note: f.a"))
    }
}
