import Foundation

/// How a fit's response and model relate to the data's own scale. A problem's scale is read
/// once, when it is made (`FitProblem.init`) or put under a log (`onLogScale`); everything that
/// maps predictions back to the data reads this field, not the expressions' shape.
public enum ResponseScale: Sendable, Equatable {
    /// The response is a data column or an expression of columns, and the model predicts it.
    case asWritten
    /// log y ~ log g (`fit … in log`, or written so): g is a law of y, and a prediction's data
    /// scale is exp of the fitted log.
    case logOfBoth
    /// log y ~ f with f not under a log (`log(loss) ~ c + d·log(C)`): f is a law of log y, and
    /// a prediction's data scale is exp of it.
    case logResponse

    /// The scale the expressions were written in.
    init(response: ModelExpr, model: ModelExpr) {
        guard case .function(.log, let y) = response else { self = .asWritten; return }
        if case .function(.log, _) = model { self = .logOfBoth; return }
        if case .column = y[0] { self = .logResponse; return }
        self = .asWritten
    }

    /// Maps a response or prediction to the data's own scale: exp for a response under a log.
    public func toData(_ value: Double) -> Double {
        self == .asWritten ? value : Foundation.exp(value)
    }
}

extension FitProblem {
    /// The same problem with residuals log y − log f (the Chinchilla and Epoch replications'
    /// objective): response and model both under a log. The parameters are still the law's own,
    /// so estimates, standard errors and intervals are on their scale; a model that is separable
    /// stays separable (`SeparableModel` looks under the log), with its linear parameters held
    /// non-negative so that the log is defined. Applied once: a problem already on the log scale
    /// is returned as it is.
    public func onLogScale() -> FitProblem {
        guard scale != .logOfBoth else { return self }
        var p = self
        p.response = .call(.log, response)
        p.model = .call(.log, model)
        p.scale = .logOfBoth
        return p
    }

    /// The response and model on the data scale: for a fit in log, y and g (a law of y, which is
    /// what a fit of logs predicts); otherwise the response and model themselves.
    public var dataScale: (response: ModelExpr, law: ModelExpr, isLog: Bool) {
        // the logs are the ones onLogScale put there; the field, not the shape, says they are
        if scale == .logOfBoth, case .function(.log, let y) = response, case .function(.log, let g) = model { return (y[0], g[0], true) }
        return (response, model, false)
    }
}
