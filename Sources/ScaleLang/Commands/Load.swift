extension Commands {
    /// `load PATH [history] [sep TEXT] [skip nonfinite]`
    static let load = CommandDeclaration(
        verb: "load",
        summary: "read a table from CSV, TSV, JSON or JSON Lines (also .gz), many files by a pattern such as \"runs/*.csv\", TensorBoard event files (one long table of run, tag, step, wall_time, value) or W&B run folders (a row a run: summary and config.*); empty cells, NA and null are na",
        operands: [OperandDeclaration("file", .expression(.text), subject: "a file name",
                                      "the file, pattern (*, ?, [abc]) or folder of training logs, relative to the script's folder (in the REPL and with -e, to the current folder)"),
                   OperandDeclaration("history", .word(subject: "option", choices: ["history"]),
                                      "of W&B runs, every logged step (run, step, then a column a key) rather than a row a run", optional: true)],
        clauses: [
            ClauseDeclaration("sep", .expression(.text), placeholder: "TEXT", "the separator of delimited text, one character (\"\\t\", \";\"); sniffed from the header by default"),
            ClauseDeclaration("skip", .word(subject: "rows to skip", choices: ["nonfinite"]), "drop rows with NaN or ±Inf in a number column (a note lists them); na cells stay"),
        ],
        examples: ["runs = load \"Examples/data/chinchilla.csv\"", "raw = load \"Examples/\" + \"data/chinchilla.csv\" skip nonfinite",
                   "configs = load \"Examples/data/porian2024/*.csv\"", "scalars = load \"Examples/data/logs/tensorboard/\"",
                   "runs = load \"Examples/data/logs/wandb/\"", "steps = load \"Examples/data/logs/wandb/\" history"],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.load(input) })
}

extension Interpreter {
    func load(_ input: CommandInput) throws(ScaleError) -> Value {
        guard let file = input.operand(0), let path = file.text else { throw .runtime("write 'load \"file.csv\"'", at: input.range) }
        var options = TableIO.Options(skipNonFinite: input.clause("skip") != nil, history: input.operand(1)?.word == "history")
        if let sep = input.clause("sep"), let s = sep.text {
            guard s.utf8.count == 1, let byte = s.utf8.first, byte != UInt8(ascii: "\""), byte != 10, byte != 13 else {
                throw .runtime("a separator is one character other than a quote or a line end, as in sep \"\\t\" or sep \";\", got \"\(s)\"", at: sep.range)
            }
            options.separator = byte
        }
        do {
            try PathCheck.validate(path)
        } catch {
            throw .runtime(error.message, at: file.range)
        }
        do {
            let loaded = try TableIO.load(path: resolve(path), shownAs: path, options: options)
            for n in loaded.notes { note(n) }
            if !loaded.skippedRows.isEmpty {
                let n = loaded.skippedRows.count
                let shown = loaded.skippedRows.prefix(10).map(String.init).joined(separator: ", ") + (n > 10 ? ", …" : "")
                output("note: '\(path)': skipped \(n) row\(n == 1 ? "" : "s") with NaN or infinite numbers (\(loaded.files > 1 ? "row" : "line")\(n == 1 ? "" : "s") \(shown))\n")
            }
            let t = Value.table(loaded.table)
            lastLoadedTable = t
            return t
        } catch {
            throw .runtime(error.message, at: file.range)
        }
    }
}
