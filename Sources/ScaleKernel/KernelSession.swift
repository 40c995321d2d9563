import ScaleNotebook

/// What the kernel needs from the language: one session whose state carries across cells.
/// The executable implements it over the interpreter; the kernel knows nothing of the language.
///
/// `execute` runs on the kernel's execution thread (one cell at a time); `interrupt` is called
/// from any thread, or a signal handler's flag, while a cell runs.
public protocol KernelSession: AnyObject {
    /// The language's version for `kernel_info`.
    var languageVersion: String { get }
    /// Runs a cell, sending outputs to `emit` as they happen, in order. Returns the error output
    /// when the cell failed (it has been emitted too), nil when it ran to the end.
    func execute(_ code: String, executionCount: Int, emit: @escaping (CellOutput) -> Void) -> CellOutput?
    /// Completion candidates at a cursor (an offset in Unicode scalars, as protocol 5.2+ counts):
    /// the matches replace the text between `start` and `end`.
    func complete(_ code: String, cursor: Int) -> (matches: [String], start: Int, end: Int)
    /// The help text for the name at the cursor, nil when there is none.
    func inspect(_ code: String, cursor: Int) -> String?
    /// Whether the code is a whole input, from the parser.
    func isComplete(_ code: String) -> Completeness
    /// Asks a running cell to stop soon, keeping every variable defined before it.
    func interrupt()
}

/// What `is_complete_request` answers for some code.
public enum Completeness: Equatable, Sendable {
    case complete
    /// More input is needed (an open bracket, a line ending in an operator); the next line's indent.
    case incomplete(indent: String)
    case invalid
}
