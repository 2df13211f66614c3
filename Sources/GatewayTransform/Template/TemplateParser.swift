/// Parses a template into nodes exactly as Inja 3.4's parser does, including its error messages and the
/// positions they report, so that a template Gloo would reject is rejected with the same words.
struct TemplateParser {
    /// A block while it is built; statements keep references to blocks they may add to later.
    private final class Block {
        var nodes: [Pending] = []
    }

    private final class Condition {
        /// The block the statement is in; it owns the statement, which only points back.
        unowned let parent: Block
        let isNested: Bool
        let position: Int
        var expression: TemplateExpression?
        let then = Block()
        let otherwise = Block()
        var hasElse = false

        init(parent: Block, isNested: Bool, position: Int) {
            self.parent = parent
            self.isNested = isNested
            self.position = position
        }
    }

    private final class Loop {
        /// The block the statement is in; it owns the statement, which only points back.
        unowned let parent: Block
        let key: [UInt8]?
        let value: [UInt8]
        let position: Int
        var expression: TemplateExpression?
        let body = Block()

        init(parent: Block, key: [UInt8]?, value: [UInt8], position: Int) {
            self.parent = parent
            self.key = key
            self.value = value
            self.position = position
        }
    }

    private final class NamedBlock {
        /// The block the statement is in; it owns the statement, which only points back.
        unowned let parent: Block
        let name: [UInt8]
        let body = Block()

        init(parent: Block, name: [UInt8]) {
            self.parent = parent
            self.name = name
        }
    }

    private final class Assignment {
        let pointer: Result<JSONPointer, TransformError>
        let position: Int
        var expression: TemplateExpression?

        init(pointer: Result<JSONPointer, TransformError>, position: Int) {
            self.pointer = pointer
            self.position = position
        }
    }

    private final class Printing {
        let position: Int
        var expression: TemplateExpression?

        init(position: Int) { self.position = position }
    }

    private enum Pending {
        case text(Range<Int>)
        case print(Printing)
        case condition(Condition)
        case loop(Loop)
        case set(Assignment)
        case include(name: String, extends: Bool, position: Int)
        case block(NamedBlock)
    }

    /// Where the expression being parsed goes.
    private enum ExpressionTarget {
        case print(Printing)
        case condition(Condition)
        case loop(Loop)
        case set(Assignment)
    }

    private var lexer: TemplateLexer
    private let functions: TemplateFunctions
    private let pointerNotation: Bool
    private var token = TemplateToken(kind: .eof, start: 0, end: 0)
    private var peeked: TemplateToken?
    private var literalStart = 0
    private var block = Block()
    private var target: ExpressionTarget?
    private var conditions: [Condition] = []
    private var loops: [Loop] = []
    private var namedBlocks: [NamedBlock] = []
    private var blockNames: Set<[UInt8]> = []
    /// Expression nesting, bounded so that no template can exhaust the stack.
    private var depth = 0
    static let maximumDepth = 256

    init(_ template: [UInt8], functions: TemplateFunctions, pointerNotation: Bool) {
        lexer = TemplateLexer(template, pointerNotation: pointerNotation)
        self.functions = functions
        self.pointerNotation = pointerNotation
    }

    private var input: [UInt8] { lexer.input }

    /// The token's offset in the template as given.
    private func offset(_ token: TemplateToken) -> Int { token.start + lexer.skipped }

    private func error(_ message: String) -> TransformError {
        let (line, column) = TemplateSource.location(in: input, of: lexer.tokenStart)
        return TransformError(.invalidTemplate, "[inja.exception.parser_error] (at \(line):\(column)) \(message)")
    }

    private func describe(_ token: TemplateToken) -> String { token.describe(in: input) }

    private mutating func next() {
        if let peeked {
            token = peeked
            self.peeked = nil
        } else {
            token = lexer.scan()
        }
    }

    private mutating func peek() -> TemplateToken {
        if let peeked { return peeked }
        let scanned = lexer.scan()
        peeked = scanned
        return scanned
    }

    // MARK: - Template

