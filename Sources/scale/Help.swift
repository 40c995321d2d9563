/// The REPL's `:help` pages.
enum Help {
    static let topics: [String: String] = [
        "syntax": """
            Numbers take exponents and suffixes: 70B = 7e10, 1.4T, 1.5K. Strings "…". # comments.
            x = expr                 assign         f(x, y) = expr        define a function
            [1, 2, 3]   1..10   1..2 step 0.5   1..1000 times 10          vectors and ranges
            + - * / ^ %   == != < <= > >=   and or not                     (^ is right-associative; -2^2 = -4)
            if c { … } else { … }     for x in v { … }     print expr     assert expr, "message"
            """,
        "tables": """
            t = load "runs.csv"        columns of numbers or text; NaN or Inf is an error naming the row
            t = load "runs.csv" skip nonfinite      drop such rows instead (a note lists them)
            t.loss   t."Model Size"    a column as a vector
            t.D = t.C / (6 * t.N)      add or replace a column
            small = t where C < 1e21   keep rows; columns are names in the condition
            use t                      default table for fit and friends
            save t to "out.csv"        written atomically
            table(N = [1, 2], L = [3, 4])   head(t, 5)   columns(t)   len(t)
            """,
        "builtins": """
            exp log log10 log2 sqrt abs sin cos tan atan floor ceil round    (elementwise)
            min max sum mean sd len sort reverse any all cumsum    pi
            """,
        "fit": """
            f = fit log(loss) ~ log(exp(a - alpha*log(N)) + exp(b - beta*log(D)) + exp(e)) on runs
                start a = 0..25 step 5, alpha = [0.2, 0.5]      a vector or range makes a grid of starts
                huber 1e-3    weights 1/sigma^2    bounds alpha > 0, beta < 2    maxiter 5000
            Names that are neither columns nor defined numbers are parameters (start at 1); a law
            such as scalerl(C) is fitted for its own parameters. f.alpha  f.params  f.se  f.r2
            f(N = 70B, D = 1.4T)   residuals(f)   predict(f, table)
            bootstrap f 1000 seed 7 of f.alpha/(f.alpha + f.beta)     holdout f largest 10 by C
            """,
        "laws": """
            chinchilla(70B, 1.4T)   chinchilla(70B, 1.4T, E = 1.7)   epoch2024  kaplan  muennighoff  scalerl
            law L(N, D) = E + A/N^a + B/D^b where E = 1.7, A = 400, B = 400, a = 0.3, b = 0.3
            optimal chinchilla at C = 5.76e23            optimal epoch2024 at C = 1e20..1e26 times 10
            optimal chinchilla at C = 1e24 cost 6*N*D + 2*N*1T
            optimal chinchilla for loss = 2.0 with inference 10T
            isoflop runs by C      d(chinchilla, N)      elasticity(chinchilla, D)
            flops(N, D)  infer_flops(N, tokens)  gpu_hours(C, gpu = H100, mfu = 0.4)  cost(C, price = 2.5)
            set gpu H100, mfu 0.4, price 2.5          (optimal tables gain GPU-hours and cost)
            """,
        "simulate": """
            simulate bestof 1..1024 times 4 with p ~ beta(0.3, 2), verifier = noisy(0.5)
            simulate majority 1..256 times 2 with p = 0.4, distractor = 0.3, wrong = 4
            simulate weighted 16 with p = 0.3, verifier = auc(0.8), trials = 20000, seed = 7
            simulate beam 4 steps 10 with q = 0.9, verifier = noisy(0.5)
            options: p = X | p ~ beta(a, b) | p = VECTOR, trials, seed, verifier = oracle | noisy(σ) | auc(x),
                     distractor, wrong, model = N, tokens = T
            passk(n, c, k)   coverage(k, p or beta(a, b))   fit_beta(table with n, c)   bon_kl(n)
            """,
        "compare": """
            compare 7B with tokens = 140B           extra 10% of 6·N·D spent on pre-training, RL or test time:
                                                    gain per FLOP and ceiling of each, ranked (c.by_return, c.by_ceiling)
                options: extra (fraction) or budget (FLOPs), law, accuracy (a function of loss) or midpoint
                and scale, rl (a curve of compute) or headroom, rl_mid, rl_exponent, p (per-problem) or
                beyond (share out of reach), verifier, queries, sample_tokens
            matched 14 with model = 1B, queries = 1B  a 1B model with test-time samples vs a 14× larger one at
                                                    equal total FLOPs, per difficulty (options: tokens, p, verifier,
                                                    law, scale = loss per logit, sample_tokens)
            """,
        "plot": """
            plot runs.loss vs runs.C                      points; log axes when data span > 2 decades
            plot f over N = 1B..1T, g over N              a curve; a fit is dashed beyond its data
            plot … to "fig.svg"    plot … in terminal    log x    lin y    title "…"
            Notebooks: scale notebook run|check|html FILE.md   (cells are ```scale blocks)
            """,
        "repl": """
            :help [topic]   :vars   :reset   :save FILE.md   :load FILE.md   :quit
            Tab completes names, columns after t., files in load "…"
            Ctrl-C abandons the line or stops a running evaluation; Ctrl-D exits.
            set digits N    shown significant digits (print always shows the shortest exact form)
            """,
    ]

    static func text(topic: String?) -> String {
        if let topic, let page = topics[topic] { return page + "\n" }
        var out = topic.map { "no help on '\($0)'. " } ?? ""
        out += "ScaleLab: fit and use scaling laws.\nTopics: " + topics.keys.sorted().joined(separator: ", ") + "   (:help TOPIC)\n"
        return out
    }
}
