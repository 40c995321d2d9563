/// Parses a whole source text into statements.
///
/// Statements end at a newline or `;`. A statement continues onto the next line while a `(` or
/// `[` is open, after a binary operator, or (for `fit` and the domain commands) while the next
/// line starts with one of the statement's clause words.
public func parse(_ source: Source) throws(ScaleError) -> [Stmt] {
    var parser = Parser(tokens: try tokenize(source))
    return try parser.program()
}

/// Nesting limit for brackets and blocks, so that deep input is an error rather than a stack overflow.
let maximumNesting = 200
/// Depth limit of one expression tree: a chain `1+1+…`, `x[1][1]…` or `f(1)(1)…` is as deep as it
/// is long, and every walk of the tree (evaluation, rendering, freeing it) recurses that deep.
let maximumDepth = 10_000

private struct Parser {
    let tokens: [Token]
    var index = 0
    /// Open `(` and `[` brackets: while positive, newlines are insignificant.
    var depth = 0
    /// All nesting (brackets, blocks, unary chains), checked against `maximumNesting`.
    var nesting = 0
    /// Nesting within the limit can still exhaust a small thread's stack: an error, not a crash.
    let stackGuard = StackGuard()

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    // MARK: - Token helpers

    var current: Token {
        var i = index
        if depth > 0 {
            while tokens[i].kind == .newline { i += 1 }
        }
        return tokens[i]
    }

    mutating func advance() -> Token {
        if depth > 0 {
            while tokens[index].kind == .newline { index += 1 }
        }
        let t = tokens[index]
        if t.kind != .end { index += 1 }
        return t
    }

    /// The kind of the token after `current` (newlines skipped inside brackets).
    func kindAfterCurrent() -> Token.Kind {
        var i = index
        if depth > 0 { while tokens[i].kind == .newline { i += 1 } }
        if tokens[i].kind == .end { return .end }
        i += 1
        if depth > 0 { while tokens[i].kind == .newline { i += 1 } }
        return tokens[i].kind
    }

    func check(_ s: Symbol) -> Bool { current.kind == .symbol(s) }
    func check(_ k: Keyword) -> Bool { current.kind == .keyword(k) }
    func checkWord(_ w: String) -> Bool { current.kind == .identifier(w) }

    mutating func match(_ s: Symbol) -> Bool {
        if check(s) { _ = advance(); return true }
        return false
    }

    mutating func match(_ k: Keyword) -> Bool {
        if check(k) { _ = advance(); return true }
        return false
    }

    mutating func skipNewlines() {
        while tokens[index].kind == .newline { index += 1 }
    }

    /// What the end of the tokens is called in messages: the end of input, or inside a string's
    /// `{…}` the brace that closes it.
    var endOfInput = "end of input"

    /// A token as messages name it ("found …").
    func found(_ t: Token) -> String { t.kind == .end ? endOfInput : t.kind.description }

    func error(_ message: String, at token: Token? = nil) -> ScaleError {
        let t = token ?? current
        return .syntax(message, at: t.range, atEnd: t.kind == .end)
    }

    mutating func consume(_ s: Symbol, _ message: String) throws(ScaleError) -> Token {
        if check(s) { return advance() }
        throw error("\(message), found \(found(current))")
    }

    /// Consumes the closing bracket of a construct that raised `depth`, then lowers it again
    /// (in that order, so that newlines before the bracket are still skipped).
    mutating func closeBracket(_ s: Symbol, opener: Token, what: String) throws(ScaleError) -> Token {
        let close = current
        guard close.kind == .symbol(s) else {
            throw .syntax("expected '\(s.rawValue)' to close \(what) opened here, found \(found(close))", at: opener.range, atEnd: close.kind == .end)
        }
        _ = advance()
        depth -= 1
        return close
    }

    mutating func identifier(_ what: String) throws(ScaleError) -> (String, SourceRange) {
        let t = current
        if case .identifier(let name) = t.kind {
            _ = advance()
            return (name, t.range)
        }
        if case .keyword(let k) = t.kind {
            throw error("expected \(what), found the reserved word '\(k.rawValue)'")
        }
        throw error("expected \(what), found \(found(t))")
    }

