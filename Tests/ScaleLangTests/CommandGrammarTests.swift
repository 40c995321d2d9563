import Foundation
import Testing
@testable import ScaleLang

/// Runs `text` with file names resolved from the repository root; the output, or the error's message.
private func run(_ text: String) -> (output: String, error: String?) {
    var out = ""
    let interpreter = Interpreter(output: { out += $0 })
    interpreter.baseDirectory = repositoryRoot.path
    do {
        try interpreter.run(Source(name: "test.scale", text: text))
        return (out, nil)
    } catch {
        return (out, error.message)
    }
}

/// The grammar the command registry gives every command: each of these failed before it.
struct CommandGrammarTests {
    @Test func aLeadingMinusOrParenthesisWorksAfterAVerb() {
        let r = run("t = table(x = [1, 2, 3], y = [1, 2, 4])\nplot -log(t.y) vs t.x\nplot (t.y) vs t.x\nplot log(t.y) vs t.x log y")
        #expect(r.error == nil, "\(r.error ?? "")")
        #expect(r.output.split(separator: "\n").filter { $0.hasPrefix("plot of ") }.count == 3)
        // legends name a table's column without its table (issue 13, item 11)
        #expect(r.output.contains("plot of -log(t.y) vs x ("))
        #expect(r.output.contains("plot of y vs x ("))
        #expect(r.output.contains("plot of log(t.y) vs x ("))
    }

    @Test func byTakesANameOrAnyExpressionGivingText() {
        let table = "t = table(N = [1, 2, 4, 2, 4, 8, 4, 8, 16] * 1e8, C = [1, 1, 1, 4, 4, 4, 16, 16, 16] * 1e18, "
            + "loss = [3.1, 3.0, 3.2, 2.9, 2.8, 2.95, 2.7, 2.6, 2.75])\n"
        let bare = run(table + "isoflop t by C"), quoted = run(table + "isoflop t by \"C\""), built = run(table + "c = \"C\"\nisoflop t by c + \"\"")
        #expect(bare.error == nil && quoted.error == nil && built.error == nil, "\(quoted.error ?? built.error ?? "")")
        #expect(!bare.output.isEmpty && bare.output == quoted.output && bare.output == built.output)
        let fit = "t = table(x = [1, 2, 3, 4, 5], y = [2, 4.1, 5.9, 8.2, 9.9])\nf = fit y ~ a * x on t\n"
        let h1 = run(fit + "holdout f largest 2 by x"), h2 = run(fit + "holdout f largest 2 by \"x\"")
        #expect(h1.error == nil && h1.output == h2.output)
    }

    /// y = 2 + 3/x^0.5 exactly, so the fit must find E = 2, A = 3 and the exponent 0.5 (to 1e-6,
    /// far inside what Levenberg–Marquardt reaches on exact data).
    @Test(arguments: ["beta", "d", "gamma", "cost"])
    func anUncalledBuiltinNameInAModelIsAParameter(name: String) throws {
        let r = run("""
            t = table(x = [1, 2, 4, 8, 16, 32, 64], y = 2 + 3 / [1, 2, 4, 8, 16, 32, 64]^0.5)
            f = fit y ~ E + A / x^\(name) on t start E = 1, A = 1
            print f.\(name), f.E, f.A
            """)
        #expect(r.error == nil, "\(r.error ?? "")")
        let values = r.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
        try #require(values.count == 3)
        #expect(abs(values[0] - 0.5) < 1e-6 && abs(values[1] - 2) < 1e-6 && abs(values[2] - 3) < 1e-6)
    }

    @Test func theUsersOwnFunctionMustStillBeCalled() {
        let r = run("g(x) = x\nt = table(x = [1, 2, 3], y = [1, 2, 3])\nfit y ~ a * g on t")
        #expect(r.error == "'g' is a function: call it, as in g(N, D)")
    }

    @Test func verbsAndClauseWordsAreNamesElsewhere() {
        let r = run("""
            t = table(set = [1, 2], by = [3, 4], with = [5, 6], on = [7, 8], start = [1, 1], fit = [1, 0], load = [2, 2], plot = [0, 1])
            print t.set + t.by + t.with + t.on + t.start + t.fit + t.load + t.plot
            f(set, by) = set * by
            print f(set = 2, by = 3)
            with = 4; on = 5; print with * on
            """)
        #expect(r.error == nil, "\(r.error ?? "")")
        #expect(r.output == "[20, 24]\n6\n20\n")
    }

    @Test func everyClauseValueIsAnyExpression() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scale-grammar-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = run("""
            s = "chinchilla"
            t = load "Examples/data/" + s + ".csv"
            print len(t)
            dir = "\(dir)"
            plot [1, 2] vs [3, 4] to dir + "/fig.svg"
            save table(a = [1]) to dir + "/a" + ".csv"
            u = load (dir + "/a.csv")
            print u.a
            """)
        #expect(r.error == nil, "\(r.error ?? "")")
        #expect(r.output == "245\nwrote \(dir)/fig.svg\n[1]\n")
        #expect(FileManager.default.fileExists(atPath: dir + "/fig.svg"))
    }

    /// `set gpu` takes the hardware table's names; optimal's GPU-hours follow it:
    /// 1e24 / (312e12 · 0.5 · 3600) = 1780626.780626…
    @Test func settingsAreTypedAndUsed() throws {
        let r = run("set gpu A100, mfu 0.5, price 2\no = optimal chinchilla at C = 1e24\nprint o.gpu_hours, o.cost, gpu_hours(1e24), cost(1e24)")
        #expect(r.error == nil, "\(r.error ?? "")")
        let values = r.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
        try #require(values.count == 4)
        // optimal's columns and the builtins agree, and follow the settings
        for hours in [values[0], values[2]] { #expect(abs(hours / (1e24 / (312e12 * 0.5 * 3600)) - 1) < 1e-15) }
        for dollars in [values[1], values[3]] { #expect(abs(dollars / (2 * 1e24 / (312e12 * 0.5 * 3600)) - 1) < 1e-15) }
    }
}
