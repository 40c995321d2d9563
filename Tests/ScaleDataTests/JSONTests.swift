import Foundation
import Testing
@testable import ScaleData

/// JSON text, JSON tables and JSON Lines.
struct JSONTests {
    let files = TempFiles()

    /// Values against Foundation's JSONSerialization on the same text (numbers, escapes, nesting).
    @Test(arguments: [
        #"{"a": 1, "b": [true, false, null], "c": "x\ny\u00e9\"", "d": {"e": -1.5e-3}}"#,
        #"[1, 2.5, -0, 1e308, 5e-324, "\/\\\b\f\r\t"]"#,
        #"{"emoji": "\ud83d\ude00", "plain": "日本"}"#,
    ])
    func valuesAgreeWithFoundation(text: String) throws {
        let ours = try JSONText.parse(text)
        let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        #expect(Self.agrees(ours, theirs), "\(ours) vs \(theirs)")
    }

    static func agrees(_ v: JSONValue, _ f: Any) -> Bool {
        switch v {
        case .null: return f is NSNull
        case .bool(let b): return (f as? Bool) == b
        case .number(let x): return (f as? NSNumber)?.doubleValue == x
        case .string(let s): return (f as? String) == s
        case .array(let items):
            guard let a = f as? [Any], a.count == items.count else { return false }
            return zip(items, a).allSatisfy { agrees($0, $1) }
        case .object(let members):
            guard let d = f as? [String: Any], d.count == members.count else { return false }
            return members.allSatisfy { m in d[m.key].map { agrees(m.value, $0) } ?? false }
        }
    }

    /// An unpaired surrogate is U+FFFD, not a crash; a pair is one character.
    @Test func surrogates() throws {
        #expect(try JSONText.parse(#""\ud800\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSONText.parse(#""\udc00x""#) == .string("\u{FFFD}x"))
        #expect(try JSONText.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONText.parse(#""\ud83d""#) == .string("\u{FFFD}"))
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9, "expected a key in double quotes"),
        ("[1, 2", 1, 1, "expected ']' to close the array opened here"),
        ("{\"a\"\n: tru}", 2, 3, "expected 'true'"),
        ("\"abc", 1, 1, "expected '\"' to close the string opened here"),
        ("[1] 2", 1, 5, "expected the end of the JSON text"),
        ("\"\\x\"", 1, 2, "unknown escape"),
    ])
    func errorsArePlaced(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try JSONText.parse(text)
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.line == line && error.column == column, "\(error)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func deepNestingIsAnError() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONText.Malformed.self) { try JSONText.parse(text) }
    }

    @Test func recordsWithNestedObjectsAndMissingKeys() throws {
        let t = try files.load("runs.json", #"[{"name": "a", "config": {"lr": 3e-4, "depth": 12}, "loss": 3.1, "ok": true}, {"name": "b", "loss": null, "extra": "x", "ok": false}]"#)
        #expect(t.columnNames == ["name", "config.lr", "config.depth", "loss", "ok", "extra"])
        #expect(same(t.column("config.lr")?.numbers, [3e-4, .na]))
        #expect(same(t.column("loss")?.numbers, [3.1, .na]))
        #expect(t.column("ok")?.flags == [true, false])
        #expect(t.column("extra")?.texts == [nil, "x"])
    }

    @Test func objectOfColumns() throws {
        let t = try files.load("cols.json", #"{"N": [1e9, 2e9], "dataset": ["c4", "c4_original"]}"#)
        #expect(t.column("N")?.numbers == [1e9, 2e9])
        #expect(t.column("dataset")?.texts == ["c4", "c4_original"])
        // pandas' default orient: {column: {row label: value}}
        let u = try files.load("pandas.json", #"{"N": {"0": 1e9, "1": 2e9}, "loss": {"0": 3.1, "1": null}}"#)
        #expect(same(u.column("loss")?.numbers, [3.1, .na]))
    }

    @Test func jsonLinesUniteKeys() throws {
        let t = try files.load("runs.jsonl", "{\"_step\": 1, \"loss\": 3.2}\n\n{\"_step\": 2, \"loss\": 3.0, \"lr\": 1e-3}\r\n{\"_step\": 3}\n")
        #expect(t.rowCount == 3)
        #expect(t.columnNames == ["_step", "loss", "lr"])
        #expect(same(t.column("loss")?.numbers, [3.2, 3.0, .na]))
        #expect(same(t.column("lr")?.numbers, [.na, 1e-3, .na]))
    }

    @Test func jsonLinesErrorsNameTheLine() {
        #expect(files.loadError("bad.jsonl", "{\"a\": 1}\n{\"a\": }\n").contains("'bad.jsonl' line 2: expected a JSON value") || files.loadError("bad.jsonl", "{\"a\": 1}\n{\"a\": }\n").contains("line 2: expected a JSON value"))
        #expect(files.loadError("arr.jsonl", "{\"a\": 1}\n[1]\n").contains("line 2: expected a JSON object (one record a line), found an array"))
        #expect(files.loadError("dup.jsonl", "{\"a\": 1, \"a\": 2}\n").contains("line 1: the key 'a' appears twice in one record"))
    }

    @Test func mixedJSONColumnIsTextWithANote() throws {
        let loaded = try TableIO.load(path: files.write("mix.jsonl", "{\"v\": 1}\n{\"v\": \"x\"}\n"))
        #expect(loaded.table.column("v")?.texts == ["1", "x"])
        #expect(loaded.notes.first?.contains("column 'v' is text: line 2 holds 'x'") == true)
    }

    @Test func jsonInACSVIsNamed() {
        #expect(files.loadError("runs.csv", "{\"a\": 1}\n{\"a\": 2}\n").contains("holds JSON, not delimited text (it starts with '{'): name it .jsonl"))
        #expect(files.loadError("runs.json", "a,b\n1,2\n").contains("is not JSON (it starts with 'a')"))
    }
}
