import Foundation
import NIOCore
import NIOPosix
import ScaleNotebook

/// A Jupyter kernel (messaging protocol 5.3) over five ZMTP sockets: shell, control and stdin
/// (ROUTER), iopub (PUB) and heartbeat (REP).
///
/// Shell requests run one at a time on one thread with a large stack (the interpreter's); control
/// requests are answered on their own queue, so `interrupt_request` reaches a cell while it runs.
public final class Kernel: @unchecked Sendable {
    /// What `kernel_info_reply` tells the front end about the kernel and its language.
    public struct Info: Sendable {
        /// The implementation's name, "scale".
        public var implementation = "scale"
        /// The implementation's version.
        public var implementationVersion: String
        /// The banner a console shows at start.
        public var banner: String
        /// Help menu entries: each a label and its URL.
        public var helpLinks: [(text: String, url: String)]
        /// The reply's `language_info` object.
        public var languageInfo: JSON

        /// Info with `implementation` "scale" and the rest as given.
        public init(implementationVersion: String, banner: String, helpLinks: [(text: String, url: String)], languageInfo: JSON) {
            self.implementationVersion = implementationVersion
            self.banner = banner
            self.helpLinks = helpLinks
            self.languageInfo = languageInfo
        }
    }

    let connection: ConnectionInfo
    let session: KernelSession
    let info: Info
    let signer: MessageSigner
    /// Signatures already accepted on shell and control: a replayed request is dropped.
    let digests = DigestHistory()
    let log: (String) -> Void
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let shell: ZMTPSocket
    let control: ZMTPSocket
    let stdin: ZMTPSocket
    let iopub: ZMTPSocket
    let heartbeat: ZMTPSocket
    let sessionID = UUID().uuidString.lowercased()
    let controlQueue = DispatchQueue(label: "scale.kernel.control")
    /// Put at the head of the shell queue by a control shutdown: the execution thread stops.
    static let stopType = "scale_kernel_stop"

    /// Shell requests waiting for the execution thread.
    private let lock = NSLock()
    private var queue: [JupyterMessage] = []
    private let queued = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    // Touched only on the execution thread.
    private var executionCount = 0
    private var history: [(count: Int, input: String, output: String?)] = []

    /// A kernel for the channels of `connection`, running cells in `session`; `log` receives diagnostic lines.
    public init(connection: ConnectionInfo, session: KernelSession, info: Info, log: @escaping (String) -> Void) {
        self.connection = connection
        self.session = session
        self.info = info
        self.log = log
        signer = MessageSigner(key: connection.key)
        let loop = group.next()
        shell = ZMTPSocket(kind: .router, eventLoop: loop)
        control = ZMTPSocket(kind: .router, eventLoop: loop)
        stdin = ZMTPSocket(kind: .router, eventLoop: loop)
        iopub = ZMTPSocket(kind: .publisher, eventLoop: loop)
        heartbeat = ZMTPSocket(kind: .replier, eventLoop: loop)
    }

    /// Binds every channel to the connection file's address and serves until a shutdown request.
    /// Returns the exit status.
    public func run() throws -> Int32 {
        for socket in [shell, control, stdin, iopub, heartbeat] { socket.log = log }
        shell.onMessage = { [self] frames in
            guard let message = decode(frames, channel: "shell") else { return }
            lock.lock()
            queue.append(message)
            lock.unlock()
            queued.signal()
        }
        control.onMessage = { [self] frames in
            guard let message = decode(frames, channel: "control") else { return }
            controlQueue.async { self.handleControl(message) }
        }
        stdin.onMessage = { _ in }  // this language never asks for input
        let ip = connection.ip
        _ = try shell.bind(host: ip, port: connection.shellPort)
        _ = try control.bind(host: ip, port: connection.controlPort)
        _ = try stdin.bind(host: ip, port: connection.stdinPort)
        _ = try iopub.bind(host: ip, port: connection.iopubPort)
        _ = try heartbeat.bind(host: ip, port: connection.heartbeatPort)
        log("ScaleLab kernel listening on \(ip) (shell \(connection.shellPort), iopub \(connection.iopubPort))")

        let worker = Thread { [self] in
            publishStatus("starting", parent: nil)
            while true {
                queued.wait()
                lock.lock()
                // Aborted requests leave their wake-ups behind: an empty queue just waits again.
                guard !queue.isEmpty else {
                    lock.unlock()
                    continue
                }
                let message = queue.removeFirst()
                lock.unlock()
                if message.type == Kernel.stopType || !handleShell(message) { break }
            }
            finished.signal()
        }
        worker.stackSize = 1 << 30
        worker.start()
        finished.wait()
        // Give the last replies time to leave before the sockets close.
        Thread.sleep(forTimeInterval: 0.1)
        for socket in [shell, control, stdin, iopub, heartbeat] { socket.close() }
        return 0
    }