    mutating func parse() throws(TransformError) -> [TemplateNode] {
        let root = block
        loop: while true {
            next()
            switch token.kind {
            case .eof:
                if !conditions.isEmpty { throw error("unmatched if") }
                if !loops.isEmpty { throw error("unmatched for") }
                break loop
            case .text:
                block.nodes.append(.text(offset(token)..<(token.end + lexer.skipped)))
            case .statementOpen:
                next()
                guard try parseStatement(closing: .statementClose) else {
                    throw error("expected statement, got '\(describe(token))'")
                }
                guard token.kind == .statementClose else {
                    throw error("expected statement close, got '\(describe(token))'")
                }
            case .lineStatementOpen:
                next()
                guard try parseStatement(closing: .lineStatementClose) else {
                    throw error("expected statement, got '\(describe(token))'")
                }
                guard token.kind == .lineStatementClose || token.kind == .eof else {
                    throw error("expected line statement close, got '\(describe(token))'")
                }
            case .expressionOpen:
                next()
                let printing = Printing(position: offset(token))
                block.nodes.append(.print(printing))
                target = .print(printing)
                guard try parseExpression(closing: .expressionClose) else {
                    throw error("expected expression close, got '\(describe(token))'")
                }
            case .commentOpen:
                next()
                guard token.kind == .commentClose else {
                    throw error("expected comment close, got '\(describe(token))'")
                }
            default:
                throw error("unexpected token '\(describe(token))'")
            }
        }
        return Self.freeze(root)
    }

    private static func freeze(_ block: Block) -> [TemplateNode] {
        block.nodes.map { pending in
            switch pending {
            case .text(let range):
                return .text(range)
            case .print(let printing):
                return .print(printing.expression, position: printing.position)
            case .condition(let condition):
                return .condition(
                    condition.expression,
                    position: condition.position,
                    then: freeze(condition.then),
                    else: condition.hasElse ? freeze(condition.otherwise) : nil
                )
            case .loop(let loop):
                if let key = loop.key {
                    return .forObject(
                        key: key,
                        value: loop.value,
                        loop.expression,
                        position: loop.position,
                        body: freeze(loop.body)
                    )
                }
                return .forArray(value: loop.value, loop.expression, position: loop.position, body: freeze(loop.body))
            case .set(let assignment):
                return .set(assignment.pointer, assignment.expression, position: assignment.position)
            case .include(let name, let extends, let position):
                return .include(name: name, extends: extends, position: position)
            case .block(let named):
                return .block(name: named.name, body: freeze(named.body))
            }
        }
    }

    // MARK: - Statements

    /// Parses the statement at `token`; `false` when it is not one (or its expression does not end at `closing`).
    private mutating func parseStatement(closing: TemplateToken.Kind) throws(TransformError) -> Bool {
        guard token.kind == .id else { return false }
        guard conditions.count + loops.count + namedBlocks.count < Self.maximumDepth else {
            throw error("statements nested deeper than \(Self.maximumDepth)")
        }
        if token.isID("if", in: input) {
            next()
            let condition = Condition(parent: block, isNested: false, position: offset(token))
            block.nodes.append(.condition(condition))
            conditions.append(condition)
            block = condition.then
            target = .condition(condition)
            return try parseExpression(closing: closing)
        } else if token.isID("else", in: input) {
            guard let condition = conditions.last else { throw error("else without matching if") }
            next()
            condition.hasElse = true
            block = condition.otherwise
            if token.isID("if", in: input) {
                next()
                let nested = Condition(parent: block, isNested: true, position: offset(token))
                block.nodes.append(.condition(nested))
                conditions.append(nested)
                block = nested.then
                target = .condition(nested)
                return try parseExpression(closing: closing)
            }
        } else if token.isID("endif", in: input) {
            guard !conditions.isEmpty else { throw error("endif without matching if") }
            while let last = conditions.last, last.isNested { conditions.removeLast() }
            next()
            if let condition = conditions.popLast() { block = condition.parent }
        } else if token.isID("block", in: input) {
            next()
            guard token.kind == .id else { throw error("expected block name, got '\(describe(token))'") }
            let name = Array(input[token.start..<token.end])
            let named = NamedBlock(parent: block, name: name)
            block.nodes.append(.block(named))
            namedBlocks.append(named)
            block = named.body
            guard blockNames.insert(name).inserted else {
                throw error("block with the name '\(describe(token))' does already exist")
            }
            next()
        } else if token.isID("endblock", in: input) {
            guard let named = namedBlocks.popLast() else { throw error("endblock without matching block") }
            next()
            block = named.parent
        } else if token.isID("for", in: input) {
            next()
            guard token.kind == .id else { throw error("expected id, got '\(describe(token))'") }
            var value = token
            next()
            var key: TemplateToken?
            if token.kind == .comma {
                next()
                guard token.kind == .id else { throw error("expected id, got '\(describe(token))'") }
                key = value
                value = token
                next()
            }
            let loop = Loop(
                parent: block,
                key: key.map { Array(input[$0.start..<$0.end]) },
                value: Array(input[value.start..<value.end]),
                position: offset(token)
            )
            block.nodes.append(.loop(loop))
            loops.append(loop)
            block = loop.body
            target = .loop(loop)
            guard token.isID("in", in: input) else { throw error("expected 'in', got '\(describe(token))'") }
            next()
            return try parseExpression(closing: closing)
        } else if token.isID("endfor", in: input) {
            guard let loop = loops.popLast() else { throw error("endfor without matching for") }
            next()
            block = loop.parent
        } else if token.isID("include", in: input) || token.isID("extends", in: input) {
            let extends = token.isID("extends", in: input)
            next()
            let name = try fileName()
            block.nodes.append(.include(name: name, extends: extends, position: offset(token)))
            next()
        } else if token.isID("set", in: input) {
            next()
            guard token.kind == .id else { throw error("expected variable name, got '\(describe(token))'") }
            // `set a.b = …` writes the pointer /a/b, whatever the notation.
            // …and Inja builds that pointer when it renders, so an invalid one is a render error.
            var path: [UInt8] = [UInt8(ascii: "/")]
            for byte in input[token.start..<token.end] {
                path.append(byte == UInt8(ascii: ".") ? UInt8(ascii: "/") : byte)
            }
            let pointer = Result { () throws(TransformError) in try JSONPointer(parsing: path) }
            next()
            let assignment = Assignment(pointer: pointer, position: offset(token))
            block.nodes.append(.set(assignment))
            target = .set(assignment)
            guard token.text(in: input, equals: "=") else { throw error("expected '=', got '\(describe(token))'") }
            next()
            return try parseExpression(closing: closing)
        } else {
            return false
        }
        return true
    }

