import Foundation

/// Minimises Σ ρ_δ(r_i(θ)) by BFGS with the exact gradient Jᵀψ(r) and a line search meeting the
/// Wolfe conditions (Nocedal and Wright, Numerical Optimization, 2nd ed., Algorithms 3.5
/// and 3.6, with cubic interpolation in the zoom; the inverse-Hessian update is eq. 6.17 with the
/// initial scaling of eq. 6.20). The loss is continuously differentiable, so the gradient test
/// is meaningful; convergence is declared on a tiny gradient, or when a step no longer changes
/// the objective or the parameters in floating point.
struct HuberBFGS {
    let model: ResidualModel
    let delta: Double
    /// The objective is minimised divided by this power of two (see `scale(forObjective:)`).
    var scale = 1.0

    init(model: ResidualModel, delta: Double) {
        self.model = model
        self.delta = delta
    }

    struct Outcome {
        var x: [Double]
        var objective: Double
        var converged: Bool
        var reason: String
        var iterations: Int
        var evaluations: Int
        var finiteStart: Bool

        /// A run that can no longer lower the objective: converged when the gradient is already
        /// negligible at the parameters' scale, else stopped for the reason `failure`. (The
        /// objective and gradient are on the objective's own scale: see `scale`.)
        static func stalled(x: [Double], objective f: Double, gradientMax gmax: Double, failure: String,
                            iterations: Int, evaluations: Int) -> Outcome {
            let scale = x.map(abs).max() ?? 1
            let small = gmax <= 1e-7 * max(1, f) / max(1, scale)
            return Outcome(x: x, objective: f, converged: small, reason: small ? "no further decrease possible at machine precision" : failure,
                           iterations: iterations, evaluations: evaluations, finiteStart: true)
        }
    }

    /// The power of two that an objective `f0` at the start is divided by: 1 between 2^-32 and
    /// 2^32, else f0's own binade. Dividing by a power of two is exact, so a problem on the unit
    /// scale runs exactly as before, while one with y ≈ 1e-12 and δ = 1e-15 (objective ≈ 1e-28)
    /// or δ = 1e-300 is minimised as its twin on the unit scale: its tolerances, written for
    /// objectives near 1 (|g| ≤ 1e-14·max(1, f)), were met at the start, and its line search's
    /// slope dᵀg underflowed to 0.
    static func scale(forObjective f0: Double) -> Double {
        guard f0.isFinite, f0 > 0, !(0x1p-32...0x1p32).contains(f0) else { return 1 }
        return Double(sign: .plus, exponent: f0.exponent, significand: 1)
    }

    /// |x' − x| relative to the parameter itself. (A floor of 1e-8 under |x| made the step test
    /// absolute for parameters near 1e-12, which stopped as soon as their steps reached 1e-23.)
    static func relativeStep(_ x: Double, _ xNew: Double) -> Double {
        let size = max(abs(x), abs(xNew))
        return size > 0 ? abs(xNew - x) / size : 0
    }

    private func objectiveAndGradient(_ x: [Double], _ g: inout [Double]) -> Double {
        let f = x.withUnsafeBufferPointer { xp in
            g.withUnsafeMutableBufferPointer { model.huberObjectiveAndGradient(xp.baseAddress.unsafelyUnwrapped, delta: delta, $0.baseAddress.unsafelyUnwrapped) }
        }
        if scale == 1 { return f }
        for i in g.indices { g[i] /= scale }
        return f / scale
    }

    /// Minimises from `start` (see `solveScaled`) on the objective's own scale.
    func solve(start: [Double], relativeDecrease: Double = 1e-15, maxIterations: Int = 2000, cancelled: () -> Bool = { false }) -> Outcome {
        var scaled = self
        var g = [Double](repeating: 0, count: model.p)
        var x = start
        x.withUnsafeMutableBufferPointer { model.project($0.baseAddress.unsafelyUnwrapped) }
        let f0 = objectiveAndGradient(x, &g)
        scaled.scale = Self.scale(forObjective: f0)
        var out = scaled.solveScaled(start: start, relativeDecrease: relativeDecrease, maxIterations: maxIterations, cancelled: cancelled)
        out.objective *= scaled.scale
        return out
    }

