import Foundation

/// A fit problem compiled for the inner loop: residuals and their Jacobian over all rows,
/// evaluated by straight-line programs into preallocated buffers.
final class ResidualModel {
    let problem: FitProblem
    let m: Int
    let p: Int
    let y: [Double]
    let sqrtWeights: [Double]
    let valueProgram: CompiledModel
    let jacobianProgram: CompiledModel
    let valueSpace: CompiledModel.Workspace
    let jacobianSpace: CompiledModel.Workspace
    /// ψ(r_i)·∂r_i/∂f_i per row, scratch for the Huber gradient.
    let psiBuffer: UnsafeMutablePointer<Double>
    /// Each row's curvature weight, scratch for the Huber curvature.
    let curvatureBuffer: UnsafeMutablePointer<Double>
    /// Each row's residual and ρ_δ(r_i), from `huberObjective`.
    let residualBuffer: UnsafeMutablePointer<Double>
    let rhoBuffer: UnsafeMutablePointer<Double>
    /// c_i·∂f_i/∂θ_j for the curvature (p columns).
    let weightedDerivativeBuffer: UnsafeMutablePointer<Double>
    /// Where the derivative program's outputs (fitted values, then the p derivatives) are read as
    /// columns of m values: an output's register, or for an output that is one value for every
    /// row, a column of `broadcastBuffer` that `broadcastScalarOutputs` fills.
    let outputColumns: [UnsafeMutablePointer<Double>]
    let broadcastBuffer: UnsafeMutablePointer<Double>

    /// Compiles `problem` (whose response has already been checked finite as `y`).
    init(problem: FitProblem, y: [Double], valueProgram: CompiledModel, jacobianProgram: CompiledModel) {
        self.problem = problem
        m = problem.rows
        p = problem.parameterCount
        self.y = y
        sqrtWeights = problem.weights.map { $0.map { $0.squareRoot() } } ?? Array(repeating: 1, count: problem.rows)
        self.valueProgram = valueProgram
        self.jacobianProgram = jacobianProgram
        valueSpace = valueProgram.makeWorkspace()
        jacobianSpace = jacobianProgram.makeWorkspace()
        let rows = max(problem.rows, 1)
        psiBuffer = .allocate(capacity: rows)
        curvatureBuffer = .allocate(capacity: rows)
        residualBuffer = .allocate(capacity: rows)
        rhoBuffer = .allocate(capacity: rows)
        weightedDerivativeBuffer = .allocate(capacity: rows * max(p, 1))
        let broadcast = UnsafeMutablePointer<Double>.allocate(capacity: rows * (p + 1))
        broadcastBuffer = broadcast
        outputColumns = (0...p).map { [jacobianSpace] k in
            let out = jacobianProgram.outputPointer(k, in: jacobianSpace)
            return out.isVector ? out.pointer : broadcast + k * rows
        }
    }

    deinit {
        for buffer in [psiBuffer, curvatureBuffer, residualBuffer, rhoBuffer, weightedDerivativeBuffer, broadcastBuffer] { buffer.deallocate() }
    }

    /// The model's partial derivatives, one per parameter.
    static func derivatives(of problem: FitProblem) -> [ModelExpr] {
        (0..<problem.parameterCount).map { problem.model.derivative(parameter: $0) }
    }

    /// Programs for a problem: the model alone, and the model with every partial derivative
    /// (given when many problems share one model, as the bootstrap's resamples do).
    static func programs(for problem: FitProblem, derivatives given: [ModelExpr]? = nil) -> (value: CompiledModel, jacobian: CompiledModel) {
        let n = problem.rows
        let derivatives = given ?? Self.derivatives(of: problem)
        return (CompiledModel([problem.model], columns: problem.columns, rows: n),
                CompiledModel([problem.model] + derivatives, columns: problem.columns, rows: n))
    }

    /// r_i = √w_i (y_i − f_i); false if any is not finite.
    func residuals(_ x: UnsafePointer<Double>, _ r: UnsafeMutablePointer<Double>) -> Bool {
        valueProgram.run(parameters: x, in: valueSpace)
        var finite = true
        for i in 0..<m {
            let v = sqrtWeights[i] * (y[i] - valueProgram.value(output: 0, row: i, in: valueSpace))
            r[i] = v
            if !v.isFinite { finite = false }
        }
        return finite
    }

    /// ∂r_i/∂θ_j = −√w_i ∂f_i/∂θ_j, column-major m×p.
    func jacobian(_ x: UnsafePointer<Double>, _ jac: UnsafeMutablePointer<Double>) {
        jacobianProgram.run(parameters: x, in: jacobianSpace)
        for j in 0..<p {
            for i in 0..<m {
                jac[i + j * m] = -sqrtWeights[i] * jacobianProgram.value(output: j + 1, row: i, in: jacobianSpace)
            }
        }
    }

    /// Both at once from one run of the derivative program (which also computes the model).
    func residualsAndJacobian(_ x: UnsafePointer<Double>, _ r: UnsafeMutablePointer<Double>, _ jac: UnsafeMutablePointer<Double>) -> Bool {
        jacobianProgram.run(parameters: x, in: jacobianSpace)
        var finite = true
        for i in 0..<m {
            let v = sqrtWeights[i] * (y[i] - jacobianProgram.value(output: 0, row: i, in: jacobianSpace))
            r[i] = v
            if !v.isFinite { finite = false }
        }
        for j in 0..<p {
            for i in 0..<m {
                jac[i + j * m] = -sqrtWeights[i] * jacobianProgram.value(output: j + 1, row: i, in: jacobianSpace)
            }
        }
        return finite
    }

