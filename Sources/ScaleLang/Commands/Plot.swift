import Foundation
import ScalePlot
import ScalingCore

extension Commands {
    /// `plot Y vs X [label "…"] [with lines], LAW over VAR = a..b [label "…"], … [to "fig.svg|png|pdf"]
    /// [dpi N] [in terminal] [log x] [lin y] [title "…"] [xlabel "…"] [ylabel "…"]`.
    ///
    /// Legends and axis labels read like a paper's figure: a series is named by its label, else by
    /// its columns without their table (`loss vs N`); an axis is always labelled, by the user's text
    /// as written or by its series' names (a law's y by its fit's response, else the law's name),
    /// each once; a fitted law is drawn in the colour of the points it was fitted to.
    static let plot = CommandDeclaration(
        verb: "plot", summary: "points (Y vs X) and laws (LAW over VAR = a..b) on log or linear axes, in the terminal or as SVG, PNG or PDF",
        operands: [OperandDeclaration("series", .expression(.expression), "Y, to draw against X ('vs'), or a law to draw over one input ('over')")],
        clauses: [
            ClauseDeclaration("vs", .expression(.expression), placeholder: "X", "the x values of the latest series"),
            ClauseDeclaration("over", .binding(.expression, bare: true), placeholder: "VAR = a..b",
                              "draw the latest series, a law or an expression in VAR, over one input (a fit's own data range when no range is given)"),
            ClauseDeclaration("label", .expression(.text), placeholder: "TEXT", "the latest series' name in the legend"),
            ClauseDeclaration("band", .expression(.number(NumberDomain(lower: 0, lowerOpen: true, upper: 100, upperOpen: true))), placeholder: "LEVEL",
                              "shade the latest series' pointwise LEVEL% band, a fit's (delta method from its covariance, or bootstrap with 'resamples')"),
            ClauseDeclaration("resamples", .expression(.count(CountDomain(2, limit: { $0.trials }))), placeholder: "K",
                              "the band from K bootstrap refits on resampled rows instead of the delta method"),
            ClauseDeclaration("seed", .expression(.seed), placeholder: "S", "the bootstrap's random seed (default: 'set seed', else 1)"),
            ClauseDeclaration("covariance", .word(subject: "covariance", choices: ["classical", "sandwich"]),
                              "the delta method's covariance: σ²(JᵀJ)⁻¹ (classical, the default), or the heteroskedasticity-consistent HC1 sandwich, which a row bootstrap agrees with when the rows' spread differs"),
            ClauseDeclaration("by", .expression(.expression), placeholder: "GROUPS",
                              "split the latest series into one per value of GROUPS (a column of the same rows, as runs.dataset), each in its colour, labelled by the value"),
            ClauseDeclaration("with", .word(subject: "style", choices: Plot.Series.Kind.allCases.map(\.rawValue)),
                              "draw the latest series as points, as a line through them in x order, or both (gnuplot's names)"),
            ClauseDeclaration(",", .expression(.expression), placeholder: "SERIES", "another series"),
            ClauseDeclaration("to", .expression(.text), placeholder: "FILE", subject: "a file name",
                              "write the figure to a file instead of showing it: .svg, .png or .pdf by its extension (PNG and PDF need librsvg and cairo at run time)"),
            ClauseDeclaration("dpi", .expression(.count(CountDomain(10, 1200))), placeholder: "N", subject: "a resolution",
                              "a PNG's dots per inch (default \(RasterOutput.defaultDPI)); an SVG pixel is 1/96 inch"),
            ClauseDeclaration("in", .word(subject: "display", choices: ["terminal"]), "draw in the terminal even when output is not one"),
            ClauseDeclaration("log", .word(subject: "axis", choices: ["x", "y"]), "a logarithmic axis"),
            ClauseDeclaration("lin", .word(subject: "axis", choices: ["x", "y"]), "a linear axis"),
            ClauseDeclaration("title", .expression(.text), placeholder: "TEXT", subject: "a title", "the title"),
            ClauseDeclaration("xlabel", .expression(.text), placeholder: "TEXT", subject: "a label", "the x axis label"),
            ClauseDeclaration("ylabel", .expression(.text), placeholder: "TEXT", subject: "a label", "the y axis label"),
        ],
        examples: ["plot [1, 2, 3] vs [10, 100, 1000] label \"runs\" with lines, chinchilla(70B, 20 * 70B) * [1, 1, 1] vs [10, 100, 1000] in terminal",
                   "g(N) = chinchilla(N, 20 * N)", "plot g over N = 1B..1T in terminal, title \"loss at 20 tokens per parameter\""],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.plot(input) })
}

