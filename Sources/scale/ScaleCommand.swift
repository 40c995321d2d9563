import ArgumentParser
import Foundation
import ScaleLang
import ScalingCore

/// `scale [FILE [ARGS…]]`, `scale -e CODE`, `scale help [TOPIC]`, `scale notebook run|check|html FILE.md`.
@main
struct ScaleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "ScaleLab: a language for fitting and using scaling laws.",
        discussion: """
            With no FILE and a terminal, starts the interactive REPL. With no FILE and piped input, \
            runs standard input as a script. Arguments after FILE are the script's, as the text \
            vector `args` (so `#!/usr/bin/env scale` scripts take arguments).
            """,
        version: "ScaleLab \(ScalingCoreVersion.string)",
        subcommands: [RunCommand.self, NotebookCommand.self, KernelCommand.self, HelpTopicCommand.self],
        defaultSubcommand: RunCommand.self)

    /// `scale FILE [ARGS…]` and `scale -e CODE`, the forms scripts and benchmarks run hundreds of
    /// times, go straight to the run: ArgumentParser's first parse reflects over every command's
    /// properties, and each of its first protocol-conformance lookups scans every conformance
    /// record in the binary: about 2.5 ms of the 12 that `scale -e 'print 1'` took (static build).
    /// Everything else, and every argument that could be an option or a subcommand, is
    /// ArgumentParser's.
    static func main() {
        if let invocation = ScriptInvocation(plainArguments: Array(CommandLine.arguments.dropFirst()),
                                             subcommands: configuration.subcommands.compactMap { $0.configuration.commandName }) {
            Foundation.exit(invocation.run())
        }
        main(nil)
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a script, a string, or the REPL.")

    // Unconditional: the code is the next argument whatever it looks like (`-e '-2^2'`).
    @Option(name: .short, parsing: .unconditional, help: "Run CODE instead of a file.")
    var e: String?

    @Flag(name: .long, help: "Do not load the Stdlib prelude.")
    var noPrelude = false

    @ArgumentParser.Argument(help: "A .scale script to run.")
    var file: String?

    @ArgumentParser.Argument(parsing: .captureForPassthrough, help: "Arguments for the script, as its text vector 'args'.")
    var arguments: [String] = []

    func validate() throws {
        if e != nil, let extra = file ?? arguments.first {
            throw ValidationError("unexpected argument '\(extra)': -e runs its own code, not a file")
        }
    }

    func run() throws {
        let code = ScriptInvocation(code: e, noPrelude: noPrelude, file: file, arguments: arguments).run()
        if code != 0 { throw ExitCode(code) }
    }
}

/// What `scale run` does once its arguments are known: run CODE, a file (with its arguments), a
/// piped script or the REPL. Returns the exit status.
struct ScriptInvocation {
    let code: String?
    let noPrelude: Bool
    let file: String?
    let arguments: [String]

    func run() -> Int32 {
        if let file {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) {
                Terminal.writeError("scale: cannot open '\(file)': no such file\n")
                return 1
            }
            if isDirectory.boolValue {
                Terminal.writeError("scale: '\(file)' is a directory, not a script (scale FILE.scale runs one; scale notebook run FILE.md a notebook)\n")
                return 1
            }
        }
        let status: Int32 = onLargeStack {
            let session = Session(loadPrelude: !noPrelude)
            if let code {
                return session.runScript(Source(name: "-e", text: code))
            }
            if let file {
                guard let data = FileManager.default.contents(atPath: file) else {
                    Terminal.writeError("scale: cannot read '\(file)'\n")
                    return 1
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    Terminal.writeError("scale: '\(file)' is not UTF-8 text\n")
                    return 1
                }
                session.interpreter.define("args", .strings(arguments))
                // a script's relative paths are its folder's, as a notebook's are, so it runs from anywhere
                session.interpreter.baseDirectory = URL(fileURLWithPath: file).deletingLastPathComponent().path
                return session.runScript(Source(name: file, text: text))
            }
            if isatty(STDIN_FILENO) != 0 {
                return REPL(session: session).run()
            }
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return session.runScript(Source(name: "<stdin>", text: String(decoding: data, as: UTF8.self)))
        }
        Terminal.flush()
        return status
    }
}

extension ScriptInvocation {
    /// The run for command-line arguments that can only mean `scale -e CODE` or
    /// `scale FILE [ARGS…]`: FILE not an option (no leading `-`) nor a subcommand's name, so
    /// that the arguments mean exactly what ArgumentParser would make of them; nil otherwise.
    init?(plainArguments args: [String], subcommands: [String]) {
        if args.count == 2, args[0] == "-e" {
            self.init(code: args[1], noPrelude: false, file: nil, arguments: [])
        } else if let first = args.first, !first.hasPrefix("-"), !subcommands.contains(first) {
            self.init(code: nil, noPrelude: false, file: first, arguments: Array(args.dropFirst()))
        } else {
            return nil
        }
    }
}

/// `scale help [TOPIC]`: the pages the REPL shows for `:help`.
struct HelpTopicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "help", abstract: "Show help on a topic of the language (as :help in the REPL).")

    @ArgumentParser.Argument(help: "A topic, command or builtin; none lists them.")
    var topic: [String] = []

    func run() throws {
        // `scale help kernel install`: a command of this program, as ArgumentParser's own help
        // subcommand would answer (ours takes its name, and ArgumentParser's messages point here)
        if let command = Self.subcommand(at: topic) {
            Terminal.write(ScaleCommand.helpMessage(for: command) + "\n")
            Terminal.flush()
            return
        }
        let name = topic.joined(separator: " ").trimmingCharacters(in: .whitespaces)
        let page = HelpLookup.page(topic: name.isEmpty ? nil : name)
        if page.found {
            Terminal.write(page.text)
            Terminal.flush()
        } else {
            Terminal.writeError(page.text)
            throw ExitCode(1)
        }
    }

    /// The command of this program that `path` names (`["kernel", "install"]`), if any.
    static func subcommand(at path: [String]) -> ParsableCommand.Type? {
        guard !path.isEmpty else { return nil }
        var command: ParsableCommand.Type = ScaleCommand.self
        for word in path {
            guard let next = command.configuration.subcommands.first(where: { $0._commandName == word }) else { return nil }
            command = next
        }
        return command
    }
}

/// Runs `body` on a thread with a 1 GiB stack, so deep recursion in user programs reaches the
/// interpreter's own limit and reports it instead of overflowing the main thread's 8 MiB.
func onLargeStack(_ body: @escaping () -> Int32) -> Int32 {
    onLargeStackValue(body) ?? 1
}

func onLargeStackValue<T>(_ body: @escaping () -> T) -> T? {
    nonisolated(unsafe) var result: T?
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        result = body()
        done.signal()
    }
    thread.stackSize = 1 << 30
    thread.start()
    done.wait()
    return result
}
