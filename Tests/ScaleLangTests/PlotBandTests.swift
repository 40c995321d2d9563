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
}
