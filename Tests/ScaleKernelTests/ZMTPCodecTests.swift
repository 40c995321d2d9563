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

    /// A peer announcing a frame over the limit is refused on the frame's header, before any of
    /// its body is buffered: 400 MB announced in 9 bytes.
    func testOversizedFrameIsRefusedOnItsHeader() {
        var decoder = ZMTPCodec.Decoder()
        let size = UInt64(400_000_000)
        decoder.append([0x02] + (0..<8).map { UInt8(truncatingIfNeeded: size >> (56 - 8 * UInt64($0))) })
        XCTAssertThrowsError(try decoder.next()) {
            XCTAssertEqual(($0 as? ZMTPCodec.ProtocolError)?.message, "a frame of 400000000 bytes is over the limit of 67108864 bytes")
        }
        var offset = 0
        XCTAssertThrowsError(try ZMTPCodec.decodeFrame([0x02, 0, 0, 0, 0, 0x04, 0, 0, 1], offset: &offset))  // 64 MiB + 1
        // Exactly the limit waits for its body.
        XCTAssertNil(try ZMTPCodec.decodeFrame([0x02, 0, 0, 0, 0, 0x04, 0, 0, 0], offset: &offset))
        XCTAssertEqual(ZMTPCodec.Limits.standard, ZMTPCodec.Limits(frameSize: 64 << 20, messageSize: 64 << 20, framesPerMessage: 4096))
    }

    /// Frames each under the frame limit still may not add up past the message limit, nor be more
    /// than the frames a message may have; the error comes on the header of the frame that crosses.
    func testMessageSizeAndFrameCountLimits() throws {
        let limits = ZMTPCodec.Limits(frameSize: 100, messageSize: 250, framesPerMessage: 4)
        var decoder = ZMTPCodec.Decoder(limits: limits)
        let chunk = [UInt8](repeating: 7, count: 100)
        decoder.append(ZMTPCodec.encode(message: [chunk, chunk, Array(chunk[0..<50])]))
        XCTAssertEqual(try decoder.next(), .message([chunk, chunk, Array(chunk[0..<50])]))  // exactly 250
        decoder.append(ZMTPCodec.encode(ZMTPCodec.Frame(body: chunk, more: true)))
        decoder.append(ZMTPCodec.encode(ZMTPCodec.Frame(body: chunk, more: true)))
        decoder.append([0x00, 51])  // the header alone: 251 bytes in all
        XCTAssertThrowsError(try decoder.next()) {
            XCTAssertEqual(($0 as? ZMTPCodec.ProtocolError)?.message, "a message of more than 250 bytes is over the limit")
        }

        var counting = ZMTPCodec.Decoder(limits: limits)
        counting.append([0x01, 0, 0x01, 0, 0x01, 0, 0x01, 0])
        XCTAssertNil(try counting.next())  // four empty frames, all with MORE: still one message
        counting.append([0x00, 0])
        XCTAssertThrowsError(try counting.next()) {
            XCTAssertEqual(($0 as? ZMTPCodec.ProtocolError)?.message, "a message of more than 4 frames is over the limit")
        }
        // Commands are not parts of a message: they count only against the frame limit.
        var commands = ZMTPCodec.Decoder(limits: limits)
        commands.append(ZMTPCodec.encode(ZMTPCodec.Frame(body: chunk, more: true)))
        commands.append(ZMTPCodec.encode(ZMTPCodec.command("PING", [0, 0] + [UInt8](repeating: 1, count: 90))))
        guard case .command(let name, _)? = try commands.next() else { return XCTFail("no PING") }
        XCTAssertEqual(name, "PING")
    }

    /// Bytes arriving a few at a time (as TCP splits them) decode to the same messages, and what
    /// the decoder holds is only the partial frame.
    func testDecoderAcrossReads() throws {
        let message = [Array("<IDS|MSG>".utf8), [], [UInt8](repeating: 3, count: 300)]
        let bytes = ZMTPCodec.greeting() + ZMTPCodec.encode(ZMTPCodec.ready(socketType: "DEALER")) + ZMTPCodec.encode(message: message)
        var decoder = ZMTPCodec.Decoder()
        var items: [ZMTPCodec.Decoder.Item] = []
        var greeted = false
        for start in stride(from: 0, to: bytes.count, by: 7) {
            decoder.append(bytes[start..<min(start + 7, bytes.count)])
            if !greeted {
                guard try decoder.greeting() != nil else { continue }
                greeted = true
            }
            while let item = try decoder.next() { items.append(item) }
            XCTAssertLessThan(decoder.buffered, 310)
        }
        XCTAssertEqual(items.count, 2)
        XCTAssertEqual(items.last, .message(message))
        XCTAssertEqual(decoder.buffered, 0)
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
