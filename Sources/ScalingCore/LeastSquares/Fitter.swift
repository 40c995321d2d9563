import Foundation

/// Runs a fit from one start or a grid of starts and computes the statistics of its result.
///
/// Starts run in parallel on all cores in fixed blocks; the best *converged* optimum wins, ties
/// going to the lower start index, so the result does not depend on the number of threads.
public enum Fitter {
    /// Relative tolerance within which a start is counted as having reached the best objective.
    /// Grid starts are screened with a relative-decrease test of 1e-9 (scipy's L-BFGS-B default
    /// is about 2e-9), so their objectives are good to about 1e-8; 1e-6 separates distinct optima
    /// from screening noise.
    public static let sameOptimum = 1e-6

    /// Whether two starts' objectives are one optimum: within `sameOptimum` of each other
    /// relatively, or apart by less than `roundingFloor`, the objective that rounding alone leaves
    /// (on exact data one start ends at 1e-31 and another at 1e-33: both are zero to the precision
    /// the residuals carry, not two optima).
    static func isSameOptimum(_ a: Double, _ b: Double, roundingFloor: Double) -> Bool {
        abs(a - b) <= max(sameOptimum * max(abs(a), abs(b), 1e-300), roundingFloor)
    }

    /// The objective that rounding the response alone can leave: Σ w·(64·ε·y)², 64 ulps a row,
    /// a generous bound on what evaluating a model to double precision loses.
    static func roundingFloor(y: [Double], weights: [Double]?) -> Double {
        var floor = 0.0
        for (i, v) in y.enumerated() {
            let e = 64 * Double.ulpOfOne * abs(v)
            floor += (weights?[i] ?? 1) * e * e
        }
        return floor
    }
    /// How many of the screened starts nearest the best are polished at full tolerance.
    static let polishCount = 16

    /// Fits `problem` from `starts`, by variable projection when some parameters enter linearly
    /// (see `fit(_:starts:method:cancelled:)`).
    public static func fit(_ problem: FitProblem, starts: [[Double]], cancelled: @escaping @Sendable () -> Bool = { false }) throws(FitError) -> FitResult {
        try fit(problem, starts: starts, method: .automatic, cancelled: cancelled)
    }

    /// All parameters searched together from every start (see `runOne`).
    static func fitJointly(_ problem: FitProblem, starts: [[Double]], cancelled: @escaping @Sendable () -> Bool) throws(FitError) -> FitResult {
        let y = try validate(problem)
        guard !starts.isEmpty else { throw FitError("no starting values") }
        let programs = ResidualModel.programs(for: problem)
        try checkStarts(problem, starts, y: y, program: programs.value)

        let blockSize = 8
        let blocks = (starts.count + blockSize - 1) / blockSize
        let results = UnsafeMutableBufferPointer<SingleRun?>.allocate(capacity: starts.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let sharedResults = UnsafeSendable(results)
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            let model = ResidualModel(problem: problem, y: y, valueProgram: programs.value, jacobianProgram: programs.jacobian)
            for s in (b * blockSize)..<min(starts.count, (b + 1) * blockSize) {
                if cancelled() { return }
                sharedResults.value[s] = runOne(model, start: starts[s], screening: starts.count > 1, cancelled: cancelled)
            }
        }
        if cancelled() { throw FitError("interrupted") }
        var runs = results.compactMap { $0 }
        var best = bestRun(runs, usable: \.finite, converged: \.converged, objective: \.objective)
        guard let screenedBest = best else {
            throw FitError("the model is not finite at any of the \(starts.count) starts")
        }
        // Polish the best screened starts (in start order) at full tolerance, in parallel.
        if starts.count > 1 {
            let target = runs[screenedBest].objective
            let near = runs.indices.filter { runs[$0].converged && runs[$0].objective <= target + 1e-6 * abs(target) }
                .sorted { (runs[$0].objective, $0) < (runs[$1].objective, $1) }.prefix(polishCount).map { $0 }
            let polished = UnsafeMutableBufferPointer<SingleRun?>.allocate(capacity: near.count)
            polished.initialize(repeating: nil)
            defer { polished.deallocate() }
            let sharedPolished = UnsafeSendable(polished)
            DispatchQueue.concurrentPerform(iterations: (near.count + blockSize - 1) / blockSize) { b in
                let model = ResidualModel(problem: problem, y: y, valueProgram: programs.value, jacobianProgram: programs.jacobian)
                for k in (b * blockSize)..<min(near.count, (b + 1) * blockSize) {
                    let before = runs[near[k]]
                    let run = runOne(model, start: before.x, screening: false, cancelled: cancelled)
                    sharedPolished.value[k] = SingleRun(x: run.x, objective: run.objective, converged: run.converged, finite: run.finite, reason: run.reason,
                                                  iterations: before.iterations + run.iterations, evaluations: before.evaluations + run.evaluations)
                }
            }
            for (k, i) in near.enumerated() { if let r = polished[k], r.objective <= runs[i].objective { runs[i] = r } }
            best = bestRun(runs, usable: \.finite, converged: \.converged, objective: \.objective)
        }
        let result = summarize(problem, y: y, programs: programs, winner: runs[best ?? screenedBest], runs: runs, lower: problem.lowerBounds)
        return result
    }

