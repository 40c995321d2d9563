import Foundation

extension Interpreter {
    /// Evaluates one expression in a scope.
    func evaluate(_ e: Expr, in scope: Scope) throws(ScaleError) -> Value {
        switch e.kind {
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .interpolation(let parts):
            var out = ""
            for part in parts {
                switch part {
                case .text(let t): out += t
                case .value(let x, let format): out += try interpolated(try evaluate(x, in: scope), format, at: x.range)
                }
            }
            return .string(out)
        case .bool(let b): return .bool(b)
        case .name(let name):
            if let v = scope.lookup(name) { return v }
            throw unknownName(name, at: e.range, in: scope)
        case .vector(let items):
            var out: [Double] = []
            var texts: [String] = []
            for item in items {
                switch try evaluate(item, in: scope) {
                case .number(let x): out.append(x)
                case .bool(let b): out.append(b ? 1 : 0)
                case .vector(let xs):
                    // the same limit as ranges: [a, a, a, …] must not build what a..b may not
                    guard out.count + xs.count <= limits.vectorLength else { throw tooLong(out.count + xs.count, at: e.range) }
                    out += xs
                case .string(let s) where out.isEmpty: texts.append(s)
                case let v: throw .runtime("a vector holds numbers, got a \(v.typeName)", at: item.range)
                }
            }
            if !texts.isEmpty {
                guard texts.count == items.count else { throw .runtime("a vector cannot mix text and numbers", at: e.range) }
                return .strings(texts)
            }
            return .vector(out)
        case .unary(let op, let operand):
            return try unaryOperation(op, try evaluate(operand, in: scope), at: e.range)
        case .binary(.and, let l, let r), .binary(.or, let l, let r):
            return try logical(e, l, r, in: scope)
        case .binary(let op, let l, let r):
            // a tree within the parser's depth limit can still be too deep for a small stack
            guard stackGuard.hasRoom(reserve: StackGuard.reserve / 2) else { throw .runtime("this expression is too deep to evaluate on this thread's stack", at: e.range) }
            let a = try evaluate(l, in: scope)
            let b = try evaluate(r, in: scope)
            return try binaryOperation(op, a, b, at: e.range, leftRange: l.range, rightRange: r.range)
        case .range(let from, let to, let step, let factor):
            return try makeRange(from, to, step, factor, in: scope, at: e.range)
        case .call(let callee, let args):
            return try call(callee, args, in: scope, at: e.range)
        case .member(let object, let field):
            return try member(try evaluate(object, in: scope), field, objectRange: object.range, at: e.range)
        case .index(let object, let index):
            return try subscripted(try evaluate(object, in: scope).tabular, try evaluate(index, in: scope), at: e.range, indexRange: index.range)
        case .filter(let tableExpr, let predicate):
            return try filter(tableExpr, predicate, in: scope)
        case .command(let command):
            guard let d = Commands.named[command.verb] else { throw .runtime("'\(command.verb)' is not a command", at: e.range) }
            return try runCommand(d, try check(command, against: d, in: scope, at: e.range))
        }
    }

    func unknownName(_ name: String, at range: SourceRange, in scope: Scope) -> ScaleError {
        var hint: String?
        if let s = DiagnosticRenderer.closest(to: name, among: scope.visibleNames) { hint = "did you mean '\(s)'?" }
        if name == "e" { hint = "there is no constant e; write exp(1)" }
        // a huge identifier is named by its start, not echoed whole
        let shown = name.count > 80 ? name.prefix(40) + "…" : Substring(name)
        return .runtime("unknown name '\(shown)'", at: range, hint: hint)
    }

    func logical(_ e: Expr, _ l: Expr, _ r: Expr, in scope: Scope) throws(ScaleError) -> Value {
        guard case .binary(let op, _, _) = e.kind else { return .nothing }
        let a = try evaluate(l, in: scope)
        if case .bool(let x) = a {
            if op == .and && !x { return .bool(false) }
            if op == .or && x { return .bool(true) }
            let b = try evaluate(r, in: scope)
            if case .bool(let y) = b { return .bool(y) }
            return try binaryOperation(op, .number(x ? 1 : 0), b, at: e.range, leftRange: l.range, rightRange: r.range)
        }
        let b = try evaluate(r, in: scope)
        return try binaryOperation(op, a, b, at: e.range, leftRange: l.range, rightRange: r.range)
    }