    private func fileName() throws(TransformError) -> String {
        guard token.kind == .string else { throw error("expected string, got '\(describe(token))'") }
        guard token.end - token.start >= 2 else { throw error("expected filename, got '\(describe(token))'") }
        return String(decoding: input[(token.start + 1)..<(token.end - 1)], as: UTF8.self)
    }

    // MARK: - Expressions

    /// Parses the expression for the current statement or print; whether it ends at `closing`.
    private mutating func parseExpression(closing: TemplateToken.Kind) throws(TransformError) -> Bool {
        let expression = try parseExpression()?.expression
        switch target {
        case .print(let printing): printing.expression = expression
        case .condition(let condition): condition.expression = expression
        case .loop(let loop): loop.expression = expression
        case .set(let assignment): assignment.expression = expression
        case nil: break
        }
        return token.kind == closing
    }

    private struct PendingOperator {
        var builtin: TemplateBuiltin
        var position: Int
    }

    /// Inja's shunting-yard over the tokens from `token` to the first that cannot continue an expression.
    private mutating func parseExpression() throws(TransformError) -> (expression: TemplateExpression, depth: Int)? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw error("expression nested deeper than \(Self.maximumDepth)") }

        var bracketLevel = 0
        var braceLevel = 0
        var operands: [TemplateExpression] = []
        // How deep each operand's tree is: evaluation recurses, so no tree may be deeper than the limit.
        var depths: [Int] = []
        var operators: [PendingOperator] = []

        func reduce() throws(TransformError) {
            guard let pending = operators.popLast() else { return }
            let count = pending.builtin.operandCount
            guard operands.count >= count else { throw error("too few arguments") }
            let arguments = Array(operands.suffix(count))
            let treeDepth = (depths.suffix(count).max() ?? 0) + 1
            guard treeDepth <= Self.maximumDepth else {
                throw error("expression nested deeper than \(Self.maximumDepth)")
            }
            operands.removeLast(count)
            depths.removeLast(count)
            operands.append(.builtin(pending.builtin, arguments, position: pending.position))
            depths.append(treeDepth)
        }
        func push(_ operand: TemplateExpression, depth: Int = 1) {
            operands.append(operand)
            depths.append(depth)
        }

        scanning: while token.kind != .eof {
            let atTopLevel = braceLevel == 0 && bracketLevel == 0
            var pendingOperator: TemplateBuiltin?
            switch token.kind {
            case .string, .number:
                if atTopLevel {
                    literalStart = token.start
                    push(try literal())
                }
            case .leftBracket:
                if atTopLevel { literalStart = token.start }
                bracketLevel += 1
            case .leftBrace:
                if atTopLevel { literalStart = token.start }
                braceLevel += 1
            case .rightBracket:
                guard bracketLevel > 0 else { throw error("unexpected ']'") }
                bracketLevel -= 1
                if braceLevel == 0 && bracketLevel == 0 { push(try literal()) }
            case .rightBrace:
                guard braceLevel > 0 else { throw error("unexpected '}'") }
                braceLevel -= 1
                if braceLevel == 0 && bracketLevel == 0 { push(try literal()) }
            case .id:
                let following = peek()
                if token.isID("true", in: input) || token.isID("false", in: input) || token.isID("null", in: input) {
                    if atTopLevel {
                        literalStart = token.start
                        push(try literal())
                    }
                } else if token.isID("and", in: input) {
                    pendingOperator = .and
                } else if token.isID("or", in: input) {
                    pendingOperator = .or
                } else if token.isID("in", in: input) {
                    pendingOperator = .in
                } else if token.isID("not", in: input) {
                    pendingOperator = .not
                } else if following.kind == .leftParen {
                    let (call, callDepth) = try call()
                    push(call, depth: callDepth)
                } else {
                    push(.variable(try variable(token)))
                }
            case .equal: pendingOperator = .equal
            case .notEqual: pendingOperator = .notEqual
            case .greaterThan: pendingOperator = .greater
            case .greaterEqual: pendingOperator = .greaterEqual
            case .lessThan: pendingOperator = .less
            case .lessEqual: pendingOperator = .lessEqual
            case .plus: pendingOperator = .add
            case .minus: pendingOperator = .subtract
            case .times: pendingOperator = .multiply
            case .slash: pendingOperator = .divide
            case .power: pendingOperator = .power
            case .percent: pendingOperator = .modulo
            case .dot: pendingOperator = .member
            case .comma:
                if atTopLevel { break scanning }
            case .colon:
                if atTopLevel { throw error("unexpected ':'") }
            case .leftParen:
                next()
                let inner = try parseExpression()
                guard token.kind == .rightParen else {
                    throw error("expected right parenthesis, got '\(describe(token))'")
                }
                guard let inner else { throw error("empty expression in parentheses") }
                push(inner.expression, depth: inner.depth)
            default:
                break scanning
            }
            if let builtin = pendingOperator {
                while let top = operators.last,
                    top.builtin.precedence > builtin.precedence
                        || (top.builtin.precedence == builtin.precedence && !builtin.isRightAssociative)
                {
                    try reduce()
                }
                operators.append(PendingOperator(builtin: builtin, position: offset(token)))
            }
            next()
        }
        while !operators.isEmpty { try reduce() }
        guard operands.count <= 1 else { throw error("malformed expression") }
        guard let expression = operands.first, let treeDepth = depths.first else { return nil }
        return (expression, treeDepth)
    }

    /// A function call at `token` (its name), through the closing parenthesis.
    private mutating func call() throws(TransformError) -> (TemplateExpression, depth: Int) {
        let name = Array(input[token.start..<token.end])
        let position = offset(token)
        var arguments: [TemplateExpression] = []
        var depth = 1
        next()
        repeat {
            next()
            guard let (argument, argumentDepth) = try parseExpression() else { break }
            arguments.append(argument)
            depth = max(depth, argumentDepth + 1)
        } while token.kind == .comma
        guard depth <= Self.maximumDepth else { throw error("expression nested deeper than \(Self.maximumDepth)") }
        guard token.kind == .rightParen else {
            throw error("expected right parenthesis, got '\(describe(token))'")
        }
        if let builtin = TemplateBuiltin.function(named: name, arguments: arguments.count) {
            return (.builtin(builtin, arguments, position: position), depth)
        }
        guard let index = functions.index(of: name, arguments: arguments.count) else {
            throw error("unknown function \(String(decoding: name, as: UTF8.self))")
        }
        return (.callback(index, arguments, position: position), depth)
    }

    /// A JSON literal from `literalStart` through the current token.
    private func literal() throws(TransformError) -> TemplateExpression {
        do {
            return .literal(try JSONValue.parse(Array(input[literalStart..<token.end])))
        } catch {
            throw TransformError(.invalidTemplate, error.message)
        }
    }

    private func variable(_ token: TemplateToken) throws(TransformError) -> TemplateVariable {
        let name = Array(input[token.start..<token.end])
        var path: [UInt8]
        if pointerNotation {
            path = name.first == UInt8(ascii: "/") ? name : [UInt8(ascii: "/")] + name
        } else {
            path = TemplateVariable.dotPath(name)
        }
        return TemplateVariable(name: name, pointer: try JSONPointer(parsing: path), position: offset(token))
    }
}

extension TemplateVariable {
    /// `a.b.0` as the pointer `/a/b/0`, as Inja converts it: a `/` in the name stays a separator, and a final
    /// `.` is dropped.
    static func dotPath(_ name: [UInt8]) -> [UInt8] {
        var path: [UInt8] = [UInt8(ascii: "/")]
        for byte in name { path.append(byte == UInt8(ascii: ".") ? UInt8(ascii: "/") : byte) }
        if name.last == UInt8(ascii: "."), name.count > 1 { path.removeLast() }
        return path
    }
}

/// Line and column of a byte offset, as Inja reports them (1-based, columns in bytes).
enum TemplateSource {
    static func location(in text: [UInt8], of offset: Int) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), text.count)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < end {
            if text[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        return (line, end - lineStart + 1)
    }
}
