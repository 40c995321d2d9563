import ScaleNotebook

/// A Jupyter connection file: where to bind each channel and the signing key.
public struct ConnectionInfo: Equatable, Sendable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var heartbeatPort: Int
    public var key: String
    public var signatureScheme: String

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

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
