import Foundation
import ScalingCore

extension BuiltinRegistry {
    /// A builtin applying `f` to numbers, or elementwise to vectors (of one length) and numbers.
    private mutating func defineElementwise(_ name: String, parameters: [String], doc: String, example: String,
                                            _ f: @escaping ([Double]) -> Double) {
        define(name, parameters, doc: doc, example: example) { (a: BuiltinArguments) throws(ScaleError) -> Value in
            var length: Int?
            for k in parameters.indices {
                switch a[k] {
                case .number?: continue
                case .vector(let xs)?:
                    if let n = length, n != xs.count {
                        throw .runtime("\(name)'s vectors differ in length: \(n) and \(xs.count)", at: a.range(k))
                    }
                    length = xs.count
                case let v?: throw .runtime("\(name) expects a number or vector, got a \(v.typeName)", at: a.range(k))
                case nil: return .nothing
                }
            }
            func argument(_ k: Int, _ i: Int) -> Double {
                switch a[k] {
                case .number(let x)?: return x
                case .vector(let xs)?: return xs[i]
                default: return .nan
                }
            }
            // na in, na out: not left to whether a function carries a NaN's payload through
            func apply(_ xs: [Double]) -> Double { xs.contains(where: \.isNA) ? .na : f(xs) }
            guard let n = length else { return .number(apply(parameters.indices.map { argument($0, 0) })) }
            return .vector((0..<n).map { i in apply(parameters.indices.map { argument($0, i) }) })
        }
    }
}

extension Value {

