import ScaleNotebook

/// A Jupyter connection file: where to bind each channel and the signing key.
public struct ConnectionInfo: Equatable, Sendable {
    /// The transport, "tcp" (the default and the only one accepted).
    public var transport: String
    /// The address to bind, 127.0.0.1 by default.
    public var ip: String
    /// The shell channel's port (`shell_port`).
    public var shellPort: Int
    /// The IOPub channel's port (`iopub_port`).
    public var iopubPort: Int
    /// The stdin channel's port (`stdin_port`).
    public var stdinPort: Int
    /// The control channel's port (`control_port`).
    public var controlPort: Int
    /// The heartbeat's port (`hb_port`).
    public var heartbeatPort: Int
    /// The HMAC key; empty (the default) for unsigned messages.
    public var key: String
    /// The signature scheme, "hmac-sha256" by default; no other is accepted unless the key is empty.
    public var signatureScheme: String

    /// A connection file that cannot be used, in words naming the field.
    public struct Invalid: Error, CustomStringConvertible {
        /// The reason, in words.
        public var description: String
    }

    /// Reads a parsed connection file; every port must be a whole number in 0…65535, and only tcp and hmac-sha256 are accepted.
    public init(json: JSON) throws(Invalid) {
        func port(_ name: String) throws(Invalid) -> Int {
            guard let p = json[name]?.number, p >= 0, p < 65536, p == p.rounded() else {
                throw Invalid(description: "the connection file has no valid \(name)")
            }
            return Int(p)
        }
        transport = json["transport"]?.string ?? "tcp"
        ip = json["ip"]?.string ?? "127.0.0.1"
        shellPort = try port("shell_port")
        iopubPort = try port("iopub_port")
        stdinPort = try port("stdin_port")
        controlPort = try port("control_port")
        heartbeatPort = try port("hb_port")
        key = json["key"]?.string ?? ""
        signatureScheme = json["signature_scheme"]?.string ?? "hmac-sha256"
        guard transport == "tcp" else { throw Invalid(description: "transport '\(transport)' is not supported (tcp only)") }
        guard signatureScheme == "hmac-sha256" || key.isEmpty else {
            throw Invalid(description: "signature scheme '\(signatureScheme)' is not supported (hmac-sha256 only)")
        }
    }
}
