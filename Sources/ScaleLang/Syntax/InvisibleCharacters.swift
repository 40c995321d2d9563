/// Characters that make text read as something it is not: control characters, zero-width and
/// format characters (U+200B, U+FEFF, …), bidirectional overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069, the "Trojan Source" trick, CVE-2021-42574), and non-ASCII spaces.
/// Identifiers and paths may not contain them; string contents may.
public enum InvisibleCharacters {
    /// Whether `c` is invisible or changes the direction of text, so a name or path would read as another.
    public static func contains(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x20 || c.value == 0x7F { return true }
        if c.value < 0x80 { return false }
        switch c.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator: return true
        default: return false
        }
    }

    /// "the invisible character U+200B" — for messages.
    public static func describe(_ c: Unicode.Scalar) -> String {
        if c.value == 0 { return "a NUL byte" }
        return "the invisible character U+" + String(c.value, radix: 16, uppercase: true).leftPadded(to: 4)
    }

    /// `text` with each invisible character shown as `<U+XXXX>`, so a message can show where it is.
    public static func visible(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            if contains(c) {
                out += "<U+" + String(c.value, radix: 16, uppercase: true).leftPadded(to: 4) + ">"
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
