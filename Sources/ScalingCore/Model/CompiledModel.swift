import Foundation

/// Several model expressions (a model and its partial derivatives, say) compiled together into
/// one straight-line program over whole columns, with common subexpressions computed once.
///
/// Each instruction fills one register: a column buffer of `rows` doubles, or a single double
/// when its subexpression involves no column. Evaluation walks the instruction list, never the
/// expression tree, and allocates nothing: each worker thread owns one `Workspace`.
public struct CompiledModel: Sendable {
    enum Operand: Sendable {
        case register(Int)
    }

    enum Instruction: Sendable, Hashable {
        case constant(Double)
        case column(Int)
        case parameter(Int)
        case negate(Int)
        case add(Int, Int)
        case subtract(Int, Int)
        case multiply(Int, Int)
        case divide(Int, Int)
        case power(Int, Int)
        case square(Int)
        /// A math function, by its index in `functions`, of up to four registers (payloads are
        /// plain integers so that running an instruction retains nothing).
        case function(Int, Arguments)
        /// p·q, a quotient x/b (or x·y/b) computed through the reciprocal r = 1/b (p·q = x·r, or
        /// (x·r)·y); in the rows where a register in `checks` (r, x·r) is not a normal finite
        /// number, where that shortcut loses precision to gradual underflow or overflows, the
        /// row is computed as written instead: x/b or (x·y)/b.
        case checkedProduct(p: Int, q: Int, check: Int, check2: Int?, x: Int, y: Int?, b: Int)
        /// 1 when every value of a register is a normal finite number, else 0: computed once per
        /// run however many `checkedProduct`s read it.
        case normalFlag(Int)
    }

    /// The argument registers of a function instruction.
    struct Arguments: Hashable, Sendable {
        var registers: (Int, Int, Int, Int)
        var count: Int
        init(_ r: [Int]) {
            count = r.count
            registers = (r.count > 0 ? r[0] : 0, r.count > 1 ? r[1] : 0, r.count > 2 ? r[2] : 0, r.count > 3 ? r[3] : 0)
        }
        var all: [Int] { Array([registers.0, registers.1, registers.2, registers.3].prefix(count)) }
        static func == (a: Arguments, b: Arguments) -> Bool { a.all == b.all }
        func hash(into h: inout Hasher) { h.combine(all) }
    }

    /// The math functions the program calls, by the index its instructions hold, and their
    /// column kernels (plain C function pointers: reading one retains nothing).
    let functions: [MathFunction]
    let columnKernels: [ColumnKernel?]

    let instructions: [Instruction]
    /// Whether each register holds a whole column (else one value).
    let isVector: [Bool]
    /// Registers that do not depend on the parameters (log N, say): computed once per
    /// workspace, not on every run.
    let isInvariant: [Bool]
    /// The register holding each compiled output.
    public let outputs: [Int]
    /// The number of data rows the program evaluates over.
    public let rows: Int
    let columns: [[Double]]

    /// Compiles `expressions` for evaluation over `columns` (each of `rows` values).
    public init(_ expressions: [ModelExpr], columns: [[Double]], rows: Int) {
        var builder = Builder()
        var outputs: [Int] = []
        for e in expressions {
            outputs.append(builder.emit(e))
            builder.fastDerivatives = true
        }
        self.outputs = outputs
        instructions = builder.instructions
        isVector = builder.isVector
        isInvariant = builder.isInvariant
        functions = builder.functions
        columnKernels = builder.functions.map(\.columnKernel)
        self.rows = rows
        self.columns = columns
    }

    private struct Builder {
        var instructions: [Instruction] = []
        var isVector: [Bool] = []
        var isInvariant: [Bool] = []
        /// The register of each node already compiled, by identity (see `ExpressionWalk`), and of
        /// each instruction already emitted (constants by bits, so that −0 stays apart from 0):
        /// value numbering, which shares equal subexpressions in one pass without comparing trees.
        var memo: [UInt: (node: ModelExpr, register: Int)] = [:]
        var numbering: [Instruction: Int] = [:]
        var constants: [UInt64: Int] = [:]
        /// After the first output (a model, whose value must be rounded once per operation), the
        /// derivatives are compiled for speed at the cost of an ulp or so: the derivatives of a
        /// law like log(Σ exp(·)) divide p columns by the same sum, and ∂/∂α is ∂/∂a times −log N.
        /// So a division by a column is a multiplication by its reciprocal, computed once;
        /// (x·y)/b with y free of parameters is (x/b)·y, sharing x/b with the other derivatives;
        /// and a negation moves onto the parameter-free factor, computed once with the data.
        var fastDerivatives = false
        var reciprocals: [Int: Int] = [:]
        var functions: [MathFunction] = []
        var products: [[Int]: Int] = [:]

