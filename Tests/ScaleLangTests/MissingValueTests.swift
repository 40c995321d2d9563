import Foundation
import Testing
@testable import ScaleLang

/// The missing-value rules: R's, checked against pandas and numpy on the same vectors
/// (`Tests/References/missing_values.py`: skipna=False is ScaleLab's reduction of data holding
/// na, skipna=True its reduction of drop_na(x)), and against the same computation after an
/// explicit drop_na for comparisons, `where`, `fit` and `summarize` on random tables with holes.
struct MissingValueTests {
    static let cases: [[String: Any]] = {
        let url = repositoryRoot.appendingPathComponent("Tests/ScaleLangTests/Fixtures/missing_values.json")
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [[String: Any]]
    }()

    static func decode(_ v: Any) -> Double { (v as? String).flatMap { Double($0) } ?? .na }

    /// Runs `text` and returns the value of each name.
    func values(_ text: String, _ names: [String]) throws -> [String: Value] {
        let interpreter = Interpreter(output: { _ in })
        try interpreter.run(Source(name: "t", text: text))
        var out: [String: Value] = [:]
        for n in names { out[n] = interpreter.value(of: n) }
        return out
    }

    /// Equal to 1e-12 relative (pandas sums pairwise, ScaleLab in order), na to na.
    func close(_ got: Value?, _ want: Double, _ what: String) {
        guard case .number(let x)? = got else { Issue.record("\(what): got \(String(describing: got))"); return }
        if want.isNA { #expect(x.isNA, "\(what): \(x) where pandas gives a missing value"); return }
        #expect(!x.isNA && abs(x - want) <= 1e-12 * max(1, abs(want)), "\(what): \(x) vs pandas \(want)")
    }

    func closeVector(_ got: Value?, _ want: [Double], _ what: String) {
        guard case .vector(let xs)? = got, xs.count == want.count else { Issue.record("\(what): got \(String(describing: got))"); return }
        for (i, (x, w)) in zip(xs, want).enumerated() { close(.number(x), w, "\(what)[\(i + 1)]") }
    }

    @Test func reductionsAgreeWithPandas() throws {
        let reductions = [("sum", "sum"), ("mean", "mean"), ("sd", "sd"), ("min", "min"), ("max", "max"), ("median", "median"),
                          ("q10", "quantile(X, 0.1)"), ("q50", "quantile(X, 0.5)"), ("q90", "quantile(X, 0.9)")]
        for (k, c) in Self.cases.enumerated() {
            let x = (c["x"] as! [Any]).map(Self.decode)
            let present = x.filter { !$0.isNA }
            let literal = "[" + x.map { $0.isNA ? "na" : "(\(formatShortest($0)))" }.joined(separator: ", ") + "]"
            var lines = ["x = \(literal)", "d = drop_na(x)", "cs = cumsum(x)", "cx = cummax(x)", "cn = cummin(x)", "r3 = rolling(x, 3)"]
            var names = ["cs", "cx", "cn", "r3"]
            for (key, f) in reductions {
                let call = { (v: String) in f.contains("X") ? f.replacingOccurrences(of: "X", with: v) : "\(f)(\(v))" }
                if x.count >= (key == "sd" ? 2 : 1) { lines.append("keep_\(key) = \(call("x"))"); names.append("keep_\(key)") }
                if present.count >= (key == "sd" ? 2 : 1) { lines.append("skip_\(key) = \(call("d"))"); names.append("skip_\(key)") }
            }
            let got = try values(lines.joined(separator: "\n"), names)
            let keep = c["keepna"] as! [String: Any], skip = c["skipna"] as! [String: Any]
            for (key, _) in reductions {
                if got["keep_\(key)"] != nil { close(got["keep_\(key)"], Self.decode(keep[key]!), "case \(k) \(key)(x)") }
                if got["skip_\(key)"] != nil { close(got["skip_\(key)"], Self.decode(skip[key]!), "case \(k) \(key)(drop_na(x))") }
            }
            closeVector(got["cs"], (c["cumsum"] as! [Any]).map(Self.decode), "case \(k) cumsum")
            closeVector(got["cx"], (c["cummax"] as! [Any]).map(Self.decode), "case \(k) cummax")
            closeVector(got["cn"], (c["cummin"] as! [Any]).map(Self.decode), "case \(k) cummin")
            // pandas' rolling mean is a running sum, whose error grows with the largest value that
            // passed through the window: held to that scale, and to a fresh sum of each window
            let pandasRolling = (c["rolling3"] as! [Any]).map(Self.decode)
            if case .vector(let r)? = got["r3"], r.count == x.count {
                for i in x.indices {
                    let window = x[max(0, i - 2)...i]
                    if window.contains(where: \.isNA) { #expect(r[i].isNA, "case \(k) rolling[\(i + 1)]"); continue }
                    let scale = window.map(abs).max() ?? 1
                    let passed = x[0...i].filter { !$0.isNA }.map(abs).max() ?? 1
                    #expect(abs(r[i] - pandasRolling[i]) <= 1e-12 * max(1, passed), "case \(k) rolling[\(i + 1)]: \(r[i]) vs pandas \(pandasRolling[i])")
                    let direct = window.reduce(0, +) / Double(window.count)
                    #expect(abs(r[i] - direct) <= 4 * Double.ulpOfOne * max(1, scale), "case \(k) rolling[\(i + 1)]: \(r[i]) vs \(direct)")
                }
            } else {
                Issue.record("case \(k): rolling gave \(String(describing: got["r3"]))")
            }
        }
    }

    /// Random tables with holes: comparisons give na exactly where a side is missing; `where`
    /// keeps the rows a drop_na table keeps; `fit` and `summarize` of the table with holes equal
    /// those of drop_na(t) in the columns they read.
    @Test(arguments: 0..<6)
    func commandsAgreeWithDropNA(seed: Int) throws {
        var state = UInt64(seed + 1) &* 0x9E37_79B9_7F4A_7C15
        func next() -> Double {  // splitmix64, so that each seed is one table
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / 0x1p53
        }
        let n = 40
        func column(_ f: (Int) -> Double) -> String {
            "[" + (0..<n).map { i in next() < 0.2 ? "na" : "(\(formatShortest(f(i))))" }.joined(separator: ", ") + "]"
        }
        let x = column { Double($0 + 1) }, y = column { i in 2.5 * Double(i + 1) + 1 + (next() - 0.5) * 0.1 }, z = column { _ in next() }
        let groups = "[" + (0..<n).map { "\"g\($0 % 3)\"" }.joined(separator: ", ") + "]"
        let script = """
        t = table(x = \(x), y = \(y), z = \(z), g = \(groups))
        c = drop_na(t, "x", "y")
        m1 = sum((t.x > 10) == (t.x > 10))
        m2 = sum(isna(t.x > 10))
        m3 = sum(isna(t.x))
        w1 = len((t where x > 10 and y > 0).x)
        w2 = len((c where x > 10 and y > 0).x)
        f1 = fit y ~ a * x + b on t
        f2 = fit y ~ a * x + b on c
        a1 = f1.a
        a2 = f2.a
        s1 = summarize t by g with my = mean(y), n = len(y)
        s2 = summarize drop_na(t, "y", "g") by g with my = mean(y), n = len(y)
        same = all(s1.my == s2.my) and all(s1.n == s2.n)
        """
        let got = try values(script, ["m1", "m2", "m3", "w1", "w2", "a1", "a2", "same"])
        // comparisons: na where x is missing, so equality of the two is na there too
        guard case .number(let m2)? = got["m2"], case .number(let m3)? = got["m3"] else { Issue.record("counts"); return }
        #expect(m2 == m3)
        if case .number(let m1)? = got["m1"] { #expect(m3 == 0 ? m1 == Double(n) : m1.isNA) }
        guard case .number(let w1)? = got["w1"], case .number(let w2)? = got["w2"] else { Issue.record("where"); return }
        #expect(w1 == w2)
        guard case .number(let a1)? = got["a1"], case .number(let a2)? = got["a2"] else { Issue.record("fit"); return }
        #expect(a1 == a2, "a fit skips the rows missing a column it reads: \(a1) vs \(a2)")
        if case .bool(let b)? = got["same"] { #expect(b) } else { Issue.record("summarize: \(String(describing: got["same"]))") }
    }

    @Test func naIsDistinctFromNaN() throws {
        let got = try values("""
        a = isna([na, 0/0, 1])
        b = isnan([na, 0/0, 1])
        c = na + 0/0
        d = 0/0 + na
        e = -na
        f = na * 0
        """, ["a", "b", "c", "d", "e", "f"])
        guard case .bools(let a)? = got["a"], case .bools(let b)? = got["b"] else { Issue.record("\(got)"); return }
        #expect(a == [true, false, false])
        #expect(b == [false, true, false])
        for k in ["c", "d", "e", "f"] {
            guard case .number(let x)? = got[k] else { Issue.record("\(k) is not a number"); continue }
            #expect(x.isNA, "\(k) should be na")
        }
    }

    @Test func logicalOperatorsFollowR() throws {
        let got = try values("""
        a = na and false
        b = na or true
        c = na and true
        d = any([na, 1])
        e = all([na, 0])
        f = any([na, 0])
        """, ["a", "b", "c", "d", "e", "f"])
        if case .bool(let a)? = got["a"] { #expect(a == false) } else { Issue.record("a") }
        if case .bool(let b)? = got["b"] { #expect(b == true) } else { Issue.record("b") }
        if case .number(let c)? = got["c"] { #expect(c.isNA) } else { Issue.record("c") }
        if case .bool(let d)? = got["d"] { #expect(d) } else { Issue.record("d") }
        if case .bool(let e)? = got["e"] { #expect(!e) } else { Issue.record("e") }
        if case .number(let f)? = got["f"] { #expect(f.isNA) } else { Issue.record("f") }
    }
}
