import Foundation
import Testing
@testable import ScaleLang
@testable import ScalingCore

/// Fits per group, shared parameters, the sharing test, answers per group and the cluster
/// bootstrap, against scipy (Tests/References/grouped_fits.py on Gadre et al. 2024's
/// over-training runs, three data sets) and against closed forms.
struct GroupedFitTests {
    func run(_ text: String) throws -> Interpreter { try runInRepository(text) }

    static let gadre = """
        runs = load "Examples/data/gadre2024_overtraining.csv"
        fs = fit loss_c4_val ~ E + A/N^alpha + B/D^beta on runs by dataset start E = [1, 2], A = [100, 1000], alpha = [0.2, 0.4], B = [100, 1000], beta = [0.2, 0.4]
        """

    /// scipy's least_squares (trf, tolerances 1e-15, the same 32 starts) per data set: every
    /// parameter to 1e-6 relative and each RSS to 1e-9 relative.
    @Test func perGroupFitsAgreeWithScipy() throws {
        let i = try run(Self.gadre)
        let reference: [(String, rss: Double, [Double])] = [
            ("c4_original", 0.4136040148568026, [1.3372938621167516, 84.38765656640747, 0.23183324719373535, 117.91354367087594, 0.21277384717888545]),
            ("rpj", 0.467440942926939, [1.3436493652443018, 46.93251840855896, 0.18929762181456364, 205.0506511579335, 0.24443798007861425]),
            ("rw_original", 0.33703190247479964, [1.4798787943638427, 53.41927393788973, 0.20200016591102074, 196.71048608622888, 0.2444233722764901]),
        ]
        for (group, rss, values) in reference {
            #expect(abs(try number(i, "fs.\(group).rss") / rss - 1) < 1e-9)
            for (name, v) in zip(["E", "A", "alpha", "B", "beta"], values) {
                #expect(abs(try number(i, "fs[\"\(group)\"].\(name)") / v - 1) < 1e-6, "\(group).\(name)")
            }
        }
        // the long table: a row per group and parameter, in group order then model order
        #expect(try number(i, "len(table(fs).estimate)") == 15)
        #expect(try number(i, "table(fs).estimate[7]") == (try number(i, "fs.rpj.A")))
        // a call picks the group by its column and passes the rest to its law
        #expect(try number(i, "fs(N = 1e9, D = 2e10, dataset = \"rpj\")") == (try number(i, "fs.rpj(N = 1e9, D = 2e10)")))
    }

    /// Porian et al.'s five configurations, a fit per file of the glob's rows: each RSS to 1e-9
    /// relative of scipy's variable-projection reference, and the parameters to 1e-6 where the
    /// optimum is well determined (the tuned configuration's Jacobian is singular at its optimum,
    /// so only its RSS is compared, and the fit says so).
    @Test func perFileFitsOfPorianConfigurationsAgreeWithScipy() throws {
        let i = try run("""
            runs = load "Examples/data/porian2024/*.csv"
            ps = fit loss ~ E + A/N^alpha + B/D^beta on runs by file start alpha = [0.2, 0.4, 0.6], beta = [0.2, 0.4, 0.6]
            """)
        let reference: [(String, rss: Double, [Double]?)] = [
            ("base_long_kaplan_kaplan_train", 7.822521200385868, [5.651635634162204, -1.735054067944995, -0.050977165463499036, 333.4793961258395, 0.22775046320015357]),
            ("base_long_kaplan_standard_val", 9.127101079640704, [-0.4346157363598621, 26.94374213089742, 0.13754606451666948, 481.8684917706591, 0.25244186091757304]),
            ("base_short_chinchilla_standard_val", 0.8303963638377369, [2.59788062679124, 4018.921328986875, 0.5034605390090509, 26466.368801369772, 0.5067906659791274]),
            ("base_short_kaplan_standard_val", 5.496294873364204, [2.5634033801208393, 135416.12684791448, 0.7484693999419326, 2586.149981954135, 0.3720694769131233]),
            ("tuned_short_const_standard_val", 19.66314049248687, nil),
        ]
        for (file, rss, values) in reference {
            #expect(abs(try number(i, "ps.\(file).rss") / rss - 1) < 1e-9, "\(file)")
            for (name, v) in zip(["E", "A", "alpha", "B", "beta"], values ?? []) {
                #expect(abs(try number(i, "ps.\(file).\(name)") / v - 1) < 1e-6, "\(file).\(name)")
            }
        }
        guard case .object(let g as GroupedFitValue)? = i.value(of: "ps") else { Issue.record("not a grouped fit"); return }
        #expect(g.display(digits: 6).contains("tuned_short_const_standard_val: the Jacobian is singular"))
    }

