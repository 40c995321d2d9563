import Crypto
import Foundation

/// Jupyter's message signature: HMAC-SHA256 (RFC 2104) keyed with the connection file's key, over
/// the header, parent header, metadata and content frames in that order, written as lowercase
/// hex (Jupyter messaging protocol, "The Wire Protocol"). An empty key turns signing off.
public struct MessageSigner {
    let key: SymmetricKey?

    /// A signer keyed with the connection file's key; an empty key signs nothing.
    public init(key: String) {
        self.key = key.isEmpty ? nil : SymmetricKey(data: Array(key.utf8))
    }

    /// Whether messages are signed (the key is not empty).
    public var isSigning: Bool { key != nil }

    /// The lowercase hex HMAC-SHA256 of `parts` in order; "" when not signing.
    public func signature(_ parts: [[UInt8]]) -> String {
        guard let key else { return "" }
        var hmac = HMAC<SHA256>(key: key)
        for p in parts { hmac.update(data: p) }
        return hex(Array(hmac.finalize()))
    }

    /// Checks a received signature: it must be the lowercase hex Jupyter writes (jupyter_client
    /// compares the hex text with `hmac.compare_digest`, so an uppercase signature is refused
    /// there too), compared in constant time: every byte is looked at whatever the first
    /// difference, so response timing reveals nothing of the right signature.
    public func verify(_ signature: [UInt8], _ parts: [[UInt8]]) -> Bool {
        guard key != nil else { return true }
        let expected = Array(self.signature(parts).utf8)
        guard signature.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(signature, expected) { difference |= a ^ b }
        return difference == 0
    }

    func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

}

/// The signatures of the messages already accepted, so that a replayed message is refused: as
/// jupyter_client's `Session` keeps `digest_history`, a set of at most `digest_history_size`
/// (2^16) signatures, and refuses a repeat ("Duplicate Signature"). When full, the oldest
/// signature is forgotten (Session drops a random tenth instead). Only verified signatures are
/// recorded, so a forger cannot flush the history with made-up ones.
public final class DigestHistory: @unchecked Sendable {
    /// jupyter_client's `digest_history_size`, 2^16 signatures.
    public static let defaultCapacity = 1 << 16

    /// The most signatures held (at least 1); past it the oldest is forgotten.
    public let capacity: Int
    private let lock = NSLock()
    private var seen: Set<[UInt8]> = []
    /// The signatures in the order they came, as a ring: `oldest` is the next to go when full.
    private var order: [[UInt8]] = []
    private var oldest = 0

    /// An empty history holding at most `capacity` signatures (1 if less is asked).
    public init(capacity: Int = DigestHistory.defaultCapacity) {
        self.capacity = max(capacity, 1)
    }

    /// The signatures held now.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return seen.count
    }

    /// Records a signature; false (and nothing recorded) when it was seen already.
    public func insert(_ signature: [UInt8]) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !seen.contains(signature) else { return false }
        if order.count < capacity {
            order.append(signature)
        } else {
            seen.remove(order[oldest])
            order[oldest] = signature
            oldest = (oldest + 1) % capacity
        }
        seen.insert(signature)
        return true
    }
}
