import Testing
@testable import ScaleLang

/// Errors inside functions show the chain of calls that led there, innermost first, as Python's
/// and Julia's tracebacks do, capped at a few frames for deep recursion.
struct CallChainTests {
    func rendered(_ runs: [(name: String, text: String)]) -> String {
        let interpreter = Interpreter(output: { _ in })
        for (name, text) in runs {
            let source = Source(name: name, text: text)
            do throws(ScaleError) {
                try interpreter.run(source)
            } catch {
                return DiagnosticRenderer.render(error, in: source)
            }
        }
        return ""
    }

    @Test func errorInANestedCallNamesEveryCallSite() {
        let text = "f(x) = x + 1\ng(x) = f(x) * nope\nh(x) = 2 * g(x)\n\nprint h(3)\n"
        #expect(rendered([("FILE", text)]) == """
            FILE:2:15: error: unknown name 'nope'
              g(x) = f(x) * nope
                            ^^^^
              in g, called at FILE:3:12
              in h, called at FILE:5:7

            """)
    }

    /// A function defined in one input and called from another: each place in its own text.
    @Test func callSitesAreInTheirOwnSources() {
        let out = rendered([("a.scale", "g(x) = log(x) + nope\nh(x) = g(x)\n"), ("b.scale", "\n\ny = h(2)\n")])
        #expect(out == """
            a.scale:1:17: error: unknown name 'nope'
              g(x) = log(x) + nope
                              ^^^^
              in g, called at a.scale:2:8
              in h, called at b.scale:3:5

            """)
    }

    @Test func deepRecursionKeepsTheInnermostCallsAndTheFirst() {
        let out = rendered([("r.scale", "r(n) = r(n + 1)\nr(1)\n")])
        let chain = out.split(separator: "\n").filter { $0.hasPrefix("  in ") || $0.hasPrefix("  …") }
        #expect(chain.count == 5)
        #expect(chain.first == "  in r, called at r.scale:1:8")
        #expect(chain.last == "  in r, called at r.scale:2:1")
        #expect(chain[3].hasPrefix("  … ") && chain[3].hasSuffix(" more calls"))
    }

    @Test func anErrorOutsideFunctionsHasNoChain() {
        #expect(rendered([("t", "1 + nope\n")]) == "t:1:5: error: unknown name 'nope'\n  1 + nope\n      ^^^^\n")
    }
}
