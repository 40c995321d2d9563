import Foundation
import Testing
@testable import ScaleLang

/// A fit of log(y) ~ log(g) is a law of y: calls, `optimal` and `holdout` use g on y's scale;
/// and separable models are fitted by variable projection, which the summary says.
struct FitIsALawTests {
    /// y = 1.5 + 40/x^0.5 exactly at x = 1…12 (so the fit is exact and the values known).
    let data = "t = table(x = 1..12, y = 1.5 + 40 / (1..12)^0.5)\n"

    @Test func logFitPredictsTheResponseNotItsLog() throws {
        let (out, error) = runCapturing(data + """
            f = fit log(y) ~ log(E + A/x^a) on t start a = 1
            print f.E, f.A, f.a
            print f(x = 4), predict(f, table(x = [9]))[1]
            f
            """)
        #expect(error == nil, "\(String(describing: error))")
        let lines = out.split(separator: "\n").map(String.init)
        let params = lines[0].split(separator: " ").compactMap { Double($0) }
        // tolerance 1e-9: exact data, so the optimum is the generating law up to rounding
        #expect(params.count == 3 && abs(params[0] - 1.5) < 1e-9 && abs(params[1] - 40) < 1e-8 && abs(params[2] - 0.5) < 1e-9, "\(lines[0])")
        let predictions = lines[1].split(separator: " ").compactMap { Double($0) }
        // on y's scale: 1.5 + 40/2 = 21.5 at x = 4 and 1.5 + 40/3 at x = 9 (their logs would be 3.07 and 2.7)
        #expect(predictions.count == 2 && abs(predictions[0] - 21.5) < 1e-8 && abs(predictions[1] - (1.5 + 40.0 / 3)) < 1e-8, "\(lines[1])")
        #expect(out.contains("(variable projection)"))
    }

    /// A law written on a fit (`at(x) = f(2 * x)`) is a law too: derivatives, plots and fits
    /// inline the fitted law with its values (it used to be "cannot be used inside a model").
    @Test func lawsWrittenOnAFit() throws {
        let (out, error) = runCapturing(data + """
            f = fit log(y) ~ log(E + A/x^a) on t start a = 1
            at2(x) = f(2 * x)
            print d(at2, x)(2)
            sq(x) = f(x = x)^2
            print d(sq, x)(4)
            t.z = 3 * t.y
            g = fit z ~ c * f(x) on t
            print g.c
            """)
        #expect(error == nil, "\(String(describing: error))")
        let v = out.split(separator: "\n").compactMap { Double($0) }
        // d/dx of 1.5 + 40/(2x)^0.5 at x = 2: −0.5·40·2/4^1.5 = −5; of (1.5 + 40/x^0.5)² at x = 4:
        // 2·21.5·(−0.5·40/4^1.5) = −107.5; z = 3y gives c = 3. Tolerance 1e-8 (exact data).
        #expect(v.count == 3 && abs(v[0] + 5) < 1e-8 && abs(v[1] + 107.5) < 1e-7 && abs(v[2] - 3) < 1e-9, "\(out)")
    }

    @Test func holdoutOfALogFitShowsTheResponse() throws {
        let (out, error) = runCapturing(data + """
            f = fit log(y) ~ log(E + A/x^a) on t start a = 1
            holdout f largest 2 by x
            """)
        #expect(error == nil, "\(String(describing: error))")
        #expect(out.contains("data scale (the fit was of logs)"))
        // the held-out rows x = 11 and 12 with their actual y (not log y): 1.5 + 40/√12 = 13.0470
        #expect(out.contains("13.047"), "\(out)")
    }
}

/// `in log` and `method` on the fit command.
struct FitClausesTests {
    let data = "t = table(x = 1..12, y = 1.5 + 40 / (1..12)^0.5)\n"

    @Test func inLogIsTheFitOfLogs() throws {
        // the same fit written two ways: identical estimates (same problem, same path)
        let (out, error) = runCapturing(data + """
            f = fit y ~ E + A/x^a on t start a = 1 in log
            g = fit log(y) ~ log(E + A/x^a) on t start a = 1
            print f.E == g.E and f.A == g.A and f.a == g.a, f(x = 4)
            f
            """)
        #expect(error == nil, "\(String(describing: error))")
        #expect(out.hasPrefix("true 21.5"), "\(out)")  // y's scale: 1.5 + 40/2 (to print's shortest digits)
        #expect(out.contains("fit y ~ E + A/x^a in log"))
    }

    @Test func methodChoosesTheSearch() throws {
        let (out, error) = runCapturing(data + """
            f = fit y ~ E + A/x^a on t start E = 1, A = 30, a = 0.6 method lm
            g = fit y ~ E + A/x^a on t start a = 0.6 method varpro
            f
            g
            print abs(f.a - g.a) < 1e-9, abs(f.A - 40) < 1e-8
            """)
        #expect(error == nil, "\(String(describing: error))")
        #expect(out.components(separatedBy: "(variable projection)").count == 2, "\(out)")  // only g's summary says so
        #expect(out.hasSuffix("true true\n"), "\(out)")
    }
}
