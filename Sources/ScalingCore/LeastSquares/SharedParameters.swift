import Foundation

/// One model fitted to several groups of rows at once, some parameters common to every group and
/// the rest one copy per group ("do these ladders share an irreducible loss E?").
///
/// The joint model is Σ_g 1[row ∈ g] · f(x; θ_g), with θ_g the shared parameters and group g's own
/// copies of the others: one problem of ordinary shape, so the fitter's every method (variable
/// projection when the copies still enter linearly, Huber's loss, bounds, weights, the log scale)
/// applies unchanged. A row reads only its own group's copy, so with nothing shared the joint
/// optimum is the separate fits' optima side by side, which the tests check.
public enum SharedParameters {
    /// The joint problem and how its parameters map back to each group's.
    public struct Joint: Sendable {
        /// The problem over all rows: the original columns, then one indicator column per group.
        public var problem: FitProblem
        /// For group g, the joint parameter index of each of the original problem's parameters.
        public var parameterIndex: [[Int]]
        /// The original parameters that are common to every group.
        public var shared: [Int]

        /// Group g's parameters, in the original problem's order, from a joint parameter vector.
        public func groupValues(_ g: Int, of x: [Double]) -> [Double] { parameterIndex[g].map { x[$0] } }

        /// A joint parameter vector from one vector per group (each in the original's order): a
        /// group's own copies from its vector, each shared parameter the mean of the groups'.
        public func start(from groups: [[Double]]) -> [Double] {
            var x = [Double](repeating: 0, count: problem.parameterCount)
            var counts = [Double](repeating: 0, count: problem.parameterCount)
            for (g, values) in groups.enumerated() {
                for (j, v) in values.enumerated() {
                    x[parameterIndex[g][j]] += v
                    counts[parameterIndex[g][j]] += 1
                }
            }
            return zip(x, counts).map { $1 > 0 ? $0 / $1 : 0 }
        }
    }

    /// The joint problem of `problem` (all rows) over `groups` (row indices partitioning them),
    /// with the parameters in `shared` common and the others copied per group and named
    /// `name[label]`. The model is taken on its data scale and put back under the log when the
    /// problem was on the log scale, so `log y − log Σ_g 1[g]·f_g` is fitted, not a sum of logs.
    public static func joint(_ problem: FitProblem, groups: [[Int]], labels: [String], shared: Set<Int>) -> Joint {
        let n = problem.rows, p = problem.parameterCount
        let data = problem.dataScale
        var names: [String] = [], lower: [Double] = [], upper: [Double] = []
        var index = [[Int]](repeating: [Int](repeating: 0, count: p), count: groups.count)
        for j in 0..<p {
            if shared.contains(j) {
                for g in groups.indices { index[g][j] = names.count }
                names.append(problem.parameterNames[j]); lower.append(problem.lowerBounds[j]); upper.append(problem.upperBounds[j])
            } else {
                for (g, label) in labels.enumerated() {
                    index[g][j] = names.count
                    names.append("\(problem.parameterNames[j])[\(label)]"); lower.append(problem.lowerBounds[j]); upper.append(problem.upperBounds[j])
                }
            }
        }
        var columns = problem.columns, columnNames = problem.columnNames
        var model: ModelExpr?
        for (g, rows) in groups.enumerated() {
            var indicator = [Double](repeating: 0, count: n)
            for i in rows { indicator[i] = 1 }
            let c = columns.count
            columns.append(indicator)
            columnNames.append("[group \(labels[g])]")
            let copy = data.law.rebuilt { e in
                if case .parameter(let j) = e { return .parameter(index[g][j]) }
                return nil
            }
            let term = .column(c) * copy
            model = model.map { $0 + term } ?? term
        }
        var joint = FitProblem(response: data.response, model: model ?? .constant(0), columns: columns, columnNames: columnNames,
                               parameterNames: names, weights: problem.weights, huberDelta: problem.huberDelta,
                               lowerBounds: lower, upperBounds: upper, maxEvaluations: problem.maxEvaluations)
        if data.isLog { joint = joint.onLogScale() }
        return Joint(problem: joint, parameterIndex: index, shared: shared.sorted())
    }

