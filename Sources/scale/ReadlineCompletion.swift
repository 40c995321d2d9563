import ScaleLang

/// The readline glue for Tab: readline hands over the line and the word being completed; the
/// candidates come from `ScaleLang.Completion`, which knows the grammar.
enum ReadlineCompletion {
    static func candidates(line: String, word: String, interpreter: Interpreter) -> [String] {
        let cursor = line.count
        let result = ScaleLang.Completion.complete(line: line, cursor: cursor, interpreter: interpreter)
        // Readline replaces `word`, which may start before the text the candidates replace (`"Ex`)
        // or after a break character inside it (`my dir/x` gives `dir/x`): each is re-cut to it.
        let typed = String(line.dropFirst(result.start))
        if typed.hasSuffix(word) {
            let cut = typed.count - word.count
            return result.candidates.filter { $0.count >= cut }.map { String($0.dropFirst(cut)) }
        }
        if word.hasSuffix(typed) {
            let lead = String(word.dropLast(typed.count))
            return result.candidates.map { lead + $0 }
        }
        return []
    }
}
