/// Numbers as text: `fmt(x, n)` and the values inside a string's `{…}`.
extension Interpreter {

    /// The text of `{x}` (as `print` writes it) or `{x:.3g}` (a number or each element of a vector,
    /// in that format) inside a string.
    func interpolated(_ v: Value, _ format: FormatSpec?, at range: SourceRange) throws(ScaleError) -> String {
        guard let format else { return v.printed() }
        switch v {
        case .number(let x): return format.format(x)
        case .vector(let xs): return "[" + xs.map(format.format).joined(separator: ", ") + "]"
        default:
            throw .runtime("the format ':.\(format.precision)\(format.style.rawValue)' applies to numbers, got a \(v.typeName)", at: range)
        }
    }
}

extension BuiltinRegistry {
    mutating func registerTextBuiltins() {
        // fmt(x, n): x to n significant digits (C's %g), as a string; a vector gives a text vector.
        define("fmt", ["x", "n"],
               doc: "x to n significant digits as text (C's %g); a vector gives a text vector. In a string, \"{x:.3g}\" does the same",
               example: "fmt(73190441757.4985, 3)") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let n = try a.interpreter.whole(try a.number(1, "a number of significant digits"), in: 1...17, at: a.range(1), what: "fmt's digits")
            let style = FormatSpec(precision: n, style: .g)
            switch a[0] {
            case .number(let x)?: return .string(style.format(x))
            case .vector(let xs)?: return .strings(xs.map(style.format))
            case let v?: throw .runtime("fmt expects a number or vector first, got a \(v.typeName)", at: a.range(0))
            case nil: return .nothing
            }
        }
    }
}
