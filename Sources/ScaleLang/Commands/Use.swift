extension Commands {
    /// `use TABLE`
    static let use = CommandDeclaration(
        verb: "use", summary: "make a table the default for fit and the commands that read runs",
        operands: [OperandDeclaration("table", .expression(.table), "the table")],
        examples: ["t = table(x = [1, 2, 3], y = [2, 4, 6])", "use t", "fit y ~ a * x"],
        isStatement: true,
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in
            guard let t = input.operand(0), case .table(let table) = t.typed else { throw .runtime("write 'use TABLE'", at: input.range) }
            i.usedTable = .table(table)
            return .nothing
        })
}