    struct SingleRun {
        var x: [Double]; var objective: Double; var converged: Bool; var finite: Bool; var reason: String; var iterations: Int; var evaluations: Int

        init(x: [Double], objective: Double, converged: Bool, finite: Bool, reason: String, iterations: Int, evaluations: Int) {
            (self.x, self.objective, self.converged, self.finite, self.reason, self.iterations, self.evaluations) = (x, objective, converged, finite, reason, iterations, evaluations)
        }

        init(_ out: HuberBFGS.Outcome) {
            self.init(x: out.x, objective: out.objective, converged: out.converged, finite: out.finiteStart, reason: out.reason,
                      iterations: out.iterations, evaluations: out.evaluations)
        }
    }

    /// The statistics at the winning run, with what the other runs (one per start) reached: the
    /// summary both searches report. `lower`: the bounds the outcomes are judged against.
    static func summarize(_ problem: FitProblem, y: [Double], programs: (value: CompiledModel, jacobian: CompiledModel),
                          winner: SingleRun, runs: [SingleRun], lower: [Double]) -> FitResult {
        var result = statistics(problem, y: y, x: winner.x, programs: programs)
        result.objective = problem.huberDelta == nil ? result.rss : winner.objective
        result.iterations = winner.iterations
        result.evaluations = winner.evaluations
        result.reason = winner.reason
        result.converged = winner.converged
        result.startsTried = runs.count
        result.startsConverged = runs.filter(\.converged).count
        result.startsNotFinite = runs.filter { !$0.finite }.count
        let floor = roundingFloor(y: y, weights: problem.weights)
        result.startsAtBest = runs.filter { $0.converged && isSameOptimum($0.objective, winner.objective, roundingFloor: floor) }.count
        if !winner.converged {
            result.warnings.insert("no start converged; the values are the best last iterate, not an estimate", at: 0)
        }
        result.outcomes = FitOutcome.assess(result, lower: lower, upper: problem.upperBounds,
                                            startObjectives: runs.map { $0.converged ? $0.objective : .nan }, roundingFloor: floor)
        return result
    }

