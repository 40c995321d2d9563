import Foundation
import ScaleLang

/// Fuzzing the whole pipeline: tokenizer → parser → interpreter, on arbitrary bytes.
///
/// Built two ways. For libFuzzer (`.ci/fuzz`): `swift build -c release --product scale-fuzz
/// -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING`, when libFuzzer provides `main` and calls
/// `LLVMFuzzerTestOneInput`. Otherwise it is a replay tool: `scale-fuzz FILE…` runs each file once,
/// which is how the corpus and every crash found become regression tests.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    // Per-input budget: inputs past 4 KiB only slow the search; files and loops are kept small.
    guard size <= 4096, let data else { return size == 0 ? 0 : -1 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    FuzzBudget.run(text)
    return 0
}

enum FuzzBudget {
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
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                failures += 1
                continue
            }
            data.withUnsafeBytes { raw in
                _ = fuzzOneInput(raw.bindMemory(to: UInt8.self).baseAddress, data.count)
            }
        }
        print("replayed \(CommandLine.arguments.count - 1 - failures) inputs")
        exit(failures == 0 ? 0 : 1)
    }
}
#endif
