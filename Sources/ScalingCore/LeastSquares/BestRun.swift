extension Fitter {
    /// The run a multi-start fit reports, the one rule for every solver: among the runs that are
    /// usable (finite where they started, with a finite objective), a converged run before one that
    /// did not converge, then the lowest objective, then the earliest start. Nil when none is usable.
    static func bestRun<Run>(_ runs: [Run], usable: (Run) -> Bool, converged: (Run) -> Bool, objective: (Run) -> Double) -> Int? {
        var best: Int?
        for (i, r) in runs.enumerated() where usable(r) && objective(r).isFinite {
            guard let b = best else { best = i; continue }
            let rb = runs[b]
            if (converged(r) && !converged(rb)) || (converged(r) == converged(rb) && objective(r) < objective(rb)) { best = i }
        }
        return best
    }
}
