import Foundation

/// A Jupyter notebook file (nbformat 4.5, https://nbformat.readthedocs.io/en/latest/format_description.html):
/// read, run through a cell runner, written back as the same bytes nbformat writes (keys sorted,
/// one-space indent, multi-line strings split into lines, trailing newline). Cell ids are kept;
/// new cells get `cell-N`, and nothing records a time, so a rerun writes identical bytes.
public struct IPYNB: Equatable, Sendable {
    /// One cell: its source, its outputs, its execution count, and its other fields kept as read.
    public struct Cell: Equatable, Sendable {
        /// The cell's JSON fields other than its source and outputs, kept as read (metadata,
        /// attachments, id, and whatever a newer client added).
        public var fields: [String: JSON]
        /// The source as one string (nbformat's list of lines joined).
        public var source: String
        /// The outputs, in order (code cells only).
        public var outputs: [CellOutput]
        /// The execution count; nil when not run.
        public var executionCount: Int?

        /// The `cell_type` ("code", "markdown" or "raw"); "raw" when missing.
        public var kind: String { fields["cell_type"]?.string ?? "raw" }
        /// The cell's id, if it has one.
        public var id: String? { fields["id"]?.string }

        /// A new cell of that kind and id, with empty metadata and no outputs.
        public init(kind: String, id: String, source: String) {
            fields = ["cell_type": .string(kind), "id": .string(id), "metadata": .object([:])]
            self.source = source
            outputs = []
        }

        init(fields: [String: JSON], source: String, outputs: [CellOutput], executionCount: Int?) {
            self.fields = fields
            self.source = source
            self.outputs = outputs
            self.executionCount = executionCount
        }
    }

    /// The cells, in order.
    public var cells: [Cell]
    /// The notebook's metadata, kept as read.
    public var metadata: JSON

    /// A file that is not an nbformat 4 notebook, in words.
    public struct Invalid: Error, CustomStringConvertible {
        /// The reason, in words.
        public var description: String
    }

    /// The `language_info` the kernel reports and notebooks carry.
    public static let languageInfo: JSON = .object([
        "name": .string("scale"),
        "file_extension": .string(".scale"),
        "mimetype": .string("text/x-scale"),
        // No lexer or editor mode knows this language; Julia's are the nearest (numbers with
        // exponents, `^`, `#` comments, `..` ranges read sensibly).
        "pygments_lexer": .string("julia"),
        "codemirror_mode": .string("julia"),
    ])

    /// The `kernelspec` notebooks carry: name "scale", display name "ScaleLab".
    public static let kernelspec: JSON = .object([
        "name": .string("scale"), "display_name": .string("ScaleLab"), "language": .string("scale"),
    ])

    // MARK: - Reading

    /// Reads a notebook; throws `JSON.ParseError` for text that is not JSON, `Invalid` for JSON that is not nbformat 4.
    public static func parse(_ text: String) throws -> IPYNB {
        let json = try JSON.parse(text)
        guard json["nbformat"]?.number == 4 else { throw Invalid(description: "not an nbformat 4 notebook") }
        guard let rawCells = json["cells"]?.array else { throw Invalid(description: "the notebook has no cells list") }
        var cells: [Cell] = []
        var used = Set<String>()
        for (i, raw) in rawCells.enumerated() {
            guard var fields = raw.object else { throw Invalid(description: "cell \(i + 1) is not an object") }
            let source = IPYNB.text(fields.removeValue(forKey: "source"))
            let outputs = (fields.removeValue(forKey: "outputs")?.array ?? []).compactMap(CellOutput.init(json:))
            let count = fields.removeValue(forKey: "execution_count")?.number.map { Int($0) }
            if fields["metadata"] == nil { fields["metadata"] = .object([:]) }
            // nbformat 4.5 requires unique ids; an older file gets deterministic ones.
            if let id = fields["id"]?.string, !used.contains(id) {
                used.insert(id)
            } else {
                var n = i + 1
                while used.contains("cell-\(n)") { n += 1 }
                fields["id"] = .string("cell-\(n)")
                used.insert("cell-\(n)")
            }
            cells.append(Cell(fields: fields, source: source, outputs: outputs, executionCount: count))
        }
        return IPYNB(cells: cells, metadata: json["metadata"] ?? .object([:]))
    }

    static func text(_ v: JSON?) -> String {
        if let s = v?.string { return s }
        return (v?.array ?? []).compactMap(\.string).joined()
    }

    // MARK: - Writing

