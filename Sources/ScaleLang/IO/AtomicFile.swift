import Foundation

/// Writes files so that readers see the old contents or the new, never a half-written file.
///
/// The text goes to a fresh temporary file beside the target, created by `mkstemp` (a random name
/// opened with `O_CREAT|O_EXCL`, so no one else's file or symbolic link can stand in its place), is
/// flushed, given the target's permission bits, and renamed over the target. A failed write removes
/// its temporary. A target that is a symbolic link is never opened through: the link itself is
/// replaced by the new file, and the file it pointed to is left as it was (a link placed where a
/// notebook writes its figures must not redirect the write to a file elsewhere, nor change that
/// file's mode).
public enum AtomicFile {
    /// Why a write failed; `message` names the path as the user gave it.
    public struct WriteError: Error, CustomStringConvertible {
        /// What failed, naming the path as the user gave it.
        public var message: String
        /// The message.
        public var description: String { message }
        /// An error saying `message`.
        public init(message: String) { self.message = message }
    }

    /// Writes `text` to `path` atomically; see the type's documentation.
    public static func write(_ text: String, to path: String) throws(WriteError) {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path` atomically; see the type's documentation.
    public static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
        try replace(path) { fd throws(WriteError) in
            var bytes = bytes
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeMutableBytes { Foundation.write(fd, $0.baseAddress.map { $0 + written }, $0.count - written) }
                if n <= 0 { throw WriteError(message: "cannot write '\(path)': \(String(cString: strerror(errno)))") }
                written += n
            }
            bytes = []
        }
    }

    /// Replaces `path` with what `fill` writes to the open temporary file descriptor; for writers
    /// that need a path of their own (readline's history), `fill` may instead write by name to
    /// `/proc/self/fd/N`, which names the same file.
    public static func replace(_ path: String, fill: (Int32) throws(WriteError) -> Void) throws(WriteError) {
        try PathCheck.validate(path)
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var template = Array((dir + "/." + url.lastPathComponent + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else {
            throw WriteError(message: "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        let tmp = template.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { String(cString: $0) } ?? "" }
        func fail(_ message: String) -> WriteError {
            close(fd)
            unlink(tmp)
            return WriteError(message: "cannot write '\(path)': \(message)")
        }
        do throws(WriteError) {
            try fill(fd)
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        // mkstemp creates 0600; keep the permission bits of the regular file being replaced, or
        // give a new file (or one replacing a link) what open(2) would have (0666 less the umask).
        var info = stat()
        let mode: mode_t
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
            mode = info.st_mode & 0o7777
        } else {
            let mask = umask(0)
            umask(mask)
            mode = 0o666 & ~mask
        }
        if fchmod(fd, mode) != 0 { throw fail(String(cString: strerror(errno))) }
        if fsync(fd) != 0 { throw fail(String(cString: strerror(errno))) }
        close(fd)
        if rename(tmp, path) != 0 {
            let message = String(cString: strerror(errno))
            unlink(tmp)
            throw WriteError(message: "cannot write '\(path)': \(message)")
        }
    }
}

/// Paths the user writes are checked before they reach the system: a NUL byte would silently cut
/// the name short, and invisible or direction-changing characters make a path read as another.
public enum PathCheck {
    /// Refuses an empty path or one with a NUL or an invisible character.
    public static func validate(_ path: String) throws(AtomicFile.WriteError) {
        if path.isEmpty { throw AtomicFile.WriteError(message: "expected a file name, found an empty path") }
        for c in path.unicodeScalars where c.value == 0 || InvisibleCharacters.contains(c) {
            throw AtomicFile.WriteError(message: "the file name contains \(InvisibleCharacters.describe(c)): file names may not contain NUL bytes or invisible characters")
        }
    }
}
