import Foundation

/// Writing to the terminal: stdout for results, stderr for errors, colour only where it belongs.
enum Terminal {
    /// Colour on a terminal, never when NO_COLOR is set (https://no-color.org).
    static func colorEnabled(fd: Int32) -> Bool {
        isatty(fd) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// Writes all of `s`, NUL bytes included (fputs would stop at the first).
    static func write(_ s: String) {
        put(s, stdout)
    }

    static func writeError(_ s: String) {
        fflush(stdout)
        put(s, stderr)
        fflush(stderr)
    }

    private static func put(_ s: String, _ stream: UnsafeMutablePointer<FILE>) {
        var s = s
        s.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, stream) }
    }

    static func flush() {
        fflush(stdout)
    }

    /// The terminal's width now (asked of the tty each time, so a resized window is followed),
    /// else COLUMNS, else 80.
    static var columns: Int {
        var w = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0 { return Int(w.ws_col) }
        if let c = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(c), n > 0 { return n }
        return 80
    }

    /// Text without ANSI escape sequences (CSI: ESC [ … final byte), as written to a file.
    static func plain(_ s: String) -> String {
        guard s.contains("\u{1B}") else { return s }
        var out = String.UnicodeScalarView()
        var inEscape = false
        var scalars = s.unicodeScalars.makeIterator()
        while let ch = scalars.next() {
            if inEscape {
                if ch != "[" && (0x40...0x7E).contains(ch.value) { inEscape = false }
                continue
            }
            if ch == "\u{1B}" { inEscape = true; continue }
            out.append(ch)
        }
        return String(out)
    }
}