    /// The file's bytes as `nbformat.write` produces them.
    public func serialized() -> String {
        var cellsJSON: [JSON] = []
        for c in cells {
            var f = c.fields
            f["source"] = IPYNB.lines(c.source)
            if c.kind == "code" {
                f["outputs"] = .array(c.outputs.map { IPYNB.splitBundles($0.json(executionCount: c.executionCount)) })
                f["execution_count"] = c.executionCount.map { .number(Double($0)) } ?? .null
            }
            cellsJSON.append(.object(f))
        }
        let doc: JSON = .object([
            "cells": .array(cellsJSON), "metadata": metadata, "nbformat": .number(4), "nbformat_minor": .number(5),
        ])
        return doc.serialized(indent: 1) + "\n"
    }

    /// Python's `str.splitlines(True)`, which nbformat applies to sources and text outputs.
    static func lines(_ s: String) -> JSON {
        var out: [JSON] = []
        var current = String.UnicodeScalarView()
        var previousCR = false
        for u in s.unicodeScalars {
            if previousCR {
                previousCR = false
                if u == "\n" {
                    current.append(u)
                    out.append(.string(String(current)))
                    current = String.UnicodeScalarView()
                    continue
                }
                out.append(.string(String(current)))
                current = String.UnicodeScalarView()
            }
            current.append(u)
            switch u.value {
            case 0x0D: previousCR = true
            case 0x0A, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029:
                out.append(.string(String(current)))
                current = String.UnicodeScalarView()
            default: break
            }
        }
        if !current.isEmpty { out.append(.string(String(current))) }
        return .array(out)
    }

    /// nbformat splits `text/*` and SVG values and stream text into lines; other data stays whole.
    static func splitBundles(_ output: JSON) -> JSON {
        guard var o = output.object else { return output }
        if let t = o["text"]?.string { o["text"] = lines(t) }
        if var data = o["data"]?.object {
            for (k, v) in data where k.hasPrefix("text/") || k == "image/svg+xml" || k == "application/javascript" {
                if let s = v.string { data[k] = lines(s) }
            }
            o["data"] = .object(data)
        }
        return .object(o)
    }

    // MARK: - Running

    /// Runs every non-empty code cell in order (as Jupyter's clients do, empty cells are skipped),
    /// numbering them from 1. A failed cell keeps its error as output and the cells after it lose
    /// their outputs. Returns the notebook and the 1-based index of the failed cell.
    public func run(_ runner: (_ source: String, _ count: Int) -> [CellOutput]) -> (IPYNB, failedCell: Int?) {
        var result = self
        var count = 0
        var failed: Int?
        for i in result.cells.indices where result.cells[i].kind == "code" {
            result.cells[i].outputs = []
            result.cells[i].executionCount = nil
            guard failed == nil, !result.cells[i].source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
            count += 1
            let outputs = CellOutput.merged(runner(result.cells[i].source, count))
            result.cells[i].outputs = outputs
            result.cells[i].executionCount = count
            if outputs.contains(where: { if case .error = $0 { return true } else { return false } }) { failed = i + 1 }
        }
        return (result, failed)
    }

    // MARK: - Markdown

    /// A Markdown notebook's prose and cells as a new notebook without outputs; prose blocks lose
    /// the blank lines around cells, which `markdown()` puts back.
    public static func from(_ notebook: Notebook) -> IPYNB {
        var cells: [Cell] = []
        for block in notebook.blocks {
            switch block {
            case .markdown(let text):
                let trimmed = text.trimmingCharacters(in: .newlines)
                if !trimmed.isEmpty { cells.append(Cell(kind: "markdown", id: "cell-\(cells.count + 1)", source: trimmed)) }
            case .cell(let source):
                cells.append(Cell(kind: "code", id: "cell-\(cells.count + 1)", source: source))
            }
        }
        return IPYNB(cells: cells, metadata: .object(["kernelspec": kernelspec, "language_info": languageInfo]))
    }

    /// The cells as a Markdown notebook: prose as is, code as ```scale blocks (outputs are written
    /// by `scale notebook run`), one blank line between prose and code and between two cells.
    public func markdown() -> Notebook {
        var blocks: [Notebook.Block] = []
        for (i, c) in cells.enumerated() {
            if c.kind == "code" {
                if i > 0, cells[i - 1].kind == "code" { blocks.append(.markdown("")) }  // a blank line between cells
                blocks.append(.cell(c.source))
            } else {
                let before = i > 0 && cells[i - 1].kind == "code" ? "\n" : ""
                let after = i + 1 < cells.count && cells[i + 1].kind == "code" ? "\n" : ""
                blocks.append(.markdown(before + c.source + after))
            }
        }
        return Notebook(blocks: blocks)
    }
}
