/// Help on every reserved word and every symbol of the language, keyed by the lexer's own
/// `Keyword` and `Symbol`: the switches are exhaustive, so a word or symbol added to the lexer
/// does not compile until it has its page here.
struct SyntaxDoc {
    /// The form as written (`if COND { … } else { … }`).
    let synopsis: String
    let doc: String
    /// Lines that run as written.
    let examples: [String]
}

extension Keyword {
    var help: SyntaxDoc {
        switch self {
        case .if, .else:
            return SyntaxDoc(synopsis: "if COND { … } else if COND { … } else { … }",
                             doc: "runs the first block whose condition is true; the condition is one true or false (a vector or na is an error); 'else' may start the next line",
                             examples: ["x = 3", "if x > 2 { print \"big\" } else { print \"small\" }"])
        case .for:
            return SyntaxDoc(synopsis: "for NAME in VALUES { … }",
                             doc: "runs the block once for each element of a vector or range, or each row of a table (a row is read as row.column)",
                             examples: ["for k in 1..3 { print k^2 }"])
        case .while:
            return SyntaxDoc(synopsis: "while COND { … }",
                             doc: "runs the block while the condition is true; Ctrl-C stops a loop that does not end",
                             examples: ["n = 1", "while n < 100 { n = n * 3 }", "print n"])
        case .in:
            return SyntaxDoc(synopsis: "for NAME in VALUES   fit … in log",
                             doc: "names what a for loop runs over; after a fit's model, 'in log' fits the logarithm of both sides",
                             examples: ["for x in [1, 2] { print x }"])
        case .and, .or:
            return SyntaxDoc(synopsis: "A and B   A or B",
                             doc: "logical and, or, element by element on vectors; with na, R's rules (na and false is false, na or true is true)",
                             examples: ["print [true, false] and [true, true]", "print na or true"])
        case .not:
            return SyntaxDoc(synopsis: "not A", doc: "logical negation, element by element; not na is na",
                             examples: ["print not [true, false]"])
        case .true, .false:
            return SyntaxDoc(synopsis: "true   false", doc: "the two bool values; comparisons give them, where and if read them",
                             examples: ["print true and not false"])
        case .print:
            return SyntaxDoc(synopsis: "print EXPR[, EXPR …]",
                             doc: "writes values on one line, separated by spaces (tables and fits as they display)",
                             examples: ["print \"loss\", 2.5, [1, 2]"])
        case .assert:
            return SyntaxDoc(synopsis: "assert COND[, \"message\"]",
                             doc: "stops the script with an error naming the line (and the message) when the condition is not true",
                             examples: ["assert 1 + 1 == 2, \"arithmetic\""])
        case .where:
            return SyntaxDoc(synopsis: "TABLE where COND   law L(…) = … where NAME = VALUE, …",
                             doc: "keeps the rows of a table where the condition (written with bare column names) is true, dropping na rows with a note; after a law, gives its default parameters",
                             examples: ["t = table(N = [1B, 2B, 4B], loss = [2.6, 2.5, 2.4])", "print t where N > 1B and loss < 2.55"])
        case .law:
            return SyntaxDoc(synopsis: "law NAME(INPUTS) = EXPR where PARAM = VALUE, … [source \"…\"] [inputs \"…\"]",
                             doc: "declares a scaling law with default parameters; fit, optimal and plot use it by name",
                             examples: ["law small(N) = E + A / N^a where E = 1.7, A = 400, a = 0.34", "print small(1B)"])
        }
    }
}

