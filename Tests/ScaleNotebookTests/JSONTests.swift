import Testing
@testable import ScaleNotebook

/// The JSON writer against Python's json.dumps(…, sort_keys=True, indent=1, ensure_ascii=False)
/// and nbformat's line splitting against str.splitlines(True); expected texts printed by Python 3.11.
struct JSONTests {
    @Test func writesWhatPythonWrites() {
        let value: JSON = .object([
            "b": .array([.number(1), .number(2.5), .object([:])]),
            "a": .string("xé\n\"\\\u{01}"),
            "c": .array([]), "d": .null, "e": .bool(true),
        ])
        let python = "{\n \"a\": \"xé\\n\\\"\\\\\\u0001\",\n \"b\": [\n  1,\n  2.5,\n  {}\n ],\n \"c\": [],\n \"d\": null,\n \"e\": true\n}"
        #expect(value.serialized(indent: 1) == python)
        #expect(value.serialized() == "{\"a\":\"xé\\n\\\"\\\\\\u0001\",\"b\":[1,2.5,{}],\"c\":[],\"d\":null,\"e\":true}")
    }

    @Test func readsWhatItWritesAndEscapes() throws {
        let text = #"{"k": [1e3, -0.5, "a\u00e9\ud83d\ude00\/\t", true, false, null], "n": {}}"#
        let v = try JSON.parse(text)
        #expect(v["k"]?.array?[0] == .number(1000))
        #expect(v["k"]?.array?[2] == .string("aé😀/\t"))
        #expect(try JSON.parse(v.serialized()) == v)
        #expect(try JSON.parse(v.serialized(indent: 1)) == v)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "\"\u{01}\"", "tru", "1 2", "[\"\\x\"]"])
    func rejectsMalformedText(text: String) {
        #expect(throws: JSON.ParseError.self) { try JSON.parse(text) }
    }

    /// An unpaired surrogate used to trap (arithmetic overflow) in notebooks and kernel messages.
    /// Python reads "\ud800\u0041" as '\ud800A', which UTF-8 cannot hold: U+FFFD stands for it.
    @Test func unpairedSurrogatesAreReplacementCharacters() throws {
        #expect(try JSON.parse(#""\ud800\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSON.parse(#"["\ud800\ud800\udc00", "\udfff"]"#) == .array([.string("\u{FFFD}𐀀"), .string("\u{FFFD}")]))
    }

    /// Reading is linear in the escapes of one string (a 12 MB notebook of escapes took 30 s).
    @Test func escapesReadInLinearTime() throws {
        func seconds(_ n: Int) throws -> Double {
            let text = "\"" + String(repeating: "\\n", count: n) + "\""
            let start = ContinuousClock.now
            let v = try JSON.parse(text)
            #expect(v.string?.count == n)
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        _ = try seconds(50_000)
        let t1 = try seconds(200_000), t2 = try seconds(400_000)
        // linear is 2×, quadratic 4×: 2.5× with 0.1 s for the noise of tests running beside it
        #expect(t2 < 2.5 * t1 + 0.1, "200k escapes \(t1) s, 400k \(t2) s")
    }

    @Test func splitsLinesAsPythonDoes() {
        // 'a\nb\r\nc\x0bd\u2028e'.splitlines(True) == ['a\n', 'b\r\n', 'c\x0b', 'd\u2028', 'e']
        #expect(IPYNB.lines("a\nb\r\nc\u{0B}d\u{2028}e") == .array(["a\n", "b\r\n", "c\u{0B}", "d\u{2028}", "e"].map { .string($0) }))
        #expect(IPYNB.lines("") == .array([]))
        #expect(IPYNB.lines("x\r") == .array([.string("x\r")]))
    }

    @Test func cellIdsAreKeptOrMadeUnique() throws {
        let text = #"{"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [{"cell_type": "code", "id": "keep", "source": ["1 +", " 1"], "outputs": [], "execution_count": null, "metadata": {}}, {"cell_type": "markdown", "source": "x", "metadata": {}}, {"cell_type": "markdown", "id": "keep", "source": "y", "metadata": {}}]}"#
        let nb = try IPYNB.parse(text)
        #expect(nb.cells.map(\.id) == ["keep", "cell-2", "cell-3"])
        #expect(nb.cells[0].source == "1 + 1")
        #expect(try IPYNB.parse(nb.serialized()) == nb)
        #expect(nb.serialized().hasSuffix("\"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n"))
    }

    @Test func markdownRoundTrip() {
        let md = Notebook.parse("# T\n\nProse.\n\n```scale\nx = 1\n```\n\nMore.\n\n```scale\nx\n```\n\n```scale\ny = 2\n```\n")
        let nb = IPYNB.from(md)
        #expect(nb.cells.map(\.kind) == ["markdown", "code", "markdown", "code", "code"])  // the blank line between cells is no cell
        #expect(nb.cells[0].source == "# T\n\nProse.")
        #expect(nb.markdown().blocks == md.blocks)
    }
}
