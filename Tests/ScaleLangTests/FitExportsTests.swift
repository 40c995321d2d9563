import Foundation
import Testing
@testable import ScaleLang

/// A fit's numbers as tables and its law as a value: `table(f)`, `save f`, `f.cov`, `f.law`.
/// References: Tests/References/fit_exports.py (ordinary least squares in closed form, numpy).
struct FitExportsTests {
    let line = """
        t = table(x = [1, 2, 3, 4], y = [2.1, 3.9, 6.2, 7.8])
        f = fit y ~ a * x + b on t start a = 1..3, b = 0

        """

    func numbers(_ s: Substring) -> [Double] { s.split(separator: " ").compactMap { Double($0) } }

    @Test func parameterTableMatchesTheReference() throws {
        let (out, error) = runCapturing(line + """
            p = table(f)
            print columns(p)
            print p.parameter
            print p.estimate
            print p.se
            print p.lo
            print p.hi
            """)
        #expect(error == nil, "\(String(describing: error))")
        let lines = out.split(separator: "\n")
        #expect(lines[0] == "[\"parameter\", \"estimate\", \"se\", \"lo\", \"hi\"]")
        #expect(lines[1] == "[\"a\", \"b\"]")
        // numpy, closed form; tolerance 1e-9 relative (MINPACK's QR against numpy's lstsq)
        let expected: [[Double]] = [[1.94, 0.15], [0.0905538513813741, 0.247991935352745],
                                    [1.5503782241646, -0.917023177601341], [2.3296217758354, 1.21702317760134]]
        for (k, want) in expected.enumerated() {
            let got = numbers(lines[k + 2].dropFirst().dropLast().replacing(",", with: ""))
            #expect(got.count == 2, "\(lines[k + 2])")
            for (g, w) in zip(got, want) { #expect(abs(g - w) <= 1e-9 * abs(w), "\(lines[k + 2])") }
        }
    }

    @Test func covarianceIsATableByParameter() throws {
        let (out, error) = runCapturing(line + """
            c = f.cov
            print columns(c)
            print c.parameter
            print c.a
            print c.b
            print sqrt(c.a[1]) == f.se.a
            """)
        #expect(error == nil, "\(String(describing: error))")
        let lines = out.split(separator: "\n")
        #expect(lines[0] == "[\"parameter\", \"a\", \"b\"]")
        #expect(lines[1] == "[\"a\", \"b\"]")
        // σ²(XᵀX)⁻¹ = [[0.0082, -0.0205], [-0.0205, 0.0615]] (numpy); tolerance 1e-9 relative
        for (k, want) in [[0.0082, -0.0205], [-0.0205, 0.0615]].enumerated() {
            let got = numbers(lines[k + 2].dropFirst().dropLast().replacing(",", with: ""))
            #expect(got.count == 2 && zip(got, want).allSatisfy { abs($0 - $1) <= 1e-9 * abs($1) }, "\(lines[k + 2])")
        }
        #expect(lines[4] == "true")
    }

    @Test func savedFitLoadsBackEqual() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scale-fit-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (out, error) = runCapturing(line + """
            save f to "\(path)"
            u = load "\(path)"
            p = table(f)
            print all(u.estimate == p.estimate), all(u.se == p.se), all(u.lo == p.lo), all(u.hi == p.hi), u.parameter
            """)
        #expect(error == nil, "\(String(describing: error))")
        #expect(out == "true true true true [\"a\", \"b\"]\n")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("parameter,estimate,se,lo,hi\n"))
    }

    @Test func lawIsAValueWithItsFormulaAndValues() throws {
        let (out, error) = runCapturing(line + """
            g = f.law
            g
            print round(g(5) * 100) / 100, round(g(x = [1, 3]) * 100) / 100
            print round(d(g, x)(3) * 100) / 100
            """)
        #expect(error == nil, "\(String(describing: error))")
        #expect(out == """
            law y(x) = a*x + b
              fitted: a = 1.94, b = 0.15
            9.85 [2.09, 5.97]
            1.94

            """, "\(out)")
    }

    /// y = 1.5 + 40/x^0.5 exactly: the law of a fit of log(y) is a law of y.
    @Test func lawOfALogFitIsALawOfTheResponse() throws {
        let (out, error) = runCapturing("""
            t = table(x = 1..12, y = 1.5 + 40 / (1..12)^0.5)
            f = fit log(y) ~ log(E + A/x^a) on t start a = 1
            h = f.law
            print h(4)
            set digits 3
            h
            """)
        #expect(error == nil, "\(String(describing: error))")
        let lines = out.split(separator: "\n")
        // 1.5 + 40/√4 = 21.5; tolerance 1e-8 (exact data)
        #expect(abs((Double(lines[0]) ?? 0) - 21.5) < 1e-8, "\(out)")
        #expect(lines[1] == "law y(x) = E + A/x^a")
        #expect(lines[2] == "  fitted: E = 1.5, A = 40, a = 0.5")
    }

    @Test func tableOfSomethingElseIsAnError() {
        let (_, error) = runCapturing("table(3)")
        #expect(error?.message == "table takes a fit, or named columns as in 'table(N = [1, 2])', got a number")
    }
}
