import Foundation

/// Levenberg–Marquardt least squares, a line-by-line port of MINPACK's `lmder` with `lmpar`,
/// `qrfac` and `qrsolv` (Moré, Garbow and Hillstrom 1980; Moré 1978, "The Levenberg–Marquardt
/// algorithm: implementation and theory"). Scaled trust region, variables scaled by the column
/// norms of the Jacobian, and MINPACK's convergence tests and status codes.
///
/// Written here rather than taken from a package: the package mirror has no LAPACK or MINPACK
/// binding, and the problems are tiny (p ≤ ~10 parameters), where a direct port is fastest.
/// Arrays are column-major, `fjac[i + j*m]`.
struct MinpackLM {
    /// MINPACK's `info`, with the meanings of lmder's documentation.
    enum Status: Int, Sendable {
        case improperInput = 0
        case relativeReduction = 1
        case relativeStep = 2
        case reductionAndStep = 3
        case gradientOrthogonal = 4
        case evaluationLimit = 5
        case reductionAtPrecision = 6
        case stepAtPrecision = 7
        case gradientAtPrecision = 8
        case notFinite = 9
        case interrupted = 10

        /// 1–4 meet the tolerances; 6–8 mean no further progress is possible in floating point,
        /// which at tight tolerances is how a converged run usually ends.
        var converged: Bool { [1, 2, 3, 4, 6, 7, 8].contains(rawValue) }

        var reason: String {
            switch self {
            case .improperInput: return "improper input"
            case .relativeReduction: return "relative reduction of the sum of squares below ftol"
            case .relativeStep: return "relative step size below xtol"
            case .reductionAndStep: return "relative reduction and step size below tolerance"
            case .gradientOrthogonal: return "gradient orthogonal to the Jacobian columns (gtol)"
            case .evaluationLimit: return "stopped at the evaluation limit"
            case .reductionAtPrecision: return "no further reduction possible at machine precision"
            case .stepAtPrecision: return "no further improvement of the parameters possible at machine precision"
            case .gradientAtPrecision: return "gradient orthogonal to the Jacobian at machine precision"
            case .notFinite: return "the model is not finite at the start"
            case .interrupted: return "interrupted"
            }
        }
    }

    struct Options {
        var ftol = 1e-15
        var xtol = 1e-15
        var gtol = 0.0
        var maxEvaluations = 4000
        var factor = 100.0
    }

    let m: Int
    let n: Int
    /// Fills residuals for `x`; returns false when any is not finite.
    let residuals: (_ x: UnsafePointer<Double>, _ f: UnsafeMutablePointer<Double>) -> Bool
    /// Fills the m×n Jacobian of the residuals at `x`, column-major.
    let jacobian: (_ x: UnsafePointer<Double>, _ j: UnsafeMutablePointer<Double>) -> Void
    /// Keeps trial points inside bounds (identity when there are none).
    let project: (_ x: UnsafeMutablePointer<Double>) -> Void

    static let epsmch = Double.ulpOfOne
    static let dwarf = Double.leastNormalMagnitude

    struct Outcome {
        var x: [Double]
        var fnorm: Double
        var status: Status
        var evaluations: Int
        var iterations: Int
    }