    /// One joint fit with E common: scipy's joint least squares from the separate optima (E to
    /// 1e-6 relative, the RSS to 1e-9); the F test, its p-value (scipy.stats.f.sf) and both AICs
    /// to 1e-6 relative.
    @Test func sharedParameterAndTestAgreeWithScipy() throws {
        let i = try run(Self.gadre + "\ngs = fit loss_c4_val ~ E + A/N^alpha + B/D^beta on runs by dataset shared E start E = [1, 2], A = [100, 1000], alpha = [0.2, 0.4], B = [100, 1000], beta = [0.2, 0.4]")
        #expect(abs(try number(i, "gs.c4_original.E") / 1.3750587058809915 - 1) < 1e-6)
        #expect(try number(i, "gs.rpj.E") == (try number(i, "gs.c4_original.E")))
        #expect(abs(try number(i, "gs.rpj.alpha") / 0.1934088006957363 - 1) < 1e-6)
        #expect(abs(try number(i, "gs.rw_original.B") / 199.52242699044712 - 1) < 1e-6)
        #expect(abs(try number(i, "gs.test.rss_shared") / 1.219388795246486 - 1) < 1e-9)
        #expect(try number(i, "gs.test.df1") == 2)
        #expect(try number(i, "gs.test.df2") == 89)
        #expect(abs(try number(i, "gs.test.F") / 0.047928918829594123 - 1) < 1e-5)
        #expect(abs(try number(i, "gs.test.p") / 0.9532261251251066 - 1) < 1e-6)
        #expect(abs(try number(i, "gs.test.aic_shared") / -139.24906505069475 - 1) < 1e-9)
        #expect(abs(try number(i, "gs.test.aic_separate") / -135.36101842457205 - 1) < 1e-9)
    }

    /// With nothing in common across groups a joint fit's optimum is the separate ones side by
    /// side; a shared parameter that truly is common (two noise-free lines of one intercept) is
    /// recovered exactly, and the F test of it is 0 with p = 1.
    @Test func jointFitOfTruthfullySharedIntercept() throws {
        let i = try run("""
            t = table(x = [1, 2, 3, 4, 1, 2, 3, 4], y = [3, 5, 7, 9, 4, 7, 10, 13], g = ["a", "a", "a", "a", "b", "b", "b", "b"])
            fs = fit y ~ a * x + b on t by g shared b
            """)
        #expect(abs(try number(i, "fs.a.b") - 1) < 1e-12)
        #expect(abs(try number(i, "fs.a.a") - 2) < 1e-12)
        #expect(abs(try number(i, "fs.b.a") - 3) < 1e-12)
        #expect(try number(i, "fs.test.F") == 0)
        #expect(abs(try number(i, "fs.test.p") - 1) < 1e-12)
    }

    /// The F test's p-value against a closed form: with q = 2, P(F ≥ f) = (1 + 2f/ν)^(−ν/2).
    @Test func sharingTestPValueClosedForm() {
        for (f, nu) in [(0.5, 10), (3.0, 7), (0.01, 200), (40.0, 3)] {
            let rss1 = 10.0, n = 20, p1 = n - nu
            let rss0 = rss1 + f * 2 * rss1 / Double(nu)
            let test = SharedParameters.SharingTest(rssShared: rss0, parametersShared: p1 - 2, rssSeparate: rss1, parametersSeparate: p1, rows: n)
            #expect(abs(test.f - f) < 1e-12 * f)
            let exact = Foundation.pow(1 + 2 * f / Double(nu), -Double(nu) / 2)
            #expect(abs(test.pValue - exact) < 1e-12 + 1e-10 * exact, "f = \(f), ν = \(nu)")
        }
    }

