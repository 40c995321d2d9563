/// Walks over a model expression as the graph it is in memory, visiting each shared node once.
///
/// Derivatives share subexpressions: d(u·v) = u'·v + u·v' holds u and v themselves, so the n-th
/// derivative of x^x contains the (n−1)-th many times over. As a tree the 11th has 2.4e7 nodes,
/// as a graph a few hundred; a walk that followed every path would take minutes and gigabytes
/// (and a rebuilding walk would store every copy). So every walk that follows children —
/// evaluation, differentiation, rebinding, counting — goes through `ExpressionWalk`, which
/// remembers the result for each node it has seen.
///
/// A node is recognised by identity, not by structure (`==` on the enum walks the whole tree
/// again): an indirect enum value is one reference to an immutable box, so two values with the
/// same bits are the same node while the box is alive, and the memo keeps it alive. Equal nodes
/// built twice are merely visited twice. Where the layout is not one word (no platform we build
/// for), the walk falls back to following the tree.
enum ExpressionWalk<Result> {
    /// The identity of `e`'s node, or nil where the enum is not a single reference.
    static func identity(_ e: ModelExpr) -> UInt? {
        guard MemoryLayout<ModelExpr>.size == MemoryLayout<UInt>.size else { return nil }
        return withUnsafeBytes(of: e) { $0.load(as: UInt.self) }
    }

    /// `step(e, recurse)` computed once per node of `e`; `step` calls `recurse` on children.
    static func run(_ e: ModelExpr, _ step: (ModelExpr, (ModelExpr) -> Result) -> Result) -> Result {
        withoutActuallyEscaping(step) { step in Walker(step).visit(e) }
    }

    private final class Walker {
        var memo: [UInt: (node: ModelExpr, result: Result)] = [:]
        let step: (ModelExpr, (ModelExpr) -> Result) -> Result

        init(_ step: @escaping (ModelExpr, (ModelExpr) -> Result) -> Result) { self.step = step }

        func visit(_ e: ModelExpr) -> Result {
            let id = ExpressionWalk.identity(e)
            if let id, let seen = memo[id] { return seen.result }
            let result = step(e, visit)
            if let id { memo[id] = (e, result) }
            return result
        }
    }
}

extension ModelExpr {
    /// The expression's direct subexpressions. With `replacingChildren` this is the one place
    /// that knows each node's shape: every walk (rebuilding, interning, counting, searching) goes
    /// through the two.
    var children: [ModelExpr] {
        switch self {
        case .constant, .column, .parameter: return []
        case .negate(let a): return [a]
        case .function(_, let args): return args
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b), .power(let a, let b): return [a, b]
        }
    }

    /// The same operation over new children (as many as `children`), built node for node or
    /// through the simplifying constructors. A leaf is returned as it is.
    func replacingChildren(_ c: [ModelExpr], simplifying: Bool) -> ModelExpr {
        switch self {
        case .constant, .column, .parameter: return self
        case .negate: return simplifying ? -c[0] : .negate(c[0])
        case .add: return simplifying ? c[0] + c[1] : .add(c[0], c[1])
        case .subtract: return simplifying ? c[0] - c[1] : .subtract(c[0], c[1])
        case .multiply: return simplifying ? c[0] * c[1] : .multiply(c[0], c[1])
        case .divide: return simplifying ? c[0] / c[1] : .divide(c[0], c[1])
        case .power: return simplifying ? ModelExpr.pow(c[0], c[1]) : .power(c[0], c[1])
        case .function(let f, _): return simplifying ? ModelExpr.call(f, arguments: c) : .function(f, c)
        }
    }

    /// Calls `body` once for each distinct node until it returns true; returns whether it did.
    /// (The queries that need no result per node: which columns, whether a parameter occurs.)
    func anyNode(_ body: (ModelExpr) -> Bool) -> Bool {
        var seen = Set<UInt>()
        var stack = [self]
        while let e = stack.popLast() {
            // `stack` and the caller's expression keep every node seen alive, so ids stay unique.
            if let id = ExpressionWalk<Void>.identity(e), !seen.insert(id).inserted { continue }
            if body(e) { return true }
            stack.append(contentsOf: e.children)
        }
        return false
    }

    /// The number of distinct nodes (operations and leaves) held in memory: what evaluating or
    /// compiling the expression costs, however often shared parts appear in its printed form.
    public var nodeCount: Int {
        var count = 0
        _ = anyNode { _ in count += 1; return false }
        return count
    }

    /// The number of nodes of the expression written out as a tree (its printed length), counted
    /// up to `limit`: any larger size is reported as `limit + 1`.
    public func treeSize(upTo limit: Int) -> Int {
        let sizes = ExpressionWalk<Int>.run(self) { e, size in
            e.children.reduce(1) { min($0 + size($1), limit + 1) }
        }
        return min(sizes, limit + 1)
    }
}

