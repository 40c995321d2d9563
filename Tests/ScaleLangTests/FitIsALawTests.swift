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
