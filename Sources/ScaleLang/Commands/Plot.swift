import Foundation
import ScalePlot
import ScalingCore

extension Commands {
    /// `plot Y vs X, LAW over VAR = a..b, … [to "fig.svg"] [in terminal] [log x] [lin y] [title "…"]`.
    static let plot = CommandDeclaration(
        verb: "plot", summary: "points (Y vs X) and laws (LAW over VAR = a..b) on log or linear axes, in the terminal or as SVG",
        operands: [OperandDeclaration("series", .expression(.expression), "Y, to draw against X ('vs'), or a law to draw over one input ('over')")],
        clauses: [
            ClauseDeclaration("vs", .expression(.expression), placeholder: "X", "the x values of the latest series"),
            ClauseDeclaration("over", .binding(.expression, bare: true), placeholder: "VAR = a..b",
                              "draw the latest series, a law, over one input (a fit's own data range when no range is given)"),
            ClauseDeclaration(",", .expression(.expression), placeholder: "SERIES", "another series"),
            ClauseDeclaration("to", .expression(.text), placeholder: "FILE", "write an SVG file instead of showing the plot"),
            ClauseDeclaration("in", .word(subject: "display", choices: ["terminal"]), "draw in the terminal even when output is not one"),
            ClauseDeclaration("log", .word(subject: "axis", choices: ["x", "y"]), "a logarithmic axis"),
            ClauseDeclaration("lin", .word(subject: "axis", choices: ["x", "y"]), "a linear axis"),
            ClauseDeclaration("title", .expression(.text), placeholder: "TEXT", "the title"),
            ClauseDeclaration("xlabel", .expression(.text), placeholder: "TEXT", "the x axis label"),
            ClauseDeclaration("ylabel", .expression(.text), placeholder: "TEXT", "the y axis label"),
        ],
        examples: ["plot [1, 2, 3] vs [10, 100, 1000], chinchilla(70B, 20 * 70B) * [1, 1, 1] vs [10, 100, 1000] in terminal",
                   "g(N) = chinchilla(N, 20 * N)", "plot g over N = 1B..1T in terminal, title \"loss at 20 tokens per parameter\""],
        run: { (i: Interpreter, input: CommandInput) throws(ScaleError) -> Value in try i.plot(input) })
}

extension Interpreter {
    func plot(_ input: CommandInput) throws(ScaleError) -> Value {
        let range = input.range, scope = input.scope
        guard let first = input.operand(0)?.expression else {
            throw .runtime("write 'plot Y vs X' or 'plot LAW over VAR = a..b'", at: range)
        }
        // Gather series: the first operand, then one per ',' clause; 'vs' and 'over' attach to the latest.
        struct Pending { var y: Expr; var x: Expr?; var over: Checked? }
        var pending = [Pending(y: first, x: nil, over: nil)]
        var plot = Plot(series: [])
        var path: String?, forceTerminal = false
        for (word, c) in input.clauses {
            switch word {
            case ",": if let e = c.expression { pending.append(Pending(y: e, x: nil, over: nil)) }
            case "vs": pending[pending.count - 1].x = c.expression
            case "over": pending[pending.count - 1].over = c
            case "to": path = c.text
            case "in": forceTerminal = true
            case "log", "lin":
                let scale: Plot.Scale = word == "log" ? .log : .linear
                if c.word == "x" { plot.xScale = scale } else { plot.yScale = scale }
            case "title": plot.title = c.text ?? ""
            case "xlabel": plot.xLabel = c.text ?? ""
            case "ylabel": plot.yLabel = c.text ?? ""
            default: break
            }
        }
        for p in pending {
            if let over = p.over {
                plot.series.append(try lawSeries(p.y, over, in: scope))
                if plot.xLabel.isEmpty { plot.xLabel = over.name ?? "" }
            } else {
                guard let xExpr = p.x else {
                    throw .runtime("say what '\(p.y.formula)' is plotted against: '\(p.y.formula) vs X', or '\(p.y.formula) over VAR = a..b' for a law", at: p.y.range)
                }
                let y = try plotVector(p.y, in: scope), x = try plotVector(xExpr, in: scope)
                guard x.count == y.count else {
                    throw .runtime("'\(p.y.formula)' has \(y.count) values but '\(xExpr.formula)' has \(x.count)", at: p.y.range.union(xExpr.range))
                }
                plot.series.append(Plot.Series(label: "\(p.y.formula) vs \(xExpr.formula)", kind: .points, x: x, y: y))
                if plot.xLabel.isEmpty { plot.xLabel = xExpr.formula }
                if plot.yLabel.isEmpty { plot.yLabel = p.y.formula }
            }
        }
        let value = PlotValue(plot: plot, interpreter: self, forceTerminal: forceTerminal)
        if let path {
            guard limits.mayWriteFiles else { throw .runtime("writing files is turned off", at: range) }
            do {
                try AtomicFile.write(SVGRenderer.render(plot), to: resolve(path))
            } catch {
                throw .runtime(error.message, at: range)
            }
            output("wrote \(path)\n")
            return .nothing
        }
        return .object(value)
    }

