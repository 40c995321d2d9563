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

    /// The response and model on the data scale: for a fit of log(y) ~ log(g), y and g (a law of
    /// y, which is what a fit of logs predicts); otherwise the response and model themselves.
    public var dataScale: (response: ModelExpr, law: ModelExpr, isLog: Bool) {
        if case .function(.log, let y) = response, case .function(.log, let g) = model { return (y[0], g[0], true) }
        return (response, model, false)
    }
}