    /// `relativeDecrease`: a run ends converged after three consecutive steps that lower the
    /// objective by less than this fraction. A grid screens its starts at 1e-9 (scipy's
    /// L-BFGS-B default is about 2e-9), then polishes the best at 1e-15.
    func solveScaled(start: [Double], relativeDecrease: Double, maxIterations: Int, cancelled: () -> Bool) -> Outcome {
        let p = model.p
        var x = start
        x.withUnsafeMutableBufferPointer { model.project($0.baseAddress.unsafelyUnwrapped) }
        var g = [Double](repeating: 0, count: p)
        var evaluations = 1
        var f = objectiveAndGradient(x, &g)
        guard f.isFinite else {
            return Outcome(x: x, objective: .nan, converged: false, reason: "the model is not finite at the start", iterations: 0, evaluations: 1, finiteStart: false)
        }
        var h = [Double](repeating: 0, count: p * p)
        for j in 0..<p { h[j * p + j] = 1 }
        var firstStep = true
        var d = [Double](repeating: 0, count: p)
        var xNew = x, gNew = g
        var flatSteps = 0
        for iteration in 1...maxIterations {
            if cancelled() { return Outcome(x: x, objective: f, converged: false, reason: "interrupted", iterations: iteration, evaluations: evaluations, finiteStart: true) }
            let gmax = g.map(abs).max() ?? 0
            if gmax <= 1e-14 * max(1, f) {
                return Outcome(x: x, objective: f, converged: true, reason: "gradient below tolerance", iterations: iteration, evaluations: evaluations, finiteStart: true)
            }
            // d = −H g
            for i in 0..<p {
                var s = 0.0
                for j in 0..<p { s -= h[i * p + j] * g[j] }
                d[i] = s
            }
            var slope = zip(d, g).reduce(0) { $0 + $1.0 * $1.1 }
            if slope >= 0 {
                // Not a descent direction (the update lost positive definiteness): restart with steepest descent.
                for j in 0..<p { h[j * p + j] = 1; for k in 0..<p where k != j { h[j * p + k] = 0 } }
                for i in 0..<p { d[i] = -g[i] }
                slope = -g.reduce(0) { $0 + $1 * $1 }
            }
            var alpha0 = 1.0
            if firstStep {
                let dn = d.map { $0 * $0 }.reduce(0, +).squareRoot()
                let xn = x.map { $0 * $0 }.reduce(0, +).squareRoot()
                alpha0 = min(1, 0.1 * max(1, xn) / max(dn, 1e-300))
            }
            guard let (alpha, fNew, evals) = lineSearch(x, f, g, d, slope, alpha0, &xNew, &gNew) else {
                return .stalled(x: x, objective: f, gradientMax: gmax, failure: "the line search failed to decrease the objective",
                                iterations: iteration, evaluations: evaluations)
            }
            evaluations += evals
            var s = [Double](repeating: 0, count: p), yv = s
            var stepMax = 0.0
            for i in 0..<p {
                s[i] = xNew[i] - x[i]
                yv[i] = gNew[i] - g[i]
                stepMax = max(stepMax, Self.relativeStep(x[i], xNew[i]))
            }
            _ = alpha
            let fOld = f
            x = xNew
            g = gNew
            f = fNew
            if abs(fOld - f) <= relativeDecrease * max(abs(f), 1e-300) || stepMax <= 1e-15 {
                flatSteps += 1
                if flatSteps >= 3 {
                    return Outcome(x: x, objective: f, converged: true, reason: "no further decrease possible at machine precision",
                                   iterations: iteration, evaluations: evaluations, finiteStart: true)
                }
            } else {
                flatSteps = 0
            }
            let sy = zip(s, yv).reduce(0) { $0 + $1.0 * $1.1 }
            guard sy > 1e-300 else { continue }
            if firstStep {
                let yy = yv.reduce(0) { $0 + $1 * $1 }
                let scale = sy / yy
                for j in 0..<p { h[j * p + j] = scale }
                firstStep = false
            }
            // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
            let rho = 1 / sy
            var hy = [Double](repeating: 0, count: p)
            for i in 0..<p { for j in 0..<p { hy[i] += h[i * p + j] * yv[j] } }
            let yhy = zip(yv, hy).reduce(0) { $0 + $1.0 * $1.1 }
            for i in 0..<p {
                for j in 0..<p {
                    h[i * p + j] += -rho * (s[i] * hy[j] + hy[i] * s[j]) + (rho * rho * yhy + rho) * s[i] * s[j]
                }
            }
        }
        return Outcome(x: x, objective: f, converged: false, reason: "stopped at the iteration limit (\(maxIterations))", iterations: maxIterations,
                       evaluations: evaluations, finiteStart: true)
    }

