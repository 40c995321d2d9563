import ScaleLang

/// The REPL's `:help [topic]`: the pages come from `ScaleLang.Help`, generated from the declarations.
enum HelpLookup {
    /// The page, or nil with a message naming the closest topic and the index.
    static func page(topic: String?) -> (text: String, found: Bool) {
        guard let topic else { return (ScaleLang.Help.index(), true) }
        if let page = ScaleLang.Help.text(for: topic) { return (page, true) }
        let hint = ScaleLang.Help.suggestion(for: topic).map { "; did you mean '\($0)'?" } ?? "."
        return ("no help on '\(topic)'\(hint) ':help' (or 'scale help') lists every topic.\n", false)
    }

    static func text(topic: String?) -> String { page(topic: topic).text }
}
