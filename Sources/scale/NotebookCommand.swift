import ArgumentParser

struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook", abstract: "Run, check or export Markdown notebooks of saved analyses.")

    func run() throws {
        throw ValidationError("notebooks are not available in this build")
    }
}
