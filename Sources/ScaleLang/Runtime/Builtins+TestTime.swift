import Foundation
import ScalingCore

/// pass@k, coverage, difficulty distributions and verifiers.

extension BuiltinRegistry {
    mutating func registerTestTimeBuiltins() {
        define("passk", ["n", "c", "k"],
               doc: "pass@k from n samples with c correct (Chen et al. 2021, product form)",
               example: "passk(200, 13, 10)") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let n = try a.vector(0), c = try a.vector(1), k = try a.number(2, "k")
            guard n.count == c.count || n.count == 1 || c.count == 1 else {
                throw .runtime("passk: n and c have different lengths (\(n.count) and \(c.count))", at: a.callRange)
            }
            let count = max(n.count, c.count)
            var out: [Double] = []
            for i in 0..<count {
                do throws(RepeatedSampling.InputError) {
                    out.append(try RepeatedSampling.passAtK(n: n[n.count == 1 ? 0 : i], c: c[c.count == 1 ? 0 : i], k: k))
                } catch {
                    throw .runtime("passk\(count > 1 ? " (problem \(i + 1))" : ""): \(error.description)", at: a.callRange)
                }
            }
            if case .number? = a[0], case .number? = a[1] { return .number(out[0]) }
            return .vector(out)
        }
        define("beta", ["a", "b"],
               doc: "a Beta(a, b) distribution of per-problem success probabilities",
               example: "beta(0.3, 2)") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let x = try a.number(0, "a"), y = try a.number(1, "b")
            guard x > 0, y > 0 else { throw .runtime("beta(a, b) needs a > 0 and b > 0", at: a.callRange) }
            return .object(DistributionValue(.beta(x, y)))
        }
        define("coverage", ["k", "p"],
               doc: "the chance at least one of k samples is right: 1 − (1 − p)^k, or 1 − B(a, b + k)/B(a, b) under beta(a, b)",
               example: "coverage(1..1000 times 10, beta(0.3, 2))") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let ks = try a.vector(0, "a number of samples")
            let f: (Double) -> Double
            switch a[1] {
            case .number(let p)?:
                guard p >= 0, p <= 1 else { throw .runtime("coverage: p must be in [0, 1]", at: a.range(1)) }
                f = { RepeatedSampling.coverage(k: $0, p: p) }
            case .object(let o as DistributionValue)?:
                guard case .beta(let x, let y) = o.difficulty else { throw .runtime("coverage takes p or beta(a, b)", at: a.range(1)) }
                f = { RepeatedSampling.coverage(k: $0, betaA: x, betaB: y) }
            default: throw .runtime("coverage takes a probability p or beta(a, b) second", at: a.range(1))
            }
            // k counts samples: a fraction or a negative number has no meaning here
            for k in ks { _ = try a.interpreter.whole(k, in: 0...(1 << 53), at: a.range(0), what: "coverage's k") }
            if case .number(let k)? = a[0] { return .number(f(k)) }
            return .vector(ks.map(f))
        }
        define("fit_beta", ["table"],
               doc: "the Beta(a, b) that best explains per-problem counts (columns n and c), by maximum likelihood, or a coverage curve (columns k and coverage), by least squares",
               example: "fit_beta(table(n = [10, 10, 10, 10], c = [0, 2, 5, 9]))") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            // a coverage curve: columns k (samples) and coverage
            if case .table(let t)? = a[0], case .numbers(let k)? = t.column("k"), case .numbers(let cov)? = t.column("coverage") {
                do throws(RepeatedSampling.InputError) {
                    let f = try RepeatedSampling.fitBetaToCoverage(k: k, coverage: cov)
                    return .record(Record([("a", .number(f.a)), ("b", .number(f.b)), ("se_a", .number(f.standardErrors.a)),
                                           ("se_b", .number(f.standardErrors.b)), ("rss", .number(f.rss)),
                                           ("converged", .bool(f.converged)), ("mean", .number(f.a / (f.a + f.b)))]))
                } catch {
                    throw .runtime("fit_beta: \(error.description)", at: a.callRange)
                }
            }
            guard case .table(let t)? = a[0], case .numbers(let n)? = t.column("n"), case .numbers(let c)? = t.column("c") else {
                throw .runtime("fit_beta expects a table with numeric columns n (samples) and c (correct) per problem, or a coverage curve with columns k and coverage", at: a.range(0))
            }
            do throws(RepeatedSampling.InputError) {
                let f = try RepeatedSampling.fitBeta(n: n, c: c)
                return .record(Record([("a", .number(f.a)), ("b", .number(f.b)), ("loglik", .number(f.logLikelihood)),
                                       ("converged", .bool(f.converged)), ("mean", .number(f.a / (f.a + f.b)))]))
            } catch {
                throw .runtime("fit_beta: \(error.description)", at: a.callRange)
            }
        }
        define("noisy", ["sigma"],
               doc: "a verifier whose score is correctness plus N(0, σ²) noise",
               example: "noisy(0.5)") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let s = try a.number(0, "σ")
            guard s > 0 else { throw .runtime("noisy(σ) needs σ > 0", at: a.range(0)) }
            return .object(VerifierValue(.noisy(s), label: "noisy(\(formatShortest(s)))"))
        }
        define("auc", ["x"],
               doc: "a noisy verifier with this area under the ROC curve",
               example: "auc(0.8)") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let x = try a.number(0, "an AUC")
            guard x > 0.5, x < 1 else { throw .runtime("auc(x) needs 0.5 < x < 1", at: a.range(0)) }
            return .object(VerifierValue(.auc(x), label: "auc(\(formatShortest(x)))"))
        }
        constant("oracle", .object(VerifierValue(.oracle, label: "oracle")), doc: "the verifier that always knows the right answer", example: "oracle")
    }
}
