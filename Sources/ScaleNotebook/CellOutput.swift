/// One output of a code cell, as Jupyter has them: what the kernel publishes on IOPub and what a
/// `.ipynb` file keeps (nbformat 4 output types). The kernel and `scale notebook run` both build
/// these from the same runner, so a notebook run either way holds the same outputs.
public enum CellOutput: Equatable, Sendable {
    /// `print` text (stdout) or warnings (stderr).
    case stream(name: String, text: String)
    /// An echoed value: mime type → text (`text/plain` always; `text/html` for tables and fits).
    case result(data: [String: String])
    /// A figure: `image/svg+xml` with a `text/plain` fallback.
    case display(data: [String: String])
    /// A failed cell: the error's kind, its message, and the diagnostic with its caret.
    case error(name: String, value: String, traceback: [String])

    /// nbformat's JSON for this output; `count` is the cell's execution count (results carry it).
    public func json(executionCount count: Int?) -> JSON {
        switch self {
        case .stream(let name, let text):
            return .object(["output_type": .string("stream"), "name": .string(name), "text": .string(text)])
        case .result(let data):
            return .object([
                "output_type": .string("execute_result"), "data": CellOutput.bundle(data), "metadata": .object([:]),
                "execution_count": count.map { .number(Double($0)) } ?? .null,
            ])
        case .display(let data):
            return .object(["output_type": .string("display_data"), "data": CellOutput.bundle(data), "metadata": .object([:])])
        case .error(let name, let value, let traceback):
            return .object([
                "output_type": .string("error"), "ename": .string(name), "evalue": .string(value),
                "traceback": .array(traceback.map { .string($0) }),
            ])
        }
    }

    static func bundle(_ data: [String: String]) -> JSON {
        .object(data.mapValues { .string($0) })
    }

    /// Reads an nbformat output (strings may be split into lists of lines); nil for output types
    /// this language never produces.
    public init?(json: JSON) {
        func text(_ v: JSON?) -> String? {
            if let s = v?.string { return s }
            if let lines = v?.array { return lines.compactMap(\.string).joined() }
            return nil
        }
        func bundle(_ v: JSON?) -> [String: String] {
            var out: [String: String] = [:]
            for (k, v) in v?.object ?? [:] { out[k] = text(v) ?? v.serialized() }
            return out
        }
        switch json["output_type"]?.string {
        case "stream": self = .stream(name: json["name"]?.string ?? "stdout", text: text(json["text"]) ?? "")
        case "execute_result": self = .result(data: bundle(json["data"]))
        case "display_data": self = .display(data: bundle(json["data"]))
        case "error":
            self = .error(name: json["ename"]?.string ?? "", value: json["evalue"]?.string ?? "",
                          traceback: json["traceback"]?.array?.compactMap(\.string) ?? [])
        default: return nil
        }
    }

    /// Consecutive stream outputs of the same name as one, as Jupyter's clients show them.
    public static func merged(_ outputs: [CellOutput]) -> [CellOutput] {
        var out: [CellOutput] = []
        for o in outputs {
            if case .stream(let name, let text) = o, case .stream(let lastName, let lastText)? = out.last, lastName == name {
                out[out.count - 1] = .stream(name: name, text: lastText + text)
            } else {
                out.append(o)
            }
        }
        return out
    }
}