extension Interpreter {
    func plot(_ input: CommandInput) throws(ScaleError) -> Value {
        let range = input.range, scope = input.scope
        guard let first = input.operand(0)?.expression else {
            throw .runtime("write 'plot Y vs X' or 'plot LAW over VAR = a..b'", at: range)
        }
        // Gather series: the first operand, then one per ',' clause; 'vs', 'over', 'label' and 'with' attach to the latest.
        struct Pending { var y: Expr; var x: Expr?; var over: Checked?; var label: String?; var kind = Plot.Series.Kind.points
            var band: (level: Double, range: SourceRange)?; var resamples: Int?; var seed: Checked?; var by: Expr?; var sandwich = false }
        var pending = [Pending(y: first, x: nil, over: nil)]
        var userX = false, userY = false
        var plot = Plot(series: [])
        var path: String?, forceTerminal = false, dpi = RasterOutput.defaultDPI
        for (word, c) in input.clauses {
            switch word {
            case ",": if let e = c.expression { pending.append(Pending(y: e, x: nil, over: nil)) }
            case "vs": pending[pending.count - 1].x = c.expression
            case "over": pending[pending.count - 1].over = c
            case "to": path = c.text
            case "in": forceTerminal = true
            case "dpi": dpi = c.count ?? dpi
            case "log", "lin":
                let scale: Plot.Scale = word == "log" ? .log : .linear
                if c.word == "x" { plot.xScale = scale } else { plot.yScale = scale }
            case "title": plot.title = c.text ?? ""
            case "xlabel":
                plot.xLabel = c.text ?? ""
                userX = true
            case "ylabel":
                plot.yLabel = c.text ?? ""
                userY = true
            case "label": pending[pending.count - 1].label = c.text
            case "by": pending[pending.count - 1].by = c.expression
            case "band": pending[pending.count - 1].band = c.number.map { ($0, c.range) }
            case "resamples": pending[pending.count - 1].resamples = c.count
            case "seed": pending[pending.count - 1].seed = c
            case "covariance": pending[pending.count - 1].sandwich = c.word == "sandwich"
            case "with": pending[pending.count - 1].kind = c.word.flatMap(Plot.Series.Kind.init(rawValue:)) ?? .points
            default: break
            }
        }
        // per series: its x and y names, and the data a fitted law came from
        var xNames: [String] = [], yNames: [String] = [], fittedX: [[Double]?] = []
        for p in pending {
            // an expression in the drawn variable is not evaluated here (the variable has no value)
            if let over = p.over, !p.y.referencedNames.contains(over.name ?? ""),
               case .object(let grouped as GroupedFitValue) = try evaluate(p.y, in: scope) {
                // a grouped fit: each group's law, labelled by the group, in its points' colour
                if let band = p.band { throw .runtime("a band is drawn about one fit: 'plot \(grouped.name ?? "fs").GROUP over … band \(formatShortest(band.level))'", at: band.range) }
                if let by = p.by { throw .runtime("a grouped fit is drawn a law per group already; 'by' splits points", at: by.range) }
                for (label, fit) in zip(grouped.labels, grouped.fits) {
                    let (series, data, law) = try lawSeries(of: .object(fit), named: label, p.y, over, in: scope)
                    plot.series.append(series)
                    xNames.append(over.name ?? "")
                    yNames.append(law.fits.first.map(Self.responseName) ?? p.y.formula)
                    fittedX.append(data)
                }
            } else if let over = p.over {
                if let by = p.by { throw .runtime("'by' splits points (Y vs X by GROUPS); a law is drawn whole", at: by.range) }
                var (series, data, law) = try lawSeries(p.y, over, in: scope)
                if let band = p.band {
                    let how = try bandOf(&series, p.y, over: over, level: band.level, resamples: p.resamples, seed: p.seed, sandwich: p.sandwich,
                                            at: band.range, in: scope)
                    series.label += " (\(formatShortest(band.level))% band, \(how))"
                }
                plot.series.append(series)
                if let l = p.label { plot.series[plot.series.count - 1].label = l }
                xNames.append(over.name ?? "")
                yNames.append(law.fits.first.map(Self.responseName) ?? p.y.formula)
                fittedX.append(data)
            } else {
                guard let xExpr = p.x else {
                    throw .runtime("say what '\(p.y.formula)' is plotted against: '\(p.y.formula) vs X', or '\(p.y.formula) over VAR = a..b' for a law", at: p.y.range)
                }
                let y = try plotVector(p.y, in: scope), x = try plotVector(xExpr, in: scope)
                guard x.count == y.count else {
                    throw .runtime("'\(p.y.formula)' has \(y.count) values but '\(xExpr.formula)' has \(x.count)", at: p.y.range.union(xExpr.range))
                }
                let name = p.label ?? "\(Self.plotName(p.y)) vs \(Self.plotName(xExpr))"
                // a point missing either coordinate is not drawn, and the note says so
                var keep = [Bool](repeating: true, count: x.count)
                for i in x.indices where x[i].isNA || y[i].isNA { keep[i] = false }
                let missing = keep.filter { !$0 }.count
                if missing > 0 { note("plot: '\(name)': \(missing) point\(missing == 1 ? "" : "s") with missing values skipped") }
                let xs = missing == 0 ? x : zip(x, keep).compactMap { $1 ? $0 : nil }
                let ys = missing == 0 ? y : zip(y, keep).compactMap { $1 ? $0 : nil }
                if let byExpr = p.by {
                    // one series per group, in order of first appearance, each named by its value
                    let groups = try plotGroups(byExpr, count: x.count, in: scope)
                    var order: [String] = [], rows: [String: [Int]] = [:]
                    for i in x.indices where keep[i] {
                        if rows[groups[i]] == nil { order.append(groups[i]) }
                        rows[groups[i], default: []].append(i)
                    }
                    for g in order {
                        let r = rows[g] ?? []
                        plot.series.append(Plot.Series(label: g, kind: p.kind, x: r.map { x[$0] }, y: r.map { y[$0] }))
                        xNames.append(Self.plotName(xExpr))
                        yNames.append(Self.plotName(p.y))
                        fittedX.append(nil)
                    }
                } else {
                    plot.series.append(Plot.Series(label: name, kind: p.kind, x: xs, y: ys))
                    xNames.append(Self.plotName(xExpr))
                    yNames.append(Self.plotName(p.y))
                    fittedX.append(nil)
                }
            }
        }
        // unlabelled series whose short names collide keep their tables' names (oracle.accuracy, noisy.accuracy)
        let labels = plot.series.map(\.label)
        for (i, p) in pending.enumerated() where plot.series.count == pending.count && p.label == nil && p.over == nil && labels.filter({ $0 == labels[i] }).count > 1 {
            if let x = p.x { plot.series[i].label = "\(p.y.formula) vs \(Self.plotName(x))" }
        }
        // a fitted law takes the colour of the points whose x it was fitted on; of several such
        // (groups of one ladder share their x), the one of its own name (its group's)
        for (i, data) in fittedX.enumerated() {
            let candidates = plot.series.indices.filter { plot.series[$0].kind.marked && plot.series[$0].x == data }
            guard data != nil, let j = candidates.first(where: { plot.series[$0].label == plot.series[i].label }) ?? candidates.first else { continue }
            plot.series[j].colorGroup = j
            plot.series[i].colorGroup = j
        }
        if !userX { plot.xLabel = Self.axisName(xNames) }
        if !userY { plot.yLabel = Self.axisName(yNames) }
        let value = PlotValue(plot: plot, interpreter: self, forceTerminal: forceTerminal)
        if let path {
            guard limits.mayWriteFiles else { throw .runtime("writing files is turned off", at: range) }
            let pathRange = input.clause("to")?.range ?? range
            let bytes: [UInt8]
            do {
                bytes = try Self.figureBytes(plot, format: try RasterOutput.Format(path: path), dpi: dpi)
            } catch {
                throw .runtime(error.message, at: pathRange)
            }
            do {
                try AtomicFile.write(bytes, to: resolve(path))
            } catch {
                throw .runtime(error.message, at: range)
            }
            output("wrote \(path)\n")
            return .nothing
        }
        return .object(value)
    }

