import Foundation

/// Fits a separable model (see `SeparableModel`) by variable projection: for each value of the
/// nonlinear parameters θ the linear ones c are solved exactly, c*(θ), and only θ is searched,
/// on the reduced objective F(θ) = min_c Σ ρ(r_i(θ, c)) (Golub and Pereyra, "The differentiation
/// of pseudo-inverses and nonlinear least squares problems whose variables separate", SIAM J.
/// Numer. Anal. 10, 1973; review: Golub and Pereyra, Inverse Problems 19, 2003).
///
/// - Inner problem (c for fixed θ): Gauss–Newton steps on the linearised residuals, each a
///   bounded quadratic (`BoundedQuadratic`: non-negative least squares when the bounds say ≥ 0),
///   with backtracking. For Huber's loss the steps first use the weights of iteratively
///   reweighted least squares, min(1, δ/|r_i|) (Holland and Welsch 1977), whose quadratic lies
///   above ρ, then Huber's exact curvature (1 inside δ, 0 beyond) to finish in a few steps. On the
///   linear scale least squares needs one step; on the log scale (r_i = log y_i − log f_i) the
///   steps are Gauss–Newton's, which converge fast because the residuals are small.
/// - Outer problem (θ): damped Gauss–Newton steps with gain-ratio control as in `HuberLM`. The
///   gradient ∇F = Σ ψ(r_i) ∂r_i/∂θ at c* is exact (Σ ψ(r_i) ∂r_i/∂c = 0 at the inner optimum for
///   the free c, and bounds do not move with θ). The curvature is the Schur complement of the
///   c-block in the weighted Gauss–Newton matrix of (θ, c), JθᵀUJθ − JθᵀUJc(JcᵀUJc)⁻¹JcᵀUJθ over
///   the free c: the Gauss–Newton matrix of Kaufman's approximation to the variable-projection
///   Jacobian, P⊥Jθ (Kaufman, "A variable projection method for solving separable nonlinear least
///   squares problems", BIT 15, 1975), with P⊥ the U-weighted projection off the range of Jc.
final class VariableProjection {
    let problem: FitProblem
    let separable: SeparableModel
    /// Rows, linear parameters, nonlinear parameters, all parameters.
    let m: Int, q: Int, n: Int, p: Int
    /// The response per row, on the scale of the residuals (log y for a log-scale model).
    let y: [Double]
    let sqrtWeights: [Double]
    /// Huber's threshold; nil for least squares (ρ = r²/2 inside, reported as Σ r²).
    let delta: Double?
    /// Bounds on the linear parameters. On the log scale a linear parameter with no lower bound
    /// gets 0: the log needs a positive combination, and the terms of a law are non-negative.
    let cLower: [Double]
    let cUpper: [Double]
    let program: CompiledModel
    let workspace: CompiledModel.Workspace
    /// Row buffers, m values a column: φ₀ and the q basis columns, the combination f and the
    /// residuals r at the last c, the Jacobians of r in c (q columns) and in θ (n columns).
    /// (Buffers, not array properties: writing an array stored in a class checks exclusive
    /// access and uniqueness on every element, which took half the time of a refit.)
    let phi0: UnsafeMutablePointer<Double>, basis: UnsafeMutablePointer<Double>, f: UnsafeMutablePointer<Double>
    let r: UnsafeMutablePointer<Double>, jc: UnsafeMutablePointer<Double>, jt: UnsafeMutablePointer<Double>
    /// ψ(r_i) and the curvature weight of each row, from `loadWeights`.
    let psi: UnsafeMutablePointer<Double>, u: UnsafeMutablePointer<Double>
    /// log f on the log scale, and each row's ρ(r_i), written by `objective`.
    let logF: UnsafeMutablePointer<Double>, losses: UnsafeMutablePointer<Double>

