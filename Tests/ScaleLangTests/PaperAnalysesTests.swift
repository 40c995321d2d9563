import Foundation
import Testing
@testable import ScaleLang

/// The papers' analyses as commands, against references computed outside ScaleLab
/// (Tests/References/porian_approach2.py for Approach 2; numpy's lstsq for the refits of
/// log loss = c + d·log C, whose leave-one-out and backtest values have closed forms).
struct PaperAnalysesTests {
    func run(_ text: String) throws -> Interpreter { try runInRepository(text) }

    /// Both locators through the language give scipy's exponents (to 1e-9), and Approach 3's
    /// exponents are β/(α+β) and α/(α+β) of the fit it is given.
    @Test func approachesSideBySide() throws {
        let i = try run("""
            r = load "Examples/data/porian2024/tuned_short_const_standard_val.csv"
            r.C = r.flops
            r.D = r.C / (6 * r.N)
            f = fit loss ~ E + A/N^alpha + B/D^beta on r start E = 2, A = 400, B = 400, alpha = 0.3, beta = 0.3
            a = approaches r by C at C = 1e21 fit f with resamples = 20, seed = 3
            """)
        #expect(abs(try number(i, "a.a[1]") - 0.5136854604365698) < 1e-9)
        #expect(abs(try number(i, "a.a[2]") - 0.4970287954916179) < 1e-9)
        let alpha = try number(i, "f.alpha"), beta = try number(i, "f.beta")
        #expect(abs(try number(i, "a.a[3]") - beta / (alpha + beta)) < 1e-12)
        #expect(abs(try number(i, "a.b[3]") - alpha / (alpha + beta)) < 1e-12)
        #expect(abs(try number(i, "a.N_opt[3] * a.D_opt[3] * 6") / 1e21 - 1) < 1e-9)
        #expect(try number(i, "a.a_lo[2]") < 0.4970287954916179)
        #expect(try number(i, "a.a_hi[2]") > 0.4970287954916179)
        #expect(try number(i, "(isoflop r by C locate akima).a") == (try number(i, "a.a[2]")))
    }

    /// Given the runs' training curves, `approaches` adds Approach 1 as its first row: the same
    /// exponent as `envelope` on the same curves and levels (exactly), the allocation at the budget
    /// from that power law (N·D·6 = C to 1e-9), and Approaches 2 and 3 unchanged by the curves.
    @Test func approachesAddApproach1FromCurves() throws {
        let i = try run("""
            logs = load "Examples/data/ladder/tensorboard"
            curves = pivot_wider(logs, names = "tag", values = "value", id = ["run", "step"])
            curves.N = curves.params
            curves.C = curves.flops
            final = summarize curves by run with N = last(N), C = last(C), loss = last(loss)
            with = approaches final by C at C = 1e21 curves curves with resamples = 10, levels = 300, seed = 2
            without = approaches final by C at C = 1e21 with resamples = 10, seed = 2
            e = envelope curves by run flops C levels 300
            """)
        #expect(try number(i, "len(with.table)") == 4)
        #expect(try number(i, "with.a[1]") == (try number(i, "e.a")))
        #expect(abs(try number(i, "with.N_opt[1] * with.D_opt[1] * 6") / 1e21 - 1) < 1e-9)
        for k in 2...4 { #expect(try number(i, "with.a[\(k)]") == (try number(i, "without.a[\(k - 1)]"))) }
        #expect(try number(i, "with.a_lo[1]") <= (try number(i, "with.a[1]")))
    }

    static let runs = """
        t = table(C = [1e18, 1.2e18, 3e18, 3.3e18, 1e19, 1.1e19, 3e19, 3.2e19, 1e20, 1.05e20])
        t.loss = [3.1, 3.05, 2.9, 2.88, 2.75, 2.74, 2.62, 2.60, 2.51, 2.52]
        f = fit log(loss) ~ c + d * log(C) on t start c = 1, d = 0

        """

    /// Relative errors on the data's scale (exp of the fitted log), as numpy's refits give them.
    @Test func backtestForecastsLaterGroups() throws {
        let i = try run(Self.runs + "b = backtest f by C below 1e19, 1e20")
        #expect(try number(i, "len(b.table)") == 4)
        let expected = [-0.01898197337474128, -0.02094916665013513]  // the 1e19 group, fitted below 1e19
        #expect(abs(try number(i, "b.forecasts.rel_error[1]") - expected[0]) < 1e-9)
        #expect(abs(try number(i, "b.forecasts.rel_error[2]") - expected[1]) < 1e-9)
        #expect(abs(try number(i, "b.max_abs_rel_error[4]") - 0.025747202113292733) < 1e-9)
        #expect(try number(i, "b.trained[4]") == 8)
        let largest = try run(Self.runs + "b = backtest f by C largest 3")
        #expect(try number(largest, "b.below[1]") == 1e19)
    }

    /// Leaving out each budget moves the slope d exactly as numpy's refits do.
    @Test func influenceRanksTheRuns() throws {
        let i = try run(Self.runs + "t.budget = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]\nf = fit log(loss) ~ c + d * log(C) on t start c = 1, d = 0\ns = influence f of f.d by budget")
        // numpy: d without each budget; the largest move comes from leaving out budget 5
        #expect(try number(i, "s.budget[1]") == 5)
        #expect(abs(try number(i, "s.without[1]") - (-0.048379569904289)) < 1e-9)
        #expect(abs(try number(i, "s.change[1]") - (-0.048379569904289 - (try number(i, "f.d")))) < 1e-9)
        #expect(try number(i, "len(s.table)") == 5)
        let rows = try run(Self.runs + "s = influence f of f.d")
        #expect(try number(rows, "len(s.table)") == 10)
    }

    /// Fits bootstrapped together: each on its own resample (the second from seed + 1), so the
    /// intervals of each fit's parameters are those of its own bootstrap, and a quantity read
    /// through both (a downstream error from a forecast loss) carries both fits' uncertainty.
    @Test func fitsBootstrappedTogether() throws {
        let i = try run(Self.runs + """
            g = fit loss ~ e + k * log(C) on t start e = 1, k = 0
            both = bootstrap f, g 60 seed 3 of g(C = exp(f.c)), f.d
            one = bootstrap f 60 seed 3
            two = bootstrap g 60 seed 4
            """)
        #expect(try number(i, "both.lo[1]") == (try number(i, "one.lo[1]")))
        #expect(try number(i, "both.hi[2]") == (try number(i, "one.hi[2]")))
        #expect(try number(i, "both.lo[3]") == (try number(i, "two.lo[1]")))
        #expect(try number(i, "both.hi[4]") == (try number(i, "two.hi[2]")))
        #expect(try number(i, "both.lo[6]") == (try number(i, "one.lo[2]")))
        #expect(try number(i, "both.lo[5]") < (try number(i, "both.estimate[5]")))
    }
}