    /// `e`, unless it is deeper than `maximumDepth`.
    func bounded(_ e: Expr) throws(ScaleError) -> Expr {
        guard e.depth <= maximumDepth else {
            throw .syntax("this expression is too deep (more than \(maximumDepth) levels): split a long chain of operators into parts", at: e.range)
        }
        return e
    }

    mutating func nest<T>(_ body: (inout Parser) throws(ScaleError) -> T) throws(ScaleError) -> T {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > maximumNesting {
            throw error("expressions nest too deeply (more than \(maximumNesting) levels)")
        }
        guard stackGuard.hasRoom(reserve: StackGuard.reserve / 2) else {
            throw error("expressions nest too deeply for this thread's stack (\(nesting) levels)")
        }
        return try body(&self)
    }

    // MARK: - Statements

    // program -> { statement (NEWLINE | ';') } END
    mutating func program() throws(ScaleError) -> [Stmt] {
        var statements: [Stmt] = []
        while true {
            skipSeparators()
            if current.kind == .end { return statements }
            statements.append(try statement())
            try endOfStatement()
        }
    }

    mutating func skipSeparators() {
        while tokens[index].kind == .newline || tokens[index].kind == .symbol(.semicolon) { index += 1 }
    }

    mutating func endOfStatement() throws(ScaleError) {
        switch current.kind {
        case .newline, .end, .symbol(.semicolon), .symbol(.rightBrace): return
        default: throw error("expected end of statement (a new line or ';'), found \(found(current))")
        }
    }

    // block -> '{' { statement } '}'
    mutating func block(opener: String, at openerRange: SourceRange) throws(ScaleError) -> [Stmt] {
        let brace = current
        guard match(.leftBrace) else {
            throw error("expected '{' to begin the body of '\(opener)', found \(found(current))")
        }
        let savedDepth = depth
        depth = 0
        defer { depth = savedDepth }
        return try nest { (p: inout Parser) throws(ScaleError) -> [Stmt] in
            var body: [Stmt] = []
            while true {
                p.skipSeparators()
                if p.match(.rightBrace) { return body }
                if p.current.kind == .end {
                    throw .syntax("expected '}' to close the block of '\(opener)' opened here", at: brace.range, atEnd: true)
                }
                body.append(try p.statement())
                try p.endOfStatement()
            }
        }
    }

    // statement -> print | assert | if | for | while | use | save | set | law | assignment | expression
    mutating func statement() throws(ScaleError) -> Stmt {
        let start = current
        switch start.kind {
        case .keyword(.print):
            _ = advance()
            var items = [try expression()]
            var end = items[0].range
            while match(.comma) {
                items.append(try expression())
                end = items[items.count - 1].range
            }
            return Stmt(.print(items), start.range.union(end))
        case .keyword(.assert):
            _ = advance()
            let cond = try expression()
            var message: Expr?
            if match(.comma) { message = try expression() }
            return Stmt(.assert(cond, message), start.range.union((message ?? cond).range))
        case .keyword(.if):
            return try ifStatement()
        // while -> 'while' expression block
        case .keyword(.while):
            _ = advance()
            let cond = try expression()
            let body = try block(opener: "while", at: start.range)
            return Stmt(.while(cond, body), start.range.union(cond.range))
        case .keyword(.for):
            _ = advance()
            let (name, _) = try identifier("a loop variable name after 'for'")
            guard match(.in) else { throw error("expected 'in' after 'for \(name)', found \(found(current))") }
            let iterable = try expression()
            let body = try block(opener: "for", at: start.range)
            return Stmt(.for(name, iterable, body), start.range.union(iterable.range))
        case .identifier(let verb):
            // `save`, `use` and `set` are statements; their verbs are names everywhere else.
            if let d = Commands.named[verb], d.isStatement, !start.quoted, startsCommand(d) {
                let c = try command(d)
                return Stmt(.expression(c), c.range)
            }
            return try expressionStatement()
        case .keyword(.law):
            _ = advance()
            let target = try postfix()
            guard match(.equal) else { throw error("expected '=' after 'law \(describe(target))', found \(found(current))") }
            return try definition(target, isLaw: true, start: start.range)
        default:
            return try expressionStatement()
        }
    }