    /// One start: MINPACK LM for least squares; for Huber, damped Gauss–Newton steps to screen a
    /// grid's starts (`HuberLM`: about 56 evaluations a start on the Chinchilla grid against
    /// BFGS's 155) and BFGS to polish. A least-squares run that stops at the evaluation limit is
    /// restarted once from where it stopped (a fresh trust region often finishes a slow valley).
    static func runOne(_ model: ResidualModel, start: [Double], screening: Bool = false, cancelled: () -> Bool) -> SingleRun {
        if let delta = model.problem.huberDelta {
            let out = screening
                ? HuberLM(model: model, delta: delta).solve(start: start, relativeDecrease: 1e-9, cancelled: cancelled)
                : HuberBFGS(model: model, delta: delta).solve(start: start, relativeDecrease: 1e-15, cancelled: cancelled)
            return SingleRun(out)
        }
        let lm = MinpackLM(m: model.m, n: model.p,
                           residuals: { model.residuals($0, $1) }, jacobian: { model.jacobian($0, $1) }, project: { model.project($0) })
        var options = MinpackLM.Options()
        options.maxEvaluations = model.problem.maxEvaluations ?? 1000 * (model.p + 1)
        var out = lm.solve(start: start, options: options, cancelled: cancelled)
        var iterations = out.iterations, evaluations = out.evaluations
        for _ in 0..<3 where out.status == .evaluationLimit || !out.status.converged && out.status != .notFinite && out.status != .interrupted {
            let again = lm.solve(start: out.x, options: options, cancelled: cancelled)
            iterations += again.iterations
            evaluations += again.evaluations
            if again.fnorm <= out.fnorm || !out.fnorm.isFinite { out = again } else { break }
        }
        // Polish: a converged run restarted from its end should stay put; if it moves downhill, take it.
        if out.status.converged {
            let again = lm.solve(start: out.x, options: options, cancelled: cancelled)
            evaluations += again.evaluations
            if again.status.converged && again.fnorm < out.fnorm { out = again }
        }
        return SingleRun(x: out.x, objective: out.fnorm * out.fnorm, converged: out.status.converged, finite: out.status != .notFinite,
                         reason: out.status.reason, iterations: iterations, evaluations: evaluations)
    }

    // MARK: - Checks that name the row, column or parameter

