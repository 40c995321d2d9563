import Foundation
import Testing
@testable import ScaleLang

/// Answers that used to be silently wrong, and inputs that used to abort, from an adversarial pass
/// over the numerics (each checked against an independent reference named beside it).
struct NumericsRegressionTests {
    /// Runs `text` and returns its printed lines.
    static func lines(_ text: String) -> [String] {
        let (out, error) = runCapturing(text)
        #expect(error == nil, "\(error.map { "\($0.message)" } ?? "")")
        return out.split(separator: "\n").map(String.init)
    }

    /// (x^2)^0.5 is |x|: the simplifier made it x, so the derivative at −3 was 1, the plotted law
    /// differed from the called one, and a fit of y = 2|x| ended at a ≈ 0 "converged".
    @Test func powersOfPowersKeepTheirSign() {
        #expect(Self.lines("""
            L(x) = (x^2)^0.5
            print d(L, x)(-3)
            print L(-3)
            t = table(x = [-3, -1, 2, 4], y = [6, 2, 4, 8])
            f = fit y ~ a*(x^2)^0.5 on t
            print f.a
            """) == ["-1", "3", "2"])
    }

    /// The 11th and 12th derivatives of x^x (mpmath.diff at 40 digits: 47141.41440536019,
    /// 45810.12717706515 at 1.99, 134959.5981066037); twelve d() used to take 4.9 GB and abort.
    @Test func repeatedDerivativesOfXToTheX() throws {
        let out = Self.lines("""
            f(x) = x^x
            g = f
            for i in 1..11 { g = d(g, x) }
            print g(2)
            print g(1.99)
            print d(g, x)(2)
            """)
        let values = out.compactMap(Double.init)
        try #require(values.count == 3)
        // Tolerance: 1e-12 relative (double evaluation of terms of one sign).
        for (v, reference) in zip(values, [47141.41440536019, 45810.12717706515, 134959.5981066037]) {
            #expect(abs(v - reference) <= 1e-12 * reference, "\(v) vs \(reference)")
        }
    }

    /// A law derived so often that its written-out formula has millions of terms is shown by size.
    @Test func hugeDerivedLawsAreShownBySize() {
        let out = Self.lines("f(x) = x^x\ng = f\nfor i in 1..9 { g = d(g, x) }\ng")
        #expect(out.count == 1 && out[0].hasSuffix("more than 10000 terms written out)"), "\(out)")
    }

    /// A derivative past the model-size limit is an error naming the limit.
    @Test func derivativesPastTheLimitAreErrors() {
        var out = ""
        let interpreter = Interpreter(output: { out += $0 })
        interpreter.limits.modelSize = 300
        do {
            try interpreter.run(Source(name: "t", text: "f(x) = x^x\ng = f\nfor i in 1..12 { g = d(g, x) }"))
            Issue.record("no error")
        } catch {
            #expect(error.message == "the derivative is too large: more than 300 operations")
        }
    }
}
