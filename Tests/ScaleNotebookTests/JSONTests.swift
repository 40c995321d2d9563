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
