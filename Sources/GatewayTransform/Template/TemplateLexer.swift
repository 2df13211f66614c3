/// Cuts a template into tokens exactly as Inja 3.4's lexer does, with envoy-gloo's configuration: `{{ }}`,
/// `{% %}`, `{# #}`, `##` line statements, the `-`/`+` whitespace controls, no trim_blocks or lstrip_blocks.
///
/// Its quirks are kept on purpose, because they decide what a template means: an identifier continues through
/// `.`, `/`, `-` and `_` (so `a-b` is one name), and whether `-` is an operator or a number's sign depends on the
/// previous token, across expression boundaries.
struct TemplateLexer {
    private enum State {
        case text
        case expressionStart, expressionStartForceLstrip, expressionBody
        case lineStart, lineBody
        case statementStart, statementStartNoLstrip, statementStartForceLstrip, statementBody
        case commentStart, commentStartForceLstrip, commentBody
    }

    /// The template without a leading UTF-8 byte order mark.
    let input: [UInt8]
    /// Bytes of byte order mark dropped from the front of the template.
    let skipped: Int
    private let pointerNotation: Bool
    private var state = State.text
    private var minusIsOperator = false
    private(set) var tokenStart = 0
    private var position = 0

    init(_ template: [UInt8], pointerNotation: Bool) {
        if template.starts(with: [0xEF, 0xBB, 0xBF]) {
            input = Array(template.dropFirst(3))
            skipped = 3
        } else {
            input = template
            skipped = 0
        }
        self.pointerNotation = pointerNotation
    }

    private func token(_ kind: TemplateToken.Kind) -> TemplateToken {
        let start = min(tokenStart, input.count)
        return TemplateToken(kind: kind, start: start, end: min(max(start, position), input.count))
    }

    private func hasPrefix(_ prefix: StaticString, at offset: Int) -> Bool {
        prefix.withUTF8Buffer { prefix in
            guard offset + prefix.count <= input.count else { return false }
            var index = 0
            while index < prefix.count {
                if input[offset + index] != prefix[index] { return false }
                index += 1
            }
            return true
        }
    }