    func plotVector(_ e: Expr, in scope: Scope) throws(ScaleError) -> [Double] {
        switch try evaluate(e, in: scope) {
        case .vector(let xs): return xs
        case .number(let x): return [x]
        case let v: throw .runtime("a plot needs numbers; '\(e.formula)' is a \(v.typeName)", at: e.range)
        }
    }

    /// A law drawn over one input on 200 points (log-spaced on a range spanning over two decades);
    /// a fitted law is solid over its data's range and dashed beyond.
    func lawSeries(_ lawExpr: Expr, _ over: Checked, in scope: Scope) throws(ScaleError) -> Plot.Series {
        let lawValue = try evaluate(lawExpr, in: scope)
        let law = try resolveLaw(lawValue, at: lawExpr.range)
        let overRange = over.nameRange.map { over.range.union($0) } ?? over.range
        guard let variable = over.name, let index = law.inputs.firstIndex(of: variable) else {
            throw .runtime("\(law.name) has no input '\(over.name ?? "")' to draw over (it takes \(law.inputs.joined(separator: ", ")))", at: overRange)
        }
        guard law.inputs.count == 1 else {
            throw .runtime("\(law.name) takes \(law.inputs.joined(separator: ", ")): a curve needs a law of one input; define one, as in g(N) = \(law.name)(N, 20 * N)",
                           at: lawExpr.range)
        }
        var solid: ClosedRange<Double>?
        if case .object(let o as FitValue) = lawValue, case .numbers(let data)? = o.table.column(variable), let lo = data.min(), let hi = data.max() {
            solid = lo...hi
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
        return Plot.Series(label: "\(lawExpr.formula) over \(variable)", kind: .line, x: x, y: y, solidRange: solid)
    }
}

/// A plot value: drawn in braille on a terminal, written as SVG by `save p to "fig.svg"`, and
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
            return TerminalRenderer.render(plot, width: display.width, height: 16, color: display.color)
        }
        return "plot of \(plot.series.map(\.label).joined(separator: ", ")) (not a terminal: 'plot … in terminal' draws it here, 'plot … to \"fig.svg\"' saves it)"
    }

    func savedText(path: String, at range: SourceRange) throws(ScaleError) -> String {
        SVGRenderer.render(plot)
    }
}

/// How the host shows plots: on a terminal (its width, colour), or into a notebook's figures.
public struct PlotDisplay {
    public var terminal = false
    public var width = 80
    public var color = false
    /// When set (notebooks), displayed plots go here as SVG text instead.
    public var figureSink: ((String) -> Void)?

    public init(terminal: Bool = false, width: Int = 80, color: Bool = false, figureSink: ((String) -> Void)? = nil) {
        self.terminal = terminal
        self.width = width
        self.color = color
        self.figureSink = figureSink
    }
}