        mutating func add(_ i: Instruction, vector: Bool) -> Int {
            if case .constant(let x) = i {
                if let r = constants[x.bitPattern] { return r }
            } else if let r = numbering[i] {
                return r
            }
            let invariant: Bool
            switch i {
            case .constant, .column: invariant = true
            case .parameter: invariant = false
            case .negate(let a), .square(let a), .normalFlag(let a): invariant = isInvariant[a]
            case .function(_, let args): invariant = args.all.allSatisfy { isInvariant[$0] }
            case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b), .power(let a, let b):
                invariant = isInvariant[a] && isInvariant[b]
            case .checkedProduct(let p, let q, _, _, let x, let y, let b):
                invariant = isInvariant[p] && isInvariant[q] && isInvariant[x] && (y.map { isInvariant[$0] } ?? true) && isInvariant[b]
            }
            instructions.append(i)
            isVector.append(vector)
            isInvariant.append(invariant)
            let r = instructions.count - 1
            if case .constant(let x) = i { constants[x.bitPattern] = r } else { numbering[i] = r }
            return r
        }

        mutating func emit(_ e: ModelExpr) -> Int {
            let id = ExpressionWalk<Void>.identity(e)
            if let id, let seen = memo[id] { return seen.register }
            let r: Int
            switch e {
            case .constant(let x): r = add(.constant(x), vector: false)
            case .column(let c): r = add(.column(c), vector: true)
            case .parameter(let p): r = add(.parameter(p), vector: false)
            case .negate(let a) where fastDerivatives && negated(a) != nil:
                r = emit(negated(a) ?? e)
            case .negate(let a):
                let ra = emit(a)
                r = add(.negate(ra), vector: isVector[ra])
            case .add(let a, let b): r = binary(a, b, Instruction.add)
            case .subtract(let a, let b): r = binary(a, b, Instruction.subtract)
            case .multiply(let a, let b): r = binary(a, b, Instruction.multiply)
            case .divide(let a, let b) where fastDerivatives:
                let rb = emit(b)
                guard isVector[rb] else { r = binary(a, b, Instruction.divide); break }
                let reciprocal = reciprocals[rb] ?? add(.divide(emit(.constant(1)), rb), vector: true)
                reciprocals[rb] = reciprocal
                // Both shortcuts are within an ulp or two of the quotient while 1/b and x/b are
                // normal numbers; the rows where they are not are computed as written (an x/b
                // that underflowed to a subnormal made a derivative 20% wrong at y = 6.8e-304).
                if case .multiply(let x, let y) = a, case let (rx, ry) = (emit(x), emit(y)), isInvariant[rx] != isInvariant[ry] {
                    let (varying, fixed) = isInvariant[rx] ? (ry, rx) : (rx, ry)
                    let shared = product(varying, reciprocal)
                        let flags = (add(.normalFlag(reciprocal), vector: false), add(.normalFlag(shared), vector: false))
                    r = add(.checkedProduct(p: shared, q: fixed, check: flags.0, check2: flags.1, x: varying, y: fixed, b: rb), vector: true)
                } else {
                    let ra = emit(a)
                    let flag = add(.normalFlag(reciprocal), vector: false)
                    r = add(.checkedProduct(p: ra, q: reciprocal, check: flag, check2: nil, x: ra, y: nil, b: rb), vector: true)
                }
            case .divide(let a, let b): r = binary(a, b, Instruction.divide)
            case .power(let a, .constant(2)):
                let ra = emit(a)
                r = add(.square(ra), vector: isVector[ra])
            case .power(let a, let b): r = binary(a, b, Instruction.power)
            case .function(let f, let args):
                let ra = args.map { emit($0) }
                let index = functions.firstIndex(of: f) ?? functions.count
                if index == functions.count { functions.append(f) }
                r = add(.function(index, Arguments(ra)), vector: ra.contains { isVector[$0] })
            }
            if let id { memo[id] = (e, r) }
            return r
        }

        /// −e with the sign moved into a quotient's numerator and onto a parameter-free factor of a
        /// product (exact: only the sign of a rounded product or quotient depends on the operands'
        /// signs); nil when there is nowhere to move it.
        /// (Whether a factor is free of parameters is read from its register, emitted here.)
        mutating func negated(_ e: ModelExpr) -> ModelExpr? {
            switch e {
            case .divide(let a, let b): return .divide(negated(a) ?? .negate(a), b)
            case .multiply(let x, let y):
                let xFree = isInvariant[emit(x)], yFree = isInvariant[emit(y)]
                guard xFree != yFree else { return nil }
                return xFree ? .multiply(.negate(x), y) : .multiply(x, .negate(y))
            default: return nil
            }
        }

