import Foundation
import Testing
@testable import ScalingCore

/// The special functions a model can call, against mpmath at 50 digits
/// (Tests/References/special_functions.py, whose output the tables below are), over grids that
/// include tiny and huge arguments, points beside digamma's poles and at its root, and x → 0, 1
/// for the incomplete beta function.
struct SpecialFunctionReferenceTests {
    /// Relative tolerance, and an absolute one for values near zero (digamma by its root, log B
    /// near 0, betainc's complement near 1).
    static let tolerances: [String: (relative: Double, absolute: Double)] = [
        "lgamma": (1e-14, 1e-15), "digamma": (1e-14, 1e-15), "polygamma": (1e-13, 0), "lbeta": (1e-13, 1e-15),
        "betainc": (1e-12, 1e-300), "betapdf": (1e-12, 0), "betainc_da": (1e-7, 1e-12), "betainc_db": (1e-7, 1e-12),
        "erf": (1e-15, 0), "sigmoid": (1e-15, 0), "softplus": (1e-15, 0), "coverage_beta": (1e-12, 0),
    ]

    static let tables: [(MathFunction, [([Double], Double)])] = [
        (.lgamma, lgamma), (.digamma, digamma), (.polygamma, polygamma), (.lbeta, lbeta), (.betainc, betainc), (.betainc, betaincLarge),
        (.betaDensity, betaDensity), (.betaincA, betaincA), (.betaincB, betaincB), (.erf, erf), (.sigmoid, sigmoid),
        (.softplus, softplus), (.coverageBeta, coverage),
    ]

    @Test(arguments: tables.indices)
    func matchesMpmath(index: Int) throws {
        let (f, rows) = Self.tables[index]
        let tolerance = try #require(Self.tolerances[f.name])
        for (args, reference) in rows {
            let value = f.apply(args)
            let close = value == reference || abs(value - reference) <= tolerance.relative * abs(reference) + tolerance.absolute
            #expect(close, "\(f.name)(\(args)) = \(value), mpmath \(reference)")
            // the same entry in extended precision agrees with the double one
            let wide = f.value(MathArguments(args.map { Wide($0) }))
            #expect(Double(wide) == value || abs(Double(wide) - value) <= 2 * tolerance.relative * abs(value) + tolerance.absolute,
                    "\(f.name)(\(args)) in extended precision: \(wide)")
        }
    }

    /// Past its 10,000 terms the continued fraction has not converged: NaN, not a number of
    /// unknown accuracy (I_½(1e12, 1e12) came out 0.61106 for 0.61135, before the prefix was
    /// rewritten and the fraction could say it had not converged).
    @Test func incompleteBetaSaysWhenItCannotAnswer() {
        #expect(MathFunction.betainc.apply([1e10, 1e10, 0.5]).isNaN)
        #expect(MathFunction.betainc.apply([1e10, 1e10, 0.4]) == 0)  // far below the mode: underflows, and says so exactly
    }

    /// The derivative rules against central differences at interior points: exact rules for all
    /// but betainc's a and b (numeric, 1e-7).
    @Test func derivativeRulesMatchDifferences() {
        let points: [(MathFunction, [Double])] = [
            (.lgamma, [3.7]), (.lgamma, [-2.5]), (.digamma, [0.3]), (.digamma, [-1.5]), (.polygamma, [2, 1.7]),
            (.lbeta, [0.7, 2.4]), (.lbeta, [3, 500]), (.betainc, [2, 3, 0.4]), (.betainc, [0.5, 0.5, 0.2]),
            (.betaDensity, [2, 3, 0.4]), (.erf, [0.6]), (.sigmoid, [-3]), (.softplus, [2]), (.coverageBeta, [10, 0.3, 2]),
            (.coverageBeta, [1000, 0.5, 3]),
        ]
        for (f, at) in points {
            let e = ModelExpr.function(f, (0..<f.arity).map { ModelExpr.parameter($0) })
            for k in 0..<f.arity where !(f == .polygamma && k == 0) {
                let exact = e.derivative(parameter: k).value(parameters: at, columns: [])
                let h = 1e-5 * Swift.max(abs(at[k]), 1e-3)
                var up = at, down = at
                up[k] += h
                down[k] -= h
                let numeric = (f.apply(up) - f.apply(down)) / (2 * h)
                #expect(abs(exact - numeric) <= 1e-6 * Swift.max(abs(exact), 1e-3), "∂\(f.name)/∂x\(k) at \(at): \(exact) against \(numeric)")
            }
        }
    }
}

