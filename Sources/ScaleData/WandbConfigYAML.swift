/// The YAML of a synced W&B run's `files/config.yaml`: a block mapping of each config key to a
/// mapping whose `value` is the key's value (`lr:\n  value: 0.0003`), read into JSON values.
///
/// Only the block style that PyYAML and wandb-core write is read: nested block mappings and
/// sequences (indented or not under their key), plain, single- and double-quoted scalars, `[]` and
/// `{}`, comments on their own lines. Plain scalars resolve as YAML 1.1 does for the numbers, bools
/// and nulls a config holds. Anything else is a failure with its line, and the config goes
/// unchecked (the .wandb log is what the table is read from, so a dependency on a full YAML
/// parser for this one check is not worth its weight).
enum WandbConfigYAML {
    struct Unsupported: Error { var message: String }

    private struct Line {
        var number: Int
        var indent: Int
        var text: Substring
    }

    static func parse(_ text: String) -> Result<[(key: String, value: JSONValue)], Unsupported> {
        var lines: [Line] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let body = line.drop { $0 == " " }
            if body.isEmpty || body.hasPrefix("#") || body == "---" { continue }
            lines.append(Line(number: i + 1, indent: line.count - body.count, text: body))
        }
        var reader = Reader(lines: lines)
        do {
            guard !lines.isEmpty else { return .success([]) }
            let root = try reader.block(indent: lines[0].indent)
            guard reader.at == lines.count else { throw Unsupported(message: "line \(lines[reader.at].number) is indented less than the document") }
            guard case .object(let entries) = root else { throw Unsupported(message: "the file is not a mapping of config keys") }
            var out: [(key: String, value: JSONValue)] = []
            for (k, v) in entries {
                guard case .object(let inner) = v, let value = inner.first(where: { $0.key == "value" })?.value else {
                    throw Unsupported(message: "the key '\(k)' has no 'value:'")
                }
                out.append((k, value))
            }
            return .success(out)
        } catch let e as Unsupported {
            return .failure(e)
        } catch {
            return .failure(Unsupported(message: "\(error)"))
        }
    }

    private struct Reader {
        let lines: [Line]
        var at = 0

        /// A block mapping or sequence whose lines start at `indent`.
        mutating func block(indent: Int) throws -> JSONValue {
            guard at < lines.count else { return .null }
            return lines[at].text.hasPrefix("-") ? try sequence(indent: indent) : try mapping(indent: indent)
        }

        mutating func mapping(indent: Int) throws -> JSONValue {
            var entries: [(key: String, value: JSONValue)] = []
            while at < lines.count, lines[at].indent == indent, !isItem(lines[at].text) {
                let line = lines[at]
                guard let (key, rest) = Self.splitKey(line.text) else { throw Unsupported(message: "line \(line.number) is not 'key: value'") }
                at += 1
                entries.append((key, try nested(rest, indent: indent, line: line.number)))
            }
            if at < lines.count, lines[at].indent > indent { throw Unsupported(message: "line \(lines[at].number) is indented more than its mapping") }
            return .object(entries)
        }

        mutating func sequence(indent: Int) throws -> JSONValue {
            var items: [JSONValue] = []
            while at < lines.count, lines[at].indent == indent, isItem(lines[at].text) {
                let line = lines[at]
                let rest = line.text.dropFirst().drop { $0 == " " }
                if rest.isEmpty {
                    at += 1
                    items.append(try nested("", indent: indent, line: line.number))
                } else if Self.splitKey(rest) != nil {
                    // `- key: value` opens a mapping whose keys line up after the dash
                    let inner = indent + (line.text.count - rest.count)
                    var copy = lines
                    copy[at] = Line(number: line.number, indent: inner, text: rest)
                    var sub = Reader(lines: copy, at: at)
                    items.append(try sub.mapping(indent: inner))
                    at = sub.at
                } else {
                    at += 1
                    items.append(try Self.scalar(rest, line: line.number))
                }
            }
            return .array(items)
        }

        /// The value after `key:` (or a bare `-`): inline, or the block below it.
        mutating func nested(_ rest: Substring, indent: Int, line: Int) throws -> JSONValue {
            if !rest.isEmpty { return try Self.scalar(rest, line: line) }
            guard at < lines.count else { return .null }
            let next = lines[at]
            if next.indent > indent || (next.indent == indent && isItem(next.text)) { return try block(indent: next.indent) }
            return .null
        }

        func isItem(_ text: Substring) -> Bool { text == "-" || text.hasPrefix("- ") }

        /// `key: rest` (rest may be empty), the key plain or quoted.
        static func splitKey(_ text: Substring) -> (String, Substring)? {
            var key: String
            var after: Substring
            if let q = text.first, q == "\"" || q == "'" {
                guard let close = text.dropFirst().firstIndex(of: q) else { return nil }
                key = String(text[text.index(after: text.startIndex)..<close])
                after = text[text.index(after: close)...]
                guard after.hasPrefix(":") else { return nil }
                after = after.dropFirst()
            } else {
                guard let colon = text.range(of: ": ")?.lowerBound ?? (text.hasSuffix(":") ? text.index(before: text.endIndex) : nil) else { return nil }
                key = String(text[..<colon])
                after = text[text.index(after: colon)...]
            }
            guard after.isEmpty || after.first == " " else { return nil }
            return (key, after.drop { $0 == " " })
        }

        static func scalar(_ raw: Substring, line: Int) throws -> JSONValue {
            let text = raw.hasSuffix(" ") ? Substring(raw.reversed().drop { $0 == " " }.reversed()) : raw
            if text == "[]" { return .array([]) }
            if text == "{}" { return .object([]) }
            if text.hasPrefix("\"") {
                // YAML's double-quoted escapes are JSON's for what a config holds
                guard text.count >= 2, text.hasSuffix("\""), case .string(let s)? = try? JSONText.parse(String(text)) else {
                    throw Unsupported(message: "line \(line): a double-quoted scalar this reader does not read")
                }
                return .string(s)
            }
            if text.hasPrefix("'") {
                guard text.count >= 2, text.hasSuffix("'") else { throw Unsupported(message: "line \(line): a single-quoted scalar over several lines") }
                return .string(String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'"))
            }
            if let f = text.first, "[{&*!|>".contains(f) { throw Unsupported(message: "line \(line): flow style, anchors, tags and block scalars are not read") }
            switch text {
            case "null", "Null", "NULL", "~": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            case ".inf", ".Inf", ".INF", "+.inf": return .number(.infinity)
            case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
            case ".nan", ".NaN", ".NAN": return .number(.nan)
            default: break
            }
            if let x = number(text) { return .number(x) }
            return .string(String(text))
        }

        /// A YAML number: an integer, or a float with a point or an exponent (`1e-3` is a number
        /// for YAML 1.2 and wandb-core; PyYAML writes floats with a point).
        static func number(_ text: Substring) -> Double? {
            let bytes = Array(text.utf8)
            var i = 0
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
            let digitsStart = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            var digits = i - digitsStart
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                let s = i
                while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
                digits += i - s
            }
            guard digits > 0 else { return nil }
            if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
                let s = i
                while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
                guard i > s else { return nil }
            }
            guard i == bytes.count else { return nil }
            return Double(String(text.hasPrefix("+") ? text.dropFirst() : text))
        }
    }
}