extension ModelExpr {
    /// The same expression with structurally equal subexpressions made one node (hash-consing,
    /// with children compared by identity once they are themselves interned), so that a
    /// derivative that builds u·v in two places holds it once, and differentiating it again
    /// visits it once.
    public var interned: ModelExpr {
        struct Key: Hashable {
            /// The operation: a leaf's value, an operator, or a function's name.
            var kind: Int, payload: UInt64, function: String?, children: [UInt]
        }
        var table: [Key: ModelExpr] = [:]
        return ExpressionWalk<ModelExpr>.run(self) { e, intern in
            let children = e.children.map(intern)
            let node = e.replacingChildren(children, simplifying: false)
            let key: Key
            let ids = children.map { ExpressionWalk<Void>.identity($0) ?? 0 }
            switch e {
            case .constant(let x): key = Key(kind: 0, payload: x.bitPattern, function: nil, children: [])
            case .column(let c): key = Key(kind: 1, payload: UInt64(truncatingIfNeeded: c), function: nil, children: [])
            case .parameter(let p): key = Key(kind: 2, payload: UInt64(truncatingIfNeeded: p), function: nil, children: [])
            case .negate: key = Key(kind: 3, payload: 0, function: nil, children: ids)
            case .function(let f, _): key = Key(kind: 4, payload: 0, function: f.name, children: ids)
            case .add: key = Key(kind: 5, payload: 0, function: nil, children: ids)
            case .subtract: key = Key(kind: 6, payload: 0, function: nil, children: ids)
            case .multiply: key = Key(kind: 7, payload: 0, function: nil, children: ids)
            case .divide: key = Key(kind: 8, payload: 0, function: nil, children: ids)
            case .power: key = Key(kind: 9, payload: 0, function: nil, children: ids)
            }
            // Without identities (see `ExpressionWalk`) there is nothing to compare by.
            guard ExpressionWalk<Void>.identity(node) != nil else { return node }
            if let existing = table[key] { return existing }
            table[key] = node
            return node
        }
    }
}

/// An expression's distinct nodes, each after its children, with its children's positions.
struct NodeList {
    private(set) var nodes: [ModelExpr] = []
    private(set) var arguments: [[Int]] = []
    private(set) var root = 0

    init(_ e: ModelExpr) {
        var nodes: [ModelExpr] = [], arguments: [[Int]] = []
        root = ExpressionWalk<Int>.run(e) { node, position in
            let children = node.children.map(position)
            nodes.append(node)
            arguments.append(children)
            return nodes.count - 1
        }
        (self.nodes, self.arguments) = (nodes, arguments)
    }

    /// Every node's value at row `i`, into `registers` (one per node).
    func run<R: ModelReal>(_ registers: inout [R], parameters: [Double], columns: [[Double]], row i: Int) {
        for (k, node) in nodes.enumerated() {
            let a = arguments[k]
            switch node {
            case .constant(let x): registers[k] = R(x)
            case .column(let c): registers[k] = R(columns[c][i])
            case .parameter(let p): registers[k] = R(parameters[p])
            case .negate: registers[k] = -registers[a[0]]
            case .add, .subtract, .multiply, .divide, .power: registers[k] = node.operate(registers[a[0]], registers[a[1]])
            case .function(let f, _): registers[k] = f.value(MathArguments(a.map { registers[$0] }))
            }
        }
    }
}

extension ModelExpr {
    /// A two-operand node's value from its operands' values, as every evaluation of the tree
    /// computes it (pow for powers: see `ModelReal.power`).
    func operate<R: ModelReal>(_ a: R, _ b: R) -> R {
        switch self {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .power: return R.power(a, b)
        default: preconditionFailure("\(self) does not have two operands")
        }
    }
}
