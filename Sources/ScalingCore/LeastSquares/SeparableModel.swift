/// A model that is linear in some of its parameters: f(θ, c) = φ₀(θ) + Σ_k c_k φ_k(θ), or the log
/// of such a sum. `E + A/N^alpha + B/D^beta` is linear in E, A and B (with φ = 1, N^−α, D^−β);
/// `log(E + A/N^alpha + B/D^beta)` is the log of a sum linear in them.
///
/// Variable projection (see `VariableProjection`) solves the linear parameters exactly for each
/// value of the nonlinear ones, so that only the nonlinear ones are searched.
public struct SeparableModel: Sendable, Equatable {
    /// The scale on which the model is compared with the response.
    public enum Scale: Sendable, Equatable {
        /// The model is the linear combination itself.
        case linear
        /// The model is the log of the linear combination (a fit of log(y) ~ log(…)).
        case log
    }

    /// Whether the model is the linear combination or its log.
    public var scale: Scale
    /// The linear combination φ₀ + Σ c_k φ_k (the model itself, or the argument of its log).
    public var combination: ModelExpr
    /// Indices of the parameters that enter linearly (the c_k), in parameter order.
    public var linear: [Int]
    /// Indices of the other parameters (θ), in parameter order.
    public var nonlinear: [Int]

    /// Finds the parameters in which `model` (or the argument of a top-level `log`) is linear; nil
    /// when there are none.
    ///
    /// A set S of parameters enters linearly exactly when every ∂f/∂c, c ∈ S, is free of all of S
    /// (then the Hessian block in S is zero, so f is affine in S). Parameters are taken greedily in
    /// order: c joins S when ∂f/∂c is free of S ∪ {c} and no derivative already in S involves c.
    /// `depends(on:)` is syntactic, so it can only reject a parameter that is in fact linear
    /// (A·B·x keeps A and leaves B nonlinear); it never accepts one that is not.
    public static func detect(_ model: ModelExpr, parameterCount p: Int) -> SeparableModel? {
        if case .function(.log, let inner) = model, let s = detect(combination: inner[0], scale: .log, parameterCount: p) { return s }
        return detect(combination: model, scale: .linear, parameterCount: p)
    }

    private static func detect(combination g: ModelExpr, scale: Scale, parameterCount p: Int) -> SeparableModel? {
        var linear: [Int] = []
        var derivatives: [Int: ModelExpr] = [:]
        for c in 0..<p where g.depends(on: c) {
            let d = g.derivative(parameter: c)
            guard !d.depends(on: c), !linear.contains(where: { d.depends(on: $0) }),
                  !linear.contains(where: { derivatives[$0]?.depends(on: c) ?? true }) else { continue }
            linear.append(c)
            derivatives[c] = d
        }
        guard !linear.isEmpty else { return nil }
        let nonlinear = (0..<p).filter { !linear.contains($0) }
        return SeparableModel(scale: scale, combination: g, linear: linear, nonlinear: nonlinear)
    }
}
