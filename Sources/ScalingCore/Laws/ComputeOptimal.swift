import Foundation

/// Compute-optimal allocation of a training budget between parameters N and tokens D.
public enum ComputeOptimal {
    /// A point of the allocation: parameters, tokens, the law's loss there, D/N.
    public struct Allocation: Sendable {
        /// The training budget C in FLOPs.
        public var budget: Double
        /// Parameters N.
        public var N: Double
        /// Training tokens D.
        public var D: Double
        /// The law's loss at (N, D).
        public var loss: Double
        /// D/N (about 20 at Chinchilla's optimum).
        public var tokensPerParameter: Double { D / N }
    }

    /// L = E + A/N^α + B/D^β (Hoffmann et al. 2022, eq. 2), whose optimum under C = 6ND has a
    /// closed form (DESIGN.md §1; Hoffmann et al. 2022, eq. 4):
    /// G = (αA/(βB))^(1/(α+β)), N_opt = G·(C/6)^a, D_opt = G⁻¹·(C/6)^b, a = β/(α+β), b = α/(α+β).
    public struct ChinchillaForm: Sendable, Equatable {
        /// The law's coefficients: the irreducible loss E, the scales A and B, the exponents α (of N) and β (of D).
        public var E, A, B, alpha, beta: Double

        /// The law with these coefficients (not checked; the closed form needs α, β, A, B > 0).
        public init(E: Double, A: Double, B: Double, alpha: Double, beta: Double) {
            self.E = E; self.A = A; self.B = B; self.alpha = alpha; self.beta = beta
        }

        /// G = (αA/(βB))^(1/(α+β)), the constant of the closed-form optimum.
        public var G: Double { Foundation.pow(alpha * A / (beta * B), 1 / (alpha + beta)) }
        /// The exponent a = β/(α+β) of N_opt ∝ C^a.
        public var a: Double { beta / (alpha + beta) }
        /// The exponent b = α/(α+β) of D_opt ∝ C^b.
        public var b: Double { alpha / (alpha + beta) }

        /// E + A/N^α + B/D^β at N parameters and D tokens.
        public func loss(_ N: Double, _ D: Double) -> Double { E + A / Foundation.pow(N, alpha) + B / Foundation.pow(D, beta) }

        /// The closed-form optimum at a budget of C FLOPs under C = 6ND, with the law's loss there.
        public func optimum(budget C: Double) -> Allocation {
            let N = G * Foundation.pow(C / 6, a), D = Foundation.pow(C / 6, b) / G
            return Allocation(budget: C, N: N, D: D, loss: loss(N, D))
        }

        /// Recognises E + A/N^α + B/D^β (in any order of the three terms, N = column 0 and
        /// D = column 1, all coefficients constant) in a model expression.
        public static func detect(_ e: ModelExpr) -> ChinchillaForm? {
            var terms: [ModelExpr] = []
            func flatten(_ e: ModelExpr) {
                if case .add(let a, let b) = e { flatten(a); flatten(b) } else { terms.append(e) }
            }
            flatten(e)
            guard terms.count == 3 else { return nil }
            var E: Double?, n: (Double, Double)?, d: (Double, Double)?
            for t in terms {
                if let c = t.constantValue { E = c; continue }
                // A / col^alpha, or A * col^-alpha
                var coefficient: Double?, column: Int?, exponent: Double?
                if case .divide(.constant(let k), .power(.column(let c), .constant(let x))) = t {
                    coefficient = k; column = c; exponent = x
                } else if case .multiply(.constant(let k), .power(.column(let c), .constant(let x))) = t {
                    coefficient = k; column = c; exponent = -x
                } else if case .power(.column(let c), .constant(let x)) = t {
                    coefficient = 1; column = c; exponent = -x
                }
                guard let k = coefficient, let c = column, let x = exponent, x > 0, k > 0 else { return nil }
                if c == 0 { n = (k, x) } else if c == 1 { d = (k, x) } else { return nil }
            }
            guard let E, let n, let d else { return nil }
            return ChinchillaForm(E: E, A: n.0, B: d.0, alpha: n.1, beta: d.1)
        }
    }