    // expressionStatement -> expression [ '=' ( expression | definition ) ]
    mutating func expressionStatement() throws(ScaleError) -> Stmt {
        let expr = try expression()
        if check(.equal) {
            _ = advance()
            skipNewlines()
            return try assignment(to: expr)
        }
        return Stmt(.expression(expr), expr.range)
    }

    // if -> 'if' expression block [ 'else' ( if | block ) ]
    mutating func ifStatement() throws(ScaleError) -> Stmt {
        let start = advance()
        let cond = try expression()
        let then = try block(opener: "if", at: start.range)
        var otherwise: [Stmt]?
        // 'else' may follow on the next line after '}'
        var look = index
        while tokens[look].kind == .newline { look += 1 }
        if tokens[look].kind == .keyword(.else) {
            index = look + 1
            if check(.if) {
                otherwise = [try ifStatement()]
            } else {
                otherwise = try block(opener: "else", at: tokens[look].range)
            }
        }
        return Stmt(.if(cond, then, otherwise), start.range.union(cond.range))
    }

    // assignment -> NAME '=' expr | expr '.' NAME '=' expr | target '[' expr ']' '=' expr | NAME '(' params ')' '=' expr
    mutating func assignment(to target: Expr) throws(ScaleError) -> Stmt {
        switch target.kind {
        case .name(let name):
            let value = try expression()
            return Stmt(.assign(name, value), target.range.union(value.range))
        case .member(let object, let field):
            let value = try expression()
            return Stmt(.assignMember(object, field, value), target.range.union(value.range))
        case .call:
            return try definition(target, isLaw: false, start: target.range)
        case .index(let object, let index):
            let value = try expression()
            return Stmt(.assignIndex(object, index, value), target.range.union(value.range))
        default:
            throw .syntax("cannot assign to \(describe(target)): expected a name, 'table.column', 'v[i]' or 'f(x, y)' before '='", at: target.range)
        }
    }

    // definition -> NAME '(' NAME { ',' NAME } ')' '=' expression [ 'where' NAME '=' expr { ',' … } ]
    mutating func definition(_ target: Expr, isLaw: Bool, start: SourceRange) throws(ScaleError) -> Stmt {
        guard case .call(let callee, let args) = target.kind, case .name(let name) = callee.kind else {
            throw .syntax("expected a definition like 'f(x, y) = …'", at: target.range)
        }
        var params: [String] = []
        for a in args {
            guard a.label == nil, case .name(let p) = a.value.kind else {
                throw .syntax("expected a parameter name in the definition of '\(name)'", at: a.value.range)
            }
            if params.contains(p) { throw .syntax("parameter '\(p)' appears twice in the definition of '\(name)'", at: a.value.range) }
            params.append(p)
        }
        skipNewlines()
        let body = try logic()
        var defaults: [Argument] = []
        if isLaw, match(.where) {
            repeat {
                skipNewlines()
                let (p, _) = try identifier("a parameter name after 'where'")
                _ = try consume(.equal, "expected '=' after '\(p)' in the law's 'where' clause")
                defaults.append(Argument(label: p, value: try logic()))
            } while match(.comma)
        }
        var notes = LawNotes()
        var end = defaults.last?.value.range ?? body.range
        while isLaw, let word = lawNoteWord() {
            let t = advance()
            guard case .string(let text) = t.kind else {
                throw error("expected a string after '\(word)', as in \(word) \"Hoffmann et al. 2022\"", at: t)
            }
            if word == "source" { notes.source = text } else { notes.inputs = text }
            end = t.range
        }
        return Stmt(.define(name: name, params: params, body: body, defaults: defaults, isLaw: isLaw, notes: notes), start.union(end))
    }

    // MARK: - Expressions

    // expression -> logic { 'where' logic }
    mutating func expression() throws(ScaleError) -> Expr {
        var left = try logic()
        while match(.where) {
            skipNewlines()
            let predicate = try logic()
            left = try bounded(Expr(.filter(left, predicate), left.range.union(predicate.range)))
        }
        return left
    }

