import Foundation
import ScaleNotebook

/// A Jupyter message (messaging protocol 5.3) and its wire form over ZeroMQ:
/// `[identities…, "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers…]`.
public struct JupyterMessage: Equatable, Sendable {
    /// The frame that separates the routing identities from the message.
    public static let delimiter = Array("<IDS|MSG>".utf8)
    /// The messaging protocol version this kernel speaks.
    public static let protocolVersion = "5.3"

    /// The routing identities before the delimiter (ROUTER prefixes), in order.
    public var identities: [[UInt8]]
    /// The message's header (`msg_id`, `msg_type`, `session`, …).
    public var header: JSON
    /// The header of the message this one answers; {} for none.
    public var parentHeader: JSON
    /// The message's metadata; {} for none.
    public var metadata: JSON
    /// The message's content, by type.
    public var content: JSON
    /// Binary buffers after the content frame.
    public var buffers: [[UInt8]]

    /// A message; identities, parent header, metadata and buffers default to empty.
    public init(identities: [[UInt8]] = [], header: JSON, parentHeader: JSON = .object([:]),
                metadata: JSON = .object([:]), content: JSON, buffers: [[UInt8]] = []) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    /// The header's `msg_type`; "" when missing.
    public var type: String { header["msg_type"]?.string ?? "" }
    /// The header's `msg_id`; "" when missing.
    public var id: String { header["msg_id"]?.string ?? "" }

    /// Why received frames are not a message: missing delimiter or frames, a wrong or replayed signature, bad JSON.
    public enum DecodeError: Error, Equatable, CustomStringConvertible {
        case noDelimiter, tooFewFrames, badSignature, duplicateSignature, badJSON(String)
        /// The reason, in words.
        public var description: String {
            switch self {
            case .noDelimiter: return "no <IDS|MSG> delimiter"
            case .tooFewFrames: return "fewer than the five frames a message needs"
            case .badSignature: return "bad signature"
            case .duplicateSignature: return "a signature already seen (a replayed message)"
            case .badJSON(let m): return "a frame is not JSON: \(m)"
            }
        }
    }

    /// The frames to send, signed.
    public func encode(signer: MessageSigner) -> [[UInt8]] {
        let body = [header, parentHeader, metadata, content].map { Array($0.serialized().utf8) }
        return identities + [JupyterMessage.delimiter, Array(signer.signature(body).utf8)] + body + buffers
    }

    /// Reads frames; the signature is checked before any JSON is parsed, so a forged message is
    /// never looked at. With a history (and a key), a signature seen before is refused: a
    /// replayed message is not acted on twice.
    public static func decode(_ frames: [[UInt8]], signer: MessageSigner, history: DigestHistory? = nil)
        throws(DecodeError) -> JupyterMessage
    {
        guard let d = frames.firstIndex(of: delimiter) else { throw .noDelimiter }
        guard frames.count >= d + 6 else { throw .tooFewFrames }
        let body = Array(frames[(d + 2)..<(d + 6)])
        guard signer.verify(frames[d + 1], body) else { throw .badSignature }
        if signer.isSigning, let history, !history.insert(frames[d + 1]) { throw .duplicateSignature }
        var json: [JSON] = []
        for f in body {
            do { json.append(try JSON.parse(f)) } catch { throw .badJSON(error.description) }
        }
        return JupyterMessage(identities: Array(frames[..<d]), header: json[0], parentHeader: json[1],
                              metadata: json[2], content: json[3], buffers: Array(frames[(d + 6)...]))
    }

    /// A header for a new message in `session`.
    public static func header(type: String, session: String, username: String = "kernel") -> JSON {
        .object([
            "msg_id": .string(UUID().uuidString.lowercased()),
            "msg_type": .string(type),
            "session": .string(session),
            "username": .string(username),
            "date": .string(timestamp()),
            "version": .string(protocolVersion),
        ])
    }

    /// ISO 8601 in UTC with microseconds, as Jupyter writes dates.
    static func timestamp() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(tv.tv_usec))
    }
}
