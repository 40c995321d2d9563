/// Warnings on the interpreter's `warning` channel (stderr in the CLI): a fit whose outcome
/// qualifies its estimates says so in one line when it is made, even when its summary is not
/// shown, and again, naming it, wherever it is used.
extension Interpreter {
    /// One line, given at most once per `run`.
    func warn(_ line: String) {
        if warningsGiven.insert(line).inserted { warning(line + "\n") }
    }

    /// A note on what a statement did with the data (rows dropped for `na`, files stacked), on the
    /// same channel as warnings, once per `run`.
    func note(_ text: String) {
        warn("note: " + text)
    }

    /// A fit just made or assigned: takes its first name, and gives its warning line once.
    func announce(_ f: FitValue, as name: String?) {
        if f.name == nil, let name { f.name = name }
        guard !f.announced else { return }
        f.announced = true
        if let line = f.outcomeLine {
            warn("warning: \(f.shownName)\(f.name == nil ? "" : " (\(f.summary.formula))"): \(line)")
        }
    }

    /// A grouped fit just made or assigned: takes its first name, and each group's fit is
    /// announced as one, under `NAME.GROUP`.
    func announce(_ g: GroupedFitValue, as name: String?) {
        if g.name == nil, let name { g.name = name }
        if !g.announced, let line = g.sharing?.outcomeLine {
            warn("warning: the joint fit \(g.name ?? g.formula) (\(g.sharing?.parameters.joined(separator: ", ") ?? "") shared): \(line)")
        }
        g.announced = true
        for (label, f) in zip(g.labels, g.fits) {
            if f.name == nil, let name = g.name { f.name = "\(name).\(label)" }
            announce(f, as: nil)
        }
    }

    /// A fit used by `use` (a command's verb, `d`, `predict`, `f(…)`): repeats its warning, and,
    /// when it is used as a law (`asLaw`) after a fit of log(y), says that the law is one of y.
    func warnUsing(_ f: FitValue, by use: String, asLaw: Bool) {
        if let line = f.outcomeLine { warn("warning: \(use) uses \(f.shownName): \(line)") }
        if asLaw, let y = f.loggedResponse {
            warn("note: \(use) uses \(f.shownName) as a law of \(y) (it was fitted to log(\(y)))")
        }
    }
}