extension SpecialFunctionReferenceTests {
    static let lgamma: [([Double], Double)] = [
        ([1e-300], 690.7755278982137),
        ([1e-10], 23.025850929882736),
        ([0.5], 0.5723649429247001),
        ([1.0], 0.0),
        ([1.5], -0.12078223763524522),
        ([2.0], 0.0),
        ([3.7], 1.428072326665388),
        ([10.0], 12.801827480081469),
        ([100.0], 359.1342053695754),
        ([100000.0], 1051287.7089736569),
        ([1000000000000000.0], 3.3538776394910668e+16),
        ([1e+300], 6.897755278982137e+302),
        ([-0.5], 1.2655121234846454),
        ([-2.5], -0.056243716497674054),
        ([-1e-10], 23.025850929998178),
    ]
    static let digamma: [([Double], Double)] = [
        ([1e-300], -9.999999999999999e+299),
        ([1e-08], -100000000.57721564),
        ([0.1], -10.423754940411076),
        ([1.0], -0.5772156649015329),
        ([1.4616321449683622], -9.241265521729427e-17),
        ([2.0], 0.42278433509846713),
        ([5.5], 1.6110931485817512),
        ([10.0], 2.251752589066721),
        ([100.0], 4.600161852738087),
        ([1000000.0], 13.815510057964191),
        ([1000000000000000.0], 34.538776394910684),
        ([-0.5], 0.03648997397857652),
        ([-1.5], 0.7031566406452432),
        ([-1.99999999], -99999999.68496273),
        ([-3.000000001], 999999918.5157535),
        ([-0.999999], -999999.5771842643),
        ([-10.3], 4.662403493582087),
    ]
    static let polygamma: [([Double], Double)] = [
        ([1.0, 1e-05], 10000000001.644909),
        ([1.0, 0.3], 12.245364546107732),
        ([1.0, 1.0], 1.6449340668482264),
        ([1.0, 4.5], 0.24872510303901038),
        ([1.0, 12.0], 0.08690187287176838),
        ([1.0, 1000.0], 0.0010005001666666333),
        ([1.0, 100000000.0], 1.000000005e-08),
        ([1.0, -0.5], 8.934802200544679),
        ([1.0, -2.7], 14.769375845132314),
        ([2.0, 1e-05], -2000000000000002.0),
        ([2.0, 0.3], -75.27253658872604),
        ([2.0, 1.0], -2.4041138063191885),
        ([2.0, 4.5], -0.061556821321027695),
        ([2.0, 12.0], -0.007547205368998912),
        ([2.0, 1000.0], -1.0010004999998333e-06),
        ([2.0, 100000000.0], -1.00000001e-16),
        ([2.0, -0.5], -0.82879664423432),
        ([2.0, -2.7], -68.9329390232638),
        ([3.0, 1e-05], 5.999999999999999e+20),
        ([3.0, 0.3], 743.1417646550498),
        ([3.0, 1.0], 6.493939402266829),
        ([3.0, 4.5], 0.030322508542366587),
        ([3.0, 12.0], 0.001310093231070826),
        ([3.0, 1000.0], 2.003001999999e-09),
        ([3.0, 100000000.0], 2.0000000300000002e-24),
        ([3.0, -0.5], 193.40909103400244),
        ([3.0, -2.7], 768.9626351155225),
    ]
    static let lbeta: [([Double], Double)] = [
        ([1e-300, 1.0], 690.7755278982137),
        ([1e-10, 1e-10], 23.7189981105004),
        ([0.5, 0.5], 1.1447298858494002),
        ([1.0, 1.0], 0.0),
        ([2.0, 3.0], -2.4849066497880004),
        ([0.3, 10000.0], -1.667293616704783),
        ([1.0, 1000000000000000.0], -34.538776394910684),
        ([1000000000000000.0, 1000000000000000.0], -1386294361119906.5),
        ([50.0, 60.0], -76.52272335335051),
        ([150.0, 2.0], -10.02791513091118),
        ([1e-05, 100000.0], 11.512804563691175),
        ([7.0, 1e+300], -4828.849444075486),
        ([99.5, 100.5], -139.66274653446675),
        ([0.7, 2.4], -0.30964851429335416),
    ]
    static let betaincLarge: [([Double], Double)] = [
        ([1000.0, 2000.0, 0.3333], 0.5001718802520619),
        ([10000.0, 10000.0, 0.499], 0.38864995214253756),
        ([100000.0, 50000.0, 0.667], 0.6076878878550289),
        ([1000000.0, 1000000.0, 0.5003], 0.8019280371578851),
        ([10000000.0, 30000000.0, 0.25], 0.5000242788541087),
        ([300.0, 200.0, 0.3], 5.764914593041544e-44),
    ]
    static let betainc: [([Double], Double)] = [
        ([0.5, 0.5, 1e-300], 6.366197723675813e-151),
        ([2.0, 3.0, 0.4], 0.5248),
        ([2.0, 3.0, 1e-10], 5.9999999992e-20),
        ([2.0, 3.0, 0.9999999999], 1.0),
        ([0.1, 10.0, 0.5], 0.9999777025275416),
        ([10.0, 0.1, 0.5], 2.2297472458379067e-05),
        ([50.0, 50.0, 0.5], 0.5),
        ([50.0, 50.0, 0.45], 0.15865219893709884),
        ([1.0, 1.0, 0.3], 0.3),
        ([0.001, 0.001, 0.5], 0.5),
        ([200.0, 300.0, 0.4], 0.502428616319932),
        ([5.0, 2.0, 0.999999], 0.999999999985),
        ([0.5, 2.0, 0.0], 0.0),
        ([0.5, 2.0, 1.0], 1.0),
        ([3.0, 0.2, 0.001], 8.805283804559211e-11),
    ]
    static let betaDensity: [([Double], Double)] = [
        ([0.5, 0.5, 1e-300], 3.183098861837907e+149),
        ([2.0, 3.0, 0.4], 1.728),
        ([2.0, 3.0, 1e-10], 1.19999999976e-09),
        ([2.0, 3.0, 0.9999999999], 1.2000001984568985e-19),
        ([0.1, 10.0, 0.5], 0.0004801050827060802),
        ([10.0, 0.1, 0.5], 0.0004801050827060802),
        ([50.0, 50.0, 0.5], 7.958923738717876),
        ([50.0, 50.0, 0.45], 4.863835504857861),
        ([1.0, 1.0, 0.3], 1.0),
        ([0.001, 0.001, 0.5], 0.0019972326127213067),
        ([200.0, 300.0, 0.4], 18.199532673567944),
        ([5.0, 2.0, 0.999999], 2.9999880001042663e-05),
        ([3.0, 0.2, 0.001], 2.642113902575767e-07),
    ]
    static let betaincA: [([Double], Double)] = [
        ([2.0, 3.0, 0.4], -0.24086937608755657),
        ([0.5, 0.5, 0.2], -0.6419756782692088),
        ([0.1, 10.0, 0.5], -0.00026918810067520186),
        ([50.0, 50.0, 0.45], -0.025534089671785287),
        ([5.0, 2.0, 0.9], -0.03427249633618477),
        ([3.0, 0.2, 0.001], -6.308971782615998e-10),
    ]
    static let betaincB: [([Double], Double)] = [
        ([2.0, 3.0, 0.4], 0.15634433641359877),
        ([0.5, 0.5, 0.2], 0.3875637692754405),
        ([0.1, 10.0, 0.5], 1.7314618651243736e-05),
        ([50.0, 50.0, 0.45], 0.023102294728601664),
        ([5.0, 2.0, 0.9], 0.1601651356509646),
        ([3.0, 0.2, 0.001], 5.535995038553998e-10),
    ]
    static let erf: [([Double], Double)] = [
        ([0.0], 0.0),
        ([1e-300], 1.1283791670955126e-300),
        ([1e-10], 1.1283791670955126e-10),
        ([0.5], 0.5204998778130465),
        ([1.0], 0.8427007929497149),
        ([2.0], 0.9953222650189527),
        ([5.0], 0.9999999999984626),
        ([6.0], 1.0),
        ([27.0], 1.0),
        ([-1.0], -0.8427007929497149),
        ([-3.0], -0.9999779095030014),
    ]
    static let sigmoid: [([Double], Double)] = [
        ([-800.0], 0.0),
        ([-40.0], 4.248354255291589e-18),
        ([-1.0], 0.2689414213699951),
        ([0.0], 0.5),
        ([1e-10], 0.500000000025),
        ([1.0], 0.7310585786300049),
        ([40.0], 1.0),
        ([800.0], 1.0),
    ]
    static let softplus: [([Double], Double)] = [
        ([-800.0], 0.0),
        ([-40.0], 4.248354255291589e-18),
        ([-1.0], 0.3132616875182228),
        ([0.0], 0.6931471805599453),
        ([1.0], 1.3132616875182228),
        ([40.0], 40.0),
        ([800.0], 800.0),
        ([1e+300], 1e+300),
    ]
    static let coverage: [([Double], Double)] = [
        ([1.0, 0.3, 2.0], 0.13043478260869565),
        ([10.0, 0.3, 2.0], 0.44149187141224133),
        ([10000.0, 0.3, 2.0], 0.9263890989898388),
        ([100000000.0, 0.05, 1.5], 0.600706260897613),
        ([3.0, 2.0, 50.0], 0.1090146750524109),
        ([0.0, 0.3, 2.0], 0.0),
    ]
}
