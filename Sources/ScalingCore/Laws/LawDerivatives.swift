extension ModelExpr {
    /// ∂/∂x_c of an expression over columns with every parameter bound: the column becomes a
    /// parameter, is differentiated symbolically, and is put back as the column.
    public func partial(column c: Int) -> ModelExpr {
        promotingColumn(c).derivative(parameter: 0).demotingParameter(to: c)
    }

    /// `partial(column:)`, refused when the derivative would hold more than `limit` operations.
    public func partial(column c: Int, limit: Int) throws(TooLarge) -> ModelExpr {
        try promotingColumn(c).derivative(parameter: 0, limit: limit).demotingParameter(to: c)
    }

    /// The elasticity ∂log L/∂log x_c = x_c·(∂L/∂x_c)/L as an expression (the exponent of L's local
    /// power law in x_c; NaN where L is 0), refused past `limit` operations as `partial` is.
    public func elasticity(column c: Int, limit: Int) throws(TooLarge) -> ModelExpr {
        (ModelExpr.column(c) * (try partial(column: c, limit: limit))) / self
    }

    /// The exact gradient of an expression of two columns (a law of N and D, a cost), as a function.
    public var gradient2D: @Sendable (Double, Double) -> (Double, Double) {
        let dx = partial(column: 0), dy = partial(column: 1)
        return { x, y in (dx.value(parameters: [], columns: [x, y]), dy.value(parameters: [], columns: [x, y])) }
    }
}