    /// Strong-Wolfe line search (c1 = 1e-4, c2 = 0.9); nil when no acceptable step is found.
    private func lineSearch(_ x: [Double], _ f0: Double, _ g0: [Double], _ d: [Double], _ slope0: Double, _ alphaInit: Double,
                            _ xNew: inout [Double], _ gNew: inout [Double]) -> (Double, Double, Int)? {
        let c1 = 1e-4, c2 = 0.9
        let p = x.count
        let counter = EvaluationCounter()
        func phi(_ a: Double) -> (Double, Double) {
            for i in 0..<p { xNew[i] = x[i] + a * d[i] }
            xNew.withUnsafeMutableBufferPointer { model.project($0.baseAddress.unsafelyUnwrapped) }
            counter.count += 1
            let f = objectiveAndGradient(xNew, &gNew)
            let slope = zip(gNew, d).reduce(0) { $0 + $1.0 * $1.1 }
            return (f, slope)
        }
        var aPrev = 0.0, fPrev = f0, sPrev = slope0
        var a = alphaInit
        for i in 0..<60 {
            let (fa, sa) = phi(a)
            if !fa.isFinite {
                a *= 0.1  // stepped outside the model's domain: shorten
                continue
            }
            if fa > f0 + c1 * a * slope0 || (i > 0 && fa >= fPrev) {
                return zoom(aPrev, fPrev, sPrev, a, fa, sa, f0, slope0, c1, c2, phi, counter)
            }
            // Weak Wolfe: sufficient decrease and a slope no steeper than c2 times the first.
            // That is all BFGS needs (it keeps sᵀy > 0) and saves the zoom after an overshoot.
            if sa >= c2 * slope0 { return (a, fa, counter.count) }
            aPrev = a; fPrev = fa; sPrev = sa
            a *= 2
        }
        return nil
    }

    private func zoom(_ loIn: Double, _ fLoIn: Double, _ sLoIn: Double, _ hiIn: Double, _ fHiIn: Double, _ sHiIn: Double,
                      _ f0: Double, _ slope0: Double, _ c1: Double, _ c2: Double,
                      _ phi: (Double) -> (Double, Double), _ counter: EvaluationCounter) -> (Double, Double, Int)? {
        var lo = loIn, fLo = fLoIn, sLo = sLoIn, hi = hiIn, fHi = fHiIn, sHi = sHiIn
        for _ in 0..<60 {
            // cubic interpolation between lo and hi, safeguarded to the middle of the interval
            var a = cubicMinimum(lo, fLo, sLo, hi, fHi, sHi)
            let left = min(lo, hi), right = max(lo, hi), width = right - left
            if !a.isFinite || a <= left + 0.1 * width || a >= right - 0.1 * width { a = 0.5 * (lo + hi) }
            if width <= 1e-17 * max(1, abs(lo)) { break }
            let (fa, sa) = phi(a)
            if !fa.isFinite || fa > f0 + c1 * a * slope0 || fa >= fLo {
                hi = a; fHi = fa.isFinite ? fa : .greatestFiniteMagnitude; sHi = sa
            } else {
                if sa >= c2 * slope0 && sa <= -c2 * slope0 { return (a, fa, counter.count) }
                if sa * (hi - lo) >= 0 { hi = lo; fHi = fLo; sHi = sLo }
                lo = a; fLo = fa; sLo = sa
            }
        }
        // No Wolfe point, but accept a strict decrease if we have one.
        if fLo < f0 && lo != 0 {
            let (fa, _) = phi(lo)
            return (lo, fa, counter.count)
        }
        return nil
    }

    private func cubicMinimum(_ a: Double, _ fa: Double, _ sa: Double, _ b: Double, _ fb: Double, _ sb: Double) -> Double {
        let d1 = sa + sb - 3 * (fa - fb) / (a - b)
        let disc = d1 * d1 - sa * sb
        guard disc >= 0, fb.isFinite else { return .nan }
        let d2 = (b > a ? 1.0 : -1.0) * disc.squareRoot()
        return b - (b - a) * (sb + d2 - d1) / (sb - sa + 2 * d2)
    }
}

/// Evaluations made by one line search (a reference, so that nested helpers can count too).
private final class EvaluationCounter {
    var count = 0
}
