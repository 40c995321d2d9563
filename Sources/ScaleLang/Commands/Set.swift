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
                switch (name, c.typed) {
                case ("digits", .count(let d)): i.digits = d
                case ("gpu", .gpu(let gpuName, let peak)): i.settings.gpu = (gpuName, peak)
                case ("mfu", .number(let x)): i.settings.mfu = x
                case ("price", .number(let x)): i.settings.price = x
                case ("seed", .seed(let s)): i.settings.seed = s
                default: throw .runtime("internal error: set has no handler for the setting '\(name)'", at: c.range)
                }
            }
            return .nothing
        })
}

/// The session's settings as `set` left them, typed: nil where `set` has given none (the commands
/// then use the declared initial values, and `optimal` adds GPU-hours and cost only once a gpu is set).
public struct Settings {
    /// Significant digits of shown numbers, 1 to 17.
    public var digits = 6
    /// The accelerator's name (or its peak written out) and its peak FLOP/s.
    public var gpu: (name: String, peak: Double)?
    /// Model FLOPs utilisation, in (0, 1].
    public var mfu: Double?
    /// Dollars per GPU-hour.
    public var price: Double?
    /// The seed of random streams given none of their own.
    public var seed: UInt64?

    /// Nothing set: every setting at its initial value.
    public init() {}
}

extension Interpreter {
    /// The seed of a random stream, by the one rule every command follows: the command's own
    /// `seed`, else `set seed`, else 1 (so that every result printed with its seed reproduces).
    func randomSeed(_ given: Checked?, at range: SourceRange) throws(ScaleError) -> UInt64 {
        if case .seed(let s)? = given?.typed { return s }
        return settings.seed ?? 1
    }
}