        /// The product of two registers, computed once however often it is asked for.
        mutating func product(_ a: Int, _ b: Int) -> Int {
            if let r = products[[a, b]] { return r }
            let r = add(.multiply(a, b), vector: isVector[a] || isVector[b])
            products[[a, b]] = r
            return r
        }

        mutating func binary(_ a: ModelExpr, _ b: ModelExpr, _ make: (Int, Int) -> Instruction) -> Int {
            let ra = emit(a), rb = emit(b)
            return add(make(ra, rb), vector: isVector[ra] || isVector[rb])
        }
    }

    /// Register storage for one thread.
    public final class Workspace {
        let rows: Int
        var storage: UnsafeMutablePointer<Double>
        let count: Int

        init(registers: Int, rows: Int) {
            self.rows = rows
            count = max(1, registers * rows)
            storage = .allocate(capacity: count)
            storage.initialize(repeating: 0, count: count)
        }

        deinit { storage.deallocate() }

        @inline(__always) func register(_ r: Int) -> UnsafeMutablePointer<Double> { storage + r * rows }
    }

    /// Storage for one thread, with the parameter-free registers already computed.
    public func makeWorkspace() -> Workspace {
        let ws = Workspace(registers: instructions.count, rows: max(rows, 1))
        execute(parameters: UnsafePointer(bitPattern: 8).unsafelyUnwrapped, in: ws, invariant: true)
        return ws
    }

    /// Runs the program at `parameters`; afterwards `value(output:row:in:)` reads results.
    public func run(parameters: UnsafePointer<Double>, in ws: Workspace) {
        execute(parameters: parameters, in: ws, invariant: false)
    }

    /// Runs only what the first output needs: outputs are emitted in order, each after
    /// everything it depends on, so that is the program up to the first output's register.
    public func runFirstOutput(parameters: UnsafePointer<Double>, in ws: Workspace) {
        execute(parameters: parameters, in: ws, invariant: false, registers: 0..<(outputs[0] + 1))
    }

    /// Runs the rest of the program after `runFirstOutput` at the same parameters.
    public func runRemainingOutputs(parameters: UnsafePointer<Double>, in ws: Workspace) {
        execute(parameters: parameters, in: ws, invariant: false, registers: (outputs[0] + 1)..<instructions.count)
    }

    private func execute(parameters: UnsafePointer<Double>, in ws: Workspace, invariant: Bool, registers: Range<Int>? = nil) {
        let n = rows
        for r in registers ?? instructions.indices where isInvariant[r] == invariant {
            let ins = instructions[r]
            let out = ws.register(r)
            let vec = isVector[r]
            switch ins {
            case .constant(let x): out[0] = x
            case .parameter(let p): out[0] = parameters[p]
            case .column(let c):
                columns[c].withUnsafeBufferPointer { src in
                    guard let base = src.baseAddress else { return }
                    out.update(from: base, count: n)
                }
            case .negate(let a): Self.map(out, ws.register(a), isVector[a], vec ? n : 1) { -$0 }
            case .square(let a): ColumnMath.binary(.multiply, ws.register(a), isColumn: isVector[a], ws.register(a), isColumn: isVector[a], into: out, count: vec ? n : 1)
            case .function(let index, let args):
                let m = vec ? n : 1
                if args.count == 1, let kernel = columnKernels[index] {
                    kernel(ws.register(args.registers.0), out, m)
                } else if args.count == 1 {
                    let src = ws.register(args.registers.0), f = functions[index]
                    for i in 0..<m { out[i] = f.apply(src[i]) }
                } else {
                    let f = functions[index]
                    // Each argument is a column or one value for every row.
                    let registers = args.all
                    let sources = registers.map { (ws.register($0), isVector[$0] ? 1 : 0) }
                    func at(_ k: Int, _ i: Int) -> Double { k < sources.count ? sources[k].0[i * sources[k].1] : 0 }
                    for i in 0..<m { out[i] = f.value(MathArguments(at(0, i), at(1, i), at(2, i), at(3, i), count: args.count)) }
                }
            case .add(let a, let b): ColumnMath.binary(.add, ws.register(a), isColumn: isVector[a], ws.register(b), isColumn: isVector[b], into: out, count: vec ? n : 1)
            case .subtract(let a, let b): ColumnMath.binary(.subtract, ws.register(a), isColumn: isVector[a], ws.register(b), isColumn: isVector[b], into: out, count: vec ? n : 1)
            case .multiply(let a, let b): ColumnMath.binary(.multiply, ws.register(a), isColumn: isVector[a], ws.register(b), isColumn: isVector[b], into: out, count: vec ? n : 1)
            case .divide(let a, let b): ColumnMath.binary(.divide, ws.register(a), isColumn: isVector[a], ws.register(b), isColumn: isVector[b], into: out, count: vec ? n : 1)
            case .power(let a, let b):
                Self.zip(out, ws.register(a), isVector[a], ws.register(b), isVector[b], vec ? n : 1) { Foundation.pow($0, $1) }
            case .checkedProduct(let p, let q, let check, let check2, let x, let y, let b):
                let m = vec ? n : 1
                ColumnMath.binary(.multiply, ws.register(p), isColumn: isVector[p], ws.register(q), isColumn: isVector[q], into: out, count: m)
                let xs = ws.register(x), xStride = isVector[x] ? 1 : 0
                let ys = ws.register(y ?? x), yStride = isVector[y ?? x] ? 1 : 0
                let bs = ws.register(b), bStride = isVector[b] ? 1 : 0
                // `check` and `check2` are flags (`normalFlag`); where one is down, the register it
                // checked is looked at row by row.
                func recomputeWhereAbnormal(_ flag: Int) {
                    guard ws.register(flag)[0] == 0, case .normalFlag(let c) = instructions[flag] else { return }
                    let cs = ws.register(c), cStride = isVector[c] ? 1 : 0
                    for i in 0..<m where !cs[i &* cStride].isNormal {
                        let numerator = y == nil ? xs[i &* xStride] : xs[i &* xStride] * ys[i &* yStride]
                        out[i] = numerator / bs[i &* bStride]
                    }
                }
                recomputeWhereAbnormal(check)
                if let c = check2 { recomputeWhereAbnormal(c) }
            case .normalFlag(let c):
                out[0] = Self.allNormal(ws.register(c), isVector[c] ? n : 1) ? 1 : 0
            }
        }
    }

    /// True when each of the `count` values is a normal finite number (no zero, subnormal, ∞ or NaN).
    @inline(__always)
    static func allNormal(_ v: UnsafeMutablePointer<Double>, _ count: Int) -> Bool {
        // On the bits, so the loop vectorises: the biased exponent is 1…2046 exactly for normal
        // finite numbers, so exponent − 1 (wrapping) is below 2046.
        var abnormal: UInt64 = 0
        v.withMemoryRebound(to: UInt64.self, capacity: count) { bits in
            for i in 0..<count {
                let exponent = (bits[i] >> 52) & 0x7ff
                abnormal |= (exponent &- 1) >> 11 | ((exponent &- 1) &+ 2) >> 11
            }
        }
        return abnormal == 0
    }

    @inline(__always)
    static func map(_ out: UnsafeMutablePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ av: Bool, _ m: Int, _ f: (Double) -> Double) {
        if av { for i in 0..<m { out[i] = f(a[i]) } } else { let x = f(a[0]); for i in 0..<m { out[i] = x } }
    }

    @inline(__always)
    static func zip(_ out: UnsafeMutablePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ av: Bool, _ b: UnsafeMutablePointer<Double>, _ bv: Bool,
                    _ m: Int, _ f: (Double, Double) -> Double) {
        switch (av, bv) {
        case (true, true): for i in 0..<m { out[i] = f(a[i], b[i]) }
        case (true, false): let y = b[0]; for i in 0..<m { out[i] = f(a[i], y) }
        case (false, true): let x = a[0]; for i in 0..<m { out[i] = f(x, b[i]) }
        case (false, false): let z = f(a[0], b[0]); for i in 0..<m { out[i] = z }
        }
    }

    /// Output `k` at `row` after `run` (a scalar output has the same value in every row).
    @inline(__always)
    public func value(output k: Int, row: Int, in ws: Workspace) -> Double {
        let r = outputs[k]
        return ws.register(r)[isVector[r] ? row : 0]
    }

    /// Where output `k` lives after `run`: a pointer to `rows` values, or to one when it is a scalar.
    @inline(__always)
    public func outputPointer(_ k: Int, in ws: Workspace) -> (pointer: UnsafeMutablePointer<Double>, isVector: Bool) {
        let r = outputs[k]
        return (ws.register(r), isVector[r])
    }

    /// Convenience: evaluates output `k` for every row.
    public func evaluate(output k: Int, parameters: [Double]) -> [Double] {
        let ws = makeWorkspace()
        parameters.withUnsafeBufferPointer { p in run(parameters: p.baseAddress ?? UnsafePointer(bitPattern: 8).unsafelyUnwrapped, in: ws) }
        return (0..<rows).map { value(output: k, row: $0, in: ws) }
    }
}
