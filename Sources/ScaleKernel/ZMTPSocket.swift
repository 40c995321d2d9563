@_exported import ZMTPWire

import NIOCore
import NIOPosix

/// A bound ZeroMQ socket speaking ZMTP 3.1 to its peers over TCP: ROUTER (Jupyter's shell,
/// control and stdin), PUB (iopub) or REP (heartbeat). Only the server half that a kernel needs:
/// it binds, accepts peers, and routes messages as libzmq's sockets of the same type would.
///
/// Every peer's state lives on the socket's one event loop; `send` may be called from any thread
/// and hops onto it, so no lock is needed.
public final class ZMTPSocket: @unchecked Sendable {
    /// The ZeroMQ socket type, by its name in the ZMTP greeting's metadata.
    public enum Kind: String, Sendable {
        case router = "ROUTER", publisher = "PUB", replier = "REP"
    }

    /// The socket's type.
    public let kind: Kind
    let eventLoop: EventLoop
    /// ROUTER: each message, with its sender's identity as the first part. PUB: unused.
    /// REP: each request's body (envelope removed); the reply goes back with the envelope.
    var onMessage: ([[UInt8]]) -> Void = { _ in }
    /// REP only: the reply to a request body (the heartbeat echoes).
    var reply: ([[UInt8]]) -> [[UInt8]] = { $0 }
    var log: (String) -> Void = { _ in }

    final class Peer {
        let channel: Channel
        var identity: [UInt8] = []
        /// PUB: topic prefixes this subscriber asked for.
        var subscriptions: [[UInt8]] = []
        init(channel: Channel) { self.channel = channel }
    }

    private var peers: [ObjectIdentifier: Peer] = [:]
    private var byIdentity: [[UInt8]: Peer] = [:]
    private var nextIdentity: UInt32 = 0x6B8B_4567
    private var serverChannel: Channel?

    /// An unbound socket of that kind whose connections live on `eventLoop`.
    public init(kind: Kind, eventLoop: EventLoop) {
        self.kind = kind
        self.eventLoop = eventLoop
    }

    /// Binds to `host:port` (only that address: the connection file's). Port 0 picks a free port.
    public func bind(host: String, port: Int) throws -> Int {
        let bootstrap = ServerBootstrap(group: eventLoop)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ZMTPConnectionHandler(socket: self))
                }
            }
        let channel = try bootstrap.bind(host: host, port: port).wait()
        serverChannel = channel
        return channel.localAddress?.port ?? port
    }

    /// Closes the listening channel and every peer connection, on the event loop.
    public func close() {
        let server = serverChannel
        eventLoop.execute { [self] in
            server?.close(promise: nil)
            for p in peers.values { p.channel.close(promise: nil) }
        }
    }

    /// Sends a multipart message. ROUTER: the first part names the peer (dropped if unknown, as
    /// libzmq does). PUB: the first part is the topic, matched against each peer's subscriptions.
    public func send(_ parts: [[UInt8]]) {
        eventLoop.execute { [self] in
            switch kind {
            case .router:
                guard let identity = parts.first, let peer = byIdentity[identity] else { return }
                write(Array(parts.dropFirst()), to: peer)
            case .publisher:
                let topic = parts.first ?? []
                for peer in peers.values where peer.subscriptions.contains(where: { topic.starts(with: $0) }) {
                    write(parts, to: peer)
                }
            case .replier:
                break
            }
        }
    }

    private func write(_ parts: [[UInt8]], to peer: Peer) {
        let bytes = ZMTPCodec.encode(message: parts)
        var buffer = peer.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        peer.channel.writeAndFlush(buffer, promise: nil)
    }

    // MARK: - Events from connections (on the event loop)

    func connected(_ channel: Channel) {
        peers[ObjectIdentifier(channel)] = Peer(channel: channel)
    }

    func disconnected(_ channel: Channel) {
        guard let peer = peers.removeValue(forKey: ObjectIdentifier(channel)) else { return }
        if byIdentity[peer.identity] === peer { byIdentity[peer.identity] = nil }
    }

    /// The peer's READY arrived: a ROUTER learns its identity (or makes one up, RFC 23 §"The ROUTER
    /// Socket Type": a 5-byte identity starting with a zero byte, as libzmq does).
    func ready(_ channel: Channel, identity: [UInt8]) {
        guard let peer = peers[ObjectIdentifier(channel)] else { return }
        if kind == .router {
            var id = identity
            if id.isEmpty || id.first == 0 {
                nextIdentity &+= 1
                id = [0, UInt8(nextIdentity >> 24), UInt8(truncatingIfNeeded: nextIdentity >> 16),
                      UInt8(truncatingIfNeeded: nextIdentity >> 8), UInt8(truncatingIfNeeded: nextIdentity)]
            }
            // A reconnecting client keeps its identity: the newer connection takes it over.
            peer.identity = id
            byIdentity[id] = peer
        }
    }

    func message(_ channel: Channel, _ parts: [[UInt8]]) {
        guard let peer = peers[ObjectIdentifier(channel)] else { return }
        switch kind {
        case .router:
            onMessage([peer.identity] + parts)
        case .publisher:
            // ZMTP 3.0 subscriptions are messages: 1 then the topic subscribes, 0 then the topic
            // cancels (RFC 23 §"The SUB Socket Type"). Anything else sent to a PUB is dropped.
            guard parts.count == 1, let first = parts[0].first else { return }
            if first == 1 { subscribe(peer, Array(parts[0].dropFirst())) }
            if first == 0 { cancel(peer, Array(parts[0].dropFirst())) }
        case .replier:
            // The envelope is every frame up to and including the first empty one (RFC 23 §"The
            // REP Socket Type"); the reply goes back behind the same envelope.
            guard let split = parts.firstIndex(where: \.isEmpty) else {
                write(reply(parts), to: peer)
                return
            }
            let envelope = Array(parts[...split])
            write(envelope + reply(Array(parts[(split + 1)...])), to: peer)
        }
    }

    /// ZMTP 3.1's SUBSCRIBE and CANCEL commands (RFC 37 §"The SUBSCRIBE Command").
    func command(_ channel: Channel, name: String, data: [UInt8]) {
        guard kind == .publisher, let peer = peers[ObjectIdentifier(channel)] else { return }
        if name == "SUBSCRIBE" { subscribe(peer, data) }
        if name == "CANCEL" { cancel(peer, data) }
    }

    private func subscribe(_ peer: Peer, _ topic: [UInt8]) {
        peer.subscriptions.append(topic)
    }

    private func cancel(_ peer: Peer, _ topic: [UInt8]) {
        if let i = peer.subscriptions.firstIndex(of: topic) { peer.subscriptions.remove(at: i) }
    }
}

