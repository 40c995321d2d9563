import Foundation

/// What Tab (or a notebook kernel's `complete`) offers at a cursor, from the command declarations
/// and the names in scope: verbs, keywords and names at the start; a command's clause words after
/// its operands; option and setting names after `with`, `set` or a comma between options; a
/// strategy after `simulate`; the words a word clause takes (`log x`); a table's columns after
/// `t.`; file names inside a string; help topics after `:help`.
public enum Completion {
    /// The candidates replace the text from `start` (a character offset in the line) to the cursor.
    public struct Result: Equatable, Sendable {
        /// The character offset in the line where the replaced text starts.
        public var start: Int
        /// The texts that may replace it, sorted where the context has no order of its own.
        public var candidates: [String]
    }

    /// The candidates at character offset `cursor` of `line`, with the names `interpreter` knows (none when nil).
    public static func complete(line: String, cursor: Int, interpreter: Interpreter?) -> Result {
        let chars = Array(line)
        let end = min(max(cursor, 0), chars.count)
        let before = String(chars[..<end])
        // Inside an open string: a quoted column after `t.` (`runs."Mo`), else file names; a whole
        // name is closed with its quote, so the completion is ready to use.
        if before.filter({ $0 == "\"" }).count % 2 == 1, let q = before.lastIndex(of: "\"") {
            let typed = String(before[before.index(after: q)...])
            let start = before.distance(from: before.startIndex, to: q) + 1
            if q > before.startIndex, before[before.index(before: q)] == "." {
                var baseStart = before.index(before: q)
                while baseStart > before.startIndex, isWordCharacter(before[before.index(before: baseStart)]) { baseStart = before.index(before: baseStart) }
                let base = String(before[baseStart..<before.index(before: q)])
                if case .table(let t)? = interpreter?.value(of: base) {
                    return Result(start: start, candidates: t.columnNames.filter { $0.hasPrefix(typed) }.sorted().map { $0 + "\"" })
                }
            }
            return Result(start: start, candidates: files(matching: typed).map { $0.hasSuffix("/") ? $0 : $0 + "\"" })
        }
        var wordStart = end
        while wordStart > 0, isWordCharacter(chars[wordStart - 1]) { wordStart -= 1 }
        if wordStart > 0, chars[wordStart - 1] == ":" { wordStart -= 1 }
        let word = String(chars[wordStart..<end])
        let head = String(chars[..<wordStart])
        if head.trimmingCharacters(in: .whitespaces) == ":help" {
            return Result(start: wordStart, candidates: matching(Help.catalog.map(\.name).filter { !$0.contains(" ") }, word))
        }
        if word.hasPrefix(":") { return Result(start: wordStart, candidates: matching(MetaCommand.allCases.map(\.name), word)) }
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot]), prefix = String(word[word.index(after: dot)...])
            var names: [String] = []
            switch interpreter?.value(of: base) {
            case .table(let t)?: names = t.columnNames
            case .record(let r)?: names = r.names
            case .object(let o)?: names = o.memberNames
            default: break
            }
            return Result(start: wordStart, candidates: names.filter { $0.hasPrefix(prefix) }.map { n in
                base + "." + (n.allSatisfy(isWordCharacter) ? n : "\"\(n)\"")
            }.sorted())
        }
        return Result(start: wordStart, candidates: matching(contextual(head, interpreter: interpreter), word))
    }

    /// Words that fit after `head`, the text of the line before the word being completed.
    static func contextual(_ head: String, interpreter: Interpreter?) -> [String] {
        let everywhere = Keyword.allCases.map(\.rawValue) + Commands.all.map(\.verb) + (interpreter?.allNames ?? [])
        guard let tokens = try? tokenize(Source(name: "", text: head)) else { return everywhere }
        // The current statement: the tokens after the last line end, ';' or brace.
        var statement: [Token.Kind] = []
        for t in tokens {
            switch t.kind {
            case .newline, .symbol(.semicolon), .symbol(.leftBrace), .symbol(.rightBrace): statement = []
            case .end: break
            default: statement.append(t.kind)
            }
        }
        // The command, if the statement holds one: the last verb followed by an operand.
        guard let at = statement.lastIndex(where: { if case .identifier(let w) = $0 { return Commands.named[w] != nil }; return false }),
              case .identifier(let verb) = statement[at], let d = Commands.named[verb] else { return everywhere }
        let rest = Array(statement[(at + 1)...])
        guard let last = rest.last else {
            if case .word(_, let choices)? = d.operands.first?.kind { return choices }
            if case .options(let options)? = d.operands.first?.kind { return options.map(\.name) }
            return everywhere
        }
        // The clause we are in: the last clause word of this command.
        let word: String? = rest.last(where: { clauseWord($0).map { d.clause($0) != nil } ?? false }).flatMap(clauseWord)
        let clause = word.flatMap { d.clause($0) }
        if let w = clauseWord(last), w == word || (w == "," && clause != nil) {
            switch clause?.kind {
            case .word(_, let choices)?: return choices
            case .options(let options)?: return options.map(\.name)
            default: break
            }
        }
        if word == nil, last == .symbol(.comma), case .options(let options)? = d.operands.first?.kind { return options.map(\.name) }
        let clauseWords = d.clauses.map(\.word).filter { $0 != "," }
        // after a complete operand (`fit … on runs `) only a clause can follow; after an operator, a name
        switch last {
        case .identifier, .number, .string, .interpolation, .symbol(.rightParen), .symbol(.rightBracket), .keyword(.true), .keyword(.false):
            return clauseWords
        default:
            return clauseWords + everywhere
        }
    }

    private static func clauseWord(_ t: Token.Kind) -> String? {
        switch t {
        case .identifier(let w): return w
        case .keyword(.in): return "in"
        case .keyword(.for): return "for"
        case .symbol(.comma): return ","
        default: return nil
        }
    }

    private static func matching(_ names: [String], _ prefix: String) -> [String] {
        Array(Set(names.filter { $0.hasPrefix(prefix) && !$0.isEmpty })).sorted()
    }

    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." }

    /// Paths that begin with `typed`, directories with a trailing '/'.
    static func files(matching typed: String) -> [String] {
        let dir: String, stem: String
        if let slash = typed.lastIndex(of: "/") {
            dir = String(typed[...slash])
            stem = String(typed[typed.index(after: slash)...])
        } else {
            dir = ""
            stem = typed
        }
        let listing = (try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? []
        return listing.filter { $0.hasPrefix(stem) && !$0.hasPrefix(".") }.sorted().map { name in
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (dir.isEmpty ? "." : dir) + "/" + name, isDirectory: &isDir)
            return dir + name + (isDir.boolValue ? "/" : "")
        }
    }
}