    /// Outputs: the combination g, then ∂g/∂x_j for every parameter j in order.
    static func program(for problem: FitProblem, _ separable: SeparableModel) -> CompiledModel {
        CompiledModel(outputs(separable, parameterCount: problem.parameterCount), columns: problem.columns, rows: problem.rows)
    }

    /// The program's expressions (taken once when many problems share one model, as the bootstrap's resamples do).
    static func outputs(_ separable: SeparableModel, parameterCount: Int) -> [ModelExpr] {
        let g = separable.combination
        return [g] + (0..<parameterCount).map { g.derivative(parameter: $0) }
    }

    init(problem: FitProblem, separable: SeparableModel, y: [Double], program: CompiledModel) {
        self.problem = problem
        self.separable = separable
        m = problem.rows
        q = separable.linear.count
        n = separable.nonlinear.count
        p = problem.parameterCount
        self.y = y
        sqrtWeights = problem.weights.map { $0.map { $0.squareRoot() } } ?? Array(repeating: 1, count: m)
        delta = problem.huberDelta
        cLower = separable.linear.map { separable.scale == .log ? max(problem.lowerBounds[$0], 0) : problem.lowerBounds[$0] }
        cUpper = separable.linear.map { problem.upperBounds[$0] }
        self.program = program
        workspace = program.makeWorkspace()
        func buffer(_ count: Int) -> UnsafeMutablePointer<Double> {
            let b = UnsafeMutablePointer<Double>.allocate(capacity: max(count, 1))
            b.initialize(repeating: 0, count: max(count, 1))
            return b
        }
        phi0 = buffer(m)
        basis = buffer(m * q)
        f = buffer(m)
        r = buffer(m)
        jc = buffer(m * q)
        jt = buffer(m * n)
        psi = buffer(m)
        u = buffer(m)
        logF = buffer(m)
        losses = buffer(m)
    }

    deinit {
        for b in [phi0, basis, f, r, jc, jt, psi, u, logF, losses] { b.deallocate() }
    }

    // MARK: - Pieces

    func output(_ k: Int, row i: Int) -> Double { program.value(output: k, row: i, in: workspace) }

    /// The full parameter vector from θ and c.
    func assemble(_ theta: [Double], _ c: [Double]) -> [Double] {
        var x = [Double](repeating: 0, count: p)
        for (k, j) in separable.nonlinear.enumerated() { x[j] = theta[k] }
        for (k, j) in separable.linear.enumerated() { x[j] = c[k] }
        return x
    }

    /// φ₀ and the basis φ_k at θ (the program at c = 0); false when one is not finite.
    func loadBasis(_ theta: [Double]) -> Bool {
        let x = assemble(theta, Array(repeating: 0, count: q))
        x.withUnsafeBufferPointer { program.run(parameters: $0.baseAddress.unsafelyUnwrapped, in: workspace) }
        for i in 0..<m { phi0[i] = output(0, row: i) }
        for (k, j) in separable.linear.enumerated() {
            for i in 0..<m { basis[i + k * m] = output(1 + j, row: i) }
        }
        return (0..<m).allSatisfy { phi0[$0].isFinite } && (0..<(m * q)).allSatisfy { basis[$0].isFinite }
    }

    /// Σ ρ(r_i) at c for the loaded basis, leaving f and r; +∞ when not finite (or, on the log
    /// scale, when the combination is not positive). ρ is Huber's through the one column kernel
    /// that every fit uses; least squares is its δ = ∞ (ρ = r²/2 everywhere).
    func objective(_ c: [Double]) -> Double {
        for i in 0..<m {
            var fi = phi0[i]
            for k in 0..<q { fi += basis[i + k * m] * c[k] }
            f[i] = fi
        }
        var fitted = UnsafePointer(f)
        if separable.scale == .log {
            for i in 0..<m {
                guard f[i] > 0 else { return .infinity }
                logF[i] = Foundation.log(f[i])
            }
            fitted = UnsafePointer(logF)
        }
        let total = y.withUnsafeBufferPointer { yp in
            sqrtWeights.withUnsafeBufferPointer { sp in
                ColumnMath.huberLoss(y: yp.baseAddress.unsafelyUnwrapped, fitted: fitted, sqrtWeights: sp.baseAddress.unsafelyUnwrapped,
                                     delta: delta ?? .infinity, residuals: r, losses: losses, count: m)
            }
        }
        return total.isFinite ? total : .infinity
    }