    /// Unsigned, wrongly signed or replayed messages are dropped and logged, never acted on.
    func decode(_ frames: [[UInt8]], channel: String) -> JupyterMessage? {
        do {
            return try JupyterMessage.decode(frames, signer: signer, history: digests)
        } catch {
            log("dropped a message on \(channel): \(error)")
            return nil
        }
    }

    // MARK: - Sending

    func reply(to request: JupyterMessage, type: String, content: JSON, on socket: ZMTPSocket) {
        let m = JupyterMessage(identities: request.identities, header: JupyterMessage.header(type: type, session: sessionID),
                               parentHeader: request.header, content: content)
        socket.send(m.encode(signer: signer))
    }

    func publish(_ type: String, _ content: JSON, parent: JupyterMessage?) {
        let topic = Array("kernel.\(sessionID).\(type)".utf8)
        let m = JupyterMessage(identities: [topic], header: JupyterMessage.header(type: type, session: sessionID),
                               parentHeader: parent?.header ?? .object([:]), content: content)
        iopub.send(m.encode(signer: signer))
    }

    func publishStatus(_ state: String, parent: JupyterMessage?) {
        publish("status", .object(["execution_state": .string(state)]), parent: parent)
    }

    // MARK: - Shell

    /// Handles one shell request between busy and idle; false after a shutdown request.
    func handleShell(_ m: JupyterMessage) -> Bool {
        publishStatus("busy", parent: m)
        defer { publishStatus("idle", parent: m) }
        switch m.type {
        case "kernel_info_request":
            reply(to: m, type: "kernel_info_reply", content: kernelInfo(), on: shell)
        case "execute_request":
            execute(m)
        case "complete_request":
            let code = m.content["code"]?.string ?? ""
            let cursor = Int(m.content["cursor_pos"]?.number ?? Double(code.unicodeScalars.count))
            let c = session.complete(code, cursor: cursor)
            reply(to: m, type: "complete_reply", content: .object([
                "status": .string("ok"), "matches": .array(c.matches.map { .string($0) }),
                "cursor_start": .number(Double(c.start)), "cursor_end": .number(Double(c.end)), "metadata": .object([:]),
            ]), on: shell)
        case "inspect_request":
            let code = m.content["code"]?.string ?? ""
            let cursor = Int(m.content["cursor_pos"]?.number ?? Double(code.unicodeScalars.count))
            let text = session.inspect(code, cursor: cursor)
            reply(to: m, type: "inspect_reply", content: .object([
                "status": .string("ok"), "found": .bool(text != nil),
                "data": .object(text.map { ["text/plain": .string($0)] } ?? [:]), "metadata": .object([:]),
            ]), on: shell)
        case "is_complete_request":
            var content: [String: JSON]
            switch session.isComplete(m.content["code"]?.string ?? "") {
            case .complete: content = ["status": .string("complete")]
            case .invalid: content = ["status": .string("invalid")]
            case .incomplete(let indent): content = ["status": .string("incomplete"), "indent": .string(indent)]
            }
            reply(to: m, type: "is_complete_reply", content: .object(content), on: shell)
        case "history_request":
            reply(to: m, type: "history_reply", content: historyReply(m.content), on: shell)
        case "comm_info_request":
            reply(to: m, type: "comm_info_reply", content: .object(["status": .string("ok"), "comms": .object([:])]), on: shell)
        case "shutdown_request":
            shutdown(m, on: shell)
            return false
        default:
            log("ignored a \(m.type) on shell")
        }
        return true
    }

    func kernelInfo() -> JSON {
        .object([
            "status": .string("ok"),
            "protocol_version": .string(JupyterMessage.protocolVersion),
            "implementation": .string(info.implementation),
            "implementation_version": .string(info.implementationVersion),
            "language_info": info.languageInfo,
            "banner": .string(info.banner),
            "help_links": .array(info.helpLinks.map { .object(["text": .string($0.text), "url": .string($0.url)]) }),
            "debugger": .bool(false),
        ])
    }

