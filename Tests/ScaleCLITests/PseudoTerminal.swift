import Foundation

/// Drives the `scale` binary through a pseudo-terminal, as a person at a keyboard would:
/// the child is a session leader whose controlling terminal is the pty, so Ctrl-C (byte 3)
/// reaches it as SIGINT from the terminal driver, exactly as in a real terminal.
final class PseudoTerminal {
    let master: Int32
    let pid: pid_t
    private(set) var transcript = ""

    init(executable: String, arguments: [String] = [], environment: [String: String], directory: String? = nil) throws {
        master = posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            throw POSIXError(.ENOTTY)
        }
        let slavePath = String(cString: name)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        // POSIX_SPAWN_SETSID (glibc 2.26): the child starts a new session before the file actions run,
        // so opening the pty slave below makes it the controlling terminal.
        // POSIX_SPAWN_SETSIGMASK (0x08) and SETSIGDEF (0x04): the test runner blocks signals that a
        // person's shell does not, and the child must start as it would from a shell.
        posix_spawnattr_setflags(&attr, 0x80 | 0x08 | 0x04)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        if let directory { posix_spawn_file_actions_addchdir_np(&actions, directory) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        var child = pid_t()
        let rc = posix_spawn(&child, executable, &actions, &attr, argv, envp)
        argv.forEach { free($0) }
        envp.forEach { free($0) }
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attr)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        pid = child
        // 100 columns, 40 rows
        var size = winsize(ws_row: 40, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    /// Resizes the terminal, as a person dragging the window's edge: the child gets SIGWINCH.
    func resize(columns: UInt16, rows: UInt16 = 40) {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    func send(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
    }

    /// Reads until `text` appears in the transcript after `from`; returns the offset after it, or nil on timeout.
    @discardableResult
    func expect(_ text: String, after from: String.Index? = nil, timeout: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if transcript.range(of: text, range: (from ?? transcript.startIndex)..<transcript.endIndex) != nil { return true }
            var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&fds, 1, 100) > 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = read(master, &buffer, buffer.count)
                if n <= 0 { break }
                transcript += String(decoding: buffer[0..<n], as: UTF8.self)
            }
        }
        return transcript.range(of: text, range: (from ?? transcript.startIndex)..<transcript.endIndex) != nil
    }

    /// Reads until the child has been quiet for `quiet` seconds (it is waiting for input).
    func settle(quiet: Double = 0.15, timeout: Double = 20) {
        let deadline = Date().addingTimeInterval(timeout)
        var lastChange = Date()
        var length = transcript.count
        while Date() < deadline, Date().timeIntervalSince(lastChange) < quiet {
            _ = expect("\u{0}", timeout: 0.05)
            if transcript.count != length { length = transcript.count; lastChange = Date() }
        }
    }

    /// Waits for the child to exit; returns its status.
    func wait(timeout: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            _ = expect("\u{0}", timeout: 0.05)  // drain output
            if waitpid(pid, &status, WNOHANG) == pid { return (status >> 8) & 0xFF }
        }
        kill(pid, SIGKILL)
        return nil
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }
}

/// The built `scale` executable, beside the test bundle.
let scaleExecutable: String = {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<3 {
        let candidate = dir.appendingPathComponent("scale").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/scale").path
}()

// glibc's pty functions, which the Glibc module hides behind _XOPEN_SOURCE.
@_silgen_name("posix_openpt") private func posix_openpt(_ flags: Int32) -> Int32
@_silgen_name("grantpt") private func grantpt(_ fd: Int32) -> Int32
@_silgen_name("unlockpt") private func unlockpt(_ fd: Int32) -> Int32
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func posix_spawn_file_actions_addchdir_np(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32
@_silgen_name("ptsname") private func ptsname(_ fd: Int32) -> UnsafeMutablePointer<CChar>?
