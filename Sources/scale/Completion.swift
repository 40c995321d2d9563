import Foundation
import ScaleLang

/// What Tab offers: keywords, builtins and defined names; a table's columns after `t.`;
/// file paths inside `load "…"`.
enum Completion {
    static let keywords = Keyword.allCases.map(\.rawValue) + ["optimal", "simulate", "plot", "bootstrap", "holdout", "isoflop", "compare", "matched"]

    static func candidates(line: String, word: String, interpreter: Interpreter) -> [String] {
        // Inside an open string after load: complete file names.
        let quotes = line.filter { $0 == "\"" }.count
        if quotes % 2 == 1, let q = line.lastIndex(of: "\"") {
            let typed = String(line[line.index(after: q)...])
            // Readline replaces `word`, which may start before the quote (`"Ex`) or after a break
            // character inside the string (`my dir/x` gives `dir/x`): each match is re-cut to it.
            if typed.hasSuffix(word) {
                return files(matching: typed).map { String($0.dropFirst(typed.count - word.count)) }
            }
            if word.hasSuffix(typed) {
                let lead = String(word.dropLast(typed.count))
                return files(matching: typed).map { lead + $0 }
            }
            return []
        }
        // t.col
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot])
            let prefix = String(word[word.index(after: dot)...])
            let names: [String]
            switch interpreter.value(of: base) {
            case .table(let t)?: names = t.columnNames
            case .record(let r)?: names = r.names
            case .object(let o)?: names = o.memberNames
            default: names = []
            }
            return names.filter { $0.hasPrefix(prefix) }.map { n in
                let simple = n.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
                return base + "." + (simple ? n : "\"\(n)\"")
            }.sorted()
        }
        let names = Set(keywords + interpreter.allNames + [":help", ":vars", ":reset", ":save", ":load", ":quit"])
        return names.filter { $0.hasPrefix(word) && !$0.isEmpty }.sorted()
    }

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
