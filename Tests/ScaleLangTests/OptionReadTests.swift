import Foundation
import Testing
@testable import ScaleLang

/// Each command's handler reads exactly the options its declaration declares: none that it does
/// not declare (it would see nothing, or a default from nowhere), and every declared one (else
/// the option is accepted and ignored). Read off every help example, which shows each option in use.
struct OptionReadTests {
    @Test func handlersReadWhatTheirDeclarationsDeclare() throws {
        let reads = try OptionReads.shared.recorded {
            for topic in Help.topics {
                let interpreter = Interpreter(output: { _ in })
                interpreter.baseDirectory = repositoryRoot.path
                try interpreter.run(Source(name: topic.name, text: topic.examples.joined(separator: "\n")))
            }
        }
        var declared: [String: Set<String>] = [:]
        for c in Commands.all where c.verb != "set" && c.verb != "simulate" { declared[c.verb] = Set(c.options.map(\.name)) }
        for s in SimulateStrategy.all { declared["simulate " + s.name] = Set(s.reads + s.options.map(\.name)) }
        for (reader, names) in reads {
            let undeclared = names.subtracting(declared[reader] ?? [])
            #expect(undeclared.isEmpty, "\(reader) reads \(undeclared.sorted()), which it does not declare")
        }
        for (reader, names) in declared {
            let unread = names.subtracting(reads[reader] ?? [])
            #expect(unread.isEmpty, "\(reader) declares \(unread.sorted()), which its handler never read in any example")
        }
    }

    /// An option left out is read as its declared default, checked as if written; a user's
    /// variable of the same name as a default's value does not stand in for it.
    @Test func defaultsAreTheDeclaredValues() throws {
        var out = ""
        let interpreter = Interpreter(output: { out += $0 })
        try interpreter.run(Source(name: "t", text: "oracle = 3\nprint simulate beam 2 steps 2 with verifier = noisy(0.5), trials = 100"))
        #expect(out.contains("q = 0.9"), "\(out)")
        #expect(out.contains("100 trials, seed 1"), "\(out)")
        out = ""
        try interpreter.run(Source(name: "t", text: "print simulate bestof 4"))
        #expect(out.contains("p = 0.5, verifier oracle (exact)"), "\(out)")
    }
}
