extension FitProblem {
    /// The same problem with residuals log y − log f (the Chinchilla and Epoch replications'
    /// objective): response and model both under a log. The parameters are still the law's own,
    /// so estimates, standard errors and intervals are on their scale; a model that is separable
    /// stays separable (`SeparableModel` looks under the log), with its linear parameters held
    /// non-negative so that the log is defined.
    public func onLogScale() -> FitProblem {
        var p = self
        p.response = .call(.log, response)
        p.model = .call(.log, model)
        return p
    }
}