    /// Binary operator priorities, loosest first; `not` sits between `and` and the comparisons.
    static let priorities: [[Token.Kind: BinaryOp]] = [
        [.keyword(.or): .or],
        [.keyword(.and): .and],
        [.symbol(.equalEqual): .equal, .symbol(.bangEqual): .notEqual, .symbol(.less): .less,
         .symbol(.lessEqual): .lessEqual, .symbol(.greater): .greater, .symbol(.greaterEqual): .greaterEqual],
        [.symbol(.plus): .add, .symbol(.minus): .subtract],
        [.symbol(.star): .multiply, .symbol(.slash): .divide, .symbol(.percent): .modulo],
    ]
    static let comparisonLevel = 2
    static let additiveLevel = 3

    // logic -> binary(0)
    mutating func logic() throws(ScaleError) -> Expr {
        try binary(0)
    }

    // binary(l) -> binary(l+1) { op(l) binary(l+1) };  'not' before comparisons;  range before additive
    mutating func binary(_ level: Int) throws(ScaleError) -> Expr {
        if level == Self.comparisonLevel, check(.not) {
            let op = advance()
            let operand = try nest { (p: inout Parser) throws(ScaleError) in try p.binary(level) }
            return Expr(.unary(.not, operand), op.range.union(operand.range))
        }
        if level == Self.additiveLevel { return try range() }
        if level >= Self.priorities.count { return try unary() }
        var left = try binary(level + 1)
        while let op = Self.priorities[level][current.kind] {
            _ = advance()
            skipNewlines()
            let right = try binary(level + 1)
            if level == Self.comparisonLevel, Self.priorities[level][current.kind] != nil {
                throw error("comparisons do not chain: write 'a < b and b < c'")
            }
            left = try bounded(Expr(.binary(op, left, right), left.range.union(right.range)))
        }
        return left
    }

    // range -> additive [ '..' additive [ 'step' additive | 'times' additive ] ]
    mutating func range() throws(ScaleError) -> Expr {
        let from = try additive()
        guard match(.dotDot) else { return from }
        skipNewlines()
        let to = try additive()
        var step: Expr?, factor: Expr?
        // 'step' and 'times' are words only here, so that a column may be called step (as trackers name it)
        if checkWord("step") {
            _ = advance()
            step = try additive()
        } else if checkWord("times") {
            _ = advance()
            factor = try additive()
        }
        return Expr(.range(from: from, to: to, step: step, factor: factor), from.range.union((step ?? factor ?? to).range))
    }

    mutating func additive() throws(ScaleError) -> Expr {
        var left = try binary(Self.additiveLevel + 1)
        while let op = Self.priorities[Self.additiveLevel][current.kind] {
            _ = advance()
            skipNewlines()
            let right = try binary(Self.additiveLevel + 1)
            left = try bounded(Expr(.binary(op, left, right), left.range.union(right.range)))
        }
        return left
    }

    // unary -> ('-' | '+') unary | power
    mutating func unary() throws(ScaleError) -> Expr {
        if check(.minus) || check(.plus) {
            let op = advance()
            let operand = try nest { (p: inout Parser) throws(ScaleError) in try p.unary() }
            if op.kind == .symbol(.plus) { return Expr(operand.kind, op.range.union(operand.range)) }
            return Expr(.unary(.negate, operand), op.range.union(operand.range))
        }
        return try power()
    }

    // power -> postfix [ '^' unary ]      (right-associative; the exponent may carry a sign)
    mutating func power() throws(ScaleError) -> Expr {
        let base = try postfix()
        guard match(.caret) else { return base }
        skipNewlines()
        let exponent = try nest { (p: inout Parser) throws(ScaleError) in try p.unary() }
        return Expr(.binary(.power, base, exponent), base.range.union(exponent.range))
    }

