/// The ZeroMQ Message Transport Protocol's bytes: greeting, frames, commands and the metadata of
/// READY, as specified by ZMTP 3.0 (https://rfc.zeromq.org/spec/23/, "RFC 23") and ZMTP 3.1
/// (https://rfc.zeromq.org/spec/37/, "RFC 37", which adds SUBSCRIBE, CANCEL, PING and PONG).
/// Pure functions over byte arrays, so the framing is tested without a network.
public enum ZMTPCodec {
    /// RFC 23 §"The Greeting": signature (10), version (2), mechanism (20), as-server (1), filler (31).
    public static let greetingLength = 64
    /// Frames larger than this are refused: nothing a Jupyter client sends comes near it.
    public static let maxFrameSize: UInt64 = 1 << 30

    public struct ProtocolError: Error, Equatable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// Our greeting: ZMTP 3.1 with the NULL mechanism (security, if any, is the message layer's
    /// HMAC; RFC 23 §"The NULL Security Mechanism").
    public static func greeting(asServer: Bool = false) -> [UInt8] {
        var g: [UInt8] = [0xFF] + [UInt8](repeating: 0, count: 8) + [0x7F]
        g += [3, 1]
        var mechanism = Array("NULL".utf8)
        mechanism += [UInt8](repeating: 0, count: 20 - mechanism.count)
        g += mechanism
        g.append(asServer ? 1 : 0)
        g += [UInt8](repeating: 0, count: 31)
        return g
    }

    public struct Greeting: Equatable {
        public var major: UInt8
        public var minor: UInt8
        public var mechanism: String
    }

    /// Reads a peer's 64-byte greeting; only version 3 and the NULL mechanism are accepted.
    public static func parseGreeting(_ bytes: [UInt8]) throws(ProtocolError) -> Greeting {
        guard bytes.count >= greetingLength else { throw ProtocolError("short greeting") }
        // The signature: 0xFF, 8 bytes of padding (ignored, RFC 23), 0x7F.
        guard bytes[0] == 0xFF, bytes[9] & 0x01 == 0x01 else { throw ProtocolError("not a ZMTP greeting") }
        guard bytes[10] >= 3 else { throw ProtocolError("ZMTP version \(bytes[10]) is too old (3 needed)") }
        let name = bytes[12..<32].prefix { $0 != 0 }
        let mechanism = String(decoding: name, as: UTF8.self)
        guard mechanism == "NULL" else { throw ProtocolError("security mechanism \(mechanism) is not supported (NULL only)") }
        return Greeting(major: bytes[10], minor: bytes[11], mechanism: mechanism)
    }

    /// A frame's flags (RFC 23 §"Framing"): bit 0 MORE, bit 1 LONG (8-byte size), bit 2 COMMAND.
    public struct Frame: Equatable {
        public var body: [UInt8]
        public var more: Bool
        public var command: Bool

        public init(body: [UInt8], more: Bool = false, command: Bool = false) {
            self.body = body
            self.more = more
            self.command = command
        }
    }

    public static func encode(_ frame: Frame) -> [UInt8] {
        var flags: UInt8 = (frame.more ? 0x01 : 0) | (frame.command ? 0x04 : 0)
        var out: [UInt8]
        if frame.body.count <= 255 {
            out = [flags, UInt8(frame.body.count)]
        } else {
            flags |= 0x02
            out = [flags]
            let n = UInt64(frame.body.count)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: n >> UInt64(shift))) }
        }
        return out + frame.body
    }

    /// A multipart message: every frame but the last carries MORE.
    public static func encode(message parts: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, p) in parts.enumerated() { out += encode(Frame(body: p, more: i < parts.count - 1)) }
        return out
    }

    /// Decodes one frame from the front of `bytes` starting at `offset`; nil when more bytes are
    /// needed. On success `offset` moves past the frame.
    public static func decodeFrame(_ bytes: [UInt8], offset: inout Int) throws(ProtocolError) -> Frame? {
        let start = offset
        guard bytes.count - start >= 2 else { return nil }
        let flags = bytes[start]
        guard flags & 0xF8 == 0 else { throw ProtocolError("reserved frame flag bits set") }
        let command = flags & 0x04 != 0
        let more = flags & 0x01 != 0
        // RFC 23: a command frame never has MORE set.
        if command && more { throw ProtocolError("command frame with MORE") }
        var size: UInt64
        var header: Int
        if flags & 0x02 != 0 {
            guard bytes.count - start >= 9 else { return nil }
            size = 0
            for k in 1...8 { size = size << 8 | UInt64(bytes[start + k]) }
            header = 9
        } else {
            size = UInt64(bytes[start + 1])
            header = 2
        }
        guard size <= maxFrameSize else { throw ProtocolError("frame of \(size) bytes is too large") }
        guard UInt64(bytes.count - start - header) >= size else { return nil }
        let bodyStart = start + header
        offset = bodyStart + Int(size)
        return Frame(body: Array(bytes[bodyStart..<offset]), more: more, command: command)
    }

    /// A command frame: name length (1 byte), name, data (RFC 23 §"Commands").
    public static func command(_ name: String, _ data: [UInt8] = []) -> Frame {
        let n = Array(name.utf8)
        return Frame(body: [UInt8(n.count)] + n + data, command: true)
    }

    public static func parseCommand(_ body: [UInt8]) throws(ProtocolError) -> (name: String, data: [UInt8]) {
        guard let length = body.first, body.count >= 1 + Int(length) else { throw ProtocolError("malformed command") }
        return (String(decoding: body[1..<1 + Int(length)], as: UTF8.self), Array(body[(1 + Int(length))...]))
    }

    /// READY's metadata: properties of name (1-byte length) and value (4-byte length), RFC 23
    /// §"The NULL Security Mechanism". Names are case-insensitive, so they are lowercased.
    public static func encodeProperties(_ properties: [(String, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        for (name, value) in properties {
            let n = Array(name.utf8)
            out.append(UInt8(n.count))
            out += n
            let c = UInt32(value.count)
            out += [UInt8(c >> 24), UInt8(truncatingIfNeeded: c >> 16), UInt8(truncatingIfNeeded: c >> 8), UInt8(truncatingIfNeeded: c)]
            out += value
        }
        return out
    }

    public static func parseProperties(_ data: [UInt8]) throws(ProtocolError) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        var i = 0
        while i < data.count {
            let n = Int(data[i])
            i += 1
            guard i + n + 4 <= data.count else { throw ProtocolError("malformed metadata") }
            let name = String(decoding: data[i..<i + n], as: UTF8.self).lowercased()
            i += n
            let size = data[i..<i + 4].reduce(0) { $0 << 8 | Int($1) }
            i += 4
            guard size <= data.count - i else { throw ProtocolError("malformed metadata") }
            out[name] = Array(data[i..<i + size])
            i += size
        }
        return out
    }

    /// READY for a socket type, with an identity when the socket has one.
    public static func ready(socketType: String, identity: [UInt8]? = nil) -> Frame {
        var props: [(String, [UInt8])] = [("Socket-Type", Array(socketType.utf8))]
        if let identity { props.append(("Identity", identity)) }
        return command("READY", encodeProperties(props))
    }

    /// Which peer socket types may talk to ours (RFC 23 §"Socket Types" / "Valid socket combinations").
    public static func compatible(_ ours: String, _ theirs: String) -> Bool {
        switch ours {
        case "ROUTER": return ["DEALER", "REQ", "ROUTER"].contains(theirs)
        case "PUB": return ["SUB", "XSUB"].contains(theirs)
        case "REP": return ["REQ", "DEALER"].contains(theirs)
        default: return false
        }
    }
}
