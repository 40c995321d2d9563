import Foundation
import ScaleNotebook
import XCTest
@testable import ScaleKernel

/// The kernel's dispatch over real sockets with a stand-in session: replies are signed and
/// parented, outputs go to iopub between busy and idle, and a wrongly signed request never runs.
final class KernelTests: XCTestCase {
    final class FakeSession: KernelSession {
        let lock = NSLock()
        var executed: [String] = []
        var languageVersion: String { "0.0" }
        func execute(_ code: String, executionCount: Int, emit: @escaping (CellOutput) -> Void) -> CellOutput? {
            lock.lock()
            executed.append(code)
            lock.unlock()
            if code == "fail" {
                Thread.sleep(forTimeInterval: 0.3)  // long enough for the next request to queue behind it
                let error = CellOutput.error(name: "RuntimeError", value: "failed", traceback: ["failed"])
                emit(error)
                return error
            }
            emit(.stream(name: "stdout", text: "ran \(code)\n"))
            emit(.result(data: ["text/plain": "\(executionCount)"]))
            return nil
        }
        func complete(_ code: String, cursor: Int) -> (matches: [String], start: Int, end: Int) { (["print"], 0, cursor) }
        func inspect(_ code: String, cursor: Int) -> String? { nil }
        func isComplete(_ code: String) -> Completeness { code.hasSuffix("+") ? .incomplete(indent: "") : .complete }
        func interrupt() {}
    }