extension Symbol {
    var help: SyntaxDoc {
        switch self {
        case .plus, .minus, .star, .slash:
            return SyntaxDoc(synopsis: "A + B   A - B   A * B   A / B   -A",
                             doc: "arithmetic, element by element on vectors and columns (a number with a vector applies to each element); + also joins two texts; na in gives na out",
                             examples: ["print [1, 2, 3] * 2 + 1", "print \"a\" + \"b\""])
        case .caret:
            return SyntaxDoc(synopsis: "A ^ B", doc: "power; right-associative (2^3^2 = 2^9) and above unary minus (-2^2 = -4)",
                             examples: ["print 2^3^2, -2^2"])
        case .percent:
            return SyntaxDoc(synopsis: "A % B", doc: "remainder with the sign of B, as Python's % (-7 % 3 = 2); not allowed in a fit's model",
                             examples: ["print -7 % 3, 7.5 % 2"])
        case .equal:
            return SyntaxDoc(synopsis: "NAME = EXPR   f(x) = EXPR   v[i] = EXPR   t.col = EXPR",
                             doc: "assigns a variable, defines a function, sets elements of a vector or a table's column; in calls and with-lists, names an argument or option",
                             examples: ["f(x) = x^2 + 1", "v = [1, 2, 3]", "v[2] = f(3)", "print v"])
        case .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual:
            return SyntaxDoc(synopsis: "A == B   A != B   A < B   A <= B   A > B   A >= B",
                             doc: "comparisons, element by element, giving bools; texts compare by their characters; anything compared with na is na",
                             examples: ["print [1, 2, 3] >= 2", "print \"a\" != \"b\""])
        case .tilde:
            return SyntaxDoc(synopsis: "fit RESPONSE ~ MODEL on TABLE   p ~ beta(a, b)",
                             doc: "separates a fit's response column from its model; in simulate, draws an option from a distribution",
                             examples: ["t = table(x = [1, 2, 3, 4], y = [2.9, 5.1, 7.0, 9.1])", "print fit y ~ a + b * x on t"])
        case .dotDot:
            return SyntaxDoc(synopsis: "FROM..TO [step S]   FROM..TO times K",
                             doc: "a range: from FROM to TO inclusive by steps of 1 or S, or log-spaced by a factor of K",
                             examples: ["print 1..5", "print 0..1 step 0.25", "print 1..1000 times 10"])
        case .dot:
            return SyntaxDoc(synopsis: "TABLE.COLUMN   TABLE.\"Column Name\"   FIT.PARAM",
                             doc: "reads a table's column (quote a name with spaces), a fit's parameter, a row's field",
                             examples: ["t = table(N = [1B, 2B], loss = [2.6, 2.5])", "print t.loss"])
        case .leftParen, .rightParen:
            return SyntaxDoc(synopsis: "(EXPR)   f(ARG, NAME = ARG)",
                             doc: "groups an expression, or calls a function with positional and named arguments",
                             examples: ["print (1 + 2) * 3, max(4, 5)"])
        case .leftBracket, .rightBracket:
            return SyntaxDoc(synopsis: "[A, B, …]   V[I]   V[MASK]   T[I]",
                             doc: "a vector; an element or elements of a vector (from 1, a vector of indices or a bool mask); a row of a table",
                             examples: ["v = [10, 20, 30]", "print v[2], v[[1, 3]], v[v > 15]"])
        case .leftBrace, .rightBrace:
            return SyntaxDoc(synopsis: "{ STATEMENTS }   \"text {EXPR:.3g}\"",
                             doc: "a block of if, for and while; in a string, an expression whose value is put in the text (with a format after a colon)",
                             examples: ["x = 1234.5", "print \"x = {x:.3g}\""])
        case .comma:
            return SyntaxDoc(synopsis: "A, B", doc: "separates arguments, elements, options of a with-list and values of print",
                             examples: ["print 1, [2, 3], max(4, 5)"])
        case .semicolon:
            return SyntaxDoc(synopsis: "STATEMENT; STATEMENT", doc: "separates statements on one line, as a line end does",
                             examples: ["a = 1; b = 2; print a + b"])
        case .colon:
            return SyntaxDoc(synopsis: "\"{EXPR:FORMAT}\"   :help   :vars",
                             doc: "in a string, starts the format of an expression (.3g, .2f, .1e); at the start of a REPL line, a REPL command (':help repl')",
                             examples: ["print \"{2/3:.2f}\""])
        }
    }
}
