import ScalingCore

extension Commands {
    /// Every setting, declared once with its type, range, default and doc.
    public static let settings: [OptionDeclaration] = [
        OptionDeclaration("digits", .count(CountDomain(1, 17)), initial: "6", "significant digits of shown numbers (print always shows the shortest exact form)"),
        OptionDeclaration("gpu", .gpu, initial: Hardware.defaultGPU,
                          "the accelerator for GPU-hours and cost: \(Hardware.gpus.map(\.name).joined(separator: ", ")), or a peak in FLOP/s"),
        OptionDeclaration("mfu", .number(.share), initial: formatShortest(Hardware.defaultMFU), "model FLOPs utilisation: the achieved share of peak"),
        OptionDeclaration("price", .number(.positive), initial: formatShortest(Hardware.defaultPrice), "dollars per GPU-hour"),
        OptionDeclaration("seed", .seed, initial: "1", "the seed of simulate, bootstrap and approaches when they are given none"),
    ]

    /// `set NAME VALUE, …`
    static let set = CommandDeclaration(
        verb: "set", summary: "change a setting for the rest of the session",
        operands: [OperandDeclaration("NAME VALUE, …", .options(settings), subject: "setting", "settings, each a name and a value")],
        examples: ["set digits 8", "set gpu A100, mfu 0.5, price 1.8", "optimal chinchilla at C = 1e24", "set digits 6, gpu H100, mfu 0.4, price 2.5"],
        isStatement: true,
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in
            for (name, c) in input.options {
                switch c.typed {
                case .count(let d) where name == "digits": i.digits = d
                case .gpu(let gpuName, let peak): i.settings["gpu"] = .number(peak); i.settings["gpu_name"] = .string(gpuName)
                case .number(let x): i.settings[name] = .number(x)
                case .seed(let s): i.settings[name] = .number(Double(s))
                default: break
                }
            }
            return .nothing
        })
}

extension Interpreter {
    func settingNumber(_ key: String) -> Double? {
        if case .number(let x)? = settings[key] { return x }
        return nil
    }

    /// The seed of a random stream, by the one rule every command follows: the command's own
    /// `seed`, else `set seed`, else 1 (so that every result printed with its seed reproduces).
    func randomSeed(_ given: Checked?, at range: SourceRange) throws(ScaleError) -> UInt64 {
        if case .seed(let s)? = given?.typed { return s }
        if let x = settingNumber("seed") { return try seed(x, at: range) }
        return 1
    }
}
