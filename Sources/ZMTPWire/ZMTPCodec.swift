/// The ZeroMQ Message Transport Protocol's bytes: greeting, frames, commands and the metadata of
/// READY, as specified by ZMTP 3.0 (https://rfc.zeromq.org/spec/23/, "RFC 23") and ZMTP 3.1
/// (https://rfc.zeromq.org/spec/37/, "RFC 37", which adds SUBSCRIBE, CANCEL, PING and PONG).
/// Pure functions over byte arrays, so the framing is tested without a network.
public enum ZMTPCodec {
    /// RFC 23 §"The Greeting": signature (10), version (2), mechanism (20), as-server (1), filler (31).
    public static let greetingLength = 64
    /// What a peer may make us hold before anything it sent is checked (the HMAC signature of a
    /// Jupyter message is read only once the whole message is in). Past a limit the connection is
    /// dropped: the limit is checked on a frame's header, before its body is buffered.
    public struct Limits: Equatable, Sendable {
        /// The largest frame body.
        public var frameSize: Int
        /// The largest message: its frames' bodies together.
        public var messageSize: Int
        /// The most frames in one message.
        public var framesPerMessage: Int

        /// Limits as given (no minimum is enforced).
        public init(frameSize: Int, messageSize: Int, framesPerMessage: Int) {
            self.frameSize = frameSize
            self.messageSize = messageSize
            self.framesPerMessage = framesPerMessage
        }

        /// 64 MiB a frame and a message, 4096 frames a message. A notebook's largest messages are
        /// a cell's source or an output's figure or table (kilobytes to a few megabytes), and a
        /// Jupyter message is its identities, the delimiter, the signature, four JSON frames and
        /// its buffers: far under either limit. Without them a peer that never signs anything
        /// could make the kernel buffer up to a gigabyte (the old frame limit) per connection.
        public static let standard = Limits(frameSize: 64 << 20, messageSize: 64 << 20, framesPerMessage: 4096)
    }

    /// Bytes that break the protocol, or pass a limit; the connection is dropped.
    public struct ProtocolError: Error, Equatable, CustomStringConvertible {
        /// What was wrong, in words.
        public var message: String
        /// An error with that message.
        public init(_ message: String) { self.message = message }
        /// The message.
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

    /// A peer's greeting as parsed: its version and security mechanism.
    public struct Greeting: Equatable {
        /// The major version (3 or more once accepted).
        public var major: UInt8
        /// The minor version.
        public var minor: UInt8
        /// The mechanism's name, NUL padding removed ("NULL" once accepted).
        public var mechanism: String

        /// A greeting with these fields.
        public init(major: UInt8, minor: UInt8, mechanism: String) {
            self.major = major
            self.minor = minor
            self.mechanism = mechanism
        }
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
        /// The frame's bytes.
        public var body: [UInt8]
        /// MORE: another frame of the same message follows.
        public var more: Bool
        /// COMMAND: the frame is a command, not part of a message.
        public var command: Bool

        /// A frame; by default the last of its message, and not a command.
        public init(body: [UInt8], more: Bool = false, command: Bool = false) {
            self.body = body
            self.more = more
            self.command = command
        }
    }

    /// The frame's bytes on the wire: flags, a 1-byte size for bodies up to 255 bytes (else LONG and 8 bytes), the body.
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

    /// A frame's header: its flags, body size and header length; nil when more bytes are needed.
    /// The size is checked against `limit` here, before any of the body is waited for.
    static func frameHeader(_ bytes: [UInt8], at start: Int, limit: Int) throws(ProtocolError)
        -> (more: Bool, command: Bool, size: Int, length: Int)?
    {
        guard start >= 0, bytes.count - start >= 2 else { return nil }
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
        guard size <= UInt64(max(limit, 0)) else {
            throw ProtocolError("a frame of \(size) bytes is over the limit of \(limit) bytes")
        }
        return (more, command, Int(size), header)
    }

