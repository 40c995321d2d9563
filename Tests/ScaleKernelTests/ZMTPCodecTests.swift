import XCTest
@testable import ScaleKernel

/// ZMTP 3.1 framing against the byte layouts written out in RFC 23 and RFC 37.
final class ZMTPCodecTests: XCTestCase {
    func testGreetingLayout() throws {
        let g = ZMTPCodec.greeting()
        XCTAssertEqual(g.count, 64)
        // signature FF 00×8 7F, version 3.1, "NULL" padded with zeros to 20, as-server 0, 31 zeros
        XCTAssertEqual(Array(g[0..<10]), [0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F])
        XCTAssertEqual(Array(g[10..<12]), [3, 1])
        XCTAssertEqual(Array(g[12..<16]), Array("NULL".utf8))
        XCTAssertEqual(Array(g[16..<64]), [UInt8](repeating: 0, count: 48))
        let parsed = try ZMTPCodec.parseGreeting(g)
        XCTAssertEqual(parsed, ZMTPCodec.Greeting(major: 3, minor: 1, mechanism: "NULL"))
    }

    func testGreetingRefusesOtherMechanismsAndOldVersions() {
        var curve = ZMTPCodec.greeting()
        curve.replaceSubrange(12..<17, with: Array("CURVE".utf8))
        XCTAssertThrowsError(try ZMTPCodec.parseGreeting(curve))
        var v2 = ZMTPCodec.greeting()
        v2[10] = 2
        XCTAssertThrowsError(try ZMTPCodec.parseGreeting(v2))
        var notZMTP = ZMTPCodec.greeting()
        notZMTP[0] = 0x47  // "G" of an HTTP request
        XCTAssertThrowsError(try ZMTPCodec.parseGreeting(notZMTP))
    }

    func testShortAndLongFrames() throws {
        XCTAssertEqual(ZMTPCodec.encode(ZMTPCodec.Frame(body: [0x61, 0x62], more: true)), [0x01, 0x02, 0x61, 0x62])
        XCTAssertEqual(ZMTPCodec.encode(ZMTPCodec.Frame(body: [])), [0x00, 0x00])
        // 256 bytes needs the 8-byte big-endian size and the LONG flag.
        let body = [UInt8](repeating: 7, count: 256)
        let long = ZMTPCodec.encode(ZMTPCodec.Frame(body: body))
        XCTAssertEqual(Array(long[0..<9]), [0x02, 0, 0, 0, 0, 0, 0, 0x01, 0x00])
        var offset = 0
        let decoded = try ZMTPCodec.decodeFrame(long, offset: &offset)
        XCTAssertEqual(decoded, ZMTPCodec.Frame(body: body))
        XCTAssertEqual(offset, 265)
        // Exactly 255 still fits the one-byte size.
        XCTAssertEqual(ZMTPCodec.encode(ZMTPCodec.Frame(body: [UInt8](repeating: 1, count: 255)))[0...1], [0x00, 0xFF])
    }

    func testPartialFramesWaitForMoreBytes() throws {
        let bytes = ZMTPCodec.encode(message: [Array("hello".utf8), Array("world".utf8)])
        XCTAssertEqual(bytes, [0x01, 5] + Array("hello".utf8) + [0x00, 5] + Array("world".utf8))
        for cut in 0..<7 {
            var offset = 0
            XCTAssertNil(try ZMTPCodec.decodeFrame(Array(bytes[0..<cut]), offset: &offset), "cut at \(cut)")
            XCTAssertEqual(offset, 0)
        }
        var offset = 0
        XCTAssertEqual(try ZMTPCodec.decodeFrame(bytes, offset: &offset), ZMTPCodec.Frame(body: Array("hello".utf8), more: true))
        XCTAssertEqual(try ZMTPCodec.decodeFrame(bytes, offset: &offset), ZMTPCodec.Frame(body: Array("world".utf8), more: false))
        XCTAssertEqual(offset, bytes.count)
    }

    func testMalformedFramesAreErrors() {
        var offset = 0
        XCTAssertThrowsError(try ZMTPCodec.decodeFrame([0x08, 0], offset: &offset))  // reserved bit
        XCTAssertThrowsError(try ZMTPCodec.decodeFrame([0x05, 0], offset: &offset))  // command with MORE
        XCTAssertThrowsError(try ZMTPCodec.decodeFrame([0x02, 0xFF, 0, 0, 0, 0, 0, 0, 0], offset: &offset))  // absurd size
    }

    func testReadyCommandBytes() throws {
        // RFC 23: flags 0x04, size 28 = 1+5 ("READY") + 1+11 ("Socket-Type") + 4+6 ("ROUTER").
        let ready = ZMTPCodec.encode(ZMTPCodec.ready(socketType: "ROUTER"))
        let expected: [UInt8] = [0x04, 28, 5] + Array("READY".utf8) + [11] + Array("Socket-Type".utf8) + [0, 0, 0, 6] + Array("ROUTER".utf8)
        XCTAssertEqual(ready, expected)
        var offset = 0
        let frame = try XCTUnwrap(try ZMTPCodec.decodeFrame(ready, offset: &offset))
        XCTAssertTrue(frame.command)
        let (name, data) = try ZMTPCodec.parseCommand(frame.body)
        XCTAssertEqual(name, "READY")
        XCTAssertEqual(try ZMTPCodec.parseProperties(data), ["socket-type": Array("ROUTER".utf8)])
    }

    func testPropertiesRoundTripAndTruncation() throws {
        let data = ZMTPCodec.encodeProperties([("Socket-Type", Array("DEALER".utf8)), ("Identity", [0, 1, 2])])
        XCTAssertEqual(try ZMTPCodec.parseProperties(data), ["socket-type": Array("DEALER".utf8), "identity": [0, 1, 2]])
        XCTAssertThrowsError(try ZMTPCodec.parseProperties(Array(data.dropLast())))
    }

    func testSocketCombinations() {
        XCTAssertTrue(ZMTPCodec.compatible("ROUTER", "DEALER"))
        XCTAssertTrue(ZMTPCodec.compatible("PUB", "SUB"))
        XCTAssertTrue(ZMTPCodec.compatible("REP", "REQ"))
        XCTAssertFalse(ZMTPCodec.compatible("PUB", "DEALER"))
        XCTAssertFalse(ZMTPCodec.compatible("REP", "SUB"))
    }
}
