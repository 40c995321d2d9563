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
    /// w_i for rows with |r_i| ≤ δ and 0 beyond, scratch for the Huber curvature.
    let insideBuffer: UnsafeMutablePointer<Double>

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
        psiBuffer = .allocate(capacity: max(problem.rows, 1))
        insideBuffer = .allocate(capacity: max(problem.rows, 1))
    }

    deinit {
        psiBuffer.deallocate()
        insideBuffer.deallocate()
    }

    /// Programs for a problem: the model alone, and the model with every partial derivative.
    static func programs(for problem: FitProblem) -> (value: CompiledModel, jacobian: CompiledModel) {
        let n = problem.rows
        let derivatives = (0..<problem.parameterCount).map { problem.model.derivative(parameter: $0) }
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
        huberPass(x, delta: delta, g, inside: nil)
    }

    /// The Huber objective and gradient; with `inside`, also each row's curvature weight
    /// (w_i where |r_i| ≤ δ, else 0), from the same pass over the residuals.
    @inline(__always)
    private func huberPass(_ x: UnsafePointer<Double>, delta: Double, _ g: UnsafeMutablePointer<Double>,
                           inside: UnsafeMutablePointer<Double>?) -> Double {
        jacobianProgram.run(parameters: x, in: jacobianSpace)
        let f = jacobianProgram.outputPointer(0, in: jacobianSpace)
        let psi = psiBuffer
        var total = 0.0
        for i in 0..<m {
            let r = sqrtWeights[i] * (y[i] - f.pointer[f.isVector ? i : 0])
            guard r.isFinite else { return .infinity }
            let a = abs(r)
            total += a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta)
            psi[i] = -(r > delta ? delta : (r < -delta ? -delta : r)) * sqrtWeights[i]
            if let inside { inside[i] = a <= delta ? sqrtWeights[i] * sqrtWeights[i] : 0 }
        }
        for j in 0..<p {
            let d = jacobianProgram.outputPointer(j + 1, in: jacobianSpace)
            var s = 0.0
            if d.isVector {
                for i in 0..<m { s += psi[i] * d.pointer[i] }
            } else {
                for i in 0..<m { s += psi[i] }
                s *= d.pointer[0]
            }
            guard s.isFinite else { return .infinity }
            g[j] = s
        }
        return total
    }

    /// As `huberObjectiveAndGradient`, plus the Gauss–Newton matrix of the Huber objective,
    /// H = Σ_{|r_i| ≤ δ} w_i ∇f_i ∇f_iᵀ (ρ'' is 1 inside δ and 0 beyond), row-major p×p.
    func huberObjectiveGradientAndCurvature(_ x: UnsafePointer<Double>, delta: Double, _ g: UnsafeMutablePointer<Double>,
                                            _ h: UnsafeMutablePointer<Double>) -> Double {
        let total = huberPass(x, delta: delta, g, inside: insideBuffer)
        guard total.isFinite else { return total }
        let inside = insideBuffer
        for j in 0..<p {
            let dj = jacobianProgram.outputPointer(j + 1, in: jacobianSpace)
            for k in j..<p {
                let dk = jacobianProgram.outputPointer(k + 1, in: jacobianSpace)
                let a = dj.pointer, b = dk.pointer
                var s = 0.0
                switch (dj.isVector, dk.isVector) {
                case (true, true): for i in 0..<m { s += inside[i] * a[i] * b[i] }
                case (true, false): for i in 0..<m { s += inside[i] * a[i] }; s *= b[0]
                case (false, true): for i in 0..<m { s += inside[i] * b[i] }; s *= a[0]
                case (false, false): for i in 0..<m { s += inside[i] }; s *= a[0] * b[0]
                }
                h[j * p + k] = s
                h[k * p + j] = s
            }
        }
        return total
    }

    func project(_ x: UnsafeMutablePointer<Double>) {
        for j in 0..<p {
            if x[j] < problem.lowerBounds[j] { x[j] = problem.lowerBounds[j] }
            if x[j] > problem.upperBounds[j] { x[j] = problem.upperBounds[j] }
        }
    }
}

/// Huber's loss and its derivative.
@inline(__always) func huber(_ r: Double, _ delta: Double) -> Double {
    let a = abs(r)
    return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta)
}

@inline(__always) func huberDerivative(_ r: Double, _ delta: Double) -> Double {
    r > delta ? delta : (r < -delta ? -delta : r)
}
