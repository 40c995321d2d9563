import ScalingCore

/// The power laws N_opt = k·C^a and D_opt = k_D·C^b that `isoflop` and `envelope` end with: their
/// two summary lines and the fields their results expose (a, b, the 95% intervals, k, k_D).
enum OptimalPowerLaws {
    static func lines(N: IsoFLOP.PowerLaw, D: IsoFLOP.PowerLaw, digits: Int) -> String {
        func g(_ x: Double) -> String { formatSignificant(x, digits: digits) }
        return "  N_opt = \(g(N.coefficient))·C^a, a = \(g(N.exponent)) ± \(g(N.standardError)), 95% [\(g(N.lower)), \(g(N.upper))]\n"
            + "  D_opt = \(g(D.coefficient))·C^b, b = \(g(D.exponent)) ± \(g(D.standardError)), 95% [\(g(D.lower)), \(g(D.upper))]"
    }

    static func fields(N: IsoFLOP.PowerLaw, D: IsoFLOP.PowerLaw) -> [String: Value] {
        ["a": .number(N.exponent), "b": .number(D.exponent), "a_lo": .number(N.lower), "a_hi": .number(N.upper),
         "b_lo": .number(D.lower), "b_hi": .number(D.upper), "k": .number(N.coefficient), "k_D": .number(D.coefficient)]
    }
}
