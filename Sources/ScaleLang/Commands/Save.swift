extension Commands {
    /// `save VALUE to PATH`
    static let save = CommandDeclaration(
        verb: "save", summary: "write a table as CSV (a fit as its table of parameters), or a plot as SVG, PNG or PDF by the file's extension (atomically: a temporary file, then rename)",
        operands: [OperandDeclaration("value", .expression(.value), "a table, a fit or a plot")],
        clauses: [ClauseDeclaration("to", .expression(.text), placeholder: "\"file.csv\"", subject: "a file name", required: true, "the file to write")],
        examples: ["t = table(N = [1, 2], loss = [3, 4])", "save t to \"/tmp/scale-help-example.csv\""],
        isStatement: true,
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.save(input) })
}

extension Interpreter {
    func save(_ input: CommandInput) throws(ScaleError) -> Value {
        guard let value = input.operand(0), case .value(let v) = value.typed, let to = input.clause("to"), let name = to.text else {
            throw .runtime("write 'save VALUE to \"file.csv\"'", at: input.range)
        }
        guard limits.mayWriteFiles else { throw .runtime("writing files is turned off", at: input.range) }
        try save(v, to: resolve(name), valueRange: value.range, pathRange: to.range)
        return .nothing
    }
}