    /// Decodes one frame from the front of `bytes` starting at `offset`; nil when more bytes are
    /// needed. On success `offset` moves past the frame.
    public static func decodeFrame(_ bytes: [UInt8], offset: inout Int, limit: Int = Limits.standard.frameSize)
        throws(ProtocolError) -> Frame?
    {
        let start = offset
        guard let header = try frameHeader(bytes, at: start, limit: limit) else { return nil }
        guard bytes.count - start - header.length >= header.size else { return nil }
        let bodyStart = start + header.length
        offset = bodyStart + header.size
        return Frame(body: Array(bytes[bodyStart..<offset]), more: header.more, command: header.command)
    }

    /// One connection's incoming bytes after the greeting, gathered into commands and multipart
    /// messages within `limits`: a frame or message past them is an error as soon as its header
    /// says so, so at most one frame's worth of a message past the limit is ever held.
    public struct Decoder {
        /// What the decoder yields: a command, or a whole multipart message (its frames' bodies in order).
        public enum Item: Equatable {
            case command(name: String, data: [UInt8])
            case message([[UInt8]])
        }

        /// The limits this connection is held to.
        public let limits: Limits
        private var pending: [UInt8] = []
        private var consumed = 0
        private var parts: [[UInt8]] = []
        private var partsSize = 0

        /// A decoder with nothing buffered, held to `limits`.
        public init(limits: Limits = .standard) {
            self.limits = limits
        }

        /// Bytes read and not yet decoded (a partial frame, or frames not yet asked for).
        public var buffered: Int { pending.count - consumed }

        /// Buffers more bytes read from the connection; nothing is decoded until asked for.
        public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
            if consumed > 0 && consumed == pending.count {
                pending.removeAll(keepingCapacity: true)
                consumed = 0
            }
            pending.append(contentsOf: bytes)
        }

        /// The peer's 64-byte greeting, once it is in; nil before.
        public mutating func greeting() throws(ProtocolError) -> Greeting? {
            guard pending.count - consumed >= greetingLength else { return nil }
            let g = try parseGreeting(Array(pending[consumed..<consumed + greetingLength]))
            consumed += greetingLength
            return g
        }

        /// The next command or complete message; nil when more bytes are needed.
        public mutating func next() throws(ProtocolError) -> Item? {
            while true {
                let remaining = limits.messageSize - partsSize
                let limit = min(limits.frameSize, max(remaining, 0))
                guard let header = try frameHeader(pending, at: consumed, limit: limits.frameSize) else {
                    compact()
                    return nil
                }
                if !header.command {
                    guard header.size <= limit else {
                        throw ProtocolError("a message of more than \(limits.messageSize) bytes is over the limit")
                    }
                    guard parts.count < limits.framesPerMessage else {
                        throw ProtocolError("a message of more than \(limits.framesPerMessage) frames is over the limit")
                    }
                }
                guard pending.count - consumed - header.length >= header.size else {
                    compact()
                    return nil
                }
                let bodyStart = consumed + header.length
                let body = Array(pending[bodyStart..<bodyStart + header.size])
                consumed = bodyStart + header.size
                if header.command {
                    let (name, data) = try parseCommand(body)
                    return .command(name: name, data: data)
                }
                parts.append(body)
                partsSize += body.count
                if !header.more {
                    let message = parts
                    parts = []
                    partsSize = 0
                    return .message(message)
                }
            }
        }

        /// Drops what has been decoded, keeping any partial frame.
        private mutating func compact() {
            guard consumed > 0 else { return }
            pending.removeFirst(consumed)
            consumed = 0
        }
    }

    /// A command frame: name length (1 byte), name, data (RFC 23 §"Commands").
    public static func command(_ name: String, _ data: [UInt8] = []) -> Frame {
        let n = Array(name.utf8)
        return Frame(body: [UInt8(n.count)] + n + data, command: true)
    }

    /// A command frame's body split into its name (1-byte length) and data; throws when the length passes the end.
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

    /// READY's metadata as a dictionary of lowercased names to values; throws on a property that passes the end.
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
