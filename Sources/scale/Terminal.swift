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

    /// Terminal width from COLUMNS, else the tty, else 80.
    static var columns: Int {
        if let c = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(c), n > 0 { return n }
        var w = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0 { return Int(w.ws_col) }
        return 80
    }
}