    /// Why a search found no optimum along the budget, in words naming the budget or target.
    public struct SearchError: Error, CustomStringConvertible, Sendable {
        /// The reason, in words.
        public var description: String
    }

    /// Minimises loss(N, D) along cost(N, D) = C in log N, to 1e-10 relative in N.
    ///
    /// D is C/(6N) for the default cost, else the root in log D of cost(N, D) = C (cost must
    /// increase with D). log N is first scanned over [1, 1e16] parameters to bracket the best
    /// point, so that a law with several local minima is not trapped by the first; a minimum at
    /// the edge of the scan is an error rather than an answer.
    ///
    /// Minimising the loss itself locates N only to about √ε ≈ 1e-8, because the loss is flat at
    /// its minimum. With the partial derivatives (`gradient`, and `costGradient` for a custom
    /// cost) the answer is refined to the root of the stationarity condition along the constraint,
    /// L_N·g_D − L_D·g_N = 0, which Brent's root finder resolves to about 1e-14; that root is
    /// kept only where the law there is finite and no worse than at Brent's minimum, and the
    /// answer's loss is the law evaluated at it, checked finite and no worse than the scan's best.
    /// A cost that no D > 0 meets for any N is reported as the cost's fault, not the law's.
    public static func numeric(loss: (Double, Double) -> Double, budget C: Double, cost: ((Double, Double) -> Double)? = nil,
                               gradient: ((Double, Double) -> (Double, Double))? = nil,
                               costGradient: ((Double, Double) -> (Double, Double))? = nil) throws(SearchError) -> Allocation {
        func tokens(_ N: Double) -> Double? {
            guard let cost else { return C / (6 * N) }
            let g = { (logD: Double) in cost(N, Foundation.exp(logD)) - C }
            guard let r = Brent.root(g, -50, 120, tol: 1e-13) else { return nil }
            return Foundation.exp(r)
        }
        func objective(_ logN: Double) -> Double {
            let N = Foundation.exp(logN)
            guard let D = tokens(N) else { return .infinity }
            let l = loss(N, D)
            return l.isNaN ? .infinity : l
        }
        let lo = 0.0, hi = Foundation.log(1e16)
        let steps = 400
        var bestK = 0, bestF = Double.infinity, costMet = false
        for k in 0...steps {
            let x = lo + (hi - lo) * Double(k) / Double(steps)
            if !costMet, tokens(Foundation.exp(x)) != nil { costMet = true }
            let f = objective(x)
            if f < bestF { bestF = f; bestK = k }
        }
        // A cost that no D meets (negative, say) is the cost's fault, not the law's.
        guard costMet else {
            throw SearchError(description: "no D > 0 makes the cost equal C = \(C) for any N from 1 to 1e16: the cost must be positive and rise with D")
        }
        guard bestF.isFinite else {
            throw SearchError(description: "the law is not finite anywhere along the budget C = \(C)")
        }
        guard bestK > 0, bestK < steps else {
            throw SearchError(description: "the loss keeps falling towards \(bestK == 0 ? "1 parameter" : "1e16 parameters") at C = \(C): no interior optimum")
        }
        let h = (hi - lo) / Double(steps)
        let x0 = lo + h * Double(bestK - 1), x1 = lo + h * Double(bestK + 1)
        let m = Brent.minimize(objective, x0, x1, tol: 1e-11)
        var logN = m.x
        if let gradient, cost == nil || costGradient != nil {
            func stationarity(_ x: Double) -> Double {
                let n = Foundation.exp(x)
                guard let d = tokens(n) else { return .nan }
                let (ln, ld) = gradient(n, d)
                let (gn, gd) = costGradient?(n, d) ?? (6 * d, 6 * n)
                return n * (ln * gd - ld * gn)
            }
            if let root = Brent.root(stationarity, x0, x1, tol: 1e-15) { logN = root }
        }
        // The root of the stationarity condition refines Brent's minimum; keep it only where the
        // law, evaluated there, is finite and no worse than at that minimum.
        if logN != m.x {
            let refined = objective(logN)
            if !(refined.isFinite && refined <= m.fx + 1e-12 * abs(m.fx)) { logN = m.x }
        }
        let N = Foundation.exp(logN)
        guard let D = tokens(N) else { throw SearchError(description: "no D meets the cost at N = \(N)") }
        let value = loss(N, D)
        guard value.isFinite, value <= bestF + 1e-9 * abs(bestF) else {
            throw SearchError(description: "the search ended at N = \(N), D = \(D), where the law is \(value), above its \(bestF) on the grid along C = \(C)")
        }
        return Allocation(budget: C, N: N, D: D, loss: value)
    }

