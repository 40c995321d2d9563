import ArgumentParser
import Foundation
import ScaleKernel
import ScaleLang
import ScaleNotebook
import ScalingCore

/// `scale kernel -f CONNECTION_FILE` runs the Jupyter kernel; `scale kernel install` writes its
/// kernelspec where `jupyter kernelspec list` looks.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel", abstract: "The Jupyter kernel: install its kernelspec, or run it for a connection file.",
        subcommands: [Serve.self, Install.self], defaultSubcommand: Serve.self)

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the kernel (Jupyter starts it so).")
        @Option(name: .short, help: "The connection file Jupyter wrote.") var f: String

        func run() throws {
            guard let data = FileManager.default.contents(atPath: f) else {
                Terminal.writeError("scale kernel: cannot read '\(f)'\n")
                throw ExitCode(1)
            }
            let connection: ConnectionInfo
            do {
                connection = try ConnectionInfo(json: try JSON.parse(Array(data)))
            } catch {
                Terminal.writeError("scale kernel: \(f): \(error)\n")
                throw ExitCode(1)
            }
            KernelSignals.install()
            let info = Kernel.Info(
                implementationVersion: ScalingCoreVersion.string,
                banner: "ScaleLab \(ScalingCoreVersion.string): fit and use scaling laws. :help for help.",
                helpLinks: Self.helpLinks,
                languageInfo: Self.languageInfo)
            let kernel = Kernel(connection: connection, session: LanguageKernelSession(), info: info,
                                log: { Terminal.writeError("[scale kernel] " + $0 + "\n") })
            let status = try kernel.run()
            if status != 0 { throw ExitCode(status) }
        }

        /// The README of the source tree this binary was built from, while it is there: the project
        /// has no published address to point at.
        static var helpLinks: [(text: String, url: String)] {
            let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("README.md")
            return FileManager.default.fileExists(atPath: readme.path) ? [("ScaleLab README", readme.absoluteString)] : []
        }

        static var languageInfo: JSON {
            guard case .object(var o) = IPYNB.languageInfo else { return IPYNB.languageInfo }
            o["version"] = .string(ScalingCoreVersion.string)
            return .object(o)
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the kernelspec (system-wide by default).",
            discussion: "--user installs for this user only; --prefix DIR under DIR/share/jupyter (a virtual environment's sys.prefix).")
        @Flag(help: "Install for this user (the Jupyter data directory).") var user = false
        @Option(help: "Install under DIR/share/jupyter/kernels.") var prefix: String?

        func run() throws {
            if user && prefix != nil { throw ValidationError("give --user or --prefix, not both") }
            let base: String
            if let prefix {
                base = prefix + "/share/jupyter"
            } else if user {
                let env = ProcessInfo.processInfo.environment
                base = env["JUPYTER_DATA_DIR"] ?? ((env["XDG_DATA_HOME"] ?? NSHomeDirectory() + "/.local/share") + "/jupyter")
            } else {
                base = "/usr/local/share/jupyter"
            }
            let dir = base + "/kernels/scale"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let executable = Self.executablePath()
            let spec: JSON = .object([
                "argv": .array([.string(executable), .string("kernel"), .string("-f"), .string("{connection_file}")]),
                "display_name": .string("ScaleLab"),
                "language": .string("scale"),
                // Interrupts come as interrupt_request on the control channel (SIGINT works too).
                "interrupt_mode": .string("message"),
                "metadata": .object([:]),
            ])
            try AtomicFile.write(spec.serialized(indent: 1) + "\n", to: dir + "/kernel.json")
            try AtomicFile.write(KernelLogo.svg, to: dir + "/logo-svg.svg")
            for size in [32, 64] {
                try AtomicFile.write([UInt8](KernelLogo.png(size: size)), to: dir + "/logo-\(size)x\(size).png")
            }
            Terminal.write("installed the ScaleLab kernel in \(dir); it starts \(executable), the path this was run as\n")
        }

        /// This binary as the user ran it, made absolute but with its links left in place: the
        /// kernelspec then starts whatever is at that path (`.build/release/scale` after a rebuild,
        /// `/usr/local/bin/scale` after an upgrade), where the resolved file would go stale.
        static func executablePath() -> String {
            let arg = CommandLine.arguments[0]
            if arg.contains("/") {
                return arg.hasPrefix("/") ? arg : FileManager.default.currentDirectoryPath + "/" + arg
            }
            // found on PATH, as the shell found it
            for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") where dir.hasPrefix("/") {
                let candidate = dir + "/" + arg
                if access(candidate, X_OK) == 0 { return candidate }
            }
            return (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arg
        }
    }
}

/// SIGINT stops a running cell, as `interrupt_request` does (Jupyter sends either).
enum KernelSignals {
    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.request() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked or ignored.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    }
}
