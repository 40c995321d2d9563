import ScaleLang

/// `text/html` for the values that read better as HTML in Jupyter: tables and fit summaries.
/// Numbers are the same strings the text form shows (`digits` significant digits).
enum RichOutput {
    static func html(_ value: Value, digits: Int) -> String? {
        switch value {
        case .table(let t): return table(t, digits: digits)
        case .object(let o as FitSummaryDisplay): return fit(o, digits: digits)
        case .object(let o as TableResult): return result(o, digits: digits)
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

    /// The heading, the estimates as a table, and the summary's remaining lines as they read in text.
    static func fit(_ o: FitSummaryDisplay, digits: Int) -> String {
        let parts = o.summaryParts(digits: digits)
        var out = "<p><code>\(escape(parts.heading))</code></p>\n"
        if let w = parts.warning { out += "<p><strong>\(escape(w))</strong></p>\n" }
        out += grid(FitSummaryParts.header, parts.parameterRows, numeric: [false, true, true, true])
        if !parts.footer.isEmpty { out += "\n<pre>" + escape(parts.footer.joined(separator: "\n")) + "</pre>" }
        return out
    }

    /// A command's result: its title, its table, and its notes.
    static func result(_ o: TableResult, digits: Int) -> String {
        // a title of several lines (compare's assumptions) keeps its line breaks
        let title = o.title.contains("\n") ? "<pre>\(escape(o.title))</pre>\n" : "<p><code>\(escape(o.title))</code></p>\n"
        var out = title + table(o.resultTable, digits: digits)
        if !o.notes.isEmpty { out += "\n<pre>" + escape(o.notes.joined(separator: "\n")) + "</pre>" }
        return out
    }
}
