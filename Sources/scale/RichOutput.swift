import ScaleLang

/// `text/html` for the values that read better as HTML in Jupyter: tables and fit summaries.
/// Numbers are the same strings the text form shows (`digits` significant digits).
enum RichOutput {
    static func html(_ value: Value, digits: Int) -> String? {
        switch value {
        case .table(let t): return table(t, digits: digits)
        case .object(let o) where o.typeName == "fit": return fit(o, text: value.display(digits: digits), digits: digits)
        default: return nil
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Rows of cells as an HTML table; numeric columns right-aligned.
    static func grid(_ header: [String], _ rows: [[String]], numeric: [Bool]) -> String {
        var out = "<table>\n<thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for r in rows {
            out += "<tr>" + r.enumerated().map { j, cell in
                numeric[j] ? "<td style=\"text-align:right\">\(escape(cell))</td>" : "<td style=\"text-align:left\">\(escape(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>"
    }

    /// Like the text form, a long table shows its first 10 and last 5 rows.
    static func table(_ t: Table, digits: Int) -> String {
        let n = t.rowCount
        let shown: [Int?] = n <= 16 ? Array(0..<n) : Array(0..<10) + [nil] + Array((n - 5)..<n)
        var rows: [[String]] = shown.map { _ in [] }
        var numeric: [Bool] = []
        for c in t.columns {
            switch c.data {
            case .numbers(let v):
                numeric.append(true)
                for (k, i) in shown.enumerated() { rows[k].append(i.map { formatSignificant(v[$0], digits: digits) } ?? "…") }
            case .text(let v):
                numeric.append(false)
                for (k, i) in shown.enumerated() { rows[k].append(i.map { v[$0] ?? "na" } ?? "…") }
            case .bools(let v):
                numeric.append(false)
                for (k, i) in shown.enumerated() { rows[k].append(i.map { v[$0].map { $0 ? "true" : "false" } ?? "na" } ?? "…") }
            }
        }
        let caption = "<p>\(n) row\(n == 1 ? "" : "s"), \(t.columns.count) column\(t.columns.count == 1 ? "" : "s")</p>"
        return grid(t.columns.map(\.name), rows, numeric: numeric) + "\n" + caption
    }

    /// The formula, the estimates as a table, and the summary's remaining lines as they read in text.
    static func fit(_ o: DomainObject, text: String, digits: Int) -> String? {
        guard case .record(let params)? = o.member("params"), case .record(let se)? = o.member("se"),
              case .record(let lower)? = o.member("lower"), case .record(let upper)? = o.member("upper") else { return nil }
        func g(_ v: Value?) -> String {
            if case .number(let x)? = v { return formatSignificant(x, digits: digits) }
            return ""
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return nil }
        var out = "<p><code>\(escape(lines.removeFirst()))</code></p>\n"
        if let first = lines.first, first.hasPrefix("NOT CONVERGED") {
            out += "<p><strong>\(escape(first))</strong></p>\n"
            lines.removeFirst()
        }
        // The text form's parameter rows (a header and one a parameter) become the table.
        lines.removeFirst(min(lines.count, params.names.count + 1))
        let rows = params.names.map { name in
            [name, g(params[name]), g(se[name]), "[\(g(lower[name])), \(g(upper[name]))]"]
        }
        out += grid(["parameter", "estimate", "std. error", "95% interval"], rows, numeric: [false, true, true, true])
        let rest = lines.map { $0.hasPrefix("  ") ? String($0.dropFirst(2)) : $0 }
        if !rest.isEmpty { out += "\n<pre>" + escape(rest.joined(separator: "\n")) + "</pre>" }
        return out
    }
}