    /// The figure as the bytes of an SVG, PNG (at `dpi`) or PDF file.
    static func figureBytes(_ plot: Plot, format: RasterOutput.Format, dpi: Int) throws(RasterError) -> [UInt8] {
        let (width, height) = (SVGRenderer.defaultWidth, SVGRenderer.defaultHeight)
        let svg = SVGRenderer.render(plot, width: width, height: height)
        switch format {
        case .svg: return Array(svg.utf8)
        case .png: return try RasterOutput.png(svg: svg, width: width, height: height, dpi: dpi)
        case .pdf: return try RasterOutput.pdf(svg: svg, width: width, height: height)
        }
    }

    /// An axis's label from its series' names: each distinct name once, in order, joined by commas.
    static func axisName(_ names: [String]) -> String {
        var seen: [String] = []
        for n in names where !n.isEmpty && !seen.contains(n) { seen.append(n) }
        return seen.joined(separator: ", ")
    }

    /// What a fit's law is on the y axis: its response column (`loss`).
    static func responseName(_ f: FitValue) -> String {
        f.loggedResponse ?? f.problem.response.formula(names: f.problem.columnNames, digits: 6)
    }

    /// An expression in a free variable (`chinchilla(N, 20 * N)` over N) as a law of that one input.
    func expressionLaw(_ e: Expr, of variable: String, in scope: Scope) throws(ScaleError) -> ResolvedLaw {
        var resolver = ModelResolver(interpreter: self, scope: scope, inputs: [variable])
        resolver.lawDefaultsAreConstants = true
        let node = try resolver.resolve(e)
        if let p = resolver.parameterNames.first {
            throw .runtime("'\(e.formula)' uses '\(p)', which has no value; only '\(variable)' is drawn over", at: e.range)
        }
        return ResolvedLaw(name: e.formula, inputs: [variable], expr: node.binding(parameters: [], columnMap: [0: 0]), fits: resolver.fitsUsed)
    }