    /// Every consumer of a fit answers per group: `optimal fs at C` is a row a group, each that
    /// group's own allocation.
    @Test func optimalPerGroup() throws {
        let i = try run(Self.gadre + "\no = optimal fs at C = 1e22\nc4 = optimal fs.c4_original at C = 1e22\nw = optimal fs.rw_original at C = 1e22")
        #expect(try number(i, "len(o.N)") == 3)
        #expect(try number(i, "o.N[1]") == (try number(i, "c4.N")))
        #expect(try number(i, "o.loss[3]") == (try number(i, "w.loss")))
        guard case .table(let t)? = try i.value(of: "o").map({ $0.tabular }) else { Issue.record("not a table"); return }
        #expect(t.columnNames.first == "dataset")
    }

    /// `bootstrap f K by run` resamples whole clusters: every replicate's rows are a union of
    /// whole clusters, drawn as many as there are; reproducible by seed; and a replicate of a
    /// linear fit equals least squares on its rows (normal equations, computed here).
    @Test func clusterBootstrapResamplesWholeClusters() throws {
        let clusters = [[0, 1, 2], [3, 4], [5], [6, 7, 8, 9]]
        for k in 0..<50 {
            var rng = SeededRandom(seed: 11, stream: UInt64(k))
            let rows = Fitter.resampledRows(10, clusters: clusters, rng: &rng)
            var rest = rows[...]
            var drawn = 0
            while let first = rest.first {
                let c = clusters.first { $0[0] == first }!
                #expect(Array(rest.prefix(c.count)) == c)
                rest = rest.dropFirst(c.count)
                drawn += 1
            }
            #expect(drawn == clusters.count)
        }
        let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], y: [Double] = [2.1, 3.9, 6.3, 7.7, 10.2, 12.1, 13.8, 16.2, 18.1, 19.7]
        let problem = FitProblem(response: .column(1), model: .parameter(0) * .column(0) + .parameter(1), columns: [x, y],
                                 columnNames: ["x", "y"], parameterNames: ["a", "b"])
        let a = try Fitter.bootstrap(chain: [problem], from: [[2, 0]], count: 20, seed: 5, clusters: [clusters])
        let b = try Fitter.bootstrap(chain: [problem], from: [[2, 0]], count: 20, seed: 5, clusters: [clusters])
        #expect(a.replicates.map { $0[0] } == b.replicates.map { $0[0] })
        for k in 0..<20 {
            var rng = SeededRandom(seed: 5, stream: UInt64(k))
            let rows = Fitter.resampledRows(10, clusters: clusters, rng: &rng)
            let xs = rows.map { x[$0] }, ys = rows.map { y[$0] }
            let n = Double(rows.count), sx = xs.reduce(0, +), sy = ys.reduce(0, +)
            let sxx = xs.reduce(0) { $0 + $1 * $1 }, sxy = zip(xs, ys).reduce(0) { $0 + $1.0 * $1.1 }
            let det = n * sxx - sx * sx
            guard abs(det) > 1e-9 else { continue }  // a resample of one x has no line
            let slope = (n * sxy - sx * sy) / det, intercept = (sy - slope * sx) / n
            guard let replicate = a.replicates.first(where: { abs($0[0][0] - slope) < 1e-8 }) else {
                Issue.record("no replicate has slope \(slope)"); continue
            }
            #expect(abs(replicate[0][1] - intercept) < 1e-8)
        }
    }

    /// The language's `by` names what it resampled and refuses a column the fit's rows lack.
    @Test func clusterBootstrapInTheLanguage() throws {
        var out = ""
        let i = Interpreter(output: { out += $0 })
        try i.run(Source(name: "t", text: """
            t = table(x = [1, 2, 3, 4, 5, 6, 7, 8], y = [2.0, 4.1, 6.1, 7.9, 10.2, 11.8, 14.1, 16.0], run = [1, 1, 2, 2, 3, 3, 4, 4])
            f = fit y ~ a * x + b on t
            print bootstrap f 50 seed 2 by run
            """))
        #expect(out.contains("50 resamples of 4 clusters by run (8 rows), seed 2"))
        let bad = runCapturing("t = table(x = [1, 2, 3], y = [1, 2, 3])\nf = fit y ~ a * x on t\nbootstrap f 10 by run")
        #expect(bad.error?.message.contains("no column 'run'") == true)
    }

    /// `plot … by GROUPS` splits points into one series per value, labelled by it; `plot fs over C`
    /// draws each group's law in its own group's colour, though the groups share their x (one
    /// ladder), and a band of a grouped fit is refused with what to write instead.
    @Test func plotsByGroup() throws {
        let i = try run("""
            over = load "Examples/data/gadre2024_overtraining.csv"
            over.C = 6 * over.N * over.D
            m20 = over where M == 20
            ks = fit loss_c4_val ~ E + A * C^(-a) on m20 by dataset start E = 1.5, A = 100, a = 0.1
            p = plot m20.loss_c4_val vs m20.C by m20.dataset, ks over C = 1e16..1e23
            """)
        guard case .object(let p as PlotValue)? = i.value(of: "p") else { Issue.record("not a plot"); return }
        #expect(p.plot.series.map(\.label) == ["c4_original", "rpj", "rw_original", "c4_original", "rpj", "rw_original"])
        #expect(p.plot.series[1].x.count == 6)
        let slots = p.plot.colorSlots()
        #expect(slots[0] != slots[1] && slots[1] != slots[2])
        #expect(Array(slots[3...5]) == Array(slots[0...2]))
        // each law is its group's: at the group's largest run it is that group's fitted value
        let rpjLaw = p.plot.series[4]
        #expect(abs(rpjLaw.y[0] - (try number(i, "ks.rpj(C = 1e16)"))) < 1e-12)
        let band = runCapturing("t = table(x = [1, 2, 3, 4], y = [1, 2, 3, 5], g = [\"a\", \"a\", \"b\", \"b\"])\nfs = fit y ~ a * x on t by g\nplot fs over x = 1..4 band 95")
        #expect(band.error?.message.contains("a band is drawn about one fit") == true)
        let length = runCapturing("t = table(x = [1, 2, 3], y = [1, 2, 3])\nplot t.y vs t.x by [\"a\", \"b\"]")
        #expect(length.error?.message.contains("has 2 values but the series has 3 points") == true)
    }

    /// Mistakes name what is wrong: `shared` without `by`, an unknown parameter, every parameter shared.
    @Test func mistakesAreNamed() {
        let t = "t = table(x = [1, 2, 3, 4], y = [1, 2, 3, 5], g = [\"a\", \"a\", \"b\", \"b\"])\n"
        #expect(runCapturing(t + "fit y ~ a * x + b on t shared b").error?.message.contains("needs groups") == true)
        #expect(runCapturing(t + "fit y ~ a * x + b on t by g shared c").error?.message.contains("'c' is not a parameter") == true)
        #expect(runCapturing(t + "fit y ~ a * x + b on t by g shared a, b").error?.message.contains("every parameter is shared") == true)
        #expect(runCapturing(t + "fit y ~ a * x + b on t by h").error?.message.contains("no column 'h'") == true)
        #expect(runCapturing(t + "fs = fit y ~ a * x + b on t by g\nfs(x = 1, g = \"c\")").error?.message.contains("no group c") == true)
        // a grouped fit where a clause takes one fit is refused, not read as no fit
        #expect(runCapturing(t + "fs = fit y ~ a * x + b on t by g\napproaches t by x at C = 1e21 fit fs").error?.message.contains("'fit' takes one fit") == true)
    }
}