    /// ψ(r_i) and the curvature weight u_i of each row into `psi` and `u`: for Huber u_i = 1
    /// inside δ and beyond it δ/|r_i| (`reweighted`) or 0 (Huber's exact ρ'').
    func loadWeights(reweighted: Bool) {
        guard let d = delta else {
            for i in 0..<m { psi[i] = r[i]; u[i] = 1 }
            return
        }
        for i in 0..<m {
            let a = abs(r[i])
            if a > d {
                psi[i] = r[i] > 0 ? d : -d
                u[i] = reweighted ? d / a : 0
            } else {
                psi[i] = r[i]
                u[i] = 1
            }
        }
    }

    /// Σ ψ_i a_ik for each column k of `a` (m×count).
    func gradient(_ a: UnsafePointer<Double>, _ count: Int) -> [Double] {
        var g = [Double](repeating: 0, count: count)
        for k in 0..<count {
            var s = 0.0
            for i in 0..<m { s += psi[i] * a[i + k * m] }
            g[k] = s
        }
        return g
    }

    /// ∂r_i/∂c_k = −s_i φ_k,i (divided by f_i on the log scale), at the f of the last `objective`.
    func loadLinearJacobian() {
        let logScale = separable.scale == .log
        sqrtWeights.withUnsafeBufferPointer { s in
            for i in 0..<m {
                let scale = logScale ? s[i] / f[i] : s[i]
                for k in 0..<q { jc[i + k * m] = -scale * basis[i + k * m] }
            }
        }
    }

    /// Σ u_i a_i b_iᵀ for columns `ca` of `a` and `cb` of `b` (each m rows), row-major.
    func gram(_ a: UnsafePointer<Double>, _ ca: [Int], _ b: UnsafePointer<Double>, _ cb: [Int], _ u: UnsafePointer<Double>) -> [Double] {
        var out = [Double](repeating: 0, count: ca.count * cb.count)
        for (x, ka) in ca.enumerated() {
            for (z, kb) in cb.enumerated() {
                var s = 0.0
                for i in 0..<m { s += u[i] * a[i + ka * m] * b[i + kb * m] }
                out[x * cb.count + z] = s
            }
        }
        return out
    }

    // MARK: - Inner problem: c*(θ)

    /// A start for c: the warm start when it is admissible, else least squares of the data-scale
    /// residuals (relative ones on the log scale), clamped into the box.
    func initialLinear(_ warm: [Double]?) -> [Double]? {
        if let warm, objective(warm).isFinite { return warm }
        let reference = (0..<q).map { min(max(0, cLower[$0]), cUpper[$0]) }
        var target = [Double](repeating: 0, count: m), u = target
        for i in 0..<m {
            var base = phi0[i]
            for k in 0..<q { base += basis[i + k * m] * reference[k] }
            if separable.scale == .log {
                let yi = Foundation.exp(y[i])
                target[i] = yi - base
                u[i] = sqrtWeights[i] * sqrtWeights[i] / (yi * yi)
            } else {
                target[i] = y[i] - base
                u[i] = sqrtWeights[i] * sqrtWeights[i]
            }
        }
        let all = Array(0..<q)
        let h = u.withUnsafeBufferPointer { gram(basis, all, basis, all, $0.baseAddress.unsafelyUnwrapped) }
        var g = [Double](repeating: 0, count: q)
        for k in 0..<q {
            for i in 0..<m { g[k] -= u[i] * basis[i + k * m] * target[i] }
        }
        var c = reference
        if let d = BoundedQuadratic.solve(h: h, g: g, lo: (0..<q).map { cLower[$0] - reference[$0] }, hi: (0..<q).map { cUpper[$0] - reference[$0] }) {
            for k in 0..<q { c[k] = min(max(reference[k] + d[k], cLower[k]), cUpper[k]) }
        }
        if objective(c).isFinite { return c }
        // A positive start for a log-scale combination: each term carries an equal share of the mean response.
        let meanY = (0..<m).reduce(0.0) { $0 + Foundation.exp(y[$1]) } / Double(m)
        for k in 0..<q {
            let meanPhi = (0..<m).reduce(0.0) { $0 + abs(basis[$1 + k * m]) } / Double(m)
            c[k] = min(max(meanPhi > 0 ? meanY / (Double(q) * meanPhi) : 1, cLower[k]), cUpper[k])
        }
        return objective(c).isFinite ? c : nil
    }

