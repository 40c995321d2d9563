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
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // Numerics and the domain; knows nothing of syntax.
        .target(name: "ScalingCore", dependencies: ["ColumnKernels"]),
        // The column loops of a fit in C, each built for baseline x86-64 and for AVX2 (see its header).
        .target(name: "ColumnKernels"),
        // The prelude written in the language itself, embedded so a copied binary still has it.
        .target(name: "ScaleStdlib", path: "Stdlib", resources: [.embedInCode("prelude.scale")]),
        // Tokenizer, parser, interpreter; numerics only by calling ScalingCore.
        .target(
            name: "ScaleLang",
            dependencies: [
                "ScalingCore", "ScalePlot", "ScaleStdlib",
                .product(name: "CSV", package: "CSV.swift"),
            ]),
        // Terminal (braille) and SVG plots.
        .target(name: "ScalePlot"),
        // Markdown notebooks: cells in, outputs and figures out; runs cells through a closure.
        .target(name: "ScaleNotebook"),
        .systemLibrary(
            name: "CReadline", pkgConfig: "readline",
            providers: [.apt(["libreadline-dev"])]),
        .executableTarget(
            name: "scale",
            dependencies: [
                "ScaleLang", "ScaleNotebook", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // libFuzzer entry over tokenizer → parser → interpreter; a corpus replayer when built normally.
        .executableTarget(name: "scale-fuzz", dependencies: ["ScaleLang", "ScalingCore"], swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .testTarget(name: "ScalingCoreTests", dependencies: ["ScalingCore"], resources: [.copy("Fixtures")]),
        // Expected outputs and scripts that the tests read from the repository by path.
        .testTarget(name: "ScaleLangTests", dependencies: ["ScaleLang"], exclude: ["Golden", "Scripts", "Fixtures"]),
        .testTarget(name: "ScalePlotTests", dependencies: ["ScalePlot"], exclude: ["Golden"]),
        .testTarget(name: "ScaleNotebookTests", dependencies: ["ScaleNotebook"]),
        .testTarget(name: "ScaleCLITests", dependencies: ["scale"]),
    ],
    swiftLanguageModes: [.v5]
)