    func solve(start: [Double], options o: Options, cancelled: () -> Bool = { false }) -> Outcome {
        var x = start
        var fvec = [Double](repeating: 0, count: m)
        var fjac = [Double](repeating: 0, count: m * n)
        var diag = [Double](repeating: 1, count: n)
        var qtf = [Double](repeating: 0, count: n)
        var ipvt = [Int](repeating: 0, count: n)
        var wa1 = [Double](repeating: 0, count: n), wa2 = wa1, wa3 = wa1
        var wa4 = [Double](repeating: 0, count: m)
        project(&x)
        guard m >= n, n > 0 else { return Outcome(x: x, fnorm: .nan, status: .improperInput, evaluations: 0, iterations: 0) }
        var nfev = 1
        guard residuals(x, &fvec) else { return Outcome(x: x, fnorm: .nan, status: .notFinite, evaluations: 1, iterations: 0) }
        var fnorm = enorm(fvec, m)
        var par = 0.0, delta = 0.0, xnorm = 0.0
        var iter = 1
        var status: Status?
        outer: while true {
            jacobian(x, &fjac)
            qrfac(m, n, &fjac, m, &ipvt, &wa1, &wa2, &wa3)
            if iter == 1 {
                for j in 0..<n { diag[j] = wa2[j] == 0 ? 1 : wa2[j] }
                for j in 0..<n { wa3[j] = diag[j] * x[j] }
                xnorm = enorm(wa3, n)
                delta = o.factor * xnorm
                if delta == 0 { delta = o.factor }
            }
            for i in 0..<m { wa4[i] = fvec[i] }
            for j in 0..<n {
                if fjac[j + j * m] != 0 {
                    var sum = 0.0
                    for i in j..<m { sum += fjac[i + j * m] * wa4[i] }
                    let temp = -sum / fjac[j + j * m]
                    for i in j..<m { wa4[i] += fjac[i + j * m] * temp }
                }
                fjac[j + j * m] = wa1[j]
                qtf[j] = wa4[j]
            }
            var gnorm = 0.0
            if fnorm != 0 {
                for j in 0..<n {
                    let l = ipvt[j]
                    if wa2[l] != 0 {
                        var sum = 0.0
                        for i in 0...j { sum += fjac[i + j * m] * (qtf[i] / fnorm) }
                        gnorm = max(gnorm, abs(sum / wa2[l]))
                    }
                }
            }
            if gnorm <= o.gtol { status = .gradientOrthogonal; break outer }
            for j in 0..<n { diag[j] = max(diag[j], wa2[j]) }

            while true {
                if cancelled() { status = .interrupted; break outer }
                lmpar(n, &fjac, m, ipvt, diag, qtf, delta, &par, &wa1, &wa2, &wa3, &wa4)
                for j in 0..<n {
                    wa1[j] = -wa1[j]
                    wa2[j] = x[j] + wa1[j]
                }
                project(&wa2)
                for j in 0..<n {
                    wa1[j] = wa2[j] - x[j]
                    wa3[j] = diag[j] * wa1[j]
                }
                let pnorm = enorm(wa3, n)
                if iter == 1 { delta = min(delta, pnorm) }
                nfev += 1
                let finite = residuals(wa2, &wa4)
                let fnorm1 = finite ? enorm(wa4, m) : Double.infinity
                var actred = -1.0
                if 0.1 * fnorm1 < fnorm { actred = 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm) }
                for j in 0..<n {
                    wa3[j] = 0
                    let l = ipvt[j]
                    let temp = wa1[l]
                    for i in 0...j { wa3[i] += fjac[i + j * m] * temp }
                }
                let temp1 = enorm(wa3, n) / fnorm
                let temp2 = (par.squareRoot() * pnorm) / fnorm
                let prered = temp1 * temp1 + temp2 * temp2 / 0.5
                let dirder = -(temp1 * temp1 + temp2 * temp2)
                let ratio = prered != 0 ? actred / prered : 0
                if ratio <= 0.25 {
                    var temp = actred >= 0 ? 0.5 : 0.5 * dirder / (dirder + 0.5 * actred)
                    if 0.1 * fnorm1 >= fnorm || temp < 0.1 || !temp.isFinite { temp = 0.1 }
                    delta = temp * min(delta, pnorm / 0.1)
                    par /= temp
                } else if par == 0 || ratio >= 0.75 {
                    delta = pnorm / 0.5
                    par *= 0.5
                }
                if ratio >= 1e-4 {
                    for j in 0..<n {
                        x[j] = wa2[j]
                        wa2[j] = diag[j] * x[j]
                    }
                    for i in 0..<m { fvec[i] = wa4[i] }
                    xnorm = enorm(wa2, n)
                    fnorm = fnorm1
                    iter += 1
                }
                var info = 0
                if abs(actred) <= o.ftol && prered <= o.ftol && 0.5 * ratio <= 1 { info = 1 }
                if delta <= o.xtol * xnorm { info = info == 1 ? 3 : 2 }
                if info != 0 { status = Status(rawValue: info); break outer }
                if nfev >= o.maxEvaluations { status = .evaluationLimit; break outer }
                if abs(actred) <= Self.epsmch && prered <= Self.epsmch && 0.5 * ratio <= 1 { status = .reductionAtPrecision; break outer }
                if delta <= Self.epsmch * xnorm { status = .stepAtPrecision; break outer }
                if gnorm <= Self.epsmch { status = .gradientAtPrecision; break outer }
                if ratio >= 1e-4 { break }
            }
        }
        return Outcome(x: x, fnorm: fnorm, status: status ?? .improperInput, evaluations: nfev, iterations: iter)
    }
}

