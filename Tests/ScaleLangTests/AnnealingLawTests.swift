import Foundation
import Testing
@testable import ScaleLang

/// The annealing law fitted to whole curves: two schedules' curves drawn from the law itself
/// (L0 = 2, A = 0.8, α = 0.45, C = 0.3) are fitted through lr_areas and the prelude's law, and
/// the fit predicts a third schedule's final loss, computed from the law directly, within 1e-6.
struct AnnealingLawTests {
    @Test func aFitToTwoSchedulesPredictsAThird() throws {
        var out = ""
        let interpreter = Interpreter(output: { out += $0 })
        try interpreter.run(Source(name: "t", text: """
            truth(S1, S2) = 2 + 0.8 * S1^(-0.45) - 0.3 * S2
            s = 1..2000
            constant = table(run = 0 * s + 1, step = s, lr = 0 * s + 1e-3)
            cosine = table(run = 0 * s + 2, step = s, lr = 1e-4 + 0.5 * 9e-4 * (1 + cos(pi * (s - 1) / 1999)))
            curves = lr_areas(stack(constant, cosine))
            curves.loss = truth(curves.S1, curves.S2)
            f = fit loss ~ annealing(S1, S2) on curves start L0 = 2.5, A = 0.5, alpha = 0.5, C = 0.5
            wsd = lr_areas(table(run = 0 * s + 3, step = s, lr = ifelse(s < 1600, 1e-3, 1e-3 - 9e-4 * (s - 1600) / 400)))
            predicted = f(last(wsd.S1), last(wsd.S2))
            actual = truth(last(wsd.S1), last(wsd.S2))
            print predicted, actual
            """))
        let parts = out.split(separator: "\n").last?.split(separator: " ").compactMap { Double($0) } ?? []
        #expect(parts.count == 2, "\(out)")
        if parts.count == 2 { #expect(abs(parts[0] - parts[1]) < 1e-6, "predicted \(parts[0]), actual \(parts[1])") }
    }
}