    /// Group g's fit as a fit of its own: its rows' residuals, fitted values and statistics at its
    /// parameters from the joint optimum, with the standard errors, covariance and t intervals of
    /// the joint fit (a shared parameter is estimated from every group's rows, so its uncertainty
    /// is the joint fit's, with the joint fit's degrees of freedom). `problem`: the original
    /// problem on group g's rows alone.
    public static func groupResult(_ joint: Joint, _ result: FitResult, group g: Int, problem: FitProblem) throws(FitError) -> FitResult {
        let y = try Fitter.validate(problem)
        let x = joint.groupValues(g, of: result.values)
        let programs = ResidualModel.programs(for: problem)
        var r = Fitter.statistics(problem, y: y, x: x, programs: programs)
        if let delta = problem.huberDelta {
            // the group's share of the joint Huber objective
            let model = ResidualModel(problem: problem, y: y, valueProgram: programs.value, jacobianProgram: programs.jacobian)
            r.objective = x.withUnsafeBufferPointer { model.huberObjective($0.baseAddress.unsafelyUnwrapped, delta: delta) }
        }
        let index = joint.parameterIndex[g]
        r.covariance = index.map { a in index.map { b in result.covariance[a][b] } }
        r.standardErrors = index.map { result.standardErrors[$0] }
        let dof = joint.problem.rows - joint.problem.parameterCount
        let t = dof > 0 ? Special.studentTQuantile(0.975, Double(dof)) : .nan
        (r.lower, r.upper) = Fitter.intervalEnds(x, r.standardErrors, t: t, problem)
        r.intervalDegreesOfFreedom = dof
        r.iterations = result.iterations
        r.evaluations = result.evaluations
        r.reason = result.reason
        r.converged = result.converged
        r.method = result.method
        r.startsTried = result.startsTried
        r.startsConverged = result.startsConverged
        r.startsAtBest = result.startsAtBest
        // the joint fit's outcomes and warnings are the joint fit's, said once by the caller, not
        // once per group; the group's own Jacobian's say nothing of the joint estimates
        r.outcomes = []
        r.warnings = []
        r.singularParameters = []
        return r
    }

    /// The test of a restriction (parameters shared) against the fits that do not impose it, on
    /// the same rows: the F test of nested least-squares models, F = ((RSS₀ − RSS₁)/q)/(RSS₁/(n − p₁))
    /// with q = p₁ − p₀, its p-value 1 − F(q, n − p₁), and both models' Gaussian AIC (as `FitResult.aic`,
    /// unweighted: −2 log L + 2(p + 1) with log L = −n/2·(log 2π + 1 − log n + log RSS)).
    public struct SharingTest: Sendable, Equatable {
        /// The residual sums of squares with the parameters shared (RSS₀) and separate (RSS₁).
        public var rssShared: Double, rssSeparate: Double
        /// The parameter counts of the two models (p₀ < p₁).
        public var parametersShared: Int, parametersSeparate: Int
        /// The rows both were fitted to.
        public var rows: Int
        /// F with (q, n − p₁) degrees of freedom; nan when n ≤ p₁.
        public var f: Double
        /// P(F(q, n − p₁) ≥ f): small says the groups do not share the parameters.
        public var pValue: Double
        public var aicShared: Double, aicSeparate: Double

        public init(rssShared: Double, parametersShared: Int, rssSeparate: Double, parametersSeparate: Int, rows: Int) {
            self.rssShared = rssShared
            self.rssSeparate = rssSeparate
            self.parametersShared = parametersShared
            self.parametersSeparate = parametersSeparate
            self.rows = rows
            let q = Double(parametersSeparate - parametersShared), dof = Double(rows - parametersSeparate)
            if q > 0, dof > 0, rssSeparate > 0 {
                // the restricted optimum cannot lie below the unrestricted one: a negative
                // difference is the optimisers' rounding, and is F = 0
                let f = max(0, (rssShared - rssSeparate) / q) / (rssSeparate / dof)
                self.f = f
                // P(F ≥ f) = I_{dof/(dof + q·f)}(dof/2, q/2)
                pValue = Special.incompleteBeta(dof / (dof + q * f), dof / 2, q / 2)
            } else {
                f = .nan
                pValue = .nan
            }
            func aic(_ rss: Double, _ p: Int) -> Double {
                let n = Double(rows)
                return n * (Foundation.log(2 * Double.pi) + 1 - Foundation.log(n) + Foundation.log(rss)) + 2 * Double(p + 1)
            }
            aicShared = aic(rssShared, parametersShared)
            aicSeparate = aic(rssSeparate, parametersSeparate)
        }

        /// The F test's degrees of freedom (q, n − p₁).
        public var degreesOfFreedom: (Int, Int) { (parametersSeparate - parametersShared, rows - parametersSeparate) }
    }
}
