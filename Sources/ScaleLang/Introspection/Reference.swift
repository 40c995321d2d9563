/// The README's command reference, generated from the declarations (a test fails when the
/// README's copy differs, so the two cannot drift apart).
public enum Reference {
    /// The README's marker before the generated command reference.
    public static let begin = "<!-- command reference: generated from Sources/ScaleLang/Commands (Reference.markdown()); a test checks it -->"
    /// The README's marker after it.
    public static let end = "<!-- end of command reference -->"

    /// One block per command: the synopsis, what it does, and a table of its clauses and options.
    public static func markdown() -> String {
        var out = ""
        for c in Commands.all {
            out += "\n`\(c.synopsis)`  \n\(c.summary).\n\n| | type | default | |\n|---|---|---|---|\n"
            for o in c.operands { out += row(o.name.uppercased(), type(o.kind), nil, o.doc) }
            for clause in c.clauses {
                if case .options(let options) = clause.kind {
                    for o in options { out += row("\(clause.word) \(o.name)", o.type.description, o.defaultValue, o.doc) }
                } else {
                    out += row(clause.word + (clause.placeholder.isEmpty ? "" : " " + clause.placeholder), type(clause.kind), nil, clause.doc)
                }
            }
            for o in c.operands.compactMap({ if case .options(let os) = $0.kind { return os }; return nil }).joined() {
                out += row(o.name, o.type.description, o.defaultValue, o.doc)
            }
        }
        return out
    }

    /// The README's marker before the generated builtin reference.
    public static let builtinsBegin = "<!-- builtin reference: generated from the builtins' declarations (Reference.builtinsMarkdown()); a test checks it -->"
    /// The README's marker after it.
    public static let builtinsEnd = "<!-- end of builtin reference -->"

    /// Every builtin function and constant with its signature and doc, as help shows them.
    public static func builtinsMarkdown() -> String {
        var out = "\n\n| builtin | |\n|---|---|\n"
        for t in Help.topics where t.group == "builtins" || t.group == "constants" {
            let signature = t.text.prefix { $0 != "\n" }
            out += "| `\(signature.replacingOccurrences(of: "|", with: "\\|"))` | \(t.summary.replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        return out
    }

    private static func type(_ kind: ClauseKind) -> String {
        switch kind {
        case .expression(let t), .list(let t), .binding(let t, _), .assignments(let t), .bounds(let t): return t.description
        case .word(_, let choices): return choices.joined(separator: " \\| ")
        case .formula: return "formula"
        case .options: return "options"
        }
    }

    private static func row(_ name: String, _ type: String, _ defaultValue: String?, _ doc: String) -> String {
        "| `\(name.replacingOccurrences(of: "|", with: "\\|"))` | \(type) | \(defaultValue ?? "") | \(doc.replacingOccurrences(of: "|", with: "\\|")) |\n"
    }
}
