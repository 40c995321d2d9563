import Foundation
import Testing
@testable import ScaleLang

/// The repeated-sampling coverage curve inside a model, and the special functions as builtins,
/// in models and in laws.
struct CoverageFitTests {
    func numbers(_ source: String, _ names: [String]) throws -> [Double] { try numbersAfterRunning(source, names) }

    /// 14 points of a coverage curve from Beta(0.35, 2.5) with noise (Fixtures/monkeys.csv, made by
    /// Tests/References/coverage_fit.py), fitted by scipy.optimize.curve_fit (trf, tolerances
    /// 1e-15): a = 0.35080547973227355, b = 2.4917716855691276, RSS = 1.414795482083439e-4,
    /// standard errors 0.002612019523256386 and 0.04373907896696288. scipy's trust region stops
    /// about 3e-8 short of the optimum in a, so the parameters are held to 1e-6 relative, the RSS
    /// to 1e-9 and the standard errors to 1e-4.
    static let scipy = (a: 0.35080547973227355, b: 2.4917716855691276, rss: 1.414795482083439e-4,
                        seA: 0.002612019523256386, seB: 0.04373907896696288)

    @Test(arguments: [
        "f = fit coverage ~ coverage(k, beta(a, b)) on monkeys\na = f.a\nb = f.b\nrss = sum(residuals(f)^2)\nse_a = f.se.a\nse_b = f.se.b\n",
        "law cov(k) = coverage(k, beta(a, b)) where a = 0.5, b = 1\nf = fit coverage ~ cov(k) on monkeys\na = f.a\nb = f.b\n"
            + "rss = sum(residuals(f)^2)\nse_a = f.se.a\nse_b = f.se.b\n",
        "f = fit_beta(monkeys)\na = f.a\nb = f.b\nrss = f.rss\nse_a = f.se_a\nse_b = f.se_b\n",
    ])
    func coverageCurveMatchesScipy(script: String) throws {
        let v = try numbers("monkeys = load \"Tests/ScaleLangTests/Fixtures/monkeys.csv\"\n" + script, ["a", "b", "rss", "se_a", "se_b"])
        #expect(abs(v[0] / Self.scipy.a - 1) < 1e-6, "a = \(v[0])")
        #expect(abs(v[1] / Self.scipy.b - 1) < 1e-6, "b = \(v[1])")
        #expect(abs(v[2] / Self.scipy.rss - 1) < 1e-9, "rss = \(v[2])")
        #expect(abs(v[3] / Self.scipy.seA - 1) < 1e-4 && abs(v[4] / Self.scipy.seB - 1) < 1e-4, "se = \(v[3]), \(v[4])")
    }

    /// The model's coverage is the builtin's (both are GenericSpecial.betaCoverage).
    @Test func modelCoverageIsTheBuiltins() throws {
        let v = try numbers("law cov(k) = coverage(k, beta(a, b)) where a = 0.35, b = 2.5\nx = cov(16)\ny = coverage(16, beta(0.35, 2.5))\n", ["x", "y"])
        #expect(abs(v[0] - v[1]) < 1e-15)
    }

    /// Special functions are builtins (values from mpmath, 1e-15 relative), and a law that calls
    /// them fits: y = lgamma(x)·c + sigmoid(x − m) with c = 0.5, m = 2 is recovered exactly.
    @Test func specialFunctionsAsBuiltinsAndInLaws() throws {
        let v = try numbers("a = lgamma(10)\nb = digamma(1)\nc = lbeta(0.5, 2)\nd = betainc(2, 3, 0.4)\ne = erf(1)\ng = softplus(1)\n",
                            ["a", "b", "c", "d", "e", "g"])
        let reference = [12.801827480081469, -0.57721566490153286, 0.28768207245178093, 0.5248, 0.84270079294971487, 1.3132616875182228]
        for (x, r) in zip(v, reference) { #expect(abs(x - r) <= 2e-15 * abs(r), "\(x) against \(r)") }
        let fit = try numbers("""
            law bump(x) = c * lgamma(x) + sigmoid(x - m) where c = 1, m = 1
            t = table(x = [0.5, 1.5, 2.5, 3.5, 4.5, 6])
            t.y = 0.5 * lgamma(t.x) + sigmoid(t.x - 2)
            f = fit y ~ bump(x) on t
            c = f.c
            m = f.m
            """, ["c", "m"])
        #expect(abs(fit[0] - 0.5) < 1e-10 && abs(fit[1] - 2) < 1e-10)
    }
}