    /// Puts the pointwise band of a fit drawn over one input on its series: by the delta method,
    /// or from `resamples` bootstrap refits; returns which, as the legend says it.
    /// A Huber fit's band is drawn from bootstrap refits unless `resamples` says how many: its
    /// least-squares covariance understates its spread (on the Chinchilla runs the delta band at
    /// the largest run is 0.017 nats wide against the bootstrap's 0.027), and the M-estimator
    /// sandwich, with δ = 1e-3 leaving few residuals inside δ, overstates it (0.063).
    static let huberBandResamples = 200

    func bandOf(_ series: inout Plot.Series, _ lawExpr: Expr, over: Checked, level: Double, resamples given: Int?, seed: Checked?, sandwich: Bool,
                at range: SourceRange, in scope: Scope) throws(ScaleError) -> String {
        guard case .object(let fit as FitValue) = try evaluate(lawExpr, in: scope), let variable = over.name,
              let column = fit.problem.columnNames.firstIndex(of: variable) else {
            throw .runtime("a band is drawn about a fit: 'plot f over N band 95' with f = fit …", at: range)
        }
        let width = fit.problem.columnNames.count
        let points = series.x.map { x -> [Double] in
            var row = [Double](repeating: 0, count: width)
            row[column] = x
            return row
        }
        let share = level / 100
        let band: PointwiseBand.Band
        var how: String
        let huber = fit.problem.huberDelta != nil && given == nil
        if huber, sandwich { throw .runtime("a Huber fit's band is drawn by the bootstrap; 'covariance sandwich' is for least-squares fits", at: range) }
        if let resamples = given ?? (huber ? Self.huberBandResamples : nil) {
            let s = try randomSeed(seed, at: range)
            let boot: Fitter.Bootstrap
            do {
                boot = try Fitter.bootstrap(fit.problem, from: fit.summary.values, count: resamples, seed: s, cancelled: { Interrupt.isRequested })
            } catch {
                throw .runtime("band: \(error.message)", at: range)
            }
            band = PointwiseBand.bootstrap(law: fit.law, values: fit.summary.values, replicates: boot.replicates, points: points, level: share)
            how = "bootstrap, \(boot.replicates.count) of \(resamples) refits, seed \(s)"
            if huber { how += "; a Huber fit's covariance does not give its spread" }
        } else {
            let covariance = sandwich ? SandwichCovariance.hc1(fit.problem, values: fit.summary.values) : fit.summary.result.covariance
            band = PointwiseBand.delta(law: fit.law, values: fit.summary.values, covariance: covariance, rows: fit.summary.rows,
                                       points: points, level: share)
            how = sandwich ? "delta method, sandwich covariance" : "delta method"
        }
        series.band = Plot.Series.Band(lower: band.lower, upper: band.upper)
        return how
    }

