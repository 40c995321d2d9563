import CReadline
import Foundation
import ScaleLang

/// GNU readline behind a small Swift face: prompts, history file, completion, Ctrl-C.
///
/// Ctrl-C while typing abandons the line: our SIGINT handler sets `sawInterrupt`, and our
/// `rl_getc_function`, which polls between keys, then ends the line with `abandoned` set.
/// Ctrl-C while evaluating sets `Interrupt`, which loops check.
enum LineEditor {
    nonisolated(unsafe) static var abandoned = false
    nonisolated(unsafe) static var sawInterrupt: Int32 = 0
    /// Ctrl-C came while readline asked a question; the line is dropped once the question is gone.
    nonisolated(unsafe) static var abandonAfterAbort = false
    nonisolated(unsafe) static var historyPath = ""
    nonisolated(unsafe) static var completer: ((String, String) -> [String])?
    nonisolated(unsafe) static var matches: [String] = []
    static let historyLimit: Int32 = 2000

    static func start(historyPath: String, completer: @escaping (String, String) -> [String]) {
        self.historyPath = historyPath
        self.completer = completer
        rl_readline_name = UnsafePointer(strdup("scale"))
        // Word breaks: keep '.' out so that "t.lo" completes as one word; quotes delimit file names.
        rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n+-*/^%=<>()[]{},;~"))
        rl_attempted_completion_function = { text, _, _ in
            let word = text.map { String(cString: $0) } ?? ""
            let line = rl_line_buffer.map { String(cString: $0) } ?? ""
            let point = Int(rl_point)
            let before = String(line.utf8.prefix(point)).map { String($0) } ?? line
            LineEditor.matches = LineEditor.completer?(before, word) ?? []
            rl_attempted_completion_over = 1
            // Inside an open string a file name is completed: a space would become part of it.
            if before.filter({ $0 == "\"" }).count % 2 == 1 { rl_completion_append_character = 0 }
            if LineEditor.matches.isEmpty { return nil }
            return rl_completion_matches(text) { _, state in
                let i = Int(state)
                return i < LineEditor.matches.count ? strdup(LineEditor.matches[i]) : nil
            }
        }
        rl_catch_signals = 0
        // readline's own getc retries a read that a signal interrupted, so Ctrl-C would only take
        // effect at the next key. Ours ends the line at once: the typed text stays on screen
        // followed by ^C, and `abandoned` tells the REPL to drop it (and any continued input).
        rl_getc_function = { stream in
            let fd = stream.map { fileno($0) } ?? STDIN_FILENO
            while true {
                if LineEditor.sawInterrupt != 0 {
                    Interrupt.clear()
                    // Inside a question readline asks in the middle of a command ("Display all
                    // 114 possibilities? (y or n)", the --More-- pager), a newline is no answer
                    // and the question would stay: answer it with readline's abort key (Ctrl-G),
                    // which returns to the line, and drop the line at the next read.
                    if rl_readline_state & UInt(RL_STATE_MOREINPUT) != 0 {
                        LineEditor.sawInterrupt = 0
                        LineEditor.abandonAfterAbort = true
                        return 7
                    }
                }
                if LineEditor.sawInterrupt != 0 || LineEditor.abandonAfterAbort {
                    LineEditor.sawInterrupt = 0
                    LineEditor.abandonAfterAbort = false
                    LineEditor.abandoned = true
                    fputs("^C", stdout)
                    fflush(stdout)
                    return 10  // newline: accept the line, which the REPL then discards
                }
                // Poll rather than block in read: the signal may land on another thread (the
                // REPL runs on a large-stack thread), leaving a blocked read uninterrupted.
                var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let polled = poll(&ready, 1, 50)
                if polled == 0 || (polled < 0 && errno == EINTR) { continue }
                var byte: UInt8 = 0
                let n = read(fd, &byte, 1)
                if n == 1 { return Int32(byte) }
                if n < 0, errno == EINTR { continue }
                return EOF
            }
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            LineEditor.sawInterrupt = 1
            Interrupt.request()
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: the pending read returns EINTR
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked; Ctrl-C must still reach us.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
        // A multi-line entry is kept whole: each entry is written after a timestamp line, and
        // the lines up to the next one are read back as one entry. readline writes an entry's
        // timestamp only when it starts with `history_comment_char` (then digits), and that is
        // NUL unless set: with no timestamps written, every line of the file read back as part of
        // one entry. '#' is readline's and bash's usual choice.
        history_comment_char = CChar(UInt8(ascii: "#"))
        history_write_timestamps = 1
        history_multiline_entries = 1
        stifle_history(historyLimit)
        if FileManager.default.fileExists(atPath: historyPath) {
            // A file from before timestamps were written is one entry a line.
            let old = !startsWithTimestamp(historyPath)
            if old { history_multiline_entries = 0 }
            read_history(historyPath)
            history_multiline_entries = 1
        }
    }

    /// Whether the history file's first line is a timestamp ('#' and a digit), as ours are.
    static func startsWithTimestamp(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return true }
        defer { try? handle.close() }
        let head = Array(handle.readData(ofLength: 2))
        return head.isEmpty || (head.count == 2 && head[0] == UInt8(ascii: "#") && (0x30...0x39).contains(head[1]))
    }

    /// A line of an entry that begins with '#' and a digit would read back as a timestamp,
    /// splitting the entry: it is stored with a leading space, which changes no code's meaning.
    static func historyText(_ entry: String) -> String {
        entry.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let bytes = Array(line.utf8.prefix(2))
            if bytes.count == 2, bytes[0] == UInt8(ascii: "#"), (0x30...0x39).contains(bytes[1]) { return " " + line }
            return String(line)
        }.joined(separator: "\n")
    }

    /// One line, nil on end of input (Ctrl-D).
    static func readLine(prompt: String) -> String? {
        abandoned = false
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    static func addHistory(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        add_history(historyText(line))
        saveHistory()
    }

    nonisolated(unsafe) static var warnedAboutHistory = false

    /// Written to a temporary file and renamed, so a crash never truncates the history; readline
    /// writes by name, so it is given /proc/self/fd/N, the temporary AtomicFile opened. A history
    /// that cannot be written is said once, not at every line.
    static func saveHistory() {
        do {
            try AtomicFile.replace(historyPath) { fd throws(AtomicFile.WriteError) in
                let status = write_history("/proc/self/fd/\(fd)")
                guard status == 0 else { throw AtomicFile.WriteError(message: String(cString: strerror(status))) }
            }
        } catch {
            if !warnedAboutHistory {
                warnedAboutHistory = true
                Terminal.writeError("scale: cannot write the history to '\(historyPath)': \(error.message); this session's history will not be kept\n")
            }
        }
    }
}