    func execute(_ m: JupyterMessage) {
        let code = m.content["code"]?.string ?? ""
        let silent = m.content["silent"]?.bool ?? false
        let store = (m.content["store_history"]?.bool ?? true) && !silent
        if store { executionCount += 1 }
        let count = executionCount
        if !silent {
            publish("execute_input", .object(["code": .string(code), "execution_count": .number(Double(count))]), parent: m)
        }
        var lastResult: String?
        let failure = session.execute(code, executionCount: count) { [self] output in
            if case .result(let data) = output { lastResult = data["text/plain"] }
            guard !silent else { return }
            switch output {
            case .stream(let name, let text):
                publish("stream", .object(["name": .string(name), "text": .string(text)]), parent: m)
            case .result(let data):
                publish("execute_result", .object([
                    "execution_count": .number(Double(count)), "data": .object(data.mapValues { .string($0) }), "metadata": .object([:]),
                ]), parent: m)
            case .display(let data):
                publish("display_data", .object([
                    "data": .object(data.mapValues { .string($0) }), "metadata": .object([:]), "transient": .object([:]),
                ]), parent: m)
            case .error(let name, let value, let traceback):
                publish("error", .object([
                    "ename": .string(name), "evalue": .string(value), "traceback": .array(traceback.map { .string($0) }),
                ]), parent: m)
            }
        }
        if store { history.append((count, code, lastResult)) }
        var content: [String: JSON] = ["execution_count": .number(Double(count))]
        if case .error(let name, let value, let traceback)? = failure {
            content["status"] = .string("error")
            content["ename"] = .string(name)
            content["evalue"] = .string(value)
            content["traceback"] = .array(traceback.map { .string($0) })
        } else {
            content["status"] = .string("ok")
            content["user_expressions"] = .object([:])
            content["payload"] = .array([])
        }
        // After a failed cell, the cells already queued behind it (a notebook's "run all") are
        // answered as aborted instead of run against a state the failure left incomplete. They are
        // taken before the reply goes out: a request sent after seeing the error is a new one.
        var aborted: [JupyterMessage] = []
        if failure != nil, m.content["stop_on_error"]?.bool ?? true {
            lock.lock()
            aborted = queue.filter { $0.type == "execute_request" }
            queue.removeAll { $0.type == "execute_request" }
            lock.unlock()
        }
        reply(to: m, type: "execute_reply", content: .object(content), on: shell)
        for m in aborted {
            publishStatus("busy", parent: m)
            reply(to: m, type: "execute_reply", content: .object(["status": .string("aborted"), "execution_count": .number(Double(executionCount))]), on: shell)
            publishStatus("idle", parent: m)
        }
    }

    /// `tail` (the last n inputs), `range` (this session's, by line) and `search` (glob with `*`
    /// and `?`); entries are [session, line, input] with session 0 meaning this one. Inputs are
    /// kept for this process only, as the REPL's history file is the REPL's.
    func historyReply(_ request: JSON) -> JSON {
        var entries = history
        switch request["hist_access_type"]?.string {
        case "range":
            let start = Int(request["start"]?.number ?? 0), stop = request["stop"]?.number.map { Int($0) }
            entries = entries.filter { e in e.count >= start && (stop.map { e.count < $0 } ?? true) }
        case "search":
            let pattern = request["pattern"]?.string ?? "*"
            entries = entries.filter { Kernel.glob(pattern, matches: $0.input) }
            if request["unique"]?.bool ?? false {
                var seen = Set<String>()
                entries = entries.reversed().filter { seen.insert($0.input).inserted }.reversed()
            }
            if let n = request["n"]?.number { entries = Array(entries.suffix(Int(n))) }
        default:
            if let n = request["n"]?.number { entries = Array(entries.suffix(Int(n))) }
        }
        // With `output`, each entry's third item is [input, output] (the last result's text or null).
        let withOutput = request["output"]?.bool ?? false
        return .object([
            "status": .string("ok"),
            "history": .array(entries.map { e in
                let item: JSON = withOutput ? .array([.string(e.input), e.output.map { .string($0) } ?? .null]) : .string(e.input)
                return .array([.number(0), .number(Double(e.count)), item])
            }),
        ])
    }

    /// Shell-style glob: `*` any run of characters, `?` one character.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: t.count + 1), count: p.count + 1)
        func match(_ i: Int, _ j: Int) -> Bool {
            if let known = memo[i][j] { return known }
            let result: Bool
            if i == p.count {
                result = j == t.count
            } else if p[i] == "*" {
                result = match(i + 1, j) || (j < t.count && match(i, j + 1))
            } else {
                result = j < t.count && (p[i] == "?" || p[i] == t[j]) && match(i + 1, j + 1)
            }
            memo[i][j] = result
            return result
        }
        return match(0, 0)
    }

    // MARK: - Control

    func handleControl(_ m: JupyterMessage) {
        switch m.type {
        case "interrupt_request":
            session.interrupt()
            reply(to: m, type: "interrupt_reply", content: .object(["status": .string("ok")]), on: control)
        case "kernel_info_request":
            reply(to: m, type: "kernel_info_reply", content: kernelInfo(), on: control)
        case "shutdown_request":
            // A running cell is stopped first, so that the execution thread can take the request.
            session.interrupt()
            shutdown(m, on: control)
            lock.lock()
            queue.insert(JupyterMessage(header: .object(["msg_type": .string(Kernel.stopType)]), content: .object([:])), at: 0)
            lock.unlock()
            queued.signal()
        default:
            log("ignored a \(m.type) on control")
        }
    }

    func shutdown(_ m: JupyterMessage, on socket: ZMTPSocket) {
        let restart = m.content["restart"]?.bool ?? false
        reply(to: m, type: "shutdown_reply", content: .object(["status": .string("ok"), "restart": .bool(restart)]), on: socket)
    }
}
