import ScaleLang

/// The REPL's `:help [topic]`: the pages come from `ScaleLang.Help`, generated from the declarations.
enum Help {
    static func text(topic: String?) -> String {
        guard let topic else { return ScaleLang.Help.index() }
        if let page = ScaleLang.Help.text(for: topic) { return page }
        return "no help on '\(topic)'. " + ScaleLang.Help.index()
    }
}
