import Foundation
import Testing
@testable import ScalingCore

/// Akima's interpolant and Porian et al.'s way of locating each budget's optimum, against scipy
/// 1.17 (Akima1DInterpolator; numpy polyfit for the exponents), run outside ScaleLab by
/// Tests/References/porian_approach2.py.
struct IsoFLOPLocatorTests {
    /// scipy.interpolate.Akima1DInterpolator(x, y)(u) on a curve with flat runs (where both
    /// weights vanish and the mean-of-secants rule applies), to 1e-14 absolute.
    @Test func akimaMatchesScipy() throws {
        let spline = try #require(AkimaSpline(x: [0, 1, 2, 3, 4.5, 5, 7], y: [1, 2, 1.5, 1.5, 1.5, 3, 0]))
        let expected: [(Double, Double)] = [
            (0, 1.0), (0.3, 1.481125), (1, 2.0), (1.7, 1.6001250000000002), (2.5, 1.5), (3.2, 1.5),
            (4.6, 1.636799999999999), (4.99, 2.9866992), (6, 2.7375), (7, 0.0),
        ]
        for (u, v) in expected { #expect(abs(spline(u) - v) < 1e-14, "at \(u)") }
        #expect(zip(spline.slopes, [1.75, -0.125, 0, 0, 0, 1.2, -3.75]).allSatisfy { abs($0 - $1) < 1e-14 })
        #expect(spline(-0.5).isNaN && spline(7.5).isNaN)
        #expect(AkimaSpline(x: [0, 0, 1], y: [1, 2, 3]) == nil)
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func porian(_ name: String) throws -> (C: [Double], N: [Double], loss: [Double]) {
        let text = try String(contentsOf: root.appendingPathComponent("Examples/data/porian2024/\(name).csv"), encoding: .utf8)
        var C: [Double] = [], N: [Double] = [], loss: [Double] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").compactMap { Double($0) }
            C.append(f[0]); N.append(f[1]); loss.append(f[3])
        }
        return (C, N, loss)
    }

    /// The shipped Chinchilla runs (Examples/data/chinchilla.csv: Model Size, Training FLOP, loss).
    static func chinchilla() throws -> (C: [Double], N: [Double], loss: [Double]) {
        let text = try String(contentsOf: root.appendingPathComponent("Examples/data/chinchilla.csv"), encoding: .utf8)
        var C: [Double] = [], N: [Double] = [], loss: [Double] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 7, let n = Double(f[3]), let c = Double(f[4]), let l = Double(f[6]) else { continue }
            N.append(n); C.append(c); loss.append(l)
        }
        return (C, N, loss)
    }

    /// The exponent a of N_opt ∝ C^a with Porian et al.'s locator on their five configurations:
    /// scipy's run of the same procedure to 1e-9 (the paper prints 0.834, 0.701, 0.604, 0.571, 0.497).
    @Test(arguments: [
        ("base_long_kaplan_kaplan_train", 11, 0.834817313203177),
        ("base_long_kaplan_standard_val", 11, 0.7003103297187288),
        ("base_short_kaplan_standard_val", 12, 0.605457013563437),
        ("base_short_chinchilla_standard_val", 12, 0.5714940102376982),
        ("tuned_short_const_standard_val", 12, 0.4970287954916179),
    ])
    func porianExponents(name: String, budgets: Int, a: Double) throws {
        let runs = try Self.porian(name)
        let analysis = try IsoFLOP.analyse(N: runs.N, loss: runs.loss, compute: runs.C, locator: .akima)
        #expect(analysis.budgets.count == budgets)
        #expect(abs(analysis.N.exponent - a) < 1e-9)
        #expect(abs(analysis.D.exponent - (1 - a)) < 1e-9)
    }

