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
    /// The expression's direct subexpressions.
    var children: [ModelExpr] {
        switch self {
        case .constant, .column, .parameter: return []
        case .negate(let a), .function(_, let a): return [a]
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b), .power(let a, let b): return [a, b]
        }
    }

    /// The number of distinct nodes (operations and leaves) held in memory: what evaluating or
    /// compiling the expression costs, however often shared parts appear in its printed form.
    public var nodeCount: Int {
        var seen = Set<UInt>()
        var keep: [ModelExpr] = []
        var stack = [self]
        var count = 0
        while let e = stack.popLast() {
            if let id = ExpressionWalk<Void>.identity(e) {
                guard seen.insert(id).inserted else { continue }
                keep.append(e)
            }
            count += 1
            stack.append(contentsOf: e.children)
        }
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
            var kind: Int, payload: UInt64, first: UInt, second: UInt
        }
        var table: [Key: ModelExpr] = [:]
        return ExpressionWalk<ModelExpr>.run(self) { e, intern in
            let node: ModelExpr, key: Key
            func id(_ x: ModelExpr) -> UInt { ExpressionWalk<Void>.identity(x) ?? 0 }
            switch e {
            case .constant(let x): node = e; key = Key(kind: 0, payload: x.bitPattern, first: 0, second: 0)
            case .column(let c): node = e; key = Key(kind: 1, payload: UInt64(truncatingIfNeeded: c), first: 0, second: 0)
            case .parameter(let p): node = e; key = Key(kind: 2, payload: UInt64(truncatingIfNeeded: p), first: 0, second: 0)
            case .negate(let a): let x = intern(a); node = .negate(x); key = Key(kind: 3, payload: 0, first: id(x), second: 0)
            case .function(let f, let a):
                let x = intern(a)
                node = .function(f, x)
                key = Key(kind: 4, payload: UInt64(MathFunction.allCases.firstIndex(of: f) ?? 0), first: id(x), second: 0)
            case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b), .power(let a, let b):
                let x = intern(a), y = intern(b)
                let kind: Int
                switch e {
                case .add: node = .add(x, y); kind = 5
                case .subtract: node = .subtract(x, y); kind = 6
                case .multiply: node = .multiply(x, y); kind = 7
                case .divide: node = .divide(x, y); kind = 8
                default: node = .power(x, y); kind = 9
                }
                key = Key(kind: kind, payload: 0, first: id(x), second: id(y))
            }
            // Without identities (see `ExpressionWalk`) there is nothing to compare by.
            guard ExpressionWalk<Void>.identity(node) != nil else { return node }
            if let existing = table[key] { return existing }
            table[key] = node
            return node
        }
    }
}
