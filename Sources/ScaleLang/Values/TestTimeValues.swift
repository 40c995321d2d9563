import ScalingCore

/// A difficulty distribution value (`beta(a, b)`).
final class DistributionValue: DomainObject {
    let difficulty: TestTimeSimulation.Difficulty
    init(_ d: TestTimeSimulation.Difficulty) { difficulty = d }
    var typeName: String { "distribution" }
    var memberNames: [String] { ["a", "b", "mean"] }
    func member(_ name: String) -> Value? {
        guard case .beta(let a, let b) = difficulty else { return nil }
        switch name {
        case "a": return .number(a)
        case "b": return .number(b)
        case "mean": return .number(a / (a + b))
        default: return nil
        }
    }
    func display(digits: Int) -> String {
        guard case .beta(let a, let b) = difficulty else { return "distribution" }
        return "beta(\(formatSignificant(a, digits: digits)), \(formatSignificant(b, digits: digits))): mean \(formatSignificant(a / (a + b), digits: digits))"
    }
}

/// A verifier value (`oracle`, `noisy(σ)`, `auc(x)`).
final class VerifierValue: DomainObject {
    let verifier: TestTimeSimulation.Verifier
    let label: String
    init(_ v: TestTimeSimulation.Verifier, label: String) {
        verifier = v
        self.label = label
    }
    var typeName: String { "verifier" }
    var memberNames: [String] { ["sigma"] }
    func member(_ name: String) -> Value? {
        if name == "sigma", case .noisy(let s) = verifier { return .number(s) }
        return nil
    }
    func display(digits: Int) -> String {
        if case .noisy(let s) = verifier { return "verifier \(label): score = correct + N(0, \(formatSignificant(s, digits: digits))²)" }
        return "verifier oracle: any correct sample wins"
    }
}
