import Foundation
import ScaleNotebook
import Testing

/// `scale kernel install --prefix DIR` writes a kernelspec where Jupyter looks under a prefix.
struct KernelInstallTests {
    @Test func installWritesTheKernelspec() throws {
        let prefix = NSTemporaryDirectory() + "scalelab-kernelspec-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: scaleExecutable)
        p.arguments = ["kernel", "install", "--prefix", prefix]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let dir = prefix + "/share/jupyter/kernels/scale"
        let spec = try JSON.parse(try String(contentsOfFile: dir + "/kernel.json", encoding: .utf8))
        let argv = spec["argv"]?.array?.compactMap(\.string) ?? []
        #expect(argv.dropFirst() == ["kernel", "-f", "{connection_file}"])
        // The binary that installed it, by the absolute path it was run as, links unresolved, so
        // a rebuild in place or an upgrade behind a link is what Jupyter starts.
        #expect(argv.first == scaleExecutable)
        #expect(spec["display_name"] == .string("ScaleLab"))
        #expect(spec["language"] == .string("scale"))
        #expect(spec["interrupt_mode"] == .string("message"))
        for size in [32, 64] {
            let png = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/logo-\(size)x\(size).png"))
            #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            #expect(Array(png[16..<24]) == [0, 0, 0, UInt8(size), 0, 0, 0, UInt8(size)])  // IHDR width and height
            #expect(png.suffix(12) == Data([0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]))  // IEND and its fixed CRC
        }
        #expect(try String(contentsOfFile: dir + "/logo-svg.svg", encoding: .utf8).hasPrefix("<svg"))
    }

    @Test func userAndPrefixTogetherAreRefused() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: scaleExecutable)
        p.arguments = ["kernel", "install", "--user", "--prefix", "/tmp/x"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus != 0)
    }
}
