import ScaleLang

/// The readline glue for Tab: readline hands over the line and the word being completed; the
/// candidates come from `ScaleLang.Completion`, which knows the grammar.
enum Completion {
    static func candidates(line: String, word: String, interpreter: Interpreter) -> [String] {
        let cursor = line.count
        let result = ScaleLang.Completion.complete(line: line, cursor: cursor, interpreter: interpreter)
        // readline replaces only `word`: drop the part of each candidate before it.
        let typed = String(line.dropFirst(result.start))
        guard typed.count >= word.count else { return result.candidates }
        let cut = typed.count - word.count
        return result.candidates.filter { $0.count >= cut }.map { String($0.dropFirst(cut)) }
    }
}
