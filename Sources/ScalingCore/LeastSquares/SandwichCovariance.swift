import Foundation

/// The heteroskedasticity-consistent ("sandwich") covariance of least-squares estimates, HC1:
/// n/(n − p) · (JᵀJ)⁻¹ (Σᵢ rᵢ² JᵢJᵢᵀ) (JᵀJ)⁻¹, with J the model's Jacobian at the estimate and r
/// the residuals, both times √w for a weighted fit (White 1980; the n/(n − p) factor is MacKinnon
/// & White 1985's HC1). Where the rows' spread differs from σ² (real scaling-law data: small runs
/// noisier than large ones), this is the covariance a row bootstrap estimates, where σ²(JᵀJ)⁻¹
/// is not. NaN entries where JᵀJ is singular or n ≤ p.
public enum SandwichCovariance {
    public static func hc1(_ problem: FitProblem, values x: [Double]) -> [[Double]] {
        let n = problem.rows, p = x.count
        let nan = [[Double]](repeating: [Double](repeating: .nan, count: p), count: p)
        guard n > p else { return nan }
        let y = Fitter.evaluate(problem.response, parameters: x, columns: problem.columns, rows: n)
        let f = Fitter.evaluate(problem.model, parameters: x, columns: problem.columns, rows: n)
        let jacobian = (0..<p).map { Fitter.evaluate(problem.model.derivative(parameter: $0), parameters: x, columns: problem.columns, rows: n) }
        var bread = [[Double]](repeating: [Double](repeating: 0, count: p), count: p), meat = bread
        for i in 0..<n {
            let w = problem.weights?[i] ?? 1
            let r2 = w * (y[i] - f[i]) * (y[i] - f[i])
            for a in 0..<p {
                for b in 0...a {
                    let jj = w * jacobian[a][i] * jacobian[b][i]
                    bread[a][b] += jj
                    meat[a][b] += r2 * jj / w
                }
            }
        }
        for a in 0..<p { for b in 0..<a { bread[b][a] = bread[a][b]; meat[b][a] = meat[a][b] } }
        guard let inverse = invert(bread) else { return nan }
        let scale = Double(n) / Double(n - p)
        var out = nan
        for a in 0..<p {
            for b in 0..<p {
                var s = 0.0
                for k in 0..<p { for l in 0..<p { s += inverse[a][k] * meat[k][l] * inverse[l][b] } }
                out[a][b] = scale * s
            }
        }
        return out
    }

    /// The inverse of a small square matrix by Gauss–Jordan elimination with partial pivoting;
    /// nil when a pivot vanishes relative to the matrix's scale.
    static func invert(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var m = a.enumerated().map { i, row in row + (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        let norm = a.flatMap { $0 }.map(abs).max() ?? 0
        for c in 0..<n {
            guard let pivot = (c..<n).max(by: { abs(m[$0][c]) < abs(m[$1][c]) }), abs(m[pivot][c]) > 1e-14 * norm, norm > 0 else { return nil }
            m.swapAt(c, pivot)
            let d = m[c][c]
            for j in 0..<(2 * n) { m[c][j] /= d }
            for r in 0..<n where r != c {
                let factor = m[r][c]
                if factor != 0 { for j in 0..<(2 * n) { m[r][j] -= factor * m[c][j] } }
            }
        }
        return m.map { Array($0[n...]) }
    }
}