/// Euclidean norm without destructive underflow or overflow (MINPACK's enorm, by scaling).
@inline(__always)
func enorm(_ x: UnsafePointer<Double>, _ n: Int) -> Double {
    var scale = 0.0, ssq = 1.0
    for i in 0..<n where x[i] != 0 {
        let a = abs(x[i])
        if scale < a {
            ssq = 1 + ssq * (scale / a) * (scale / a)
            scale = a
        } else {
            ssq += (a / scale) * (a / scale)
        }
    }
    return scale * ssq.squareRoot()
}

/// QR factorisation with column pivoting by Householder transformations (MINPACK qrfac).
/// On return the strict upper triangle of `a` holds R off the diagonal, `rdiag` its diagonal,
/// `acnorm` the original column norms, `ipvt` the permutation.
func qrfac(_ m: Int, _ n: Int, _ a: UnsafeMutablePointer<Double>, _ lda: Int, _ ipvt: UnsafeMutablePointer<Int>,
           _ rdiag: UnsafeMutablePointer<Double>, _ acnorm: UnsafeMutablePointer<Double>, _ wa: UnsafeMutablePointer<Double>) {
    let epsmch = Double.ulpOfOne
    for j in 0..<n {
        acnorm[j] = enorm(a + j * lda, m)
        rdiag[j] = acnorm[j]
        wa[j] = rdiag[j]
        ipvt[j] = j
    }
    for j in 0..<min(m, n) {
        var kmax = j
        for k in j..<n where rdiag[k] > rdiag[kmax] { kmax = k }
        if kmax != j {
            for i in 0..<m {
                let t = a[i + j * lda]
                a[i + j * lda] = a[i + kmax * lda]
                a[i + kmax * lda] = t
            }
            rdiag[kmax] = rdiag[j]
            wa[kmax] = wa[j]
            let k = ipvt[j]
            ipvt[j] = ipvt[kmax]
            ipvt[kmax] = k
        }
        var ajnorm = enorm(a + j + j * lda, m - j)
        if ajnorm != 0 {
            if a[j + j * lda] < 0 { ajnorm = -ajnorm }
            for i in j..<m { a[i + j * lda] /= ajnorm }
            a[j + j * lda] += 1
            if j + 1 < n {
                for k in (j + 1)..<n {
                    var sum = 0.0
                    for i in j..<m { sum += a[i + j * lda] * a[i + k * lda] }
                    let temp = sum / a[j + j * lda]
                    for i in j..<m { a[i + k * lda] -= temp * a[i + j * lda] }
                    if rdiag[k] != 0 {
                        let t = a[j + k * lda] / rdiag[k]
                        rdiag[k] *= max(0, 1 - t * t).squareRoot()
                        if 0.05 * (rdiag[k] / wa[k]) * (rdiag[k] / wa[k]) <= epsmch {
                            rdiag[k] = enorm(a + (j + 1) + k * lda, m - j - 1)
                            wa[k] = rdiag[k]
                        }
                    }
                }
            }
        }
        rdiag[j] = -ajnorm
    }
}

/// Solves the damped least-squares subproblem given the QR factors (MINPACK qrsolv).
func qrsolv(_ n: Int, _ r: UnsafeMutablePointer<Double>, _ ldr: Int, _ ipvt: UnsafePointer<Int>, _ diag: UnsafePointer<Double>,
            _ qtb: UnsafePointer<Double>, _ x: UnsafeMutablePointer<Double>, _ sdiag: UnsafeMutablePointer<Double>, _ wa: UnsafeMutablePointer<Double>) {
    for j in 0..<n {
        for i in j..<n { r[i + j * ldr] = r[j + i * ldr] }
        x[j] = r[j + j * ldr]
        wa[j] = qtb[j]
    }
    for j in 0..<n {
        let l = ipvt[j]
        if diag[l] != 0 {
            for k in j..<n { sdiag[k] = 0 }
            sdiag[j] = diag[l]
            var qtbpj = 0.0
            for k in j..<n where sdiag[k] != 0 {
                let c: Double, s: Double
                if abs(r[k + k * ldr]) < abs(sdiag[k]) {
                    let cotan = r[k + k * ldr] / sdiag[k]
                    s = 0.5 / (0.25 + 0.25 * cotan * cotan).squareRoot()
                    c = s * cotan
                } else {
                    let tan = sdiag[k] / r[k + k * ldr]
                    c = 0.5 / (0.25 + 0.25 * tan * tan).squareRoot()
                    s = c * tan
                }
                r[k + k * ldr] = c * r[k + k * ldr] + s * sdiag[k]
                let temp = c * wa[k] + s * qtbpj
                qtbpj = -s * wa[k] + c * qtbpj
                wa[k] = temp
                if k + 1 < n {
                    for i in (k + 1)..<n {
                        let t = c * r[i + k * ldr] + s * sdiag[i]
                        sdiag[i] = -s * r[i + k * ldr] + c * sdiag[i]
                        r[i + k * ldr] = t
                    }
                }
            }
        }
        sdiag[j] = r[j + j * ldr]
        r[j + j * ldr] = x[j]
    }
    var nsing = n
    for j in 0..<n {
        if sdiag[j] == 0 && nsing == n { nsing = j }
        if nsing < n { wa[j] = 0 }
    }
    if nsing > 0 {
        for k in 0..<nsing {
            let j = nsing - 1 - k
            var sum = 0.0
            if j + 1 < nsing { for i in (j + 1)..<nsing { sum += r[i + j * ldr] * wa[i] } }
            wa[j] = (wa[j] - sum) / sdiag[j]
        }
    }
    for j in 0..<n { x[ipvt[j]] = wa[j] }
}