    mutating func scan() -> TemplateToken {
        tokenStart = position
        while true {
            if tokenStart >= input.count { return token(.eof) }
            switch state {
            case .text:
                guard
                    let open = input[position...].firstIndex(where: {
                        $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "{")
                    })
                else {
                    position = input.count
                    return token(.text)
                }
                position = open
                var mustLstrip = false
                if hasPrefix("{{", at: position) {
                    mustLstrip = hasPrefix("{{-", at: position)
                    state = mustLstrip ? .expressionStartForceLstrip : .expressionStart
                } else if hasPrefix("{%", at: position) {
                    if hasPrefix("{%+", at: position) {
                        state = .statementStartNoLstrip
                    } else if hasPrefix("{%-", at: position) {
                        state = .statementStartForceLstrip
                        mustLstrip = true
                    } else {
                        state = .statementStart
                    }
                } else if hasPrefix("{#", at: position) {
                    mustLstrip = hasPrefix("{#-", at: position)
                    state = mustLstrip ? .commentStartForceLstrip : .commentStart
                } else if (position == 0 || input[position - 1] == UInt8(ascii: "\n")) && hasPrefix("##", at: position)
                {
                    state = .lineStart
                } else {
                    position += 1
                    continue
                }
                var end = position
                if mustLstrip { end = Self.endWithoutFinalBlankLine(input, tokenStart, position) }
                if end == tokenStart { continue }
                return TemplateToken(kind: .text, start: tokenStart, end: end)
            case .expressionStart:
                return open(.expressionBody, length: 2, .expressionOpen)
            case .expressionStartForceLstrip:
                return open(.expressionBody, length: 3, .expressionOpen)
            case .lineStart:
                return open(.lineBody, length: 2, .lineStatementOpen)
            case .statementStart:
                return open(.statementBody, length: 2, .statementOpen)
            case .statementStartNoLstrip, .statementStartForceLstrip:
                return open(.statementBody, length: 3, .statementOpen)
            case .commentStart:
                return open(.commentBody, length: 2, .commentOpen)
            case .commentStartForceLstrip:
                return open(.commentBody, length: 3, .commentOpen)
            case .expressionBody:
                return scanBody(close: "}}", .expressionClose, trimmedClose: "-}}")
            case .lineBody:
                return scanBody(close: "\n", .lineStatementClose, trimmedClose: nil)
            case .statementBody:
                return scanBody(close: "%}", .statementClose, trimmedClose: "-%}")
            case .commentBody:
                return scanComment()
            }
        }
    }

    private mutating func open(_ next: State, length: Int, _ kind: TemplateToken.Kind) -> TemplateToken {
        state = next
        position += length
        return token(kind)
    }

    /// `text` up to `end`, without its last line when that line is only spaces and tabs.
    private static func endWithoutFinalBlankLine(_ input: [UInt8], _ start: Int, _ end: Int) -> Int {
        var result = end
        while result > start {
            let byte = input[result - 1]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                result -= 1
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                return result
            } else {
                return end
            }
        }
        return result
    }

    private mutating func scanComment() -> TemplateToken {
        var index = position
        while index + 1 < input.count, !(input[index] == UInt8(ascii: "#") && input[index + 1] == UInt8(ascii: "}")) {
            index += 1
        }
        guard index + 1 < input.count else {
            position = input.count
            return token(.eof)
        }
        let mustRstrip = index > 0 && input[index - 1] == UInt8(ascii: "-")
        state = .text
        position = index + 2
        let result = token(.commentClose)
        if mustRstrip { skipBlanksAndFirstNewline() }
        return result
    }

    private mutating func scanBody(
        close: StaticString,
        _ closeKind: TemplateToken.Kind,
        trimmedClose: StaticString?
    ) -> TemplateToken {
        while true {
            guard tokenStart < input.count else { return token(.eof) }
            let byte = input[tokenStart]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                tokenStart += 1
                continue
            }
            if let trimmedClose, hasPrefix(trimmedClose, at: tokenStart) {
                state = .text
                position = tokenStart + trimmedClose.utf8CodeUnitCount
                let result = token(closeKind)
                while position < input.count, Self.isBlankOrNewline(input[position]) { position += 1 }
                return result
            }
            if hasPrefix(close, at: tokenStart) {
                state = .text
                position = tokenStart + close.utf8CodeUnitCount
                return token(closeKind)
            }
            if byte == UInt8(ascii: "\n") {
                tokenStart += 1
                continue
            }
            break
        }
        position = tokenStart + 1
        let byte = input[tokenStart]
        if Self.isLetter(byte) || byte == UInt8(ascii: "~") {
            minusIsOperator = true
            return scanID()
        }
        let minusWasOperator = minusIsOperator
        minusIsOperator = false
        switch byte {
        case UInt8(ascii: "+"): return token(.plus)
        case UInt8(ascii: "-"): return minusWasOperator ? token(.minus) : scanNumber()
        case UInt8(ascii: "*"): return token(.times)
        case UInt8(ascii: "/"): return token(.slash)
        case UInt8(ascii: "^"): return token(.power)
        case UInt8(ascii: "%"): return token(.percent)
        case UInt8(ascii: "."): return token(.dot)
        case UInt8(ascii: ","): return token(.comma)
        case UInt8(ascii: ":"): return token(.colon)
        case UInt8(ascii: "("): return token(.leftParen)
        case UInt8(ascii: ")"):
            minusIsOperator = true
            return token(.rightParen)
        case UInt8(ascii: "["): return token(.leftBracket)
        case UInt8(ascii: "]"):
            minusIsOperator = true
            return token(.rightBracket)
        case UInt8(ascii: "{"): return token(.leftBrace)
        case UInt8(ascii: "}"):
            minusIsOperator = true
            return token(.rightBrace)
        case UInt8(ascii: ">"): return followedByEquals() ? token(.greaterEqual) : token(.greaterThan)
        case UInt8(ascii: "<"): return followedByEquals() ? token(.lessEqual) : token(.lessThan)
        case UInt8(ascii: "="): return followedByEquals() ? token(.equal) : token(.unknown)
        case UInt8(ascii: "!"): return followedByEquals() ? token(.notEqual) : token(.unknown)
        case UInt8(ascii: "\""): return scanString()
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            minusIsOperator = true
            return scanNumber()
        case UInt8(ascii: "_"), UInt8(ascii: "@"), UInt8(ascii: "$"):
            minusIsOperator = true
            return scanID()
        default:
            return token(.unknown)
        }
    }

    private mutating func followedByEquals() -> Bool {
        guard position < input.count, input[position] == UInt8(ascii: "=") else { return false }
        position += 1
        return true
    }

    private mutating func scanID() -> TemplateToken {
        while position < input.count {
            let byte = input[position]
            let continues =
                Self.isLetter(byte) || Self.isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || (pointerNotation && byte == UInt8(ascii: "~"))
            guard continues else { break }
            position += 1
        }
        return token(.id)
    }

    /// Permissive, as Inja's: the literal is checked when it is parsed as JSON.
    private mutating func scanNumber() -> TemplateToken {
        while position < input.count {
            let byte = input[position]
            let previous = position == 0 ? nil : input[position - 1]
            let afterExponent = previous == nil || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E")
            let continues =
                Self.isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                || byte == UInt8(ascii: "E")
                || ((byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) && afterExponent)
            guard continues else { break }
            position += 1
        }
        return token(.number)
    }

    private mutating func scanString() -> TemplateToken {
        var escaped = false
        while position < input.count {
            let byte = input[position]
            position += 1
            if byte == UInt8(ascii: "\\") {
                escaped.toggle()
            } else if !escaped && byte == UInt8(ascii: "\"") {
                break
            } else {
                escaped = false
            }
        }
        return token(.string)
    }

    private mutating func skipBlanksAndFirstNewline() {
        while position < input.count, input[position] == UInt8(ascii: " ") || input[position] == UInt8(ascii: "\t") {
            position += 1
        }
        guard position < input.count else { return }
        if input[position] == UInt8(ascii: "\n") {
            position += 1
        } else if input[position] == UInt8(ascii: "\r") {
            position += 1
            if position < input.count, input[position] == UInt8(ascii: "\n") { position += 1 }
        }
    }

    private static func isBlankOrNewline(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r")
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
