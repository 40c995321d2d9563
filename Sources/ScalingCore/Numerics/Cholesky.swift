/// The Cholesky factor L (A = L·Lᵀ) of a symmetric row-major n×n matrix, computed in place in its
/// lower triangle (the upper triangle is left as it was). False when a pivot is not above
/// `minimumPivot` or not finite: the matrix is not positive definite at working precision.
/// (Golub & Van Loan, Matrix Computations, 4th ed., Algorithm 4.2.1, the row-oriented form.)
@inline(__always)
func choleskyFactorInPlace(_ l: UnsafeMutablePointer<Double>, _ n: Int, minimumPivot: Double) -> Bool {
    for j in 0..<n {
        var pivot = l[j * n + j]
        for k in 0..<j { pivot -= l[j * n + k] * l[j * n + k] }
        guard pivot > minimumPivot, pivot.isFinite else { return false }
        let diag = pivot.squareRoot()
        l[j * n + j] = diag
        for i in (j + 1)..<max(j + 1, n) {
            var t = l[i * n + j]
            for k in 0..<j { t -= l[i * n + k] * l[j * n + k] }
            l[i * n + j] = t / diag
        }
    }
    return true
}
