/// One token of a template, as the Inja 3.4 lexer cuts them.
struct TemplateToken {
    enum Kind: UInt8 {
        case text
        case expressionOpen, expressionClose
        case lineStatementOpen, lineStatementClose
        case statementOpen, statementClose
        case commentOpen, commentClose
        case id, number, string
        case plus, minus, times, slash, percent, power
        case comma, dot, colon
        case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
        case equal, notEqual, greaterThan, greaterEqual, lessThan, lessEqual
        case unknown, eof
    }

    var kind: Kind
    /// The token's bytes in the lexer's input.
    var start: Int
    var end: Int

    /// How parser errors name the token.
    func describe(in input: [UInt8]) -> String {
        switch kind {
        case .text: "<text>"
        case .lineStatementClose: "<eol>"
        case .eof: "<eof>"
        default: String(decoding: input[start..<end], as: UTF8.self)
        }
    }

    func isID(_ word: StaticString, in input: [UInt8]) -> Bool {
        kind == .id && text(in: input, equals: word)
    }

    func text(in input: [UInt8], equals word: StaticString) -> Bool {
        guard end - start == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { word in
            var index = 0
            while index < word.count {
                if input[start + index] != word[index] { return false }
                index += 1
            }
            return true
        }
    }
}