    /// Minimises over c for the loaded basis; returns F and c*, leaving f and r at c*.
    func solveLinear(warm: [Double]?) -> (objective: Double, c: [Double])? {
        guard var c = initialLinear(warm) else { return nil }
        var value = objective(c)
        // From a warm start (the last accepted c, near this one) Huber's exact curvature at once.
        var reweighted = delta != nil && !(warm.map { $0 == c } ?? false)
        var flat = 0
        let all = Array(0..<q)
        for _ in 0..<200 {
            loadLinearJacobian()
            loadWeights(reweighted: reweighted)
            let lo = (0..<q).map { cLower[$0] - c[$0] }, hi = (0..<q).map { cUpper[$0] - c[$0] }
            var g = gradient(jc, q)
            var step = BoundedQuadratic.solve(h: gram(jc, all, jc, all, u), g: g, lo: lo, hi: hi)
            if step == nil && !reweighted {
                // Too few rows inside δ for Huber's exact curvature: a reweighted step instead.
                loadWeights(reweighted: true)
                g = gradient(jc, q)
                step = BoundedQuadratic.solve(h: gram(jc, all, jc, all, u), g: g, lo: lo, hi: hi)
            }
            guard var d = step else { break }
            if delta == nil { refineByQR(&d, lo: lo, hi: hi) }
            var slope = 0.0
            for k in 0..<q { slope += g[k] * d[k] }
            // Stop when the step promises nothing measurable (the quadratic's decrease is about −slope/2).
            guard slope < -1e-16 * value else { break }
            var t = 1.0, accepted: (Double, [Double])?
            for _ in 0..<50 {
                let trial = (0..<q).map { min(max(c[$0] + t * d[$0], cLower[$0]), cUpper[$0]) }
                let v = objective(trial)
                if v <= value + 1e-4 * t * slope || (v < value && t < 1e-3) { accepted = (v, trial); break }
                t *= 0.5
            }
            guard let (newValue, newC) = accepted else { break }
            let decrease = value - newValue
            let moved = (0..<q).map { abs(newC[$0] - c[$0]) / max(abs(c[$0]), 1e-300) }.max() ?? 0
            c = newC
            value = newValue
            if reweighted && decrease <= 1e-3 * value { reweighted = false }
            if separable.scale == .linear && delta == nil { break }  // least squares in c: the step is exact
            if decrease <= 1e-15 * value || moved <= 1e-15 {
                flat += 1
                if flat >= 2 { break }
            } else {
                flat = 0
            }
        }
        value = objective(c)
        return value.isFinite ? (value, c) : nil
    }

