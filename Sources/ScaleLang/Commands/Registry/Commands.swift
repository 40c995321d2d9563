/// Every command, in the order help lists them. A command is declared in its own file
/// (`Commands/Fit.swift`, …) as a static `CommandDeclaration` and listed here once.
public enum Commands {
    /// Every command, in the order help and the README list them.
    public static let all: [CommandDeclaration] = [fit, optimal, isoflop, envelope, approaches, speedup, sweep, backtest, influence, simulate, compare, matched, bootstrap, holdout, plot, load, summarize, save, use, set]

    /// The declarations by verb, for the parser.
    public static let named: [String: CommandDeclaration] = Dictionary(all.map { ($0.verb, $0) }, uniquingKeysWith: { first, _ in first })
}
