import ScalingCore

/// One line and one runnable example for every builtin function and constant. A test holds this
/// table and the registered builtins to the same names, so neither can drift from the other.
enum BuiltinDocs {
    struct Entry: Sendable {
        let group: String
        let doc: String
        let example: String
    }

    static let entries: [String: Entry] = {
        var out: [String: Entry] = [:]
        func add(_ group: String, _ rows: [(String, String, String)]) {
            for (name, doc, example) in rows { out[name] = Entry(group: group, doc: doc, example: example) }
        }
        // The math functions a model can call document themselves in the core's table.
        add("math", MathFunction.all.filter(\.callable).map { ($0.name, $0.doc, $0.example) })
        add("math", [
            ("ifelse", "a where the condition holds, else b, elementwise; in a model, a piecewise function", "ifelse([1, 5] > 2, 10, 20)"),
            ("floor", "round down, elementwise", "floor(2.7)"),
            ("ceil", "round up, elementwise", "ceil(2.1)"),
            ("round", "round to the nearest whole number (halves away from zero), elementwise", "round(2.5)"),
            ("min", "the smallest element of a vector, or the elementwise minimum of several values", "min([3, 1, 2])"),
            ("max", "the largest element of a vector, or the elementwise maximum of several values", "max([1, 5], [4, 2])"),
            ("sum", "the sum of a vector", "sum(1..10)"),
            ("mean", "the mean of a vector", "mean([1, 2, 3, 4])"),
            ("sd", "the sample standard deviation (n − 1) of a vector", "sd([1, 2, 3, 4])"),
            ("len", "the number of elements, rows (a table), fields (a record) or characters (a string)", "len(1..10)"),
            ("sort", "a vector in increasing order (NaN, then na, last); sort(t, by = \"C\", descending = true) orders a table's rows (stable)", "sort([3, 1, 2])"),
            ("reverse", "a vector back to front", "reverse([1, 2, 3])"),
            ("any", "whether any element is non-zero", "any([0, 0, 1])"),
            ("all", "whether every element is non-zero", "all([1, 1, 0])"),
            ("cumsum", "running sums", "cumsum([1, 2, 3])"),
            ("isnan", "whether a number (or each element) is NaN", "isnan([1, 0/0])"),
            ("pi", "the constant π", "2 * pi"),
            ("inf", "positive infinity", "-inf < 0"),
        ])
        add("tables", [
            ("table", "a table from named columns of equal length; table(FIT): a fit's parameter, estimate, se, lo and hi", "table(N = [1B, 2B], loss = [2.5, 2.4])"),
            ("select", "the named columns of a table, in that order (bare names, backticked names or text)", "select(table(a = [1], b = [2]), b)"),
            ("columns", "a table's column names", "columns(table(a = [1], b = [2]))"),
            ("head", "the first n rows of a table or elements of a vector (n = 10 by default)", "head(1..100, 3)"),
            ("tail", "the last n rows of a table or elements of a vector (n = 10 by default)", "tail(1..100, 3)"),
        ])
        add("data", [
            ("na", "the missing value: arithmetic and comparisons with it give na, reductions of data holding it are na", "[1, na, 3] + 1"),
            ("isna", "whether a value (or each element) is missing", "isna([1, na, 0/0])"),
            ("drop_na", "a vector without its missing elements; a table without rows missing a value (in the named columns, if given)",
             "mean(drop_na([1, na, 3]))"),
            ("stack", "the rows of tables one after another, columns matched by name (absent ones missing)",
             "stack(table(N = [1B], loss = [2.5]), table(N = [2B], run = [\"b\"]))"),
            ("join", "rows of two tables whose key columns match (by = \"model\" or a vector of names); keep = \"left\", \"right\" or \"outer\" keeps unmatched rows; other shared columns become NAME.x and NAME.y",
             "join(table(model = [\"a\", \"b\"], N = [1B, 2B]), table(model = [\"b\", \"a\"], loss = [2.4, 2.5]), by = \"model\")"),
            ("rename", "a table with columns renamed: rename(t, old = \"new\")", "rename(table(x = [1]), x = \"N\")"),
            ("unique", "the distinct elements, in order of first appearance", "unique([3, 1, 3, 2, 1])"),
            ("first", "the first element of a vector (the first row of a table, as a record)", "first([4, 5, 6])"),
            ("last", "the last element of a vector (the last row of a table, as a record)", "last([4, 5, 6])"),
            ("median", "the middle value (the mean of the two middle ones for an even count)", "median([3, 1, 4, 1, 5])"),
            ("quantile", "the q-quantile by linear interpolation (R's type 7, numpy's default); q may be a vector", "quantile(1..10, [0.25, 0.5, 0.9])"),
            ("rolling", "the trailing mean of up to k values (fewer at the start), as pandas' rolling(k, min_periods=1).mean()", "rolling([1, 2, 3, 4, 5], 2)"),
            ("cummax", "running maxima", "cummax([1, 3, 2, 5])"),
            ("cummin", "running minima (the best loss so far)", "cummin([3.2, 3.0, 3.1, 2.9])"),
        ])
        add("text", [
            ("fmt", "x to n significant digits as text (C's %g); a vector gives a text vector. In a string, \"{x:.3g}\" does the same",
             "fmt(73190441757.4985, 3)"),
        ])
        add("fits and laws", [
            ("residuals", "a fit's residuals: response minus fitted value, per row",
             "residuals(fit y ~ a * x on table(x = [1, 2, 3], y = [2, 4.1, 5.9]))"),
            ("predict", "a fit's model on another table's columns",
             "predict(fit y ~ a * x on table(x = [1, 2, 3], y = [2, 4.1, 5.9]), table(x = [4, 5]))"),
            ("d", "the exact partial derivative of a law by one input, as a law", "d(chinchilla, N)(70B, 1.4T)"),
            ("elasticity", "∂log L/∂log X of a law, as a law", "elasticity(chinchilla, D)(70B, 1.4T)"),
        ])
        add("compute", [
            ("gpu_hours", "GPU-hours for C FLOPs: C / (gpu · mfu · 3600), gpu and mfu from 'set' unless given (default H100, 0.4)",
             "gpu_hours(5.76e23, gpu = A100, mfu = 0.5)"),
            ("cost", "dollars for C FLOPs: GPU-hours × price, each from 'set' unless given (default price 2.5 per GPU-hour)", "cost(1e24, price = 2)"),
        ])
        add("test time", [
            ("passk", "pass@k from n samples with c correct (Chen et al. 2021, product form)", "passk(200, 13, 10)"),
            ("beta", "a Beta(a, b) distribution of per-problem success probabilities", "beta(0.3, 2)"),
            ("coverage", "the chance at least one of k samples is right: 1 − (1 − p)^k, or 1 − B(a, b + k)/B(a, b) under beta(a, b)",
             "coverage(1..1000 times 10, beta(0.3, 2))"),
            ("fit_beta", "the Beta(a, b) that best explains per-problem counts (columns n and c), by maximum likelihood, or a coverage curve (columns k and coverage), by least squares",
             "fit_beta(table(n = [10, 10, 10, 10], c = [0, 2, 5, 9]))"),
            ("noisy", "a verifier whose score is correctness plus N(0, σ²) noise", "noisy(0.5)"),
            ("auc", "a noisy verifier with this area under the ROC curve", "auc(0.8)"),
            ("oracle", "the verifier that always knows the right answer", "oracle"),
        ])
        return out
    }()
}