    /// For least squares, the Gauss–Newton step of the variables that `BoundedQuadratic` left
    /// free, solved again by Householder QR of J (Golub and Van Loan, Matrix Computations, 4th ed.,
    /// §5.3.3) instead of the normal equations, whose condition number is J's squared: a model
    /// such as NIST's Lanczos1 (three nearly collinear exponentials, RSS 1.4e-25) needs J's own.
    /// The step is kept only if it stays inside the box.
    func refineByQR(_ d: inout [Double], lo: [Double], hi: [Double]) {
        let free = (0..<q).filter { d[$0] > lo[$0] && d[$0] < hi[$0] }
        let k = free.count
        guard k > 0, m >= k else { return }
        // min ‖J_F x + (r + J_B d_B)‖ over x
        var a = [Double](repeating: 0, count: m * k), b = Array(UnsafeBufferPointer(start: r, count: m))
        for (col, j) in free.enumerated() { for i in 0..<m { a[i + col * m] = jc[i + j * m] } }
        for j in 0..<q where !free.contains(j) { for i in 0..<m { b[i] += jc[i + j * m] * d[j] } }
        for i in 0..<m { b[i] = -b[i] }
        for col in 0..<k {
            var norm = 0.0
            for i in col..<m { norm += a[i + col * m] * a[i + col * m] }
            norm = norm.squareRoot()
            guard norm > 0 else { return }
            let alpha = a[col + col * m] > 0 ? -norm : norm
            a[col + col * m] -= alpha
            var vv = 0.0
            for i in col..<m { vv += a[i + col * m] * a[i + col * m] }
            guard vv > 0 else { return }
            // apply I − 2vvᵀ/(vᵀv) to the remaining columns and to b
            for other in (col + 1)..<max(col + 1, k) {
                var dot = 0.0
                for i in col..<m { dot += a[i + col * m] * a[i + other * m] }
                let f = 2 * dot / vv
                for i in col..<m { a[i + other * m] -= f * a[i + col * m] }
            }
            var dot = 0.0
            for i in col..<m { dot += a[i + col * m] * b[i] }
            let f = 2 * dot / vv
            for i in col..<m { b[i] -= f * a[i + col * m] }
            a[col + col * m] = alpha  // R's diagonal; above it, R's upper triangle
        }
        var x = [Double](repeating: 0, count: k)
        for row in stride(from: k - 1, through: 0, by: -1) {
            var t = b[row]
            for col in (row + 1)..<max(row + 1, k) { t -= a[row + col * m] * x[col] }
            x[row] = t / a[row + row * m]
        }
        guard x.allSatisfy(\.isFinite), free.indices.allSatisfy({ x[$0] > lo[free[$0]] && x[$0] < hi[free[$0]] }) else { return }
        for (col, j) in free.enumerated() { d[j] = x[col] }
    }

    // MARK: - Outer problem: θ

    struct Point {
        var theta: [Double]
        var c: [Double]
        var objective: Double
        var gradient: [Double] = []
        var curvature: [Double] = []
    }

    /// F(θ) with c*(θ), warm-started from `warm`.
    func evaluate(_ theta: [Double], warm: [Double]?) -> Point? {
        guard loadBasis(theta), let (value, c) = solveLinear(warm: warm) else { return nil }
        return Point(theta: theta, c: c, objective: value)
    }

    /// The exact gradient of F and the Schur-complement curvature at a point from `evaluate`
    /// (whose f and r are still loaded); false when they are not finite.
    func differentiate(_ point: inout Point, reweighted: Bool) -> Bool {
        let x = assemble(point.theta, point.c)
        x.withUnsafeBufferPointer { program.run(parameters: $0.baseAddress.unsafelyUnwrapped, in: workspace) }
        for (k, j) in separable.nonlinear.enumerated() {
            for i in 0..<m {
                let scale = separable.scale == .log ? sqrtWeights[i] / f[i] : sqrtWeights[i]
                jt[i + k * m] = -scale * output(1 + j, row: i)
            }
        }
        guard (0..<(m * n)).allSatisfy({ jt[$0].isFinite }) else { return false }
        loadLinearJacobian()
        loadWeights(reweighted: reweighted)
        point.gradient = gradient(jt, n)
        let thetas = Array(0..<n)
        let free = (0..<q).filter { cLower[$0] < point.c[$0] && point.c[$0] < cUpper[$0] }
        if let h = schurComplement(thetas, free) {
            point.curvature = h
        } else {
            // Too few rows inside δ for the exact curvature of the linear block: reweighted.
            loadWeights(reweighted: true)
            point.curvature = schurComplement(thetas, free) ?? gram(jt, thetas, jt, thetas, u)
        }
        return point.gradient.allSatisfy(\.isFinite) && point.curvature.allSatisfy(\.isFinite)
    }

