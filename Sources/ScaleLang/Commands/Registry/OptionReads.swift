import Foundation

/// The options each handler reads, recorded while a test asks for it: the registry test runs every
/// example and checks that each command reads exactly the options it declares (a handler reading
/// a name it does not declare would silently see nothing; a declared option no handler reads is
/// accepted and ignored). Off, recording is one load of a flag.
final class OptionReads: @unchecked Sendable {
    static let shared = OptionReads()

    private let lock = NSLock()
    private var recording = false
    private var reads: [String: Set<String>] = [:]

    func record(_ name: String, by reader: String) {
        lock.lock()
        defer { lock.unlock() }
        if recording { reads[reader, default: []].insert(name) }
    }

    /// Runs `body` while recording, and returns what was read, by reader (`fit`, `simulate bestof`).
    func recorded(_ body: () throws -> Void) rethrows -> [String: Set<String>] {
        lock.lock()
        recording = true
        reads = [:]
        lock.unlock()
        defer {
            lock.lock()
            recording = false
            lock.unlock()
        }
        try body()
        lock.lock()
        defer { lock.unlock() }
        return reads
    }
}