    // MARK: - Ranges

    func makeRange(_ fromE: Expr, _ toE: Expr, _ stepE: Expr?, _ factorE: Expr?, in scope: Scope, at range: SourceRange) throws(ScaleError) -> Value {
        let from = try scalar(try evaluate(fromE, in: scope), at: fromE.range, what: "the start of a range")
        let to = try scalar(try evaluate(toE, in: scope), at: toE.range, what: "the end of a range")
        guard from.isFinite, to.isFinite else { throw .runtime("a range needs finite ends", at: range) }
        var out: [Double] = []
        if let factorE {
            let k = try scalar(try evaluate(factorE, in: scope), at: factorE.range, what: "the factor after 'times'")
            guard k > 1, from > 0, to > 0 else {
                throw .runtime("a geometric range 'a..b times k' needs a > 0, b > 0 and k > 1", at: range)
            }
            let countEstimate = (log(to / from) / log(k) + 1e-9).rounded(.down) + 1
            guard countEstimate.isFinite, countEstimate <= Double(limits.vectorLength) else {
                guard countEstimate.isFinite, countEstimate < 1e18 else {
                    throw .runtime("this range would have more values than the limit of \(limits.vectorLength)", at: range)
                }
                throw tooLong(Int(countEstimate), at: range)
            }
            let count = Int(countEstimate)
            for i in 0..<max(0, count) { out.append(snap(from * pow(k, Double(i)))) }
            return .vector(out)
        }
        var step = 1.0
        if let stepE {
            step = try scalar(try evaluate(stepE, in: scope), at: stepE.range, what: "the step")
            guard step > 0, step.isFinite else { throw .runtime("a range's step must be positive, got \(formatShortest(step))", at: stepE.range) }
        }
        if to < from { return .vector([]) }
        let n = (to - from) / step
        // the count is the whole steps plus one (1..67108865 has 67108865 values)
        guard n + 1 <= Double(limits.vectorLength) else { throw tooLong(Int(min((n + 1e-9).rounded(.down) + 1, 1e18)), at: range) }
        let count = Int((n + 1e-9).rounded(.down)) + 1
        out.reserveCapacity(count)
        // With decimal ends and step (0.1, 2.5e-3), compute (a + i·b) / 10^k in integers so each
        // element is the double nearest its decimal value: 0.1..0.3 step 0.1 ends at 0.3 exactly.
        if let k = (0...15).first(where: { isWhole(from * pow(10, Double($0))) && isWhole(step * pow(10, Double($0))) }),
           abs(to) * pow(10, Double(k)) < 0x1p52 {
            let scale = pow(10, Double(k))
            let a = (from * scale).rounded(), b = (step * scale).rounded()
            for i in 0..<count { out.append((a + Double(i) * b) / scale) }
        } else {
            for i in 0..<count { out.append(from + Double(i) * step) }
        }
        return .vector(out)
    }

    private func isWhole(_ x: Double) -> Bool {
        abs(x - x.rounded()) <= 1e-9 * max(1, abs(x))
    }

    func tooLong(_ count: Int, at range: SourceRange) -> ScaleError {
        .runtime("this would make a vector of \(count) values, more than the limit of \(limits.vectorLength)", at: range)
    }

    /// Rounds to 15 significant digits so that `1e20..1e26 times 10` gives the doubles nearest the
    /// powers of ten (geometric ranges are short, so the cost of formatting does not matter).
    func snap(_ x: Double) -> Double {
        Double(String(format: "%.15g", x)) ?? x
    }

