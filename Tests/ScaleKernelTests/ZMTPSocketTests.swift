import Foundation
import NIOPosix
import XCTest
@testable import ScaleKernel

/// The socket patterns over real TCP on the loopback address, with a hand-written peer that
/// speaks the bytes of RFC 23/37 (no libzmq here).
final class ZMTPSocketTests: XCTestCase {
    /// A blocking TCP client that reads with a deadline.
    final class Peer {
        let fd: Int32
        var buffer: [UInt8] = []

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard ok == 0 else { throw ZMTPCodec.ProtocolError("connect failed") }
            var tv = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(fd) }

        func send(_ bytes: [UInt8]) {
            _ = bytes.withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, 0) }
        }

        func read(_ n: Int) -> [UInt8]? {
            while buffer.count < n {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let got = recv(fd, &chunk, chunk.count, 0)
                if got <= 0 { return nil }
                buffer += chunk[0..<got]
            }
            defer { buffer.removeFirst(n) }
            return Array(buffer[0..<n])
        }

        func frame() -> ZMTPCodec.Frame? {
            while true {
                var offset = 0
                if let f = try? ZMTPCodec.decodeFrame(buffer, offset: &offset) {
                    buffer.removeFirst(offset)
                    return f
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let got = recv(fd, &chunk, chunk.count, 0)
                if got <= 0 { return nil }
                buffer += chunk[0..<got]
            }
        }

        func message() -> [[UInt8]]? {
            var parts: [[UInt8]] = []
            while let f = frame() {
                if f.command { continue }
                parts.append(f.body)
                if !f.more { return parts }
            }
            return nil
        }

        /// Greeting both ways and READY both ways; returns the socket type the server announced.
        func handshake(type: String, identity: [UInt8]? = nil) throws -> String {
            send(ZMTPCodec.greeting())
            guard let g = read(64) else { throw ZMTPCodec.ProtocolError("no greeting") }
            _ = try ZMTPCodec.parseGreeting(g)
            send(ZMTPCodec.encode(ZMTPCodec.ready(socketType: type, identity: identity)))
            guard let ready = frame(), ready.command else { throw ZMTPCodec.ProtocolError("no READY") }
            let (name, data) = try ZMTPCodec.parseCommand(ready.body)
            XCTAssertEqual(name, "READY")
            return String(decoding: try ZMTPCodec.parseProperties(data)["socket-type"] ?? [], as: UTF8.self)
        }
    }

    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    override func tearDown() {
        try? group.syncShutdownGracefully()
    }

    func testRouterAddsAndStripsIdentity() throws {
        let router = ZMTPSocket(kind: .router, eventLoop: group.next())
        let received = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var got: [[UInt8]] = []
        router.onMessage = { got = $0; received.signal() }
        let port = try router.bind(host: "127.0.0.1", port: 0)
        let peer = try Peer(port: port)
        XCTAssertEqual(try peer.handshake(type: "DEALER", identity: Array("client-1".utf8)), "ROUTER")
        peer.send(ZMTPCodec.encode(message: [Array("a".utf8), Array("bc".utf8)]))
        XCTAssertEqual(received.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(got, [Array("client-1".utf8), Array("a".utf8), Array("bc".utf8)])
        router.send([Array("nobody".utf8), Array("dropped".utf8)])
        router.send([Array("client-1".utf8), Array("reply".utf8)])
        XCTAssertEqual(peer.message(), [Array("reply".utf8)])
        router.close()
    }

    func testPublisherFiltersBySubscription() throws {
        let pub = ZMTPSocket(kind: .publisher, eventLoop: group.next())
        let port = try pub.bind(host: "127.0.0.1", port: 0)
        let v31 = try Peer(port: port)
        XCTAssertEqual(try v31.handshake(type: "SUB"), "PUB")
        v31.send(ZMTPCodec.encode(ZMTPCodec.command("SUBSCRIBE", Array("kernel.".utf8))))  // ZMTP 3.1 form
        let v30 = try Peer(port: port)
        _ = try v30.handshake(type: "SUB")
        v30.send(ZMTPCodec.encode(ZMTPCodec.Frame(body: [1])))  // ZMTP 3.0 form: subscribe to everything
        Thread.sleep(forTimeInterval: 0.2)  // the subscriptions travel before the messages do
        pub.send([Array("other.topic".utf8), Array("x".utf8)])
        pub.send([Array("kernel.1.status".utf8), Array("y".utf8)])
        XCTAssertEqual(v31.message(), [Array("kernel.1.status".utf8), Array("y".utf8)])
        XCTAssertEqual(v30.message(), [Array("other.topic".utf8), Array("x".utf8)])
        XCTAssertEqual(v30.message(), [Array("kernel.1.status".utf8), Array("y".utf8)])
        pub.close()
    }

    func testReplierEchoesBehindTheEnvelope() throws {
        let rep = ZMTPSocket(kind: .replier, eventLoop: group.next())
        let port = try rep.bind(host: "127.0.0.1", port: 0)
        let peer = try Peer(port: port)
        XCTAssertEqual(try peer.handshake(type: "REQ"), "REP")
        peer.send(ZMTPCodec.encode(message: [[], Array("ping".utf8)]))
        XCTAssertEqual(peer.message(), [[], Array("ping".utf8)])
        rep.close()
    }

    func testIncompatiblePeerIsRefused() throws {
        let pub = ZMTPSocket(kind: .publisher, eventLoop: group.next())
        let port = try pub.bind(host: "127.0.0.1", port: 0)
        let peer = try Peer(port: port)
        peer.send(ZMTPCodec.greeting())
        _ = peer.read(64)
        peer.send(ZMTPCodec.encode(ZMTPCodec.ready(socketType: "DEALER")))
        // Our READY, then ERROR, then the connection closes.
        var sawError = false
        while let f = peer.frame() {
            if f.command, (try? ZMTPCodec.parseCommand(f.body))?.name == "ERROR" { sawError = true }
        }
        XCTAssertTrue(sawError)
        pub.close()
    }

    /// A peer, signed or not, that announces a frame over the limit is cut off at the header with
    /// a log line, and the socket goes on serving others.
    func testOversizedFrameDropsTheConnection() throws {
        let router = ZMTPSocket(kind: .router, eventLoop: group.next())
        let logged = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var lines: [String] = []
        router.log = { lines.append($0); logged.signal() }
        let port = try router.bind(host: "127.0.0.1", port: 0)
        let peer = try Peer(port: port)
        _ = try peer.handshake(type: "DEALER")
        peer.send([0x02, 0, 0, 0, 0, 0x17, 0xD7, 0x84, 0x00])  // 400 MB announced
        var sawError = false
        while let f = peer.frame() {
            if f.command, (try? ZMTPCodec.parseCommand(f.body))?.name == "ERROR" { sawError = true }
        }
        XCTAssertTrue(sawError)
        XCTAssertEqual(logged.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(lines, ["zmtp: closing a connection: a frame of 400000000 bytes is over the limit of 67108864 bytes"])
        let other = try Peer(port: port)
        XCTAssertEqual(try other.handshake(type: "DEALER"), "ROUTER")
        router.close()
    }
}
