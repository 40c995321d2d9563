import Foundation

#if arch(x86_64) && !os(Windows)
/// The widest floating type the platform has: x87 80-bit extended (64-bit significand) here.
public typealias Wide = Float80
#else
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
        ExpressionWalk<Wide>.run(self) { e, value in
            switch e {
            case .constant(let x): return Wide(x)
            case .column(let c): return Wide(columns[c])
            case .parameter(let p): return Wide(parameters[p])
            case .negate(let a): return -value(a)
            case .add(let a, let b): return value(a) + value(b)
            case .subtract(let a, let b): return value(a) - value(b)
            case .multiply(let a, let b): return value(a) * value(b)
            case .divide(let a, let b): return value(a) / value(b)
            case .power(let a, let b): return Foundation.pow(value(a), value(b))
            case .function(let f, let a):
                let x = value(a)
                switch f {
                case .exp: return Foundation.exp(x)
                case .log: return Foundation.log(x)
                case .log10: return Foundation.log10(x)
                case .log2: return Foundation.log2(x)
                case .sqrt: return x.squareRoot()
                case .abs: return Swift.abs(x)
                case .sin: return Foundation.sin(x)
                case .cos: return Foundation.cos(x)
                case .tan: return Foundation.tan(x)
                case .atan: return Foundation.atan(x)
                case .sign: return x > 0 ? 1 : (x < 0 ? -1 : 0)
                }
            }
        }
    }
}
