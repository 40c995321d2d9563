import Foundation

/// One self-contained HTML page for a run notebook: prose rendered minimally (headings,
/// paragraphs, lists, inline code, emphasis, links), cells and outputs as preformatted blocks,
/// figures inline as SVG.
public enum NotebookHTML {
    public static func render(markdown: String, figures: [String: String], title: String) -> String {
        var body = ""
        var lines = markdown.components(separatedBy: "\n")[...]
        var paragraph: [String] = []
        var inList = false
        func flush() {
            if !paragraph.isEmpty { body += "<p>" + inline(paragraph.joined(separator: " ")) + "</p>\n" }
            paragraph = []
            if inList { body += "</ul>\n"; inList = false }
        }
        while let line = lines.first {
            lines = lines.dropFirst()
            if line.hasPrefix("```") {
                flush()
                let kind = String(line.dropFirst(3))
                var code: [String] = []
                while let l = lines.first, l != "```" { code.append(l); lines = lines.dropFirst() }
                lines = lines.dropFirst()
                body += "<pre class=\"\(kind == "output" ? "output" : "cell")\"><code>" + escape(code.joined(separator: "\n")) + "</code></pre>\n"
            } else if line.hasPrefix("![figure]("), let name = line.dropFirst(10).split(separator: ")").first, let svg = figures[String(name)] {
                flush()
                let inlineSVG = svg.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "")
                body += "<figure>" + inlineSVG + "</figure>\n"
            } else if let level = line.firstIndex(where: { $0 != "#" }).map({ line.distance(from: line.startIndex, to: $0) }), level > 0, level <= 6,
                      line.dropFirst(level).hasPrefix(" ") {
                flush()
                body += "<h\(level)>" + inline(String(line.dropFirst(level + 1))) + "</h\(level)>\n"
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
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body { font-family: -apple-system, Helvetica, Arial, sans-serif; max-width: 820px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.5; }
            pre { padding: 0.7em 1em; border-radius: 6px; overflow-x: auto; font-size: 13px; }
            pre.cell { background: #f4f6f8; border-left: 3px solid #0072B2; }
            pre.output { background: #fff; border: 1px solid #ddd; }
            code { font-family: Menlo, Consolas, monospace; }
            figure { margin: 1em 0; }
            </style></head>
            <body>
            \(body)</body></html>

            """
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// `code`, **strong**, *emphasis*, [text](url), after escaping.
    static func inline(_ s: String) -> String {
        var t = escape(s)
        let rules: [(String, String)] = [
            ("`([^`]+)`", "<code>$1</code>"), ("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>"),
            ("\\*([^*]+)\\*", "<em>$1</em>"), ("\\[([^\\]]+)\\]\\(([^)]+)\\)", "<a href=\"$2\">$1</a>"),
        ]
        for (pattern, template) in rules {
            t = t.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
        }
        return t
    }
}
