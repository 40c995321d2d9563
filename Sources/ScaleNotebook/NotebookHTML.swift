import Foundation

/// One self-contained HTML page for a run notebook: prose rendered minimally (headings,
/// paragraphs, lists, inline code, emphasis, links), cells and outputs as preformatted blocks,
/// figures inline as SVG.
///
/// The page runs no script: a Content-Security-Policy forbids them, every attribute value is
/// escaped, and links go only to http, https, mailto or relative addresses, so that text in a
/// notebook (or data it printed) cannot become live code in a reader's browser.
public enum NotebookHTML {
    /// The page; its title is the notebook's first heading, else `title`.
    public static func render(markdown: String, figures: [String: String], title: String) -> String {
        var body = ""
        var heading: String?
        var lines = markdown.components(separatedBy: "\n")[...]
        var paragraph: [String] = []
        var inList = false
        var figureCount = 0
        func flush() {
            if !paragraph.isEmpty { body += "<p>" + inline(paragraph.joined(separator: " ")) + "</p>\n" }
            paragraph = []
            if inList { body += "</ul>\n"; inList = false }
        }
        while let line = lines.first {
            lines = lines.dropFirst()
            let ticks = line.prefix { $0 == "`" }.count
            if ticks >= 3 {
                flush()
                let kind = String(line.dropFirst(ticks)).trimmingCharacters(in: .whitespaces)
                var code: [String] = []
                while let l = lines.first, !Notebook.closes(l, fence: ticks) { code.append(l); lines = lines.dropFirst() }
                lines = lines.dropFirst()
                body += "<pre class=\"\(kind == "output" ? "output" : "cell")\"><code>" + escape(code.joined(separator: "\n")) + "</code></pre>\n"
            } else if line.hasPrefix("![figure]("), let name = line.dropFirst(10).split(separator: ")").first, let svg = figures[String(name)] {
                flush()
                figureCount += 1
                let inlineSVG = svg.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "")
                body += "<figure>" + uniqueIDs(inlineSVG, prefix: "fig\(figureCount)-") + "</figure>\n"
            } else if let level = line.firstIndex(where: { $0 != "#" }).map({ line.distance(from: line.startIndex, to: $0) }), level > 0, level <= 6,
                      line.dropFirst(level).hasPrefix(" ") {
                flush()
                let text = String(line.dropFirst(level + 1))
                if heading == nil { heading = text }
                body += "<h\(level)>" + inline(text) + "</h\(level)>\n"
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                if !paragraph.isEmpty { body += "<p>" + inline(paragraph.joined(separator: " ")) + "</p>\n"; paragraph = [] }
                if !inList { body += "<ul>\n"; inList = true }
                body += "<li>" + inline(String(line.dropFirst(2))) + "</li>\n"
            } else if line.trimmingCharacters(in: .whitespaces).isEmpty {
                flush()
            } else {
                if inList { body += "</ul>\n"; inList = false }
                paragraph.append(line)
            }
        }
        flush()
        let pageTitle = heading.map(plainText) ?? title
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'none'">
            <title>\(escape(pageTitle))</title>
            <style>
            body { font-family: -apple-system, Helvetica, Arial, sans-serif; max-width: 820px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.5; }
            pre { padding: 0.7em 1em; border-radius: 6px; font-size: 13px; max-width: 100%; box-sizing: border-box; }
            pre.cell { background: #f4f6f8; border-left: 3px solid #0072B2; white-space: pre-wrap; overflow-wrap: anywhere; }
            pre.output { background: #fff; border: 1px solid #ddd; overflow-x: auto; }
            code { font-family: Menlo, Consolas, monospace; }
            p code { overflow-wrap: anywhere; }
            figure { margin: 1em 0; }
            figure svg { max-width: 100%; height: auto; }
            </style></head>
            <body>
            \(body)</body></html>

            """
    }

    /// Text for element content and attribute values (quoted with ").
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    /// A heading's text without its Markdown marks, for the page title.
    static func plainText(_ s: String) -> String {
        s.replacingOccurrences(of: "`", with: "").replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "*", with: "")
    }

    /// `code`, **strong**, *emphasis*, [text](url), after escaping. A link whose address is not
    /// http, https, mailto or relative keeps its text and loses the link.
    static func inline(_ s: String) -> String {
        var t = ""
        var rest = Substring(s)
        // links first, on the raw text, so that the address is checked before it is escaped
        while let open = rest.firstIndex(of: "["),
              let close = rest[open...].firstIndex(of: "]"),
              rest.index(after: close) < rest.endIndex, rest[rest.index(after: close)] == "(",
              let end = rest[close...].firstIndex(of: ")") {
            t += emphasis(escape(String(rest[..<open])))
            let text = emphasis(escape(String(rest[rest.index(after: open)..<close])))
            let url = String(rest[rest.index(close, offsetBy: 2)..<end])
            t += isSafe(url) ? "<a href=\"\(escape(url))\">\(text)</a>" : text
            rest = rest[rest.index(after: end)...]
        }
        return t + emphasis(escape(String(rest)))
    }

    static func emphasis(_ escaped: String) -> String {
        var t = escaped
        let rules: [(String, String)] = [
            ("`([^`]+)`", "<code>$1</code>"), ("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>"), ("\\*([^*]+)\\*", "<em>$1</em>"),
        ]
        for (pattern, template) in rules {
            t = t.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
        }
        return t
    }

    /// http, https and mailto addresses, and relative ones (no scheme before the first / ? #).
    /// Browsers ignore tabs, newlines and leading spaces or controls in a scheme, so those are
    /// removed before looking (`java\tscript:` is `javascript:` to them).
    static func isSafe(_ url: String) -> Bool {
        let squeezed = String(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })
        guard let colon = squeezed.firstIndex(of: ":") else { return true }
        let head = squeezed[..<colon]
        if head.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return true }
        return ["http", "https", "mailto"].contains(head.lowercased())
    }

    /// The SVG with every `id` and its references (`url(#…)`, `href="#…"`) prefixed, so that
    /// several figures on one page do not share element ids.
    static func uniqueIDs(_ svg: String, prefix: String) -> String {
        var ids: [String] = []
        var scan = svg[...]
        while let r = scan.range(of: " id=\"") {
            let after = scan[r.upperBound...]
            guard let q = after.firstIndex(of: "\"") else { break }
            ids.append(String(after[..<q]))
            scan = after[q...]
        }
        var out = svg
        for id in Set(ids) {
            out = out.replacingOccurrences(of: " id=\"\(id)\"", with: " id=\"\(prefix)\(id)\"")
                .replacingOccurrences(of: "url(#\(id))", with: "url(#\(prefix)\(id))")
                .replacingOccurrences(of: "href=\"#\(id)\"", with: "href=\"#\(prefix)\(id)\"")
        }
        return out
    }
}
