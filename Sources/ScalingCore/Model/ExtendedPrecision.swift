import Foundation

#if arch(x86_64) && !os(Windows)
/// The widest floating type the platform has: x87 80-bit extended (64-bit significand) here.
public typealias Wide = Float80
#else
/// Double where the platform has no wider floating type.
public typealias Wide = Double
#endif

extension ModelExpr {
    /// Evaluates in extended precision at one point.
    ///
    /// Used for the reported residual sum of squares: at a near-perfect fit (NIST's Lanczos1 has
    /// RSS ≈ 1.4e-25 from residuals of ≈ 1e-13 on values of ≈ 2), each residual computed in
    /// double carries a rounding error of ≈ 1e-16, a thousandth of itself, so the RSS would be
    /// right to only three digits. With a 64-bit significand it is right to six or more.
    public func wideValue(parameters: [Double], columns: [Double]) -> Wide {
        value(parameters: parameters, columns: columns, as: Wide.self)
    }

    /// Evaluates in extended precision at every row of `columns`.
    public func wideValues(parameters: [Double], columns: [[Double]], rows: Int) -> [Wide] {
        values(parameters: parameters, columns: columns, rows: rows, as: Wide.self)
    }
}
