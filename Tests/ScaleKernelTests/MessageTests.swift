import ScaleNotebook
import XCTest
@testable import ScaleKernel

/// Signing and the wire form of Jupyter messages; expected digests computed with Python's hmac.
final class MessageTests: XCTestCase {
    func testHMACAgainstRFC4231() {
        // RFC 4231 test case 2: key "Jefe".
        let signer = MessageSigner(key: "Jefe")
        XCTAssertEqual(signer.signature([Array("what do ya want for nothing?".utf8)]),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    /// The four frames are signed in order as one stream: hmac.new(b"secret-key", h+p+m+c, sha256).
    let parts: [[UInt8]] = [#"{"msg_id":"1"}"#, "{}", "{}", #"{"code":"1+1"}"#].map { Array($0.utf8) }
    let pythonDigest = "f29edc2ae347e99e996cf426a9068abd72bbac08f131d7b7d863f0430600434a"

    func testSignatureOverTheFourFrames() {
        let signer = MessageSigner(key: "secret-key")
        XCTAssertEqual(signer.signature(parts), pythonDigest)
        XCTAssertTrue(signer.verify(Array(pythonDigest.utf8), parts))
        // Jupyter writes lowercase hex and compares the text: the same digest in capitals is not
        // its signature.
        XCTAssertFalse(signer.verify(Array(pythonDigest.uppercased().utf8), parts))
        var oneCapital = Array(pythonDigest.utf8)
        oneCapital[0] = UInt8(ascii: "F")
        XCTAssertFalse(signer.verify(oneCapital, parts))
    }

    /// A message sent again as it was (same signature) is refused, as jupyter_client's Session
    /// refuses a duplicate signature; on every channel sharing the history.
    func testReplayedMessageIsRefused() throws {
        let signer = MessageSigner(key: "k")
        let history = DigestHistory()
        let m = JupyterMessage(header: JupyterMessage.header(type: "execute_request", session: "s"), content: .object([:]))
        let frames = m.encode(signer: signer)
        XCTAssertEqual(try JupyterMessage.decode(frames, signer: signer, history: history), m)
        XCTAssertThrowsError(try JupyterMessage.decode(frames, signer: signer, history: history)) {
            XCTAssertEqual($0 as? JupyterMessage.DecodeError, .duplicateSignature)
        }
        // Another identity in front (another client) does not make it a new message.
        XCTAssertThrowsError(try JupyterMessage.decode([[9]] + frames, signer: signer, history: history))
        // A forged message is not recorded, so it cannot push real signatures out.
        var forged = JupyterMessage(header: JupyterMessage.header(type: "execute_request", session: "s"), content: .object([:]))
            .encode(signer: MessageSigner(key: "wrong"))
        XCTAssertThrowsError(try JupyterMessage.decode(forged, signer: signer, history: history))
        XCTAssertEqual(history.count, 1)
        forged[1] = frames[1]
        XCTAssertThrowsError(try JupyterMessage.decode(forged, signer: signer, history: history)) {
            XCTAssertEqual($0 as? JupyterMessage.DecodeError, .badSignature)
        }
        // Without a key nothing is signed, so nothing can be told apart.
        let open = MessageSigner(key: "")
        let unsigned = m.encode(signer: open)
        _ = try JupyterMessage.decode(unsigned, signer: open, history: history)
        _ = try JupyterMessage.decode(unsigned, signer: open, history: history)
    }

    func testDigestHistoryIsBoundedAndForgetsTheOldest() {
        let history = DigestHistory(capacity: 3)
        for d in 0..<3 { XCTAssertTrue(history.insert([UInt8(d)])) }
        XCTAssertFalse(history.insert([0]))
        XCTAssertTrue(history.insert([3]))  // full: [0] goes
        XCTAssertEqual(history.count, 3)
        XCTAssertTrue(history.insert([0]))  // forgotten, so accepted again; [1] goes
        XCTAssertTrue(history.insert([1]))
        XCTAssertFalse(history.insert([3]))
        XCTAssertFalse(history.insert([0]))
        XCTAssertEqual(history.count, 3)
        XCTAssertEqual(DigestHistory().capacity, 65536)
    }

    func testWrongSignaturesFail() {
        let signer = MessageSigner(key: "secret-key")
        var flipped = Array(pythonDigest.utf8)
        flipped[63] = UInt8(ascii: "b")
        XCTAssertFalse(signer.verify(flipped, parts))
        XCTAssertFalse(signer.verify(Array(pythonDigest.utf8.dropLast(2)), parts))
        XCTAssertFalse(signer.verify(Array("zz".utf8) + Array(pythonDigest.utf8.dropFirst(2)), parts))
        XCTAssertFalse(signer.verify([], parts))
        XCTAssertFalse(MessageSigner(key: "other-key").verify(Array(pythonDigest.utf8), parts))
    }

    func testEmptyKeyMeansNoSigning() {
        let signer = MessageSigner(key: "")
        XCTAssertEqual(signer.signature(parts), "")
        XCTAssertTrue(signer.verify([], parts))
    }

    func testEncodeDecodeRoundTrip() throws {
        let signer = MessageSigner(key: "k")
        let m = JupyterMessage(identities: [[0, 1, 2, 3, 4]], header: JupyterMessage.header(type: "execute_request", session: "s"),
                               content: .object(["code": .string("print 1"), "silent": .bool(false)]))
        let frames = m.encode(signer: signer)
        XCTAssertEqual(frames.count, 7)
        XCTAssertEqual(frames[1], Array("<IDS|MSG>".utf8))
        XCTAssertEqual(frames[6], Array(#"{"code":"print 1","silent":false}"#.utf8))
        let back = try JupyterMessage.decode(frames, signer: signer)
        XCTAssertEqual(back, m)
        XCTAssertEqual(back.type, "execute_request")
        XCTAssertEqual(back.header["version"]?.string, "5.3")
    }

    func testDecodeRefusesForgedAndShortMessages() {
        let m = JupyterMessage(header: JupyterMessage.header(type: "execute_request", session: "s"), content: .object([:]))
        var frames = m.encode(signer: MessageSigner(key: "right"))
        XCTAssertThrowsError(try JupyterMessage.decode(frames, signer: MessageSigner(key: "wrong"))) {
            XCTAssertEqual($0 as? JupyterMessage.DecodeError, .badSignature)
        }
        frames.removeLast()
        XCTAssertThrowsError(try JupyterMessage.decode(frames, signer: MessageSigner(key: "right"))) {
            XCTAssertEqual($0 as? JupyterMessage.DecodeError, .tooFewFrames)
        }
        XCTAssertThrowsError(try JupyterMessage.decode([[1], [2]], signer: MessageSigner(key: ""))) {
            XCTAssertEqual($0 as? JupyterMessage.DecodeError, .noDelimiter)
        }
    }

    func testConnectionFile() throws {
        let json = try JSON.parse(#"{"shell_port": 50001, "iopub_port": 50002, "stdin_port": 50003, "control_port": 50004, "hb_port": 50005, "ip": "127.0.0.1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "scale"}"#)
        let c = try ConnectionInfo(json: json)
        XCTAssertEqual(c.shellPort, 50001)
        XCTAssertEqual(c.heartbeatPort, 50005)
        XCTAssertEqual(c.key, "abc")
        XCTAssertThrowsError(try ConnectionInfo(json: try JSON.parse(#"{"transport": "ipc", "shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5}"#)))
        XCTAssertThrowsError(try ConnectionInfo(json: try JSON.parse(#"{"shell_port": 1}"#)))
    }

    func testHistoryGlob() {
        XCTAssertTrue(Kernel.glob("a*b?", matches: "axxbc"))
        XCTAssertFalse(Kernel.glob("a*b?", matches: "axxb"))
        XCTAssertTrue(Kernel.glob("*", matches: ""))
    }
}