    /// JθᵀUJθ − JθᵀUJc (JcᵀUJc)⁻¹ JcᵀUJθ over the free linear parameters; nil when JcᵀUJc is singular.
    func schurComplement(_ thetas: [Int], _ free: [Int]) -> [Double]? {
        var h = gram(jt, thetas, jt, thetas, u)
        guard !free.isEmpty else { return h }
        let b = gram(jt, thetas, jc, free, u)  // n × qf
        let cc = gram(jc, free, jc, free, u)
        let qf = free.count
        for a in 0..<n {
            var row = (0..<qf).map { b[a * qf + $0] }
            guard BoundedQuadratic.choleskySolve(cc, &row, qf) else { return nil }
            for z in 0..<n {
                var s = 0.0
                for k in 0..<qf { s += b[z * qf + k] * row[k] }
                h[a * n + z] -= s
            }
        }
        // Symmetrise what rounding left uneven.
        for a in 0..<n { for z in (a + 1)..<max(a + 1, n) { let s = 0.5 * (h[a * n + z] + h[z * n + a]); h[a * n + z] = s; h[z * n + a] = s } }
        return h
    }

    func project(_ theta: inout [Double]) {
        for (k, j) in separable.nonlinear.enumerated() { theta[k] = min(max(theta[k], problem.lowerBounds[j]), problem.upperBounds[j]) }
    }