    // postfix -> primary { '(' arguments ')' | '.' (NAME | STRING) | '[' expression ']' }
    mutating func postfix() throws(ScaleError) -> Expr {
        var expr = try primary()
        while true {
            if check(.leftParen) {
                let open = advance()
                depth += 1
                var args: [Argument] = []
                if !check(.rightParen) {
                    repeat {
                        if check(.rightParen) { break }  // trailing comma
                        if case .identifier(let label) = current.kind, kindAfterCurrent() == .symbol(.equal) {
                            _ = advance()
                            _ = advance()
                            args.append(Argument(label: label, value: try expression()))
                        } else {
                            args.append(Argument(label: nil, value: try expression()))
                        }
                    } while match(.comma)
                }
                let close = try closeBracket(.rightParen, opener: open, what: "the call")
                expr = try bounded(Expr(.call(expr, args), expr.range.union(close.range)))
            } else if check(.dot) {
                _ = advance()
                let t = advance()
                switch t.kind {
                case .identifier(let field), .string(let field):
                    expr = try bounded(Expr(.member(expr, field), expr.range.union(t.range)))
                case .keyword(let k):
                    expr = try bounded(Expr(.member(expr, k.rawValue), expr.range.union(t.range)))
                default:
                    throw error("expected a field or column name after '.', found \(found(t))", at: t)
                }
            } else if check(.leftBracket) {
                let open = advance()
                depth += 1
                let i = try expression()
                let close = try closeBracket(.rightBracket, opener: open, what: "the index")
                expr = try bounded(Expr(.index(expr, i), expr.range.union(close.range)))
            } else {
                return expr
            }
        }
    }

    // interpolation -> { TEXT | '{' expression [':' FORMAT] '}' }   (the lexer split the string)
    mutating func interpolation(_ segments: [StringSegment]) throws(ScaleError) -> [InterpolationPart] {
        var parts: [InterpolationPart] = []
        for segment in segments {
            switch segment {
            case .text(let text): parts.append(.text(text))
            case .code(let tokens, let format, _):
                var inner = Parser(tokens: tokens)
                inner.depth = 1  // no statement ends inside the braces
                inner.endOfInput = "the '}' that closes it"
                inner.nesting = nesting
                do throws(ScaleError) {
                    let e = try inner.nest { (p: inout Parser) throws(ScaleError) in try p.expression() }
                    guard inner.current.kind == .end else {
                        throw inner.error("expected '}' or ':FORMAT' after the expression in '{…}', found \(inner.found(inner.current))")
                    }
                    parts.append(.value(e, format))
                } catch {
                    // The string is closed: more lines would not complete it.
                    var e = error
                    e.atEndOfInput = false
                    throw e
                }
            }
        }
        return parts
    }

    // primary -> NUMBER | STRING | INTERPOLATION | true | false | NAME | '(' expression ')' | '[' [expression {',' expression}] ']'
    //          | 'load' postfix | fit | command
    mutating func primary() throws(ScaleError) -> Expr {
        let t = current
        switch t.kind {
        case .number(let v):
            _ = advance()
            return Expr(.number(v), t.range)
        case .string(let s):
            _ = advance()
            return Expr(.string(s), t.range)
        case .interpolation(let segments):
            _ = advance()
            return Expr(.interpolation(try interpolation(segments)), t.range)
        case .keyword(.true), .keyword(.false):
            _ = advance()
            return Expr(.bool(t.kind == .keyword(.true)), t.range)
        case .identifier(let name):
            if let d = Commands.named[name], !d.isStatement, !t.quoted, startsCommand(d) {
                return try command(d)
            }
            _ = advance()
            return Expr(.name(name), t.range)
        case .symbol(.leftParen):
            _ = advance()
            depth += 1
            let inner = try nest { (p: inout Parser) throws(ScaleError) in try p.expression() }
            let close = try closeBracket(.rightParen, opener: t, what: "the '('")
            return Expr(inner.kind, t.range.union(close.range))
        case .symbol(.leftBracket):
            _ = advance()
            depth += 1
            var items: [Expr] = []
            if !check(.rightBracket) {
                repeat {
                    if check(.rightBracket) { break }  // trailing comma
                    items.append(try nest { (p: inout Parser) throws(ScaleError) in try p.expression() })
                } while match(.comma)
            }
            let close = try closeBracket(.rightBracket, opener: t, what: "the vector")
            return Expr(.vector(items), t.range.union(close.range))
        case .end:
            throw error("expected an expression, found \(endOfInput)")
        default:
            throw error("expected an expression, found \(found(t))")
        }
    }

