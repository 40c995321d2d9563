import Foundation
import Testing
@testable import ScaleLang
@testable import ScalingCore

/// `compare` and `matched`. References were computed independently in Python: the closed-form
/// Chinchilla allocation in float64, and best-of-k with a noisy verifier by scipy.integrate.quad
/// (epsrel 1e-13) of k·p·φ_σ(s − 1)/σ·F(s)^(k−1), σ = 1/(√2·Φ⁻¹(0.9)).
struct ThreeLawsTests {
    func run(_ source: String) throws -> Interpreter {
        let interpreter = Interpreter(output: { _ in })
        try interpreter.run(Source(name: "t", text: source))
        return interpreter
    }

    func number(_ source: String) throws -> Double {
        guard case .number(let x)? = try run("x = " + source).value(of: "x") else { throw ScaleError(.runtime, "not a number", at: .none) }
        return x
    }

    func text(_ source: String) throws -> String {
        guard case .string(let s)? = try run("x = " + source).value(of: "x") else { throw ScaleError(.runtime, "not text", at: .none) }
        return s
    }

    @Test func defaultsReproduceTheSeedsOrderings() throws {
        #expect(try text("(compare 7B with tokens = 140B).by_return") == "test time > RL > pre-training")
        #expect(try text("(compare 7B with tokens = 140B).by_ceiling") == "pre-training > RL > test time")
        // python: base 0.5741931595915567, pre-training 0.5924361270151077 (ceiling 0.991422514586288),
        // RL 0.6575264929248901, test time (43 samples) 0.6990928165975635
        let c = "(compare 7B with tokens = 140B)"
        #expect(abs(try number("\(c).base") - 0.5741931595915567) < 1e-13)
        #expect(abs(try number("\(c).accuracy[1]") - 0.5924361270151077) < 1e-12)
        #expect(abs(try number("\(c).ceiling[1]") - 0.991422514586288) < 1e-13)
        #expect(abs(try number("\(c).accuracy[2]") - 0.6575264929248901) < 1e-13)
        #expect(try number("\(c).samples") == 43)
        #expect(abs(try number("\(c).accuracy[3]") - 0.6990928165975635) < 1e-9)
        #expect(abs(try number("\(c).gain_per_flop[3]") - (0.6990928165975635 - 0.5741931595915567) / 5.88e20) < 1e-27)
    }

    @Test func orderingsFlipOnHardProblemsAndLargeDeployments() throws {
        #expect(try text("(compare 7B with tokens = 140B, p = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.2]).by_return") == "RL > test time > pre-training")
        #expect(try text("(compare 7B with tokens = 140B, queries = 1B).by_return") == "RL > pre-training > test time")
        #expect(try number("(compare 7B with tokens = 140B, queries = 1B).gain[3]") == 0)
        // with no RL headroom at all, RL gains nothing and falls to last
        #expect(try text("(compare 7B with tokens = 140B, headroom = 1e-9).by_return") == "test time > pre-training > RL")
    }

    @Test func matchedAgainstIndependentReference() throws {
        let i = try run("m = matched 14 with model = 1B, queries = 1B")
        guard case .object(let o as ResultTable)? = i.value(of: "m"), case .numbers(let large)? = o.table.column("large"),
              case .numbers(let small)? = o.table.column("small_k"), case .text(let winner)? = o.table.column("winner") else {
            Issue.record("matched did not return its table")
            return
        }
        // python: k = 14 + 3·13·20B/1T = 14.78 → 14 samples; epoch2024 loss 2.532850323678703 → 2.3183330591515596
        #expect(o.extra["samples"].flatMap { if case .number(let x) = $0 { x } else { nil } } == 14)
        let largeRef = [0.9924504594097382, 0.9563504275531053, 0.8622574995652285, 0.6187488778993334, 0.22963833377323317]
        let smallRef = [0.998291667210939, 0.9839325154659666, 0.8923866329698917, 0.5366806967749803, 0.14345487559558176]
        for j in 0..<5 {
            #expect(abs(large[j] - largeRef[j]) < 1e-13)
            #expect(abs(small[j] - smallRef[j]) < 1e-9)
        }
        // Snell et al.: test time wins on easy and medium problems, the larger model on hard ones
        #expect(winner == ["test time", "test time", "test time", "larger model", "larger model"])
    }

    /// Each error names the option (or operand) at fault and points at it.
    @Test(arguments: [
        ("compare 7B with tokns = 140B", "unknown option 'tokns' for compare", "tokns = 140B"),
        ("matched 0.5 with model = 1B", "the larger model must be more than 1× the small one, got 0.5", "0.5"),
        ("compare 7B with extra = 0.1, budget = 1e21", "give either extra (a fraction of the base compute) or budget (FLOPs), not both", "1e21"),
        ("compare 7B with queries = -1", "queries must be a positive number, got -1", "-1"),
        ("matched 14 with verifier = 3", "verifier is oracle, noisy(σ) or auc(x)", "3"),
    ])
    func badOptionsAreNamed(text: String, message: String, span: String) throws {
        do {
            _ = try run(text)
            Issue.record("no error for \(text)")
        } catch let error as ScaleError {
            #expect(error.message.hasPrefix(message), "\(error.message)")
            let bytes = Array(text.utf8)
            #expect(String(decoding: bytes[error.range.start..<error.range.end], as: UTF8.self) == span)
        }
    }
}
