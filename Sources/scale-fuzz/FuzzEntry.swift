import Foundation
import ScaleData
import ScaleLang
import ScalingCore
import ZMTPWire

/// Fuzzing the whole pipeline: tokenizer → parser → interpreter, on arbitrary bytes.
///
/// Built two ways. For libFuzzer (`.ci/fuzz`): `swift build -c release --product scale-fuzz
/// -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING`, when libFuzzer provides `main` and calls
/// `LLVMFuzzerTestOneInput`. Otherwise it is a replay tool: `scale-fuzz FILE…` runs each file once,
/// which is how the corpus and every crash found become regression tests.
///
/// Four modes, chosen by `SCALE_FUZZ_MODE` (or the replay tool's `--MODE` first argument):
/// - `language` (the default): the bytes are a script.
/// - `simplifier`: the symbolic simplifier, whose input bytes decode into an expression and a point
///   (`SimplifierCheck`); a simplified or compiled value that disagrees with the direct evaluation
///   of the unsimplified expression stops the process, so libFuzzer keeps the input.
/// - `json`: the one JSON reader (`JSONText.parse`, which notebooks and kernel messages use too),
///   on the whole input and on a slice of it.
/// - `zmtp`: the kernel's ZMTP decoder, fed the bytes in chunks (`ZMTPCheck`); a decoded message
///   that does not encode back to the same parts, or a decoder holding more than its limits allow,
///   stops the process.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    // Per-input budget: inputs past 4 KiB only slow the search; files and loops are kept small.
    guard size <= 4096, let data else { return size == 0 ? 0 : -1 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    switch FuzzBudget.mode {
    case .simplifier:
        let (expression, x, y) = SimplifierCheck.decode(Array(bytes))
        if let message = SimplifierCheck.disagreement(expression, x: x, y: y) { fatalError(message) }
    case .json:
        JSONCheck.run(bytes)
    case .zmtp:
        if let message = ZMTPCheck.run(Array(bytes)) { fatalError(message) }
    case .language:
        FuzzBudget.run(String(decoding: bytes, as: UTF8.self))
    }
    return 0
}

enum FuzzMode: String {
    case language, simplifier, json, zmtp
}

enum FuzzBudget {
    /// Which target the inputs are for (see `fuzzOneInput`).
    static var mode = FuzzMode(rawValue: ProcessInfo.processInfo.environment["SCALE_FUZZ_MODE"] ?? "") ?? .language

    /// One interpreter for all inputs would carry state between them; a fresh one costs ~1 ms.
    static func run(_ text: String) {
        let interpreter = Interpreter(output: { _ in }, loadPrelude: true)
        interpreter.limits = .fuzzing
        _ = try? interpreter.run(Source(name: "fuzz", text: text))
    }
}

/// The JSON reader must return or throw on any bytes, whole or sliced, never trap or hang.
enum JSONCheck {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        _ = try? JSONText.parse(bytes)
        // A slice (as a JSON Lines reader parses one line of a larger buffer).
        if bytes.count > 2 {
            let from = Int(bytes[0]) % bytes.count
            _ = try? JSONText.parse(bytes, from: from, to: bytes.count - 1)
        }
        _ = try? JSONText.parse(String(decoding: bytes, as: UTF8.self))
    }
}

/// The ZMTP decoder on arbitrary bytes: the first byte sets the size of the chunks the rest is
/// fed in (as TCP reads split a stream anywhere) and whether small limits are used, so the
/// limits are reached by short inputs too.
enum ZMTPCheck {
    static let small = ZMTPCodec.Limits(frameSize: 300, messageSize: 600, framesPerMessage: 6)

    /// nil when the decoder behaved; otherwise what went wrong.
    static func run(_ input: [UInt8]) -> String? {
        guard let control = input.first else { return nil }
        let bytes = Array(input.dropFirst())
        let chunk = Int(control & 0x3F) + 1
        let limits = control & 0x40 != 0 ? small : .standard
        var decoder = ZMTPCodec.Decoder(limits: limits)
        var start = 0
        if control & 0x80 != 0 {
            // Starting with a greeting, as a connection does.
            decoder.append(bytes.prefix(ZMTPCodec.greetingLength))
            start = min(bytes.count, ZMTPCodec.greetingLength)
            guard (try? decoder.greeting()) != nil else { return nil }
        }
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            decoder.append(bytes[start..<end])
            start = end
            do {
                while let item = try decoder.next() {
                    if let problem = check(item, limits) { return problem }
                }
            } catch {
                return nil  // the connection would be dropped here
            }
            // What is held is at most one frame's header and body, and one read past it.
            let bound = 9 + limits.frameSize + chunk
            if decoder.buffered > bound { return "the decoder holds \(decoder.buffered) bytes, over \(bound)" }
        }
        return nil
    }

    static func check(_ item: ZMTPCodec.Decoder.Item, _ limits: ZMTPCodec.Limits) -> String? {
        switch item {
        case .command(let name, let data):
            _ = try? ZMTPCodec.parseProperties(data)
            // A name that was not UTF-8 reads back with U+FFFD, which may not fit its length byte.
            guard name.utf8.count <= 255 else { return nil }
            var offset = 0
            let frame = ZMTPCodec.command(name, data)
            let back = try? ZMTPCodec.decodeFrame(ZMTPCodec.encode(frame), offset: &offset)
            if back != frame { return "command \(name) does not encode back" }
        case .message(let parts):
            if parts.count > limits.framesPerMessage { return "a message of \(parts.count) frames was let through" }
            let size = parts.reduce(0) { $0 + $1.count }
            if size > limits.messageSize { return "a message of \(size) bytes was let through" }
            var again = ZMTPCodec.Decoder(limits: limits)
            again.append(ZMTPCodec.encode(message: parts))
            guard case .message(let back)? = try? again.next(), back == parts else {
                return "a message of \(parts.count) parts does not encode back"
            }
        }
        return nil
    }
}

#if FUZZING
/// SwiftPM points the executable's `main` at this symbol; hand control to libFuzzer's driver.
@_cdecl("scale_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        fuzzOneInput(data, size)
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32
#else
@main
struct Replay {
    static func main() {
        var failures = 0
        var paths = CommandLine.arguments.dropFirst()
        if let first = paths.first, first.hasPrefix("--"), let mode = FuzzMode(rawValue: String(first.dropFirst(2))) {
            FuzzBudget.mode = mode
            paths = paths.dropFirst()
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                failures += 1
                continue
            }
            data.withUnsafeBytes { raw in
                _ = fuzzOneInput(raw.bindMemory(to: UInt8.self).baseAddress, data.count)
            }
        }
        print("replayed \(paths.count - failures) inputs")
        exit(failures == 0 ? 0 : 1)
    }
}
#endif
