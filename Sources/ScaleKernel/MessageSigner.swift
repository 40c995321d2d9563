import Crypto

/// Jupyter's message signature: HMAC-SHA256 (RFC 2104) keyed with the connection file's key, over
/// the header, parent header, metadata and content frames in that order, written as lowercase
/// hex (Jupyter messaging protocol, "The Wire Protocol"). An empty key turns signing off.
public struct MessageSigner {
    let key: SymmetricKey?

    public init(key: String) {
        self.key = key.isEmpty ? nil : SymmetricKey(data: Array(key.utf8))
    }

    public var isSigning: Bool { key != nil }

    public func signature(_ parts: [[UInt8]]) -> String {
        guard let key else { return "" }
        var hmac = HMAC<SHA256>(key: key)
        for p in parts { hmac.update(data: p) }
        return hex(Array(hmac.finalize()))
    }

    /// Checks a received signature in constant time (swift-crypto compares the whole code
    /// whatever the first difference), so response timing reveals nothing of the right one.
    public func verify(_ signature: [UInt8], _ parts: [[UInt8]]) -> Bool {
        guard let key else { return true }
        guard let code = unhex(signature) else { return false }
        var data: [UInt8] = []
        for p in parts { data += p }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: data, using: key)
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

    func unhex(_ text: [UInt8]) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            case 0x41...0x46: return c - 0x41 + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        var i = 0
        while i < text.count {
            guard let hi = nibble(text[i]), let lo = nibble(text[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
