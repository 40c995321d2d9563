import Foundation
import ScalingCore

/// Elementwise math, reductions and vector helpers.
extension Interpreter {
    func registerMathBuiltins() {
        // Every function a fit's model can use is also a builtin, from the core's one table.
        let elementwise: [(String, (Double) -> Double)] = MathFunction.allCases.map { f in (f.rawValue, { f.apply($0) }) } + [
            ("floor", { $0.rounded(.down) }), ("ceil", { $0.rounded(.up) }), ("round", { $0.rounded() }),
        ]
        for (name, f) in elementwise {
            define(name, ["x"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in
                switch a[0] {
                case .number(let x)?: return .number(f(x))
                case .vector(let xs)?: return .vector(xs.map(f))
                case let v?: throw .runtime("\(name) expects a number or vector, got a \(v.typeName)", at: a.range(0))
                case nil: return .nothing
                }
            }
        }
        builtins.variables["pi"] = .number(Double.pi)
        builtins.variables["inf"] = .number(Double.infinity)

        // NaN propagates through min, max, sum, mean and sd (ScalingCore's `Reductions`).
        for (name, reduce) in [("min", Reductions.minimum as ([Double]) -> Double?), ("max", Reductions.maximum)] {
            define(name, ["x", "y"], required: 1, variadic: true) { (a: BuiltinArguments) throws(ScaleError) -> Value in
                let given = a.values.compactMap { $0 }
                if given.count == 1 {
                    guard let m = reduce(try a.vector(0)) else { throw .runtime("\(name) of an empty vector", at: a.range(0)) }
                    return .number(m)
                }
                var acc = given[0]
                for i in 1..<given.count {
                    acc = try a.interpreter.binaryOperation(.less, acc, given[i], at: a.callRange, leftRange: a.range(0), rightRange: a.range(i))
                        .zipSelect(acc, given[i], pickFirstWhenTrue: name == "min")
                }
                return acc
            }
        }
        define("sum", ["x"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in .number(Reductions.sum(try a.vector(0))) }
        define("mean", ["x"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let xs = try a.vector(0)
            guard !xs.isEmpty else { throw .runtime("mean of an empty vector", at: a.range(0)) }
            return .number(Reductions.mean(xs))
        }
        define("sd", ["x"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let xs = try a.vector(0)
            guard xs.count > 1 else { throw .runtime("sd needs at least 2 values", at: a.range(0)) }
            return .number(Reductions.standardDeviation(xs))
        }
        define("len", ["x"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in
            switch a[0] {
            case .vector(let xs)?: return .number(Double(xs.count))
            case .strings(let xs)?: return .number(Double(xs.count))
            case .string(let s)?: return .number(Double(s.count))
            case .table(let t)?: return .number(Double(t.rowCount))
            case .record(let r)?: return .number(Double(r.fields.count))
            case .number?: return .number(1)
            case let v?: throw .runtime("len expects a vector, table or string, got a \(v.typeName)", at: a.range(0))
            case nil: return .nothing
            }
        }
        define("sort", ["x"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in
            if case .strings(let xs)? = a[0] { return .strings(xs.sorted()) }
            return .vector(Reductions.sorted(try a.vector(0)))
        }
        define("reverse", ["x"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in .vector(try a.vector(0).reversed()) }
        define("any", ["x"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in .bool(try a.vector(0).contains { $0 != 0 }) }
        define("all", ["x"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in .bool(try a.vector(0).allSatisfy { $0 != 0 }) }
        define("cumsum", ["x"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in
            var s = 0.0
            return .vector(try a.vector(0).map { s += $0; return s })
        }
        define("isnan", ["x"]) { (a: BuiltinArguments) throws(ScaleError) -> Value in
            if case .number(let x)? = a[0] { return .bool(x.isNaN) }
            return .vector(try a.vector(0).map { $0.isNaN ? 1 : 0 })
        }
    }
}

extension Value {
    /// Elementwise choice between two values by a comparison mask (used by min and max of vectors).
    func zipSelect(_ a: Value, _ b: Value, pickFirstWhenTrue: Bool) -> Value {
        func pick(_ m: Double, _ x: Double, _ y: Double) -> Double { x.isNaN || y.isNaN ? .nan : (m != 0) == pickFirstWhenTrue ? x : y }
        switch (numericMask, a.numericOperand, b.numericOperand) {  // a comparison of vectors is a bool vector
        case (.bool(let m), .scalar(let x)?, .scalar(let y)?): return .number(pick(m ? 1 : 0, x, y))
        case (.vector(let ms), let xa?, let ya?):
            return .vector(ms.indices.map { i in
                let x: Double = { if case .many(let v) = xa { return v[i] }; if case .scalar(let s) = xa { return s }; return .nan }()
                let y: Double = { if case .many(let v) = ya { return v[i] }; if case .scalar(let s) = ya { return s }; return .nan }()
                return pick(ms[i], x, y)
            })
        default: return a
        }
    }
}