/// One TCP connection: the greeting, the NULL handshake (READY both ways), then frames gathered
/// into multipart messages for the socket.
final class ZMTPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum State { case greeting, handshake, ready }

    let socket: ZMTPSocket
    var state = State.greeting
    /// Frames past `ZMTPCodec.Limits.standard` drop the connection before they are buffered.
    var decoder: ZMTPCodec.Decoder

    init(socket: ZMTPSocket, limits: ZMTPCodec.Limits = .standard) {
        self.socket = socket
        decoder = ZMTPCodec.Decoder(limits: limits)
    }

    func channelActive(context: ChannelHandlerContext) {
        socket.connected(context.channel)
        // The whole greeting at once, then READY: with NULL security there is nothing to wait for
        // (RFC 23 §"Version Negotiation" lets a peer send its greeting without waiting).
        send(ZMTPCodec.greeting(), context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        socket.disconnected(context.channel)
        context.fireChannelInactive()
    }

    func send(_ bytes: [UInt8], context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if let bytes = buffer.readBytes(length: buffer.readableBytes) { decoder.append(bytes) }
        do {
            try process(context: context)
        } catch {
            socket.log("zmtp: closing a connection: \(error)")
            // RFC 23 §"Error Handling": say why with ERROR, then close.
            let reason = Array(String(describing: error).utf8.prefix(255))
            send(ZMTPCodec.encode(ZMTPCodec.command("ERROR", [UInt8(reason.count)] + reason)), context: context)
            context.close(promise: nil)
        }
    }

    func process(context: ChannelHandlerContext) throws(ZMTPCodec.ProtocolError) {
        if state == .greeting {
            guard try decoder.greeting() != nil else { return }
            state = .handshake
            send(ZMTPCodec.encode(ZMTPCodec.ready(socketType: socket.kind.rawValue)), context: context)
        }
        while let item = try decoder.next() {
            switch item {
            case .command(let name, let data):
                try handleCommand(name, data, context: context)
            case .message(let message):
                guard state == .ready else { throw ZMTPCodec.ProtocolError("message before READY") }
                socket.message(context.channel, message)
            }
        }
    }

    func handleCommand(_ name: String, _ data: [UInt8], context: ChannelHandlerContext) throws(ZMTPCodec.ProtocolError) {
        switch name {
        case "READY":
            guard state == .handshake else { throw ZMTPCodec.ProtocolError("READY twice") }
            let properties = try ZMTPCodec.parseProperties(data)
            let type = String(decoding: properties["socket-type"] ?? [], as: UTF8.self)
            guard ZMTPCodec.compatible(socket.kind.rawValue, type) else {
                throw ZMTPCodec.ProtocolError("a \(type) socket cannot talk to a \(socket.kind.rawValue) socket")
            }
            state = .ready
            socket.ready(context.channel, identity: properties["identity"] ?? [])
        case "ERROR":
            socket.log("zmtp: peer reported an error: \(String(decoding: data.dropFirst(), as: UTF8.self))")
            context.close(promise: nil)
        case "PING":
            // RFC 37 §"The PING Command": answer with PONG carrying the ping's context (after the TTL).
            send(ZMTPCodec.encode(ZMTPCodec.command("PONG", Array(data.dropFirst(2)))), context: context)
        case "PONG":
            break
        default:
            guard state == .ready else { throw ZMTPCodec.ProtocolError("\(name) before READY") }
            socket.command(context.channel, name: name, data: data)
        }
    }
}