    /// Every budget either gives an interior optimum or says why not.
    @Test func budgetsAtTheEdgeAreSkippedWithTheReason() throws {
        let runs = try Self.porian("base_long_kaplan_standard_val")
        let analysis = try IsoFLOP.analyse(N: runs.N, loss: runs.loss, compute: runs.C, locator: .akima)
        #expect(analysis.skipped == ["C ≈ 1.25e+16: the minimum is at the smallest size sampled, not between sizes"])
        // A budget whose loss falls all the way to its largest size has no interior optimum.
        let falling = IsoFLOP.locate([1e8, 2e8, 4e8], [3.0, 2.9, 2.8], by: .akima)
        guard case .failure(.atEdge(smallest: false)) = falling else { Issue.record("\(falling)"); return }
        let downward = IsoFLOP.locate([1e8, 2e8, 4e8], [3.0, 3.2, 3.0], by: .parabola)
        guard case .failure(.opensDownward) = downward else { Issue.record("\(downward)"); return }
    }

    /// Hoffmann et al.'s parabola on the same runs, vertices outside the sizes sampled refused:
    /// numpy polyfit(log N, loss, 2) per budget and polyfit in log–log across budgets, to 1e-9.
    @Test(arguments: [
        ("base_long_kaplan_kaplan_train", 8, 0.8651582548333416),
        ("base_long_kaplan_standard_val", 9, 0.7795242943015548),
        ("base_short_kaplan_standard_val", 12, 0.65901385368841),
        ("base_short_chinchilla_standard_val", 12, 0.56297791193876),
        ("tuned_short_const_standard_val", 12, 0.5136854604365698),
    ])
    func parabolaExponents(name: String, budgets: Int, a: Double) throws {
        let runs = try Self.porian(name)
        let analysis = try IsoFLOP.analyse(N: runs.N, loss: runs.loss, compute: runs.C, locator: .parabola)
        #expect(analysis.budgets.count == budgets)
        #expect(abs(analysis.N.exponent - a) < 1e-9)
    }

    /// Sizes a figure's extraction left 2.4e-7 apart in log N, with equal losses (the shipped
    /// Chinchilla runs at C ≈ 5.5e18): the interpolant swung to a loss of 2.97e-261 there. Merged,
    /// the minimum lies between the sampled sizes, with a loss within the runs' own.
    @Test func nearDuplicateSizesAreOneSize() throws {
        let N = [5e7, 73_824_671, 73_824_689, 1.2e8, 174_942_805, 174_942_929, 3e8]
        let loss = [3.20, 3.05, 3.05, 3.00, 3.02, 3.02, 3.15]
        guard case .success(let found) = IsoFLOP.locate(N, loss, by: .akima) else { Issue.record("no optimum"); return }
        #expect(found.loss >= 2.95 && found.loss <= 3.00, "\(found)")
        #expect(found.N > 7.4e7 && found.N < 1.75e8, "\(found)")
        // too few once merged: a reason, not a number
        guard case .failure(.tooFewSizes(2)) = IsoFLOP.locate([1e8, 1.00001e8, 2e8], [3, 2.9, 3.1], by: .akima) else {
            Issue.record("two sizes after merging should be refused"); return
        }
    }

    /// A located optimum is checked against the budget's runs, whatever the locator: a loss below
    /// the lowest run by more than the runs' spread is refused with the reason.
    @Test func locatedLossesOutsideTheRunsAreRefused() {
        // a parabola through nearly flat losses whose vertex dips far below them
        let r = IsoFLOP.locate([1e8, 1.1e8, 1e10], [3.001, 3.000, 3.001], by: .parabola)
        if case .success(let found) = r { #expect(found.loss >= 3.000 - 0.001, "\(found)") }
        // every budget of the shipped Chinchilla runs that gives an optimum gives a loss among its runs'
        guard let c = try? Self.chinchilla(), c.N.count == 245, let analysis = try? IsoFLOP.analyse(N: c.N, loss: c.loss, compute: c.C, locator: .akima) else {
            Issue.record("the Chinchilla runs did not load or analyse"); return
        }
        #expect(analysis.budgets.count >= 12)
        for b in analysis.budgets {
            #expect(b.loss > 2 && b.loss < 4, "C = \(b.compute): loss \(b.loss)")
        }
    }
}
