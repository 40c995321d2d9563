import Foundation
import Testing
@testable import ScaleLang

/// NIST's Statistical Reference Datasets for nonlinear regression (public domain): all 27 problems
/// from both of NIST's starting points, each fitted by a `fit` statement in the language with
/// default settings. Every parameter and the residual sum of squares must agree with NIST's
/// certified values to at least 6 significant digits: the log relative error
/// LRE = −log10(|estimate − certified| / |certified|) is at least 6.
struct NISTTests {
    /// The models as NIST states them, in the language's syntax.
    static let models: [String: String] = [
        "Misra1a": "y ~ b1*(1-exp(-b2*x))",
        "Chwirut2": "y ~ exp(-b1*x)/(b2+b3*x)",
        "Chwirut1": "y ~ exp(-b1*x)/(b2+b3*x)",
        "Lanczos3": "y ~ b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x)",
        "Gauss1": "y ~ b1*exp(-b2*x) + b3*exp(-(x-b4)^2/b5^2) + b6*exp(-(x-b7)^2/b8^2)",
        "Gauss2": "y ~ b1*exp(-b2*x) + b3*exp(-(x-b4)^2/b5^2) + b6*exp(-(x-b7)^2/b8^2)",
        "DanWood": "y ~ b1*x^b2",
        "Misra1b": "y ~ b1 * (1-(1+b2*x/2)^(-2))",
        "Kirby2": "y ~ (b1 + b2*x + b3*x^2) / (1 + b4*x + b5*x^2)",
        "Hahn1": "y ~ (b1+b2*x+b3*x^2+b4*x^3) / (1+b5*x+b6*x^2+b7*x^3)",
        "Nelson": "log(y) ~ b1 - b2*x1 * exp(-b3*x2)",
        "MGH17": "y ~ b1 + b2*exp(-x*b4) + b3*exp(-x*b5)",
        "Lanczos1": "y ~ b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x)",
        "Lanczos2": "y ~ b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x)",
        "Gauss3": "y ~ b1*exp(-b2*x) + b3*exp(-(x-b4)^2/b5^2) + b6*exp(-(x-b7)^2/b8^2)",
        "Misra1c": "y ~ b1 * (1-(1+2*b2*x)^(-0.5))",
        "Misra1d": "y ~ b1*b2*x*((1+b2*x)^(-1))",
        "Roszman1": "y ~ b1 - b2*x - atan(b3/(x-b4))/pi",
        "ENSO": "y ~ b1 + b2*cos(2*pi*x/12) + b3*sin(2*pi*x/12) + b5*cos(2*pi*x/b4) + b6*sin(2*pi*x/b4) + b8*cos(2*pi*x/b7) + b9*sin(2*pi*x/b7)",
        "MGH09": "y ~ b1*(x^2+x*b2) / (x^2+x*b3+b4)",
        "Thurber": "y ~ (b1 + b2*x + b3*x^2 + b4*x^3) / (1 + b5*x + b6*x^2 + b7*x^3)",
        "BoxBOD": "y ~ b1*(1-exp(-b2*x))",
        "Rat42": "y ~ b1 / (1+exp(b2-b3*x))",
        "MGH10": "y ~ b1 * exp(b2/(x+b3))",
        "Eckerle4": "y ~ (b1/b2) * exp(-0.5*((x-b3)/b2)^2)",
        "Rat43": "y ~ b1 / ((1+exp(b2-b3*x))^(1/b4))",
        "Bennett5": "y ~ b1 * (b2+x)^(-1/b3)",
    ]

    struct Problem: CustomTestStringConvertible {
        var name: String
        var start: Int
        var testDescription: String { "\(name) start \(start)" }
    }

    static let directory = repositoryRoot.appendingPathComponent("Tests/ScalingCoreTests/Fixtures/nist-strd")
    static let cases: [Problem] = models.keys.sorted().flatMap { [Problem(name: $0, start: 1), Problem(name: $0, start: 2)] }