    /// A count given as a whole number within `bounds`; fractions, NaN, infinities and values
    /// outside are errors naming `what` (a fraction is not cut down silently, and converting
    /// the others to Int would trap).
    func whole(_ x: Double, in bounds: ClosedRange<Int>, at range: SourceRange, what: String) throws(ScaleError) -> Int {
        guard x.isFinite, x == x.rounded(), x >= Double(bounds.lowerBound), x <= Double(bounds.upperBound) else {
            throw .runtime("\(what) must be a whole number from \(bounds.lowerBound) to \(bounds.upperBound), got \(formatShortest(x))", at: range)
        }
        return Int(x)
    }

    /// A random seed: a whole number from 0 to 2^63 − 1.
    func seed(_ x: Double, at range: SourceRange) throws(ScaleError) -> UInt64 {
        guard x.isFinite, x >= 0, x == x.rounded(), x < 0x1p63 else {
            throw .runtime("a seed is a whole number from 0 to 2^63 − 1, got \(formatShortest(x))", at: range)
        }
        return UInt64(x)
    }

    func scalar(_ v: Value, at range: SourceRange, what: String) throws(ScaleError) -> Double {
        switch v {
        case .number(let x): return x
        case .vector(let xs) where xs.count == 1: return xs[0]
        default: throw .runtime("expected a number for \(what), got a \(v.typeName)", at: range)
        }
    }

    // MARK: - Members and indexing

    func member(_ v: Value, _ field: String, objectRange: SourceRange, at range: SourceRange) throws(ScaleError) -> Value {
        switch v {
        case .table(let t):
            if let c = t.column(field) { return c.value }
            throw .runtime("table has no column '\(field)'", at: range, hint: suggestion(field, t.columnNames, list: "columns"))
        case .record(let r):
            if let x = r[field] { return x }
            throw .runtime("record has no field '\(field)'", at: range, hint: suggestion(field, r.names, list: "fields"))
        case .object(let o):
            if let x = o.member(field) { return x }
            throw .runtime("\(o.typeName) has no field '\(field)'", at: range, hint: suggestion(field, o.memberNames, list: "fields"))
        case .function(let f):
            if case .user(_, _, let defaults, _) = f.body, let d = defaults.first(where: { $0.name == field }) { return d.value }
            throw .runtime("\(f.typeDescription) '\(f.name)' has no parameter '\(field)'", at: range)
        default:
            throw .runtime("a \(v.typeName) has no fields (asked for '.\(field)')", at: range)
        }
    }

    func suggestion(_ name: String, _ names: [String], list: String) -> String {
        if let s = DiagnosticRenderer.closest(to: name, among: names) { return "did you mean '\(s)'?" }
        return "\(list): " + names.prefix(12).joined(separator: ", ")
    }