    /// How a plotted expression is named in a legend or on an axis: a table's column by its
    /// own name (`runs.loss` is `loss`), anything else as written.
    static func plotName(_ e: Expr) -> String {
        if case .member(_, let field) = e.kind { return field }
        return e.formula
    }

    /// The group of each point from `by`: text as it is, numbers in their shortest form, one per point.
    func plotGroups(_ e: Expr, count: Int, in scope: Scope) throws(ScaleError) -> [String] {
        let groups: [String]
        switch try evaluate(e, in: scope) {
        case .strings(let xs): groups = xs.map { $0 ?? "na" }
        case .vector(let xs): groups = xs.map { $0.isNA ? "na" : formatShortest($0) }
        case .bools(let bs): groups = bs.map { $0.map { $0 ? "true" : "false" } ?? "na" }
        case let v: throw .runtime("'by' needs a value per point (a column, as runs.dataset); '\(e.formula)' is a \(v.typeName)", at: e.range)
        }
        guard groups.count == count else {
            throw .runtime("'by \(e.formula)' has \(groups.count) values but the series has \(count) points", at: e.range)
        }
        return groups
    }

    func plotVector(_ e: Expr, in scope: Scope) throws(ScaleError) -> [Double] {
        switch try evaluate(e, in: scope) {
        case .vector(let xs): return xs
        case .number(let x): return [x]
        case let v: throw .runtime("a plot needs numbers; '\(e.formula)' is a \(v.typeName)", at: e.range)
        }
    }

    /// A law drawn over one input on 200 points (log-spaced on a range spanning over two decades);
    /// a fitted law is solid over its data's range and dashed beyond. Also returns a fitted law's
    /// data for that input, and the law. An expression that reads the variable (`chinchilla(N, 20 * N)
    /// over N`) is drawn as a law of it.
    func lawSeries(_ lawExpr: Expr, _ over: Checked, in scope: Scope) throws(ScaleError) -> (Plot.Series, [Double]?, ResolvedLaw) {
        if let variable = over.name, lawExpr.referencedNames.contains(variable) {
            return try lawSeries(try expressionLaw(lawExpr, of: variable, in: scope), named: lawExpr.formula, lawExpr, over, in: scope)
        }
        return try lawSeries(of: try evaluate(lawExpr, in: scope), named: lawExpr.formula, lawExpr, over, in: scope)
    }

    /// A law-like value (a law, a fit, one group's fit) drawn as `lawSeries` draws it, named `label`.
    func lawSeries(of lawValue: Value, named label: String, _ lawExpr: Expr, _ over: Checked, in scope: Scope) throws(ScaleError) -> (Plot.Series, [Double]?, ResolvedLaw) {
        if case .object(let f as FitValue) = lawValue { warnUsing(f, by: "plot", asLaw: true) }
        return try lawSeries(try resolveLaw(lawValue, at: lawExpr.range), named: label, lawExpr, over, in: scope)
    }