    /// Huber objective Σ ρ_δ(r_i) and its gradient Σ ψ_δ(r_i)·∂r_i/∂θ from one run of the
    /// derivative program, read straight from its registers (the hot loop of a Huber grid).
    func huberObjectiveAndGradient(_ x: UnsafePointer<Double>, delta: Double, _ g: UnsafeMutablePointer<Double>) -> Double {
        let total = huberObjective(x, delta: delta)
        guard total.isFinite, huberGradient(x, delta: delta, g, curvature: nil) else { return .infinity }
        return total
    }

    /// Σ ρ_δ(r_i) at `x` (+∞ when a residual is not finite), running only the part of the
    /// derivative program that the model needs, so that a step that gets rejected costs no
    /// derivatives. The residuals stay in `residualBuffer` for `huberGradient` at the same `x`.
    func huberObjective(_ x: UnsafePointer<Double>, delta: Double) -> Double {
        jacobianProgram.runFirstOutput(parameters: x, in: jacobianSpace)
        broadcastScalarOutputs(0...0)
        let f = outputColumns[0]
        // A NaN or infinite residual makes the sum NaN or infinite.
        let total = y.withUnsafeBufferPointer { yp in
            sqrtWeights.withUnsafeBufferPointer {
                ColumnMath.huberLoss(y: yp.baseAddress.unsafelyUnwrapped, fitted: f, sqrtWeights: $0.baseAddress.unsafelyUnwrapped, delta: delta,
                                     residuals: residualBuffer, losses: rhoBuffer, count: m)
            }
        }
        return total.isFinite ? total : .infinity
    }

    /// The gradient Σ ψ_δ(r_i)·∂r_i/∂θ at the `x` of the last `huberObjective` and, when asked,
    /// a curvature matrix H = Σ c_i ∇r_i ∇r_iᵀ (row-major p×p) for damped Gauss–Newton steps.
    /// Rows inside δ have c_i = w_i (Huber's ρ'' is 1 there); rows beyond have c_i = 0, the
    /// Gauss–Newton matrix, or with `reweighted` c_i = w_i·δ/|r_i|, the weights of iteratively
    /// reweighted least squares (see `HuberLM`). False when the gradient is not finite.
    func huberGradient(_ x: UnsafePointer<Double>, delta: Double, _ g: UnsafeMutablePointer<Double>,
                       curvature: (h: UnsafeMutablePointer<Double>, reweighted: Bool)?) -> Bool {
        jacobianProgram.runRemainingOutputs(parameters: x, in: jacobianSpace)
        broadcastScalarOutputs(1...p)
        let d = outputColumns  // d[j + 1] is ∂f/∂θ_j
        if let (h, reweighted) = curvature, p <= ColumnMath.gramMax {
            // The row weights, gradient and curvature in one pass over the rows.
            sqrtWeights.withUnsafeBufferPointer { s in
                d.withUnsafeBufferPointer {
                    ColumnMath.huberGradientAndGram($0.baseAddress.unsafelyUnwrapped + 1, count: p, residuals: residualBuffer,
                                                    sqrtWeights: s.baseAddress.unsafelyUnwrapped, delta: delta, reweighted: reweighted, g: g, h: h, rows: m)
                }
            }
            return (0..<p).allSatisfy { g[$0].isFinite }
        }
        let psi = psiBuffer, c = curvatureBuffer
        sqrtWeights.withUnsafeBufferPointer {
            ColumnMath.huberWeights(residuals: residualBuffer, sqrtWeights: $0.baseAddress.unsafelyUnwrapped, delta: delta,
                                    reweighted: curvature?.reweighted ?? false, psi: psi, curvature: c, count: m)
        }
        for j in 0..<p {
            let s = ColumnMath.dot(psi, d[j + 1], count: m)
            guard s.isFinite else { return false }
            g[j] = s
        }
        guard let h = curvature?.h else { return true }
        let cd = weightedDerivativeBuffer
        for j in 0..<p { ColumnMath.binary(.multiply, c, isColumn: true, d[j + 1], isColumn: true, into: cd + j * m, count: m) }
        for j in 0..<p {
            for k in j..<p {
                let s = ColumnMath.dot(cd + j * m, d[k + 1], count: m)
                h[j * p + k] = s
                h[k * p + j] = s
            }
        }
        return true
    }

    /// Copies each output in `ks` that is one value for every row into its broadcast column, so
    /// that `outputColumns` holds all of them as columns.
    @inline(__always)
    private func broadcastScalarOutputs(_ ks: ClosedRange<Int>) {
        for k in ks {
            let out = jacobianProgram.outputPointer(k, in: jacobianSpace)
            if !out.isVector { outputColumns[k].update(repeating: out.pointer[0], count: m) }
        }
    }

    func project(_ x: UnsafeMutablePointer<Double>) {
        for j in 0..<p {
            if x[j] < problem.lowerBounds[j] { x[j] = problem.lowerBounds[j] }
            if x[j] > problem.upperBounds[j] { x[j] = problem.upperBounds[j] }
        }
    }
}
