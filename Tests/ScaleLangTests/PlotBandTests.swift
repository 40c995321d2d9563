import Foundation
import ScalePlot
import ScalingCore
import Testing

@testable import ScaleLang

/// `plot f over N band 95`: the fit's pointwise band, shaded, by the delta method or (with
/// `resamples K`) the bootstrap, the legend saying which.
struct PlotBandTests {
    static let data = """
        runs = table(N = [1e8, 2e8, 5e8, 1e9, 2e9, 5e9, 1e10, 2e10, 5e10, 1e11], loss = [4.02, 3.71, 3.33, 3.12, 2.93, 2.70, 2.58, 2.45, 2.31, 2.22])
        f = fit loss ~ E + A * N^-a on runs start E = 1.5, A = 100, a = 0.3

        """

    func run(_ script: String) throws -> (Plot, FitValue) {
        let interpreter = Interpreter(output: { _ in })
        try interpreter.run(Source(name: "t", text: Self.data + script))
        guard case .object(let o as PlotValue)? = interpreter.value(of: "p"), case .object(let f as FitValue)? = interpreter.value(of: "f") else { throw Missing() }
        return (o.plot, f)
    }

    struct Missing: Error {}

    @Test func deltaBandIsTheFitsAndIsShaded() throws {
        let (p, f) = try run("p = plot runs.loss vs runs.N, f over N = 1e7..1e13 band 95\n")
        let s = p.series[1]
        let band = try #require(s.band)
        #expect(s.label == "f (95% band, delta method)")
        #expect(band.lower.count == s.x.count)
        // the same numbers as ScalingCore's delta method at the last point
        let expected = PointwiseBand.delta(law: f.law, values: f.summary.values, covariance: f.summary.result.covariance, rows: 10,
                                           points: [f.problem.columnNames.map { $0 == "N" ? s.x[199] : 0 }], level: 0.95)
        #expect(abs(band.upper[199] - expected.upper[0]) < 1e-12 && abs(band.lower[199] - expected.lower[0]) < 1e-12)
        // wider beyond the data than inside it
        let inside = band.upper[100] - band.lower[100], beyond = band.upper[199] - band.lower[199]
        #expect(beyond > 2 * inside && inside > 0)
        #expect(SVGRenderer.render(p).contains("<polygon"))
    }

    @Test func resamplesGiveABootstrapBandAndSaySo() throws {
        let (p, _) = try run("p = plot f over N = 1e8..1e11 band 90 resamples 50 seed 4\n")
        #expect(p.series[0].label == "f (90% band, bootstrap, 50 of 50 refits, seed 4)")
        let band = try #require(p.series[0].band)
        #expect(zip(band.lower, band.upper).allSatisfy { $0 < $1 })
    }

    @Test func aBandNeedsAFit() {
        let (_, error) = runCapturing("g(N) = chinchilla(N, 20 * N)\nplot g over N = 1e8..1e10 band 95\n")
        #expect(error?.message == "a band is drawn about a fit: 'plot f over N band 95' with f = fit …")
    }

    /// The Chinchilla law fitted to the Chinchilla runs by least squares in log: at the data's edge
    /// (the largest run) the delta-method band with the sandwich covariance and the bootstrap band
    /// (200 resamples, seed 1) agree within 10% in width (0.0228 against 0.0216 nats); the classical
    /// covariance's band is narrower (0.0156), as the runs' spread is not one σ. The replication's
    /// own fit uses Huber's loss, and a Huber fit's band is drawn by the bootstrap, saying why.
    @Test func chinchillaDeltaAndBootstrapBandsAgreeAtTheDataEdge() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Examples")
        let interpreter = Interpreter(output: { _ in })
        interpreter.baseDirectory = examples.path
        try interpreter.run(Source(name: "t", text: """
            runs = load "data/chinchilla.csv"
            runs.N = runs."Model Size"
            runs.D = runs."Training FLOP" / (6 * runs.N)
            runs = runs where loss < sort(runs.loss)[len(runs) - 4]
            f = fit loss ~ E + A/N^alpha + B/D^beta on runs in log
            h = fit loss ~ E + A * N^(-a) on runs huber 1e-3 in log start E = 1.8, A = 400, a = 0.3
            p = plot h over N = 1e8..1e10 band 95
            """))
        guard case .object(let f as FitValue)? = interpreter.value(of: "f") else { throw Missing() }
        let names = f.problem.columnNames, columns = f.problem.columns
        let n = try #require(names.firstIndex(of: "N"))
        let edge = try #require(columns[n].indices.max { columns[n][$0] < columns[n][$1] })
        let point = names.indices.map { columns[$0][edge] }
        let sandwich = PointwiseBand.delta(law: f.law, values: f.summary.values, covariance: SandwichCovariance.hc1(f.problem, values: f.summary.values),
                                           rows: f.summary.rows, points: [point], level: 0.95)
        let boot = try Fitter.bootstrap(f.problem, from: f.summary.values, count: 200, seed: 1)
        let percentile = PointwiseBand.bootstrap(law: f.law, values: f.summary.values, replicates: boot.replicates, points: [point], level: 0.95)
        let wDelta = sandwich.upper[0] - sandwich.lower[0], wBoot = percentile.upper[0] - percentile.lower[0]
        #expect(wDelta > 0 && boot.replicates.count > 190)
        #expect(abs(wBoot / wDelta - 1) < 0.10, "delta \(wDelta), bootstrap \(wBoot)")
        guard case .object(let p as PlotValue)? = interpreter.value(of: "p") else { throw Missing() }
        #expect(p.plot.series[0].label.contains("bootstrap, 200 of 200 refits, seed 1; a Huber fit's covariance does not give its spread"))
    }
}