    private func lawSeries(_ law: ResolvedLaw, named label: String, _ lawExpr: Expr, _ over: Checked, in scope: Scope) throws(ScaleError) -> (Plot.Series, [Double]?, ResolvedLaw) {
        let overRange = over.nameRange.map { over.range.union($0) } ?? over.range
        guard let variable = over.name, let index = law.inputs.firstIndex(of: variable) else {
            throw .runtime("\(law.name) has no input '\(over.name ?? "")' to draw over (it takes \(law.inputs.joined(separator: ", ")))", at: overRange)
        }
        guard law.inputs.count == 1 else {
            throw .runtime("\(law.name) takes \(law.inputs.joined(separator: ", ")): a curve needs a law of one input; define one, as in g(N) = \(law.name)(N, 20 * N)",
                           at: lawExpr.range)
        }
        var solid: ClosedRange<Double>?
        var fitted: [Double]?
        // a fit, or a law of one (at20(N) = f(N, 20 * N)): solid over the fit's data, dashed beyond
        for o in law.fits {
            guard case .numbers(let data)? = o.table.column(variable), let lo = data.min(), let hi = data.max() else { continue }
            solid = lo...hi
            fitted = data
            break
        }
        var lo: Double, hi: Double
        if let value = over.expression {
            if case .range(let from, let to, _, _) = value.kind {
                // only the ends matter: 1B..1T is not built as a trillion-element vector
                lo = try scalar(try evaluate(from, in: scope), at: from.range, what: "the start of the range")
                hi = try scalar(try evaluate(to, in: scope), at: to.range, what: "the end of the range")
                guard lo < hi else { throw .runtime("the range to draw over must run from a smaller to a larger value", at: value.range) }
            } else {
                let xs = try plotVector(value, in: scope)
                guard let a = xs.min(), let b = xs.max(), a < b else { throw .runtime("the range to draw over must hold two different values", at: value.range) }
                lo = a; hi = b
            }
        } else {
            guard let s = solid else { throw .runtime("give the range: 'over \(variable) = a..b'", at: overRange) }
            lo = s.lowerBound; hi = s.upperBound
        }
        let geometric = lo > 0 && hi / lo > 100
        let n = 200
        var x: [Double] = [], y: [Double] = []
        for i in 0..<n {
            let t = Double(i) / Double(n - 1)
            let v = geometric ? lo * Foundation.pow(hi / lo, t) : lo + (hi - lo) * t
            x.append(v)
            var point = [Double](repeating: 0, count: 1)
            point[index] = v
            y.append(law.value(point))
        }
        return (Plot.Series(label: label, kind: .line, x: x, y: y, solidRange: solid), fitted, law)
    }
}

/// A plot value: drawn in braille on a terminal, written as SVG, PNG or PDF by `save p to "fig.svg"`, and
/// handed to the notebook runner (which writes the SVG beside the notebook).
final class PlotValue: SavableObject {
    let plot: Plot
    weak var interpreter: Interpreter?
    let forceTerminal: Bool

    init(plot: Plot, interpreter: Interpreter, forceTerminal: Bool) {
        self.plot = plot
        self.interpreter = interpreter
        self.forceTerminal = forceTerminal
    }

    var typeName: String { "plot" }
    var memberNames: [String] { ["svg"] }
    func member(_ name: String) -> Value? { name == "svg" ? .string(SVGRenderer.render(plot)) : nil }

    func display(digits: Int) -> String {
        let display = interpreter?.plotDisplay ?? PlotDisplay()
        if let sink = display.figureSink {
            sink(SVGRenderer.render(plot))
            return "(figure: \(plot.series.count) series)"
        }
        if display.terminal || forceTerminal {
            display.terminalFigureObserver?(SVGRenderer.render(plot), "(figure: \(plot.series.count) series)")
            return TerminalRenderer.render(plot, width: display.columns?() ?? display.width, height: 16, color: display.color)
        }
        return "plot of \(plot.series.map(\.label).joined(separator: ", ")) (not a terminal: 'plot … in terminal' draws it here, 'plot … to \"fig.svg\"' saves it)"
    }

    func savedBytes(path: String, at range: SourceRange) throws(ScaleError) -> [UInt8] {
        do {
            return try Interpreter.figureBytes(plot, format: try RasterOutput.Format(path: path), dpi: RasterOutput.defaultDPI)
        } catch {
            throw .runtime(error.message, at: range)
        }
    }
}

/// How the host shows plots: on a terminal (its width, colour), or into a notebook's figures.
public struct PlotDisplay {
    /// Draw plots as braille in the terminal.
    public var terminal = false
    /// The terminal's width in columns.
    public var width = 80
    /// Colour the series with ANSI escapes.
    public var color = false
    /// When set (notebooks), displayed plots go here as SVG text instead.
    public var figureSink: ((String) -> Void)?
    /// When set, the terminal's width read at each plot (it may have been resized); else `width`.
    public var columns: (() -> Int)?
    /// Told of each plot drawn on the terminal: its SVG and the line a notebook shows for it
    /// (the REPL keeps both for `:save`).
    public var terminalFigureObserver: ((_ svg: String, _ notebookText: String) -> Void)?

    /// How figures are shown; `figureSink` receives each figure's SVG where one is kept (a notebook).
    public init(terminal: Bool = false, width: Int = 80, color: Bool = false, figureSink: ((String) -> Void)? = nil) {
        self.terminal = terminal
        self.width = width
        self.color = color
        self.figureSink = figureSink
    }
}