    /// Checks sizes and data; returns the response per row.
    static func validate(_ problem: FitProblem) throws(FitError) -> [Double] {
        let n = problem.rows, p = problem.parameterCount
        guard p > 0 else { throw FitError("the model has no parameters to estimate") }
        for j in 0..<p {
            do { try problem.checkBounds(of: j) } catch {
                switch error {
                case .notANumber(let name): throw FitError("a bound on '\(name)' is not a number")
                case .empty(let name, let lo, let hi): throw FitError("no value of '\(name)' lies between its bounds \(format(lo)) and \(format(hi))")
                }
            }
        }
        guard n >= p else {
            throw FitError("\(n) row\(n == 1 ? "" : "s") of data for \(p) parameters: a fit needs at least as many rows as parameters")
        }
        for (c, column) in problem.columns.enumerated() {
            if let i = column.firstIndex(where: { !$0.isFinite }) {
                throw FitError.nonFinite(column: problem.columnNames[c], row: i, value: column[i])
            }
        }
        if let w = problem.weights {
            guard w.count == n else { throw FitError("\(w.count) weights for \(n) rows") }
            if let i = w.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
                throw FitError("weight \(format(w[i])) at row \(i + 1): weights must be positive and finite")
            }
        }
        if let d = problem.huberDelta, !(d > 0) || !d.isFinite {
            throw FitError("the Huber threshold must be positive, got \(format(d))")
        }
        for j in 0..<p where !problem.model.depends(on: j) {
            throw FitError("parameter '\(problem.parameterNames[j])' does not appear in the model")
        }
        let y = CompiledModel([problem.response], columns: problem.columns, rows: n).evaluate(output: 0, parameters: [])
        if let i = y.firstIndex(where: { !$0.isFinite }) {
            throw FitError("the response is \(format(y[i])) at row \(i + 1)\(describeRow(problem, i))\(diagnose(problem.response, problem, [], i))")
        }
        return y
    }

    /// With one start, a model that is not finite at it is an error naming the row; with a grid,
    /// only when no start is finite (the others are skipped and counted).
    static func checkStarts(_ problem: FitProblem, _ starts: [[Double]], y: [Double], program: CompiledModel) throws(FitError) {
        for s in starts where s.count != problem.parameterCount {
            throw FitError("a start has \(s.count) values for \(problem.parameterCount) parameters")
        }
        var firstBad: (start: [Double], row: Int)?
        let ws = program.makeWorkspace()
        for s in starts {
            s.withUnsafeBufferPointer { program.run(parameters: $0.baseAddress.unsafelyUnwrapped, in: ws) }
            if let i = (0..<problem.rows).first(where: { !program.value(output: 0, row: $0, in: ws).isFinite }) {
                if firstBad == nil { firstBad = (s, i) }
            } else {
                return
            }
        }
        if let (s, i) = firstBad {
            let values = zip(problem.parameterNames, s).map { "\($0) = \(format($1))" }.joined(separator: ", ")
            let value = program.evaluate(output: 0, parameters: s)[i]
            throw FitError("the model is \(format(value)) at row \(i + 1)\(describeRow(problem, i)) with \(values)\(diagnose(problem.model, problem, s, i))"
                           + (starts.count > 1 ? " (and at every other start)" : ""))
        }
    }

    static func describeRow(_ problem: FitProblem, _ i: Int) -> String {
        guard !problem.columns.isEmpty else { return "" }
        return " (" + zip(problem.columnNames, problem.columns).map { "\($0) = \(format($1[i]))" }.joined(separator: ", ") + ")"
    }

    /// Names the innermost operation that turned finite inputs into a non-finite value.
    static func diagnose(_ e: ModelExpr, _ problem: FitProblem, _ params: [Double], _ row: Int) -> String {
        let values = problem.columns.map { $0[row] }
        func find(_ e: ModelExpr) -> String? {
            switch e {
            case .constant, .column, .parameter: return nil
            case .negate(let a): return find(a)
            case .function(let f, let a):
                for arg in a { if let inner = find(arg) { return inner } }
                let x = a.map { $0.value(parameters: params, columns: values) }
                if !f.apply(x).isFinite { return "\(f.name) of \(x.map(format).joined(separator: ", "))" }
                return nil
            case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b), .power(let a, let b):
                if let inner = find(a) ?? find(b) { return inner }
                let x = a.value(parameters: params, columns: values), z = b.value(parameters: params, columns: values)
                if case .divide = e, z == 0 { return "division by zero" }
                if case .power = e, !Foundation.pow(x, z).isFinite || Foundation.pow(x, z).isNaN { return "\(format(x)) to the power \(format(z))" }
                if !e.value(parameters: params, columns: values).isFinite { return "overflow" }
                return nil
            }
        }
        return find(e).map { ": \($0)" } ?? ""
    }

    static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return String(format: "%.6g", x)
    }

    // MARK: - Statistics at the optimum

    static func statistics(_ problem: FitProblem, y: [Double], x: [Double], programs: (value: CompiledModel, jacobian: CompiledModel)) -> FitResult {
        let n = problem.rows, p = problem.parameterCount
        let model = ResidualModel(problem: problem, y: y, valueProgram: programs.value, jacobianProgram: programs.jacobian)
        var r = [Double](repeating: 0, count: n)
        var jac = [Double](repeating: 0, count: n * p)
        x.withUnsafeBufferPointer { xp in
            _ = r.withUnsafeMutableBufferPointer { model.residuals(xp.baseAddress.unsafelyUnwrapped, $0.baseAddress.unsafelyUnwrapped) }
            jac.withUnsafeMutableBufferPointer { model.jacobian(xp.baseAddress.unsafelyUnwrapped, $0.baseAddress.unsafelyUnwrapped) }
        }
        let fitted = programs.value.evaluate(output: 0, parameters: x)
        let residuals = zip(y, fitted).map { $0 - $1 }
        // The sum of squares in extended precision (see `wideValue`), residuals as the model defines them.
        var wideRSS: Wide = 0
        let sqrtW = problem.weights.map { $0.map { $0.squareRoot() } }
        let wideResponse = problem.response.wideValues(parameters: [], columns: problem.columns, rows: n)
        let wideModel = problem.model.wideValues(parameters: x, columns: problem.columns, rows: n)
        for i in 0..<n {
            let ri = (wideResponse[i] - wideModel[i]) * Wide(sqrtW?[i] ?? 1)
            wideRSS += ri * ri
        }
        let rss = wideRSS.isFinite ? Double(wideRSS) : r.reduce(0) { $0 + $1 * $1 }
        let dof = n - p
        let sigma2 = dof > 0 ? rss / Double(dof) : .nan
        var warnings: [String] = []
        // (JᵀJ)⁻¹ from the pivoted QR of J: (RᵀR)⁻¹ = R⁻¹R⁻ᵀ, un-permuted.
        var ipvt = [Int](repeating: 0, count: p)
        var rdiag = [Double](repeating: 0, count: p), acnorm = rdiag, wa = rdiag
        qrfac(n, p, &jac, n, &ipvt, &rdiag, &acnorm, &wa)
        var rank = p
        for j in 0..<p where abs(rdiag[j]) <= 1e-11 * abs(rdiag[0]) || rdiag[j] == 0 { rank = min(rank, j) }
        var covariance = [[Double]](repeating: [Double](repeating: .nan, count: p), count: p)
        for j in 0..<p where acnorm[j] == 0 {
            warnings.append("parameter '\(problem.parameterNames[j])' does not change the residuals at the optimum")
        }
        let singular = (rank..<p).map { problem.parameterNames[ipvt[$0]] }
        if rank < p {
            let names = singular.map { "'\($0)'" }.joined(separator: ", ")
            warnings.append("the Jacobian is singular at the optimum: \(names) cannot be told apart from the other parameters; standard errors are not available")
        } else {
            // R (upper triangle of jac, diagonal rdiag) → R⁻¹ by back substitution
            var rinv = [Double](repeating: 0, count: p * p)
            for j in 0..<p {
                rinv[j + j * p] = 1 / rdiag[j]
                for i in stride(from: j - 1, through: 0, by: -1) {
                    var s = 0.0
                    for k in (i + 1)...j { s += jac[i + k * n] * rinv[k + j * p] }
                    rinv[i + j * p] = -s / rdiag[i]
                }
            }
            for a in 0..<p {
                for b in 0..<p {
                    var s = 0.0
                    for k in max(a, b)..<p { s += rinv[a + k * p] * rinv[b + k * p] }
                    covariance[ipvt[a]][ipvt[b]] = s * sigma2
                }
            }
        }
        let se = (0..<p).map { covariance[$0][$0].squareRoot() }
        let t = dof > 0 ? Special.studentTQuantile(0.975, Double(dof)) : .nan
        let ybar = y.reduce(0, +) / Double(n)
        let tss = y.reduce(0) { $0 + ($1 - ybar) * ($1 - ybar) }
        let sse = residuals.reduce(0) { $0 + $1 * $1 }
        // R's logLik.nls: −n/2 (log 2π + 1 − log n − Σ log w / n + log Σ w r²)
        let nn = Double(n)
        let logW = problem.weights.map { $0.reduce(0) { $0 + Foundation.log($1) } } ?? 0
        let logLik = -nn / 2 * (Foundation.log(2 * Double.pi) + 1 - Foundation.log(nn) - logW / nn + Foundation.log(rss))
        return FitResult(
            parameterNames: problem.parameterNames, values: x, standardErrors: se,
            lower: intervalEnds(x, se, t: t, problem).lower, upper: intervalEnds(x, se, t: t, problem).upper, covariance: covariance,
            objective: rss, rss: rss, residualStandardError: sigma2.squareRoot(), r2: 1 - sse / tss,
            aic: -2 * logLik + 2 * Double(p + 1), bic: -2 * logLik + Foundation.log(nn) * Double(p + 1),
            iterations: 0, evaluations: 0, reason: "", converged: false, startsTried: 1, startsConverged: 0, startsNotFinite: 0,
            startsAtBest: 0, residuals: residuals, fitted: fitted, warnings: warnings, unweightedRSS: sse, intervalDegreesOfFreedom: dof,
            singularParameters: singular)
    }

    /// Each parameter's interval x ± t·se (Student's t at the fit's degrees of freedom), stopped at
    /// the parameter's bounds: a bounded parameter cannot take values beyond them, so an interval
    /// reaching past a bound says nothing there.
    static func intervalEnds(_ x: [Double], _ se: [Double], t: Double, _ problem: FitProblem) -> (lower: [Double], upper: [Double]) {
        // written out, not max/min, so that a nan end (no standard error) stays nan
        let lower = x.indices.map { j in let v = x[j] - t * se[j]; return v < problem.lowerBounds[j] ? problem.lowerBounds[j] : v }
        let upper = x.indices.map { j in let v = x[j] + t * se[j]; return v > problem.upperBounds[j] ? problem.upperBounds[j] : v }
        return (lower, upper)
    }

    /// The model evaluated at fitted parameters over new columns.
    public static func evaluate(_ model: ModelExpr, parameters: [Double], columns: [[Double]], rows: Int) -> [Double] {
        CompiledModel([model], columns: columns, rows: rows).evaluate(output: 0, parameters: parameters)
    }
}

/// Lets worker threads write disjoint slots of one buffer.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