    // MARK: - Commands, read against their declarations

    /// Whether the token can begin an operand or a clause's value.
    func startsOperand(_ t: Token) -> Bool {
        switch t.kind {
        case .identifier, .number, .string, .interpolation, .symbol(.leftBracket), .symbol(.leftParen), .symbol(.minus),
             .keyword(.true), .keyword(.false), .keyword(.not):
            return true
        default:
            return false
        }
    }

    /// A verb is a command only where an operand follows it (`plot = 3` and `print plot` use the name).
    func startsCommand(_ d: CommandDeclaration) -> Bool {
        let next = tokens[index + 1]
        if d.operands.isEmpty { return true }
        if case .word = d.operands[0].kind { if case .identifier = next.kind { return true }; return false }
        return startsOperand(next)
    }

    // command -> VERB { operand } { CLAUSE-WORD value }      (shapes from the command's declaration)
    mutating func command(_ d: CommandDeclaration) throws(ScaleError) -> Expr {
        let verb = advance()
        var command = Command(verb: d.verb, verbRange: verb.range, operands: [], clauses: [])
        var end = verb.range
        for operand in d.operands {
            guard startsOperand(current), !isClauseWord(at: index, of: d) else { break }
            if case .word = operand.kind, case .identifier = current.kind {} else if case .word = operand.kind { break }
            let part = try value(operand.kind, after: d.verb)
            command.operands.append(part)
            end = part.range
        }
        while let (word, declared) = nextClause(of: d) {
            let w = advance()
            skipNewlines()
            // `…, title "x"`: a comma before a clause word only separates
            if word == ",", isClauseWord(at: index, of: d) { continue }
            let part = try value(declared.kind, after: word)
            command.clauses.append(Command.Clause(word: word, wordRange: w.range, part: part))
            end = part.range
        }
        for c in d.clauses where c.required && !command.clauses.contains(where: { $0.word == c.word }) {
            var said = d.verb
            if case .expression(let e)? = command.operands.first { said += " " + describe(e) }
            throw error("expected '\(c.word) \(c.placeholder)' after '\(said)', found \(found(current))")
        }
        return Expr(.command(command), verb.range.union(end))
    }

    /// One operand or clause value, in the shape its declaration gives.
    mutating func value(_ kind: ClauseKind, after word: String) throws(ScaleError) -> Command.Part {
        switch kind {
        case .expression:
            return .expression(try logic())
        case .list:
            var items = [try logic()]
            while match(.comma) {
                skipNewlines()
                items.append(try logic())
            }
            return .list(items)
        case .word(let subject, let choices):
            let t = current
            guard case .identifier(let w) = t.kind else {
                throw error("expected \(subject) after '\(word)' (\(listing(choices, "or"))), found \(found(t))")
            }
            _ = advance()
            return .word(w, t.range)
        case .formula:
            let response = try logic()
            guard match(.tilde) else {
                throw error("expected '~' between the response and the model, as in 'fit loss ~ E + A/N^alpha'")
            }
            skipNewlines()
            return .formula(response: response, model: try logic())
        case .options:
            var bindings: [Command.Binding] = []
            repeat {
                skipNewlines()
                bindings.append(try binding(after: word, requireEquals: false))
            } while match(.comma)
            return .bindings(bindings)
        case .binding:
            return .bindings([try binding(after: word, requireEquals: false)])
        case .assignments:
            var bindings: [Command.Binding] = []
            repeat {
                skipNewlines()
                bindings.append(try binding(after: word, requireEquals: true))
            } while match(.comma)
            return .bindings(bindings)
        case .bounds:
            var bounds: [Command.Bound] = []
            repeat {
                skipNewlines()
                let (name, nameRange) = try identifier("a parameter name after '\(word)'")
                let op = advance()
                let lower: Bool
                switch op.kind {
                case .symbol(.greater), .symbol(.greaterEqual): lower = true
                case .symbol(.less), .symbol(.lessEqual): lower = false
                default: throw error("expected '>' or '<' after '\(name)' in '\(word)', as in '\(word) alpha > 0'", at: op)
                }
                bounds.append(Command.Bound(name: name, nameRange: nameRange, lower: lower, value: try additive()))
            } while match(.comma)
            return .bounds(bounds)
        }
    }