    /// A free port on the loopback address (bound, read, released).
    func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Int32 in
                _ = bind(fd, p, len)
                return getsockname(fd, p, &len)
            }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    func testSignedRequestsRunAndForgedOnesDoNot() throws {
        let ports = (0..<5).map { _ in freePort() }
        let connection = try ConnectionInfo(json: .object([
            "shell_port": .number(Double(ports[0])), "iopub_port": .number(Double(ports[1])), "stdin_port": .number(Double(ports[2])),
            "control_port": .number(Double(ports[3])), "hb_port": .number(Double(ports[4])), "ip": .string("127.0.0.1"),
            "key": .string("right-key"),
        ]))
        let session = FakeSession()
        let kernel = Kernel(connection: connection, session: session,
                            info: Kernel.Info(implementationVersion: "0", banner: "b", helpLinks: [], languageInfo: .object(["name": .string("scale")])),
                            log: { _ in })
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? kernel.run()
            done.signal()
        }
        // Connect once the kernel listens.
        var shellPeer: ZMTPSocketTests.Peer?
        for _ in 0..<100 where shellPeer == nil {
            shellPeer = try? ZMTPSocketTests.Peer(port: ports[0])
            if shellPeer == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        let shell = try XCTUnwrap(shellPeer)
        _ = try shell.handshake(type: "DEALER", identity: Array("client".utf8))
        let iopub = try ZMTPSocketTests.Peer(port: ports[1])
        _ = try iopub.handshake(type: "SUB")
        iopub.send(ZMTPCodec.encode(ZMTPCodec.Frame(body: [1])))
        Thread.sleep(forTimeInterval: 0.2)

        let right = MessageSigner(key: "right-key")
        func request(_ type: String, _ content: JSON, signer: MessageSigner) -> JupyterMessage {
            let m = JupyterMessage(header: JupyterMessage.header(type: type, session: "client-session"), content: content)
            shell.send(ZMTPCodec.encode(message: m.encode(signer: signer)))
            return m
        }
        // Forged first: it must be dropped, so the next reply answers the signed request.
        _ = request("execute_request", .object(["code": .string("forged")]), signer: MessageSigner(key: "wrong-key"))
        let run = request("execute_request", .object(["code": .string("x = 1")]), signer: right)
        let replyFrames = try XCTUnwrap(shell.message())
        let reply = try JupyterMessage.decode(replyFrames, signer: right)
        XCTAssertEqual(reply.type, "execute_reply")
        XCTAssertEqual(reply.parentHeader["msg_id"], run.header["msg_id"])
        XCTAssertEqual(reply.content["status"]?.string, "ok")
        XCTAssertEqual(reply.content["execution_count"]?.number, 1)
        XCTAssertEqual(session.executed, ["x = 1"])

        // iopub: starting, then busy, execute_input, stream, execute_result, idle for the request.
        var types: [String] = []
        while types.last != "idle" {
            let m = try JupyterMessage.decode(try XCTUnwrap(iopub.message()), signer: right)
            guard m.parentHeader["msg_id"] == run.header["msg_id"] else { continue }
            types.append(m.type == "status" ? m.content["execution_state"]?.string ?? "" : m.type)
        }
        XCTAssertEqual(types, ["busy", "execute_input", "stream", "execute_result", "idle"])

        // A failed cell aborts the cells queued behind it (stop_on_error defaults to true).
        let failing = request("execute_request", .object(["code": .string("fail")]), signer: right)
        let behind = request("execute_request", .object(["code": .string("after")]), signer: right)
        let failed = try JupyterMessage.decode(try XCTUnwrap(shell.message()), signer: right)
        XCTAssertEqual(failed.parentHeader["msg_id"], failing.header["msg_id"])
        XCTAssertEqual(failed.content["status"]?.string, "error")
        XCTAssertEqual(failed.content["ename"]?.string, "RuntimeError")
        let abortedReply = try JupyterMessage.decode(try XCTUnwrap(shell.message()), signer: right)
        XCTAssertEqual(abortedReply.parentHeader["msg_id"], behind.header["msg_id"])
        XCTAssertEqual(abortedReply.content["status"]?.string, "aborted")
        XCTAssertEqual(session.executed, ["x = 1", "fail"])

        let check = request("is_complete_request", .object(["code": .string("1 +")]), signer: right)
        let answer = try JupyterMessage.decode(try XCTUnwrap(shell.message()), signer: right)
        XCTAssertEqual(answer.parentHeader["msg_id"], check.header["msg_id"])
        XCTAssertEqual(answer.content["status"]?.string, "incomplete")

        _ = request("shutdown_request", .object(["restart": .bool(false)]), signer: right)
        let bye = try JupyterMessage.decode(try XCTUnwrap(shell.message()), signer: right)
        XCTAssertEqual(bye.type, "shutdown_reply")
        XCTAssertEqual(done.wait(timeout: .now() + 5), .success)
    }

    /// A signed request sent again byte for byte (as a peer that captured it could) runs once; a
    /// signature in capitals is not the signature. The replies that come are those of the next
    /// genuine requests.
    func testReplayedAndUppercaseSignedRequestsDoNotRun() throws {
        let ports = (0..<5).map { _ in freePort() }
        let connection = try ConnectionInfo(json: .object([
            "shell_port": .number(Double(ports[0])), "iopub_port": .number(Double(ports[1])), "stdin_port": .number(Double(ports[2])),
            "control_port": .number(Double(ports[3])), "hb_port": .number(Double(ports[4])), "ip": .string("127.0.0.1"),
            "key": .string("right-key"),
        ]))
        let session = FakeSession()
        nonisolated(unsafe) var logged: [String] = []
        let logLock = NSLock()
        let kernel = Kernel(connection: connection, session: session,
                            info: Kernel.Info(implementationVersion: "0", banner: "b", helpLinks: [], languageInfo: .object(["name": .string("scale")])),
                            log: { line in logLock.lock(); logged.append(line); logLock.unlock() })
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? kernel.run()
            done.signal()
        }
        var shellPeer: ZMTPSocketTests.Peer?
        for _ in 0..<100 where shellPeer == nil {
            shellPeer = try? ZMTPSocketTests.Peer(port: ports[0])
            if shellPeer == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        let shell = try XCTUnwrap(shellPeer)
        _ = try shell.handshake(type: "DEALER", identity: Array("client".utf8))
        let right = MessageSigner(key: "right-key")
        func frames(_ code: String) -> (JupyterMessage, [[UInt8]]) {
            let m = JupyterMessage(header: JupyterMessage.header(type: "execute_request", session: "client-session"),
                                   content: .object(["code": .string(code)]))
            return (m, m.encode(signer: right))
        }

        let (first, firstFrames) = frames("x = 1")
        shell.send(ZMTPCodec.encode(message: firstFrames))
        let reply = try JupyterMessage.decode(try XCTUnwrap(shell.message()), signer: right)
        XCTAssertEqual(reply.parentHeader["msg_id"], first.header["msg_id"])

        // The same bytes again, then the same request re-signed in capitals, then a new one.
        shell.send(ZMTPCodec.encode(message: firstFrames))
        var (_, upper) = frames("upper = 1")
        upper[1] = Array(String(decoding: upper[1], as: UTF8.self).uppercased().utf8)
        shell.send(ZMTPCodec.encode(message: upper))
        let (second, secondFrames) = frames("y = 2")
        shell.send(ZMTPCodec.encode(message: secondFrames))
        let next = try JupyterMessage.decode(try XCTUnwrap(shell.message()), signer: right)
        XCTAssertEqual(next.parentHeader["msg_id"], second.header["msg_id"])
        XCTAssertEqual(next.content["execution_count"]?.number, 2)
        XCTAssertEqual(session.executed, ["x = 1", "y = 2"])
        logLock.lock()
        XCTAssertEqual(logged.filter { $0.hasPrefix("dropped") },
                       ["dropped a message on shell: a signature already seen (a replayed message)",
                        "dropped a message on shell: bad signature"])
        logLock.unlock()

        let stop = JupyterMessage(header: JupyterMessage.header(type: "shutdown_request", session: "client-session"),
                                  content: .object(["restart": .bool(false)])).encode(signer: right)
        shell.send(ZMTPCodec.encode(message: stop))
        _ = shell.message()
        XCTAssertEqual(done.wait(timeout: .now() + 5), .success)
    }
}
