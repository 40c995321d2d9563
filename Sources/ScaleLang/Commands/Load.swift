extension Commands {
    /// `load PATH [skip nonfinite]`
    static let load = CommandDeclaration(
        verb: "load", summary: "read a CSV file into a table (numbers or text per column; NaN or Inf is an error naming the row)",
        operands: [OperandDeclaration("file", .expression(.text), subject: "a file name", "the file, relative to the script's directory")],
        clauses: [ClauseDeclaration("skip", .word(subject: "rows to skip", choices: ["nonfinite"]), "drop rows with NaN or ±Inf (a note lists them)")],
        examples: ["runs = load \"Examples/data/chinchilla.csv\"", "raw = load \"Examples/\" + \"data/chinchilla.csv\" skip nonfinite"],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.load(input) })
}

extension Interpreter {
    func load(_ input: CommandInput) throws(ScaleError) -> Value {
        guard let file = input.operand(0), let path = file.text else { throw .runtime("write 'load \"file.csv\"'", at: input.range) }
        do {
            let loaded = try TableIO.load(path: resolve(path), shownAs: path, skipNonFinite: input.clause("skip") != nil)
            if !loaded.skippedRows.isEmpty {
                let n = loaded.skippedRows.count
                let shown = loaded.skippedRows.prefix(10).map(String.init).joined(separator: ", ") + (n > 10 ? ", …" : "")
                output("note: '\(path)': skipped \(n) row\(n == 1 ? "" : "s") with missing, NaN or infinite numbers (row\(n == 1 ? "" : "s") \(shown))\n")
            }
            let t = Value.table(loaded.table)
            lastLoadedTable = t
            return t
        } catch {
            throw .runtime(error.message, at: file.range)
        }
    }
}
