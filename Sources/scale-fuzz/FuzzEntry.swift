import Foundation
import ScaleLang
import ScalingCore

/// Fuzzing the whole pipeline: tokenizer → parser → interpreter, on arbitrary bytes.
///
/// Built two ways. For libFuzzer (`.ci/fuzz`): `swift build -c release --product scale-fuzz
/// -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING`, when libFuzzer provides `main` and calls
/// `LLVMFuzzerTestOneInput`. Otherwise it is a replay tool: `scale-fuzz FILE…` runs each file once,
/// which is how the corpus and every crash found become regression tests.
///
/// Two modes: the language (the default), and with `SCALE_FUZZ_MODE=simplifier` (or the replay
/// tool's `--simplifier`) the symbolic simplifier, whose input bytes decode into an expression and
/// a point (`SimplifierCheck`); a simplified or compiled value that disagrees with the direct
/// evaluation of the unsimplified expression stops the process, so libFuzzer keeps the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    // Per-input budget: inputs past 4 KiB only slow the search; files and loops are kept small.
    guard size <= 4096, let data else { return size == 0 ? 0 : -1 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if FuzzBudget.simplifierMode {
        let (expression, x, y) = SimplifierCheck.decode(Array(bytes))
        if let message = SimplifierCheck.disagreement(expression, x: x, y: y) { fatalError(message) }
        return 0
    }
    FuzzBudget.run(String(decoding: bytes, as: UTF8.self))
    return 0
}

enum FuzzBudget {
    /// Which target the inputs are for (see `fuzzOneInput`).
    static var simplifierMode = ProcessInfo.processInfo.environment["SCALE_FUZZ_MODE"] == "simplifier"

    /// One interpreter for all inputs would carry state between them; a fresh one costs ~1 ms.
    static func run(_ text: String) {
        let interpreter = Interpreter(output: { _ in }, loadPrelude: true)
        interpreter.limits = .fuzzing
        _ = try? interpreter.run(Source(name: "fuzz", text: text))
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
        if paths.first == "--simplifier" {
            FuzzBudget.simplifierMode = true
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