    /// Elementwise choice between two values by a comparison mask (used by min and max of vectors).
    func zipSelect(_ a: Value, _ b: Value, pickFirstWhenTrue: Bool) -> Value {
        func pick(_ m: Double, _ x: Double, _ y: Double) -> Double {
            if x.isNA || y.isNA { return .na }
            return x.isNaN || y.isNaN ? .nan : (m != 0) == pickFirstWhenTrue ? x : y
        }
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

/// Elementwise math, reductions and vector helpers.
extension BuiltinRegistry {
    mutating func registerMathBuiltins() {
        // Every function a fit's model can use is also a builtin, from the core's one table.
        for f in MathFunction.all where f.callable {
            defineElementwise(f.name, parameters: f.parameters, doc: f.doc, example: f.example) { f.apply($0) }
        }
        defineElementwise("floor", parameters: ["x"], doc: "round down, elementwise", example: "floor(2.7)") { $0[0].rounded(.down) }
        defineElementwise("ceil", parameters: ["x"], doc: "round up, elementwise", example: "ceil(2.1)") { $0[0].rounded(.up) }
        defineElementwise("round", parameters: ["x"], doc: "round to the nearest whole number (halves away from zero), elementwise", example: "round(2.5)") { $0[0].rounded() }
        // ifelse(condition, a, b), elementwise, a number branch standing for every element; a
        // condition that is na gives na. Inside a model, a piecewise function (see ModelResolver).
        define("ifelse", ["condition", "a", "b"],
               doc: "a where the condition holds, else b, elementwise; in a model, a piecewise function",
               example: "ifelse([1, 5] > 2, 10, 20)") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let mask: [Double]
            var scalar = false
            switch a[0] {
            case .bool(let c)?: mask = [c ? 1 : 0]; scalar = true
            case .number(let c)?: mask = [c]; scalar = true
            case .vector(let cs)?: mask = cs
            case .bools(let bs)?: mask = bs.map(Value.number(of:))
            case let c?: throw .runtime("ifelse's condition must be a comparison, a bool or a vector of them, got a \(c.typeName)", at: a.range(0))
            case nil: return .nothing
            }
            var branches: [(Int) -> Double] = []
            for k in 1...2 {
                switch a[k] {
                case .number(let x)?: branches.append { _ in x }
                case .bool(let x)?: branches.append { _ in x ? 1 : 0 }
                case .vector(let xs)? where scalar || xs.count == mask.count:
                    if scalar { return mask[0].isNA ? .number(.na) : mask[0].isNaN ? .number(.nan) : ((mask[0] != 0 ? a[1] : a[2]) ?? .nothing) }
                    branches.append { xs[$0] }
                case .vector(let xs)?:
                    throw .runtime("ifelse's condition has \(mask.count) value\(mask.count == 1 ? "" : "s") and this branch \(xs.count)", at: a.range(k))
                case let v?: throw .runtime("ifelse expects numbers or vectors, got a \(v.typeName)", at: a.range(k))
                case nil: return .nothing
                }
            }
            let out = mask.indices.map { i -> Double in
                let c = mask[i]
                return c.isNA ? .na : c.isNaN ? .nan : c != 0 ? branches[0](i) : branches[1](i)
            }
            return scalar ? .number(out[0]) : .vector(out)
        }
        constant("pi", .number(Double.pi), doc: "the constant π", example: "2 * pi")
        constant("inf", .number(Double.infinity), doc: "positive infinity", example: "-inf < 0")

        // NaN propagates through min, max, sum, mean and sd (ScalingCore's `Reductions`).
        for (name, doc, example, reduce) in [("min", "the smallest element of a vector, or the elementwise minimum of several values", "min([3, 1, 2])", Reductions.minimum as ([Double]) -> Double?), ("max", "the largest element of a vector, or the elementwise maximum of several values", "max([1, 5], [4, 2])", Reductions.maximum)] {
            define(name, ["x", "y"], required: 1, variadic: true, doc: doc, example: example) { (a: BuiltinArguments) throws(ScaleError) -> Value in
                let given = a.values.compactMap { $0 }
                if given.count == 1 {
                    let xs = try a.vector(0)
                    guard let m = reduce(xs) else { throw .runtime("\(name) of an empty vector", at: a.range(0)) }
                    return .number(xs.contains(where: \.isNA) ? .na : m)
                }
                var acc = given[0]
                for i in 1..<given.count {
                    acc = try a.interpreter.binaryOperation(.less, acc, given[i], at: a.callRange, leftRange: a.range(0), rightRange: a.range(i))
                        .zipSelect(acc, given[i], pickFirstWhenTrue: name == "min")
                }
                return acc
            }
        }
        // A reduction of data holding na is na (R's rule); drop_na(x) says otherwise.
        define("sum", ["x"],
               doc: "the sum of a vector",
               example: "sum(1..10)") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let xs = try a.vector(0)
            return .number(xs.contains(where: \.isNA) ? .na : Reductions.sum(xs))
        }
        define("mean", ["x"],
               doc: "the mean of a vector",
               example: "mean([1, 2, 3, 4])") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let xs = try a.vector(0)
            guard !xs.isEmpty else { throw .runtime("mean of an empty vector", at: a.range(0)) }
            return .number(xs.contains(where: \.isNA) ? .na : Reductions.mean(xs))
        }
        define("sd", ["x"],
               doc: "the sample standard deviation (n − 1) of a vector",
               example: "sd([1, 2, 3, 4])") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let xs = try a.vector(0)
            guard xs.count > 1 else { throw .runtime("sd needs at least 2 values", at: a.range(0)) }
            return .number(xs.contains(where: \.isNA) ? .na : Reductions.standardDeviation(xs))
        }
        define("len", ["x"],
               doc: "the number of elements, rows (a table), fields (a record) or characters (a string)",
               example: "len(1..10)") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            switch a[0] {
            case .vector(let xs)?: return .number(Double(xs.count))
            case .strings(let xs)?: return .number(Double(xs.count))
            case .bools(let bs)?: return .number(Double(bs.count))
            case .string(let s)?: return .number(Double(s.count))
            case .table(let t)?: return .number(Double(t.rowCount))
            case .record(let r)?: return .number(Double(r.fields.count))
            case .number?: return .number(1)
            case let v?: throw .runtime("len expects a vector, table or string, got a \(v.typeName)", at: a.range(0))
            case nil: return .nothing
            }
        }
        define("sort", ["x", "by", "descending"], required: 1,
               doc: "a vector in increasing order (NaN, then na, last); sort(t, by = \"C\", descending = true) orders a table's rows (stable)",
               example: "sort([3, 1, 2])") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            if case .table(let t)? = a[0] {
                guard a[1] != nil else { throw .runtime("sort of a table needs the columns to sort by, as in sort(t, by = \"C\")", at: a.callRange) }
                let names = try a.names(1, "the columns to sort by")
                for n in names where t.column(n) == nil {
                    throw .runtime("the table has no column '\(n)'", at: a.range(1), hint: a.interpreter.suggestion(n, t.columnNames, list: "columns"))
                }
                var descending = false
                if let d = a[2] {
                    guard case .bool(let b) = d else { throw .runtime("sort's descending is true or false, got a \(d.typeName)", at: a.range(2)) }
                    descending = b
                }
                return .table(t.rows(TableVerbs.sortedOrder(t, by: names.map { ($0, descending) })))
            }
            if a[1] != nil { throw .runtime("sort's by orders a table's rows; a vector sorts by its values", at: a.range(1)) }
            if case .strings(let xs)? = a[0] { return .strings(xs.compactMap { $0 }.sorted() + xs.filter { $0 == nil }) }
            return .vector(Reductions.sorted(try a.vector(0)))
        }
        define("reverse", ["x"],
               doc: "a vector back to front",
               example: "reverse([1, 2, 3])") { (a: BuiltinArguments) throws(ScaleError) -> Value in .vector(try a.vector(0).reversed()) }
        // R's rules: any is true if one element is, whatever the missing ones; all is false if one is not
        define("any", ["x"],
               doc: "whether any element is non-zero",
               example: "any([0, 0, 1])") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let xs = try a.vector(0)
            if xs.contains(where: { !$0.isNA && $0 != 0 }) { return .bool(true) }
            return xs.contains(where: \.isNA) ? .number(.na) : .bool(false)
        }
        define("all", ["x"],
               doc: "whether every element is non-zero",
               example: "all([1, 1, 0])") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            let xs = try a.vector(0)
            if xs.contains(where: { !$0.isNA && $0 == 0 }) { return .bool(false) }
            return xs.contains(where: \.isNA) ? .number(.na) : .bool(true)
        }
        define("cumsum", ["x"],
               doc: "running sums",
               example: "cumsum([1, 2, 3])") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            var s = 0.0
            return .vector(try a.vector(0).map { x in
                if !s.isNA { s = x.isNA ? x : s + x }  // na carries forward from where it stands
                return s
            })
        }
        define("isnan", ["x"],
               doc: "whether a number (or each element) is NaN",
               example: "isnan([1, 0/0])") { (a: BuiltinArguments) throws(ScaleError) -> Value in
            if case .number(let x)? = a[0] { return .bool(x.isNaN && !x.isNA) }
            return .bools(try a.vector(0).map { $0.isNaN && !$0.isNA })
        }
    }
}
