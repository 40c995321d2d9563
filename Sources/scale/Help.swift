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
            t = load "runs.csv"        columns of numbers or text
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
        "repl": """
            :help [topic]   :vars   :reset   :quit      Tab completes names, columns after t., files in load "…"
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