    // binding -> NAME ( '=' logic | '~' logic | logic | ε )
    mutating func binding(after word: String, requireEquals: Bool) throws(ScaleError) -> Command.Binding {
        let (name, nameRange) = try optionName(after: word)
        if requireEquals {
            _ = try consume(.equal, "expected '=' after '\(name)' in '\(word)'")
            return Command.Binding(name: name, nameRange: nameRange, relation: .equals, value: try logic())
        }
        if match(.equal) { return Command.Binding(name: name, nameRange: nameRange, relation: .equals, value: try logic()) }
        if match(.tilde) { return Command.Binding(name: name, nameRange: nameRange, relation: .distributed, value: try logic()) }
        if startsOperand(current) && current.kind != .symbol(.comma) {
            return Command.Binding(name: name, nameRange: nameRange, relation: .equals, value: try logic())  // `with inference 1T`
        }
        return Command.Binding(name: name, nameRange: nameRange, relation: .bare, value: nil)
    }

    /// An option or parameter name: any word, reserved or not, since the clause says what it is.
    mutating func optionName(after word: String) throws(ScaleError) -> (String, SourceRange) {
        let t = current
        switch t.kind {
        case .identifier(let n):
            _ = advance()
            return (n, t.range)
        case .keyword(let k):
            _ = advance()
            return (k.rawValue, t.range)
        default:
            throw error(word == "start" || word == "bounds" ? "expected a parameter name after '\(word)', found \(found(t))"
                        : "expected an option name after '\(word)', found \(found(t))")
        }
    }

    /// The clause of `d` that begins at the current position, looking past line ends so that
    /// clauses may sit on their own lines; nil when the command ends here.
    mutating func nextClause(of d: CommandDeclaration) -> (String, ClauseDeclaration)? {
        var look = index
        while tokens[look].kind == .newline { look += 1 }
        guard isClauseWord(at: look, of: d), let word = clauseWord(tokens[look]), let declared = d.clause(word) else { return nil }
        index = look
        return (word, declared)
    }

    func clauseWord(_ t: Token) -> String? {
        switch t.kind {
        case .identifier(let w): return w
        case .keyword(.in): return "in"
        case .keyword(.for): return "for"
        case .symbol(.comma): return ","
        default: return nil
        }
    }

    /// Whether the token at `i` opens a clause of `d`: its word is declared and what follows can
    /// begin that clause's value (so `log(x)` is a call, not the clause `log x`). Looks at two
    /// tokens only, so long commands parse in linear time.
    func isClauseWord(at i: Int, of d: CommandDeclaration) -> Bool {
        guard let w = clauseWord(tokens[i]), let declared = d.clause(w), tokens[i].kind != .end else { return false }
        var j = i + 1
        if depth > 0 || w == "," { while tokens[j].kind == .newline { j += 1 } }
        let next = tokens[j]
        switch (declared.kind, next.kind) {
        case (.word, .identifier): return true
        case (.word, _): return false
        case (.options, .identifier), (.options, .keyword), (.binding, .identifier), (.binding, .keyword),
             (.assignments, .identifier), (.assignments, .keyword), (.bounds, .identifier), (.bounds, .keyword):
            return true
        case (.options, _), (.binding, _), (.assignments, _), (.bounds, _): return false
        default:
            return startsOperand(next)
        }
    }

    /// `source "…"` or `inputs "…"` after a law.
    mutating func lawNoteWord() -> String? {
        var look = index
        while tokens[look].kind == .newline { look += 1 }
        guard case .identifier(let w) = tokens[look].kind, w == "source" || w == "inputs" else { return nil }
        index = look + 1
        return w
    }
}

/// A short rendering of an expression for error messages.
func describe(_ e: Expr) -> String {
    switch e.kind {
    case .name(let n): return n
    case .number(let v): return formatShortest(v)
    case .string(let s): return "\"\(s)\""
    case .member(let o, let f): return "\(describe(o)).\(f)"
    case .call(let c, _): return "\(describe(c))(…)"
    default: return "the expression"
    }
}