    /// The inference-aware optimum of Sardana and Frankle (2023), "Beyond Chinchilla-Optimal":
    /// minimise 6·N·D + 2·N·T subject to loss(N, D) = target, T the tokens served over the model's
    /// life. For each N the D reaching the target is a root in log D (loss must fall with D).
    public struct InferenceAware: Sendable {
        /// Parameters N of the cheapest model reaching the target.
        public var N: Double
        /// Training tokens D it needs to reach the target.
        public var D: Double
        /// Training FLOPs, 6·N·D (`TransformerFLOPs.training`).
        public var trainingFLOPs: Double
        /// Inference FLOPs over the served tokens, 2·N·T (`TransformerFLOPs.inference`).
        public var inferenceFLOPs: Double
        /// Training plus inference FLOPs, the quantity minimised.
        public var total: Double { trainingFLOPs + inferenceFLOPs }
    }

    /// The N minimising training plus inference FLOPs at loss(N, D) = `target`, with T tokens served; N is searched over
    /// [1, 1e16] and D over [1, e^120]. Throws when no model in that range reaches the target.
    public static func inferenceAware(loss: (Double, Double) -> Double, target: Double, inferenceTokens T: Double) throws(SearchError) -> InferenceAware {
        func tokens(_ N: Double) -> Double? {
            guard let r = Brent.root({ loss(N, Foundation.exp($0)) - target }, 0, 120, tol: 1e-13) else { return nil }
            return Foundation.exp(r)
        }
        func total(_ logN: Double) -> Double {
            let N = Foundation.exp(logN)
            guard let D = tokens(N) else { return .infinity }
            return TransformerFLOPs.training(parameters: N, tokens: D) + TransformerFLOPs.inference(parameters: N, tokens: T)
        }
        let lo = 0.0, hi = Foundation.log(1e16), steps = 400
        var bestK = -1, bestF = Double.infinity
        for k in 0...steps {
            let f = total(lo + (hi - lo) * Double(k) / Double(steps))
            if f < bestF { bestF = f; bestK = k }
        }
        guard bestF.isFinite else {
            // Say what the search covered and the best it saw: the target may lie above the law's
            // floor and still be out of reach of any model in the range (1.691 under a floor of 1.69).
            let lowest = loss(Foundation.exp(hi), Foundation.exp(120))
            throw SearchError(description: "no model up to 1e16 parameters reaches loss \(target): the lowest loss there (with 1.3e52 tokens) is \(lowest)")
        }
        let h = (hi - lo) / Double(steps)
        let m = Brent.minimize(total, lo + h * Double(max(bestK - 1, 0)), lo + h * Double(min(bestK + 1, steps)), tol: 1e-11)
        let N = Foundation.exp(m.x)
        guard let D = tokens(N) else { throw SearchError(description: "no D reaches loss \(target) at N = \(N)") }
        return InferenceAware(N: N, D: D, trainingFLOPs: TransformerFLOPs.training(parameters: N, tokens: D),
                             inferenceFLOPs: TransformerFLOPs.inference(parameters: N, tokens: T))
    }
}
