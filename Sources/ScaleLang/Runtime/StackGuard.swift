import Foundation

/// Measures how much of the current thread's stack is left, so that deep recursion in a user's
/// program becomes an error ("too many nested calls") instead of a crash, on whatever thread the
/// host runs the interpreter (the CLI uses a 1 GiB stack; test runners and embedders use less).
struct StackGuard {
    /// Lowest usable address of this thread's stack (stacks grow down on the platforms we run on).
    let low: UInt
    /// Keep this much in reserve for the error path and the runtime.
    static let reserve: UInt = 256 * 1024

    init() {
        var attr = pthread_attr_t()
        var base: UnsafeMutableRawPointer?
        var size = 0
        if getThreadAttributes(pthread_self(), &attr) == 0 {
            pthread_attr_getstack(&attr, &base, &size)
            pthread_attr_destroy(&attr)
        }
        low = UInt(bitPattern: base)
    }

    /// True while more than `reserve` bytes of stack remain below the caller (less for deep
    /// expressions than for calls, so that runaway recursion is still reported as such).
    @inline(__always)
    func hasRoom(reserve: UInt = Self.reserve) -> Bool {
        var marker: UInt8 = 0
        return withUnsafePointer(to: &marker) { p in
            let here = UInt(bitPattern: p)
            return low == 0 || here < low || here - low > reserve
        }
    }
}

/// glibc's `pthread_getattr_np`, which the Glibc module does not export (it needs _GNU_SOURCE).
@_silgen_name("pthread_getattr_np")
private func getThreadAttributes(_ thread: pthread_t, _ attr: UnsafeMutablePointer<pthread_attr_t>) -> Int32