    func subscripted(_ v: Value, _ i: Value, at range: SourceRange, indexRange: SourceRange) throws(ScaleError) -> Value {
        func position(_ x: Double, count: Int) throws(ScaleError) -> Int {
            guard !x.isNA else { throw .runtime("the index is na: expected a whole number from 1 to \(count)", at: indexRange) }
            guard x == x.rounded(), x >= 1, x <= Double(count) else {
                throw .runtime("index \(formatShortest(x)) is out of range: expected a whole number from 1 to \(count)", at: indexRange)
            }
            return Int(x) - 1
        }
        switch (v, i) {
        case (.vector(let xs), .number(let x)): return .number(xs[try position(x, count: xs.count)])
        case (.vector(let xs), .vector(let ks)):
            var out: [Double] = []
            for k in ks { out.append(xs[try position(k, count: xs.count)]) }
            return .vector(out)
        case (.strings(let xs), .number(let x)): return xs[try position(x, count: xs.count)].map { .string($0) } ?? .number(.na)
        case (.strings(let xs), .vector(let ks)):
            var out: [String?] = []
            for k in ks { out.append(xs[try position(k, count: xs.count)]) }
            return .strings(out)
        case (.bools(let bs), .number(let x)): return bs[try position(x, count: bs.count)].map { .bool($0) } ?? .number(.na)
        // a mask picks the elements (or rows) where it is true (not where it is na, as in 'where')
        case (.vector(let xs), .bools(let mask)):
            let keep = try checkMask(mask, count: xs.count, what: "elements", at: indexRange)
            return .vector(zip(xs, keep).compactMap { $1 ? $0 : nil })
        case (.strings(let xs), .bools(let mask)):
            let keep = try checkMask(mask, count: xs.count, what: "elements", at: indexRange)
            return .strings(zip(xs, keep).compactMap { $1 ? .some($0) : nil })
        case (.bools(let bs), .bools(let mask)):
            let keep = try checkMask(mask, count: bs.count, what: "elements", at: indexRange)
            return .bools(zip(bs, keep).compactMap { $1 ? .some($0) : nil })
        case (.table(let t), .bools(let mask)):
            let keep = try checkMask(mask, count: t.rowCount, what: "rows", at: indexRange)
            return .table(t.filtered(keep))
        case (.table(let t), .number(let x)): return .record(t.row(try position(x, count: t.rowCount)))
        case (.table(let t), .vector(let ks)):
            var rows: [Int] = []
            for k in ks { rows.append(try position(k, count: t.rowCount)) }
            return .table(t.rows(rows))
        case (.table(let t), .string(let name)):
            if let c = t.column(name) { return c.value }
            throw .runtime("table has no column '\(name)'", at: indexRange, hint: suggestion(name, t.columnNames, list: "columns"))
        case (.object(let g as GroupedFitValue), .string(let label)):
            if let f = g.fit(named: label) { return .object(f) }
            throw .runtime("no group '\(label)' in the grouped fit", at: indexRange, hint: suggestion(label, g.labels, list: "groups"))
        default:
            throw .runtime("cannot index a \(v.typeName) with a \(i.typeName): expected v[i] with i from 1", at: range)
        }
    }

    /// The mask as what it keeps (`na` keeps nothing), once its length is checked.
    func checkMask(_ mask: [Bool?], count: Int, what: String, at range: SourceRange) throws(ScaleError) -> [Bool] {
        guard mask.count == count else {
            throw .runtime("a mask of \(mask.count) true/false values cannot pick from \(count) \(what): the lengths must agree", at: range)
        }
        return mask.map { $0 == true }
    }

    // MARK: - Filtering

    func filter(_ tableExpr: Expr, _ predicate: Expr, in scope: Scope) throws(ScaleError) -> Value {
        let v = try evaluate(tableExpr, in: scope).tabular
        guard case .table(let t) = v else {
            throw .runtime("'where' filters a table, got a \(v.typeName)", at: tableExpr.range)
        }
        let rowScope = columnScope(t, parent: scope)
        let mask = try evaluate(predicate, in: rowScope)
        let keep: [Bool?]
        switch mask {
        case .bool(let b): return .table(b ? t : t.filtered(Array(repeating: false, count: t.rowCount)))
        case .number(let x) where x.isNA: keep = Array(repeating: nil, count: t.rowCount)
        case .vector(let m) where m.count == t.rowCount: keep = m.map { $0.isNA ? nil : $0 != 0 }
        case .bools(let m) where m.count == t.rowCount: keep = m
        default:
            throw .runtime("a 'where' condition must give true/false for each of the \(t.rowCount) rows, got a \(mask.typeName)", at: predicate.range)
        }
        // R's rule: only rows whose condition is true are kept; a condition that is na keeps none, and says so
        let missing = keep.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
        if missing > 0 {
            note("'where' dropped \(missing) row\(missing == 1 ? "" : "s") whose condition is na (a missing value in a column it reads)")
        }
        return .table(t.filtered(keep.map { $0 == true }))
    }

    /// A scope in which a table's columns are variables.
    func columnScope(_ t: Table, parent: Scope) -> Scope {
        let s = Scope(parent: parent)
        for c in t.columns { s.variables[c.name] = c.data.value }
        return s
    }
}

extension Function {
    var typeDescription: String { isLaw ? "law" : "function" }
}
