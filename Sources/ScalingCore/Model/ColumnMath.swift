import ColumnKernels

/// The column loops that a fit spends its time in (exp, log, arithmetic, sums, Huber's loss),
/// run by the C kernels in ColumnKernels, which pick AVX2 or baseline x86-64 code for the CPU at
/// load time and give bit-identical results on both.
enum ColumnMath {
    /// y_i = e^{x_i}, within one ulp (`ColumnMathTests` measures it).
    static func exp(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) { scalelab_exp(x, y, count) }

    /// y_i = log x_i, within one ulp; special inputs give what the C library's log gives.
    static func log(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) { scalelab_log(x, y, count) }

    enum Operation: Int32 {
        case add = 0, subtract = 1, multiply = 2, divide = 3
    }

    /// out_i = a_i ∘ b_i; an operand that is not a column is one value for every row.
    static func binary(_ op: Operation, _ a: UnsafePointer<Double>, isColumn aIsColumn: Bool, _ b: UnsafePointer<Double>, isColumn bIsColumn: Bool,
                       into out: UnsafeMutablePointer<Double>, count: Int) {
        scalelab_binary(op.rawValue, a, aIsColumn ? 1 : 0, b, bIsColumn ? 1 : 0, out, count)
    }

    /// Σ a_i b_i in a fixed order of eight interleaved partial sums.
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double { scalelab_dot(a, b, count) }

    /// r_i = s_i (y_i − f_i) and Huber's ρ_δ(r_i) for each row; returns Σ ρ_δ(r_i).
    static func huberLoss(y: UnsafePointer<Double>, fitted: UnsafePointer<Double>, sqrtWeights: UnsafePointer<Double>, delta: Double,
                          residuals: UnsafeMutablePointer<Double>, losses: UnsafeMutablePointer<Double>, count: Int) -> Double {
        scalelab_huber_loss(y, fitted, sqrtWeights, delta, residuals, losses, count)
    }

    /// The most columns `gradientAndGram` takes.
    static let gramMax = Int(SCALELAB_GRAM_MAX)

    /// g_j = Σ psi_i d_j,i and h_jk = Σ c_i d_j,i d_k,i (row-major, both triangles) for `count` ≤
    /// `gramMax` columns d_j, in one pass over the rows.
    static func gradientAndGram(_ d: UnsafePointer<UnsafeMutablePointer<Double>>, count p: Int, psi: UnsafePointer<Double>, c: UnsafePointer<Double>,
                                g: UnsafeMutablePointer<Double>, h: UnsafeMutablePointer<Double>, rows: Int) {
        d.withMemoryRebound(to: UnsafePointer<Double>?.self, capacity: p) { scalelab_gradient_gram($0, p, psi, c, g, h, rows) }
    }

    /// `gradientAndGram` with psi and c those of `huberWeights` for `residuals`, worked out in the
    /// same pass over the rows (the same bits as the two calls in turn).
    static func huberGradientAndGram(_ d: UnsafePointer<UnsafeMutablePointer<Double>>, count p: Int, residuals: UnsafePointer<Double>,
                                     sqrtWeights: UnsafePointer<Double>, delta: Double, reweighted: Bool,
                                     g: UnsafeMutablePointer<Double>, h: UnsafeMutablePointer<Double>, rows: Int) {
        d.withMemoryRebound(to: UnsafePointer<Double>?.self, capacity: p) {
            scalelab_huber_gradient_gram($0, p, residuals, sqrtWeights, delta, reweighted ? 1 : 0, g, h, rows)
        }
    }

    /// −ψ_δ(r_i)·s_i, the gradient's row weights, and the curvature's row weights (see `ResidualModel.huberGradient`).
    static func huberWeights(residuals: UnsafePointer<Double>, sqrtWeights: UnsafePointer<Double>, delta: Double, reweighted: Bool,
                             psi: UnsafeMutablePointer<Double>, curvature: UnsafeMutablePointer<Double>, count: Int) {
        scalelab_huber_weights(residuals, sqrtWeights, delta, reweighted ? 1 : 0, psi, curvature, count)
    }
}