/// Finds the Levenberg–Marquardt parameter for the trust-region radius `delta` (MINPACK lmpar).
func lmpar(_ n: Int, _ r: UnsafeMutablePointer<Double>, _ ldr: Int, _ ipvt: UnsafePointer<Int>, _ diag: UnsafePointer<Double>,
           _ qtb: UnsafePointer<Double>, _ delta: Double, _ par: inout Double, _ x: UnsafeMutablePointer<Double>,
           _ sdiag: UnsafeMutablePointer<Double>, _ wa1: UnsafeMutablePointer<Double>, _ wa2: UnsafeMutablePointer<Double>) {
    let dwarf = Double.leastNormalMagnitude
    var nsing = n
    for j in 0..<n {
        wa1[j] = qtb[j]
        if r[j + j * ldr] == 0 && nsing == n { nsing = j }
        if nsing < n { wa1[j] = 0 }
    }
    if nsing > 0 {
        for k in 0..<nsing {
            let j = nsing - 1 - k
            wa1[j] /= r[j + j * ldr]
            let temp = wa1[j]
            for i in 0..<j { wa1[i] -= r[i + j * ldr] * temp }
        }
    }
    for j in 0..<n { x[ipvt[j]] = wa1[j] }
    var iter = 0
    for j in 0..<n { wa2[j] = diag[j] * x[j] }
    var dxnorm = enorm(wa2, n)
    var fp = dxnorm - delta
    if fp <= 0.1 * delta {
        par = 0
        return
    }
    var parl = 0.0
    if nsing >= n {
        for j in 0..<n {
            let l = ipvt[j]
            wa1[j] = diag[l] * (wa2[l] / dxnorm)
        }
        for j in 0..<n {
            var sum = 0.0
            for i in 0..<j { sum += r[i + j * ldr] * wa1[i] }
            wa1[j] = (wa1[j] - sum) / r[j + j * ldr]
        }
        let temp = enorm(wa1, n)
        parl = ((fp / delta) / temp) / temp
    }
    for j in 0..<n {
        var sum = 0.0
        for i in 0...j { sum += r[i + j * ldr] * qtb[i] }
        wa1[j] = sum / diag[ipvt[j]]
    }
    let gnorm = enorm(wa1, n)
    var paru = gnorm / delta
    if paru == 0 { paru = dwarf / min(delta, 0.1) }
    par = max(par, parl)
    par = min(par, paru)
    if par == 0 { par = gnorm / dxnorm }
    while true {
        iter += 1
        if par == 0 { par = max(dwarf, 0.001 * paru) }
        let s = par.squareRoot()
        for j in 0..<n { wa1[j] = s * diag[j] }
        qrsolv(n, r, ldr, ipvt, wa1, qtb, x, sdiag, wa2)
        for j in 0..<n { wa2[j] = diag[j] * x[j] }
        dxnorm = enorm(wa2, n)
        let temp = fp
        fp = dxnorm - delta
        if abs(fp) <= 0.1 * delta || (parl == 0 && fp <= temp && temp < 0) || iter == 10 { break }
        for j in 0..<n {
            let l = ipvt[j]
            wa1[j] = diag[l] * (wa2[l] / dxnorm)
        }
        for j in 0..<n {
            wa1[j] /= sdiag[j]
            let t = wa1[j]
            if j + 1 < n { for i in (j + 1)..<n { wa1[i] -= r[i + j * ldr] * t } }
        }
        let t = enorm(wa1, n)
        let parc = ((fp / delta) / t) / t
        if fp > 0 { parl = max(parl, par) }
        if fp < 0 { paru = min(paru, par) }
        par = max(parl, par + parc)
    }
}