    struct Dataset {
        var starts: [[Double]]  // [start1, start2] per parameter order
        var certified: [Double]
        var rss: Double
        var columns: [String]
        var data: [[Double]]
    }

    /// Reads a NIST .dat file: the parameter lines (b1 = start1 start2 certified sd), the certified
    /// residual sum of squares, and the data block after "Data:".
    static func read(_ name: String) throws -> Dataset {
        let text = try String(contentsOf: directory.appendingPathComponent(name + ".dat"), encoding: .ascii)
        let lines = text.components(separatedBy: .newlines)
        var s1: [Double] = [], s2: [Double] = [], cert: [Double] = [], rss = Double.nan
        var dataStart = 0
        for (i, line) in lines.enumerated() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if words.count >= 6, words[0].hasPrefix("b"), words[1] == "=", let a = Double(words[2]), let b = Double(words[3]), let c = Double(words[4]) {
                s1.append(a); s2.append(b); cert.append(c)
            }
            if line.contains("Residual Sum of Squares:"), let v = words.last.flatMap(Double.init) { rss = v }
            // The second "Data:" line names the columns: "Data:   y   x"
            if words.first == "Data:", words.count >= 3, words[1] == "y" { dataStart = i }
        }
        let header = Array(lines[dataStart].split(separator: " ").map(String.init).dropFirst())
        var data = [[Double]](repeating: [], count: header.count)
        for line in lines[(dataStart + 1)...] {
            let values = line.split(whereSeparator: { $0 == " " || $0 == "\r" }).compactMap { Double($0) }
            guard values.count == header.count else { continue }
            for (j, v) in values.enumerated() { data[j].append(v) }
        }
        return Dataset(starts: [s1, s2], certified: cert, rss: rss, columns: header, data: data)
    }

    /// Digits of the certified RSS that binary64 data can carry. Lanczos1's certified RSS,
    /// 1.4307867721e-25, comes from residuals of about 1e-13; its predictor values (0.05, 0.10, …)
    /// are not representable in binary64, and rounding them moves each residual by about 1e-16,
    /// a thousandth of itself. So the RSS of the *stored* data differs from NIST's in the third
    /// digit whatever the optimiser does (its parameters still reach LRE ≥ 6, checked above).
    static func rssDigits(_ name: String) -> Double { name == "Lanczos1" ? 2.5 : 6 }

    static func lre(_ estimate: Double, _ certified: Double) -> Double {
        if estimate == certified { return 15 }
        return -log10(abs(estimate - certified) / abs(certified))
    }

    @Test(arguments: cases)
    func certifiedValues(problem: Problem) throws {
        let d = try Self.read(problem.name)
        let model = try #require(Self.models[problem.name])
        var t = Table()
        for (name, column) in zip(d.columns, d.data) { t.setColumn(name, .numbers(column)) }
        let interpreter = Interpreter(output: { _ in }, loadPrelude: true)
        interpreter.globals.variables["data"] = .table(t)
        let starts = d.starts[problem.start - 1].enumerated().map { "b\($0.offset + 1) = \($0.element)" }.joined(separator: ", ")
        try interpreter.run(Source(name: problem.name, text: "f = fit \(model) on data start \(starts)"))
        guard case .object(let object)? = interpreter.value(of: "f"), let fit = object as? FitValue else {
            Issue.record("no fit value"); return
        }
        #expect(fit.summary.converged, "\(fit.summary.reason)")
        for (j, c) in d.certified.enumerated() {
            let k = try #require(fit.summary.parameters.firstIndex(of: "b\(j + 1)"))
            let lre = Self.lre(fit.summary.values[k], c)
            #expect(lre >= 6, "b\(j + 1) = \(fit.summary.values[k]), certified \(c), LRE \(lre)")
        }
        let lre = Self.lre(fit.summary.rss, d.rss)
        #expect(lre >= Self.rssDigits(problem.name), "RSS = \(fit.summary.rss), certified \(d.rss), LRE \(lre)")
    }
}
