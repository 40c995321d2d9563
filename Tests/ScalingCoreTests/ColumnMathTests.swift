import Foundation
import Testing
@testable import ScalingCore

/// The SIMD exp and log that fits run on, against a reference: 80-bit extended precision where
/// the machine has it (x86-64: the reference is then good to 2^-64 relative, far below the
/// half-unit rounding of a double), glibc's functions elsewhere.
struct ColumnMathTests {
    /// Error of `value` in units in the last place of the exact result.
    func ulps(_ value: Double, exact: (Double) -> (Double, Double), _ x: Double) -> Double {
        let (reference, residual) = exact(x)
        let error = (value - reference) - residual
        return abs(error) / reference.ulp
    }

    #if arch(x86_64)
    func exactExp(_ x: Double) -> (Double, Double) {
        let wide = Foundation.expl(Float80(x))
        let rounded = Double(wide)
        return (rounded, Double(wide - Float80(rounded)))
    }

    func exactLog(_ x: Double) -> (Double, Double) {
        let wide = Foundation.logl(Float80(x))
        let rounded = Double(wide)
        return (rounded, Double(wide - Float80(rounded)))
    }
    /// One ulp against the exact value.
    let tolerance = 1.0
    #else
    func exactExp(_ x: Double) -> (Double, Double) { (Foundation.exp(x), 0) }
    func exactLog(_ x: Double) -> (Double, Double) { (Foundation.log(x), 0) }
    /// One ulp against the exact value, plus the half ulp or so that the reference itself may be off.
    let tolerance = 1.5
    #endif

    func apply(_ f: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void, _ xs: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: xs.count)
        xs.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { f(x.baseAddress!, $0.baseAddress!, xs.count) }
        }
        return out
    }

    /// Tolerance: `tolerance`. On these samples exp is within 0.51 ulp and log within 0.79 of the
    /// exact values (glibc's: about 0.5).
    @Test func expWithinOneUlp() {
        var rng = SeededRandom(seed: 20261123)
        // the reduction's whole range, the range of fitted models, and around the reduction's seams
        var xs = (0..<200_000).map { _ in rng.uniform() * 1400 - 700 }
        xs += (0..<200_000).map { _ in rng.uniform() * 40 - 20 }
        xs += (-1000...1000).flatMap { k in [-1e-12, 0, 1e-12].map { Double(k) * M_LN2 / 2 + $0 } }
        let values = apply({ ColumnMath.exp($0, $1, count: $2) }, xs)
        let worst = zip(xs, values).map { ulps($1, exact: exactExp, $0) }.max() ?? .nan
        #expect(worst <= tolerance, "largest error \(worst) ulp")
    }

    @Test func logWithinOneUlp() {
        var rng = SeededRandom(seed: 20261124)
        // log-uniform over the normal doubles, and near 1 where log is small and cancellation bites
        var xs = (0..<200_000).map { _ in Foundation.exp((rng.uniform() * 2 - 1) * 708) }
        xs += (0..<200_000).map { _ in 1 + (rng.uniform() * 2 - 1) * 0.3 }
        xs += [Double.leastNormalMagnitude, .greatestFiniteMagnitude, 1, 2, 0.5, 2.squareRoot(), 0.5.squareRoot(), 1.nextUp, 1.nextDown]
        let values = apply({ ColumnMath.log($0, $1, count: $2) }, xs)
        let worst = zip(xs, values).filter { $0.0 != 1 }.map { ulps($1, exact: exactLog, $0) }.max() ?? .nan
        #expect(worst <= tolerance, "largest error \(worst) ulp")
        #expect(values[xs.firstIndex(of: 1)!] == 0)
    }

    /// Special inputs give exactly what Foundation's functions give.
    @Test func specialValuesMatchFoundation() {
        let expInputs: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 709.78, 709.79, 710, 1e300, -745.1, -745.2, -740, -708.5, -1e300,
                                   .leastNonzeroMagnitude, -.leastNonzeroMagnitude]
        for (x, y) in zip(expInputs, apply({ ColumnMath.exp($0, $1, count: $2) }, expInputs)) {
            let reference = Foundation.exp(x)
            if reference.isNaN { #expect(y.isNaN, "exp(\(x))") } else if reference == 0 || reference.isInfinite || reference < 1e-300 {
                #expect(y == reference || abs(y - reference) <= reference.ulp, "exp(\(x)) = \(y), expected \(reference)")
            }
        }
        let logInputs: [Double] = [0, -0.0, -1, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, 0x1p-1030, Double.leastNormalMagnitude.nextDown]
        for (x, y) in zip(logInputs, apply({ ColumnMath.log($0, $1, count: $2) }, logInputs)) {
            let reference = Foundation.log(x)
            #expect(y == reference || (y.isNaN && reference.isNaN), "log(\(x)) = \(y), expected \(reference)")
        }
    }

    /// A row's value does not depend on where it sits: the last partial group of four goes
    /// through the same lanes as the rest.
    @Test func tailMatchesBody() {
        let xs = (0..<11).map { Double($0) * 0.37 - 2 }
        let whole = apply({ ColumnMath.exp($0, $1, count: $2) }, xs)
        for i in xs.indices {
            #expect(apply({ ColumnMath.exp($0, $1, count: $2) }, [xs[i]])[0] == whole[i])
        }
    }

    /// The fused gradient and Gram sums against the same sums taken row by row; tolerance 1e-14
    /// of Σ|terms| (two orders of summing 243 products differ by at most about 243·2^-53 ≈ 3e-14
    /// of it, far less on average). 243 rows: the last group of four is partial.
    @Test func gradientAndGram() {
        let n = 243, p = 5
        var rng = SeededRandom(seed: 5)
        let columns = (0..<p).map { _ in (0..<n).map { _ in rng.uniform() * 2 - 1 } }
        let psi = (0..<n).map { _ in rng.uniform() - 0.5 }, c = (0..<n).map { _ in rng.uniform() }
        var g = [Double](repeating: .nan, count: p), h = [Double](repeating: .nan, count: p * p)
        let pointers = columns.map { col in
            let b = UnsafeMutablePointer<Double>.allocate(capacity: n)
            b.initialize(from: col, count: n)
            return b
        }
        defer { pointers.forEach { $0.deallocate() } }
        pointers.withUnsafeBufferPointer { d in
            ColumnMath.gradientAndGram(d.baseAddress!, count: p, psi: psi, c: c, g: &g, h: &h, rows: n)
        }
        for j in 0..<p {
            var sum = 0.0, size = 0.0
            for i in 0..<n { sum += psi[i] * columns[j][i]; size += abs(psi[i] * columns[j][i]) }
            #expect(abs(g[j] - sum) <= 1e-14 * size, "g[\(j)]")
            for k in 0..<p {
                var hs = 0.0, hsize = 0.0
                for i in 0..<n {
                    let t = c[i] * columns[j][i] * columns[k][i]
                    hs += t
                    hsize += abs(t)
                }
                #expect(abs(h[j * p + k] - hs) <= 1e-14 * hsize, "h[\(j), \(k)]")
            }
        }
    }
}