    /// One run from `start` (values of the nonlinear parameters, in their order). The outcome's x
    /// is the full parameter vector; its objective is Σ ρ_δ for Huber, Σ r² for least squares.
    /// Stops after `problem.maxEvaluations` evaluations of the reduced objective when given.
    ///
    /// `nearOptimum`: `start` is near the optimum (a refit from a nearby problem's optimum, as the
    /// bootstrap's are), so the outer steps take Huber's exact curvature from the first instead of
    /// first reweighting, which serves a start far from the optimum. (The linear parameters are
    /// still solved from scratch at `start`: where a resample leaves them undetermined, as repeated
    /// rows can, starting them from the full data's values would pick another point of the flat.)
    func solve(start: [Double], nearOptimum: Bool = false, maxIterations: Int = 1000, cancelled: () -> Bool = { false }) -> HuberBFGS.Outcome {
        let maxEvaluations = problem.maxEvaluations ?? Int.max
        var theta = start
        project(&theta)
        let report = { (pt: Point, converged: Bool, reason: String, iterations: Int, evaluations: Int) -> HuberBFGS.Outcome in
            HuberBFGS.Outcome(x: self.assemble(pt.theta, pt.c), objective: self.delta == nil ? 2 * pt.objective : pt.objective, converged: converged,
                              reason: reason, iterations: iterations, evaluations: evaluations, finiteStart: true)
        }
        var reweighted = delta != nil && !nearOptimum
        guard var current = evaluate(theta, warm: nil), differentiate(&current, reweighted: reweighted) else {
            return .init(x: assemble(theta, Array(repeating: .nan, count: q)), objective: .nan, converged: false,
                         reason: "the model is not finite at the start", iterations: 0, evaluations: 1, finiteStart: false)
        }
        if n == 0 { return report(current, true, "the linear parameters solved exactly", 0, 1) }
        var evaluations = 1
        var mu = 1e-3 * max((0..<n).map { current.curvature[$0 * n + $0] }.max() ?? 1, 1e-300)
        var nu = 2.0
        var flat = 0
        var d = [Double](repeating: 0, count: n)
        for iteration in 1...maxIterations {
            if cancelled() { return report(current, false, "interrupted", iteration, evaluations) }
            if evaluations >= maxEvaluations { return report(current, false, "stopped at the evaluation limit", iteration, evaluations) }
            let f0 = current.objective
            let gmax = current.gradient.map(abs).max() ?? 0
            if gmax == 0 { return report(current, true, "gradient zero", iteration, evaluations) }
            guard HuberLM.dampedSolve(current.curvature, mu, current.gradient, &d, n) else {
                mu *= nu; nu *= 2
                if mu > 1e300 { return report(current, false, "the curvature overflows here, so no damped step can be taken", iteration, evaluations) }
                continue
            }
            // A step changes no parameter by more than half its size (or 0.05 near 0): scaled down
            // as a whole, it stays a descent direction. Without this cap a first Gauss–Newton step
            // from exponents far above the optimum can jump past zero in one go (β from 1.87 to −0.1
            // on Chinchilla), where a term's coefficient drops to its bound 0 and its exponent, no
            // longer felt, is left stranded in a flat region.
            var shrink = 1.0
            for i in 0..<n where d[i] != 0 { shrink = min(shrink, 0.5 * max(abs(current.theta[i]), 0.1) / abs(d[i])) }
            for i in 0..<n { d[i] *= shrink }
            var trialTheta = (0..<n).map { current.theta[$0] + d[$0] }
            project(&trialTheta)
            let stepMax = (0..<n).map { abs(trialTheta[$0] - current.theta[$0]) / max(abs(current.theta[$0]), 1e-8) }.max() ?? 0
            evaluations += 1
            // The decrease that the quadratic model predicts for the (scaled) damped step.
            var predicted = 0.0
            for i in 0..<n {
                var hd = 0.0
                for k in 0..<n { hd += current.curvature[i * n + k] * d[k] }
                predicted -= d[i] * (current.gradient[i] + 0.5 * hd)
            }
            var trial = evaluate(trialTheta, warm: current.c)
            if let t = trial, t.objective < f0 {
                var accepted = t
                if differentiate(&accepted, reweighted: reweighted) { trial = accepted } else { trial = nil }
            }
            if let t = trial, t.objective < f0 {
                let gain = predicted > 0 ? (f0 - t.objective) / predicted : 0
                current = t
                mu *= max(1.0 / 3, 1 - Foundation.pow(2 * gain - 1, 3))
                nu = 2
                if reweighted && f0 - t.objective <= HuberLM.gaussNewtonFrom * t.objective {
                    reweighted = false
                    _ = differentiate(&current, reweighted: false)
                }
                if f0 - t.objective <= 1e-15 * t.objective || stepMax <= 1e-15 {
                    flat += 1
                    if flat >= 2 { return report(current, true, "no further decrease possible at machine precision", iteration, evaluations) }
                } else {
                    flat = 0
                }
            } else {
                // No decrease from a step too small to change θ, or one whose promised decrease is
                // below what the objective's rounding can show: we are at the bottom.
                if predicted <= 1e-14 * f0 {
                    return report(current, true, "no further decrease possible at machine precision", iteration, evaluations)
                }
                if stepMax <= 1e-15 || mu > 1e300 {
                    let scale = current.theta.map(abs).max() ?? 1
                    let small = gmax <= 1e-7 * max(1, f0) / max(1, scale)
                    return report(current, small, small ? "no further decrease possible at machine precision" : "the damped steps failed to decrease the objective",
                                  iteration, evaluations)
                }
                mu *= nu; nu *= 2
            }
        }
        return report(current, false, "stopped at the iteration limit (\(maxIterations))", maxIterations, evaluations)
    }
}
