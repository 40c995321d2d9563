/// The REPL's own commands (`:help`, `:vars`, …), declared once: the REPL and the notebook
/// kernel dispatch on these cases, and completion, the `repl` help page and the error for an
/// unknown one read the names and docs from here.
public enum MetaCommand: String, CaseIterable, Sendable {
    case help, vars, reset, save, load, quit

    /// Spellings beyond `:NAME`.
    public var aliases: [String] {
        switch self {
        case .help: return [":h"]
        case .quit: return [":q", ":exit"]
        default: return []
        }
    }

    /// What follows the name, as help shows it; empty when nothing does.
    public var argument: String {
        switch self {
        case .help: return "[TOPIC]"
        case .save: return "FILE.md"
        case .load: return "FILE"
        default: return ""
        }
    }

    /// Whether a notebook cell may use it (a kernel has no session to save, load or quit).
    public var inNotebooks: Bool { self == .help || self == .vars || self == .reset }

    /// One line: what the meta-command does.
    public var doc: String {
        switch self {
        case .help: return "help on a topic; with none, the index of topics"
        case .vars: return "the names defined in this session, with short forms of their values"
        case .reset: return "forget every definition (the prelude stays)"
        case .save: return "write this session's inputs and outputs as a notebook that 'scale notebook check' accepts"
        case .load: return "run a .scale script or the cells of a .md or .ipynb notebook"
        case .quit: return "leave the REPL (Ctrl-D does too)"
        }
    }

    /// The name as typed, with its colon.
    public var name: String { ":" + rawValue }

    /// `:save FILE.md`
    public var synopsis: String { argument.isEmpty ? name : name + " " + argument }

    /// The command a line starts with, and the rest of the line trimmed; nil for an unknown name.
    public static func parse(_ line: String) -> (command: MetaCommand, argument: String)? {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        guard let head = parts.first, let command = allCases.first(where: { $0.name == head || $0.aliases.contains(head) }) else { return nil }
        return (command, parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
    }

    /// "unknown command ':x': expected :help [TOPIC], :vars, …", for the commands `among`.
    public static func unknown(_ line: String, among commands: [MetaCommand] = allCases) -> String {
        let head = line.split(separator: " ", maxSplits: 1).first.map(String.init) ?? line
        let names = commands.map(\.synopsis)
        let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "") : names.joined()
        let hint = DiagnosticRenderer.closest(to: head, among: commands.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
        return "unknown command '\(head)'\(commands.count < allCases.count ? " in a notebook" : ""): expected \(list)\(hint)"
    }
}
