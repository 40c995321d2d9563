// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ScaleLab",
    products: [
        .executable(name: "scale", targets: ["scale"]),
        .library(name: "ScalingCore", targets: ["ScalingCore"]),
        .library(name: "ScaleLang", targets: ["ScaleLang"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // Numerics and the domain; knows nothing of syntax.
        .target(name: "ScalingCore", dependencies: ["ColumnKernels", .product(name: "RealModule", package: "swift-numerics")]),
        // The column loops of a fit in C, each built for baseline x86-64 and for AVX2 (see its header).
        .target(name: "ColumnKernels"),
        // The prelude written in the language itself, embedded so a copied binary still has it.
        .target(name: "ScaleStdlib", path: "Stdlib", resources: [.embedInCode("prelude.scale")]),
        // Tables and their readers (delimited text, JSON, JSON Lines, gzip, TensorBoard event files,
        // W&B run folders), missing values and the table verbs; no syntax, no numerics of laws. The
        // protobuf messages of the training logs are generated once from Protos/ and committed.
        .target(
            name: "ScaleData", dependencies: ["CZlib", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Protos"],
            // zlib linked statically, so the binary needs no libz where it runs
            linkerSettings: [.unsafeFlags(["-Xlinker", "-l:libz.a"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // Tokenizer, parser, interpreter; numerics only by calling ScalingCore.
        .target(
            name: "ScaleLang",
            dependencies: ["ScalingCore", "ScaleData", "ScalePlot", "ScaleStdlib"]),
        // Terminal (braille) and SVG plots.
        .target(name: "ScalePlot"),
        // Markdown and .ipynb notebooks: cells in, outputs and figures out; runs cells through a closure.
        .target(name: "ScaleNotebook", dependencies: ["ScaleData"]),
        // ZMTP 3.1's bytes (greeting, frames, commands) as pure functions and a bounded decoder; no
        // networking, so the fuzzer builds it without swift-nio.
        .target(name: "ZMTPWire"),
        // The Jupyter kernel: ZMTP 3.1 over TCP on swift-nio, HMAC-signed messages, protocol 5.3.
        .target(
            name: "ScaleKernel",
            dependencies: [
                "ScaleNotebook", "ZMTPWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .systemLibrary(
            name: "CReadline", pkgConfig: "readline",
            providers: [.apt(["libreadline-dev"])]),
        .executableTarget(
            name: "scale",
            dependencies: [
                "ScaleLang", "ScaleNotebook", "ScaleKernel", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // libFuzzer entry over tokenizer → parser → interpreter, the JSON reader and the ZMTP
        // decoder; a corpus replayer when built normally.
        .executableTarget(name: "scale-fuzz", dependencies: ["ScaleLang", "ScalingCore", "ScaleData", "ZMTPWire"], swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .testTarget(name: "ScalingCoreTests", dependencies: ["ScalingCore"], resources: [.copy("Fixtures")]),
        // Expected outputs and scripts that the tests read from the repository by path.
        .testTarget(name: "ScaleDataTests", dependencies: ["ScaleData"], exclude: ["Fixtures"]),
        .testTarget(name: "ScaleLangTests", dependencies: ["ScaleLang", "CZlib"], exclude: ["Golden", "Scripts", "Fixtures"]),
        .testTarget(name: "ScalePlotTests", dependencies: ["ScalePlot"], exclude: ["Golden"]),
        .testTarget(name: "ScaleNotebookTests", dependencies: ["ScaleNotebook"], exclude: ["Golden"]),
        .testTarget(name: "ScaleKernelTests", dependencies: ["ScaleKernel", "ScaleNotebook", .product(name: "NIOPosix", package: "swift-nio")]),
        .testTarget(name: "ScaleCLITests", dependencies: ["scale", "ScaleNotebook"]),
    ],
    swiftLanguageModes: [.v5]
)
