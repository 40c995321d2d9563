import Foundation
import Testing

/// The command line: files, `-e`, piped standard input, exit statuses and the error format.
struct RunnerTests {
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: scaleExecutable)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        env["NO_COLOR"] = "1"
        p.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin.data(using: .utf8)!) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// With librsvg hidden (an empty library path), a PNG is refused with the package to install
    /// and no file is left behind; SVG still works.
    @Test func aPNGWithoutLibrsvgNamesThePackage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nolibrsvg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("fig.png").path, svg = dir.appendingPathComponent("fig.svg").path
        let r = try run(["-e", "plot [1, 2, 3] vs [1, 2, 3] to \"\(png)\""], environment: ["SCALE_RSVG_LIBRARY": ""])
        #expect(r.status == 1)
        #expect(r.err.contains("error: PNG and PDF figures need librsvg-2.so.2, which is not installed (on Debian or Ubuntu: apt install librsvg2-2); write the figure to a .svg file instead"))
        #expect(!FileManager.default.fileExists(atPath: png))
        let s = try run(["-e", "plot [1, 2, 3] vs [1, 2, 3] to \"\(svg)\""], environment: ["SCALE_RSVG_LIBRARY": ""])
        #expect(s.status == 0 && FileManager.default.fileExists(atPath: svg))
    }

    @Test func evaluatesAString() throws {
        let r = try run(["-e", "print 6*70B*1.4T"])
        #expect(r.status == 0)
        #expect(r.out == "5.88e+23\n")
    }

    @Test func runsStandardInputWhenPiped() throws {
        let r = try run([], stdin: "x = 2\nprint x ^ 10\n")
        #expect(r.status == 0)
        #expect(r.out == "1024\n")
    }

    @Test func scriptErrorsGoToStderrWithPositionAndStatusOne() throws {
        let path = NSTemporaryDirectory() + "scalelab-runner-\(getpid()).scale"
        try "#!/usr/bin/env scale\nprint 1\ny = 2 *\n  (3 + nope)\nprint 3\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try run([path])
        #expect(r.status == 1)
        #expect(r.out == "1\n")
        #expect(r.err == "\(path):4:8: error: unknown name 'nope'\n    (3 + nope)\n         ^^^^\n")
    }

    /// A fit whose outcome qualifies it warns on stderr even when assigned, and its uses say so again.
    @Test func fitWarningsGoToStderr() throws {
        let code = "u = table(x = [1, 2, 3, 4], y = [10, 9, 8, 7])\nn = fit y ~ a * x on u\nprint n(x = 2) > 5"
        let r = try run(["-e", code])
        #expect(r.status == 0)
        #expect(r.out == "true\n")
        // R² = 1 − (242/3)/5 by hand
        let r2 = "R² is -15.1333: the fitted law explains the response worse than its mean"
        #expect(r.err == "warning: fit n (y ~ a*x): \(r2)\nwarning: n(…) uses fit n: \(r2)\n")
    }

    /// Output is written with its length: a NUL byte in a string is printed, not the end of it.
    @Test func printWritesNulBytes() throws {
        let r = try run([], stdin: "print \"a\u{0}b\", 1\n")
        #expect(r.status == 0)
        #expect(Array(r.out.utf8) == [97, 0, 98, 32, 49, 10])
    }

    @Test func missingFileIsAnError() throws {
        let r = try run(["/no/such/file.scale"])
        #expect(r.status == 1)
        #expect(r.err.contains("cannot open '/no/such/file.scale'"))
    }

    @Test func versionIsKnown() throws {
        let r = try run(["--version"])
        #expect(r.status == 0)
        #expect(r.out.hasPrefix("ScaleLab ") && r.out.split(separator: " ").last?.split(separator: ".").count == 3)
    }

    @Test func aDirectoryIsNamedAsOne() throws {
        let r = try run([NSTemporaryDirectory()])
        #expect(r.status == 1)
        #expect(r.err.contains("is a directory, not a script"))
        #expect(!r.err.contains("no such file"))
    }

    @Test func argumentsBesideCodeAreAnError() throws {
        let r = try run(["-e", "print 1", "extra.scale"])
        #expect(r.status != 0)
        #expect(r.out.isEmpty)
        #expect(r.err.contains("unexpected argument 'extra.scale'"))
    }

    /// The code after -e is taken whatever it starts with.
    @Test(arguments: [("-2^2", "-4\n"), ("--1", "1\n"), ("-e", "")])
    func codeMayStartWithADash(code: String, printed: String) throws {
        let r = try run(["-e", code])
        if printed.isEmpty {
            #expect(r.status == 1 && r.err.contains("-e:1:"))  // parsed as code, not taken as an option
        } else {
            #expect(r.status == 0)
            #expect(r.out == printed)
        }
    }

    @Test func helpTopicsOnTheCommandLine() throws {
        let fit = try run(["help", "fit"])
        #expect(fit.status == 0)
        #expect(fit.out.contains("huber δ") && fit.out.contains("example:"))
        let index = try run(["help"])
        #expect(index.status == 0 && index.out.contains("\ncommands:\n") && index.out.contains("\nsettings:\n"))
        // every keyword and operator has a page
        for word in ["where", "print", "assert", "for", "if", "in", "~", ".."] {
            let page = try run(["help", word])
            #expect(page.status == 0 && page.out.contains("example:"), "scale help \(word): \(page.out)\(page.err)")
        }
        // an unknown topic fails, naming the closest one
        let wrong = try run(["help", "wher"])
        #expect(wrong.status == 1)
        #expect(wrong.err.contains("no help on 'wher'; did you mean 'where'?"))
        #expect(try run(["help", "bogus"]).status == 1)
        // the program's own commands, which ArgumentParser's messages point to
        let install = try run(["help", "kernel", "install"])
        #expect(install.status == 0 && install.out.contains("--prefix"))
        #expect(try run(["kernel", "--help"]).out.contains("scale help kernel <subcommand>"))
        #expect(try run(["help", "kernel", "serve"]).out.contains("connection file"))
    }

    /// `scale FILE ARGS…`: the script sees its arguments as `args`, options included (shebang scripts).
    @Test func scriptArgumentsAreArgs() throws {
        let path = NSTemporaryDirectory() + "scalelab-args-\(getpid()).scale"
        try "#!/usr/bin/env scale\nprint len(args)\nprint args\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try run([path, "runs.csv", "two words", "-x", "--seed=7"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "4\n[\"runs.csv\", \"two words\", \"-x\", \"--seed=7\"]\n")
        #expect(try run([path]).out == "0\n[]\n")
    }

    /// `scale FILE …` and `scale -e CODE` skip ArgumentParser (start-up); they must mean what
    /// the same arguments mean to it, which `scale run …` always parses.
    @Test func shortFormsMeanWhatTheRunSubcommandMeans() throws {
        let path = NSTemporaryDirectory() + "scalelab-short-\(getpid()).scale"
        try "print args\nprint 1/0 > 1\nprint undefined_name\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for arguments in [[path, "x", "--help", "-e"], [path], ["-e", "print 2^10"], ["-e", "--1"], ["/no/such.scale"], [NSTemporaryDirectory()]] {
            let short = try run(arguments), long = try run(["run"] + arguments)
            #expect(short.status == long.status && short.out == long.out && short.err == long.err, "\(arguments)")
        }
        #expect(try run([path, "x"]).out.hasPrefix("[\"x\"]\ntrue\n"))
    }

    @Test func preludeIsCompiledIn() throws {
        let copy = NSTemporaryDirectory() + "scale-copy-\(getpid())"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: scaleExecutable, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: copy)
        p.arguments = ["-e", "print chinchilla(70B, 1.4T)"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        #expect(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "1.9366454705587173\n")
    }
}
