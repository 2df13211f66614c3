/// Why nlohmann's lexer rejected a token, with its wording.
enum LexerFailure: Hashable {
    case invalidLiteral, invalidByteOrderMark
    case missingClosingQuote, invalidUnicodeEscape, unpairedHighSurrogate, unpairedLowSurrogate, forbiddenEscape
    case controlCharacter(UInt8)
    case illFormedUTF8
    case digitAfterMinus, digitAfterPoint, digitAfterExponent, digitAfterExponentSign

    var message: String {
        switch self {
        case .invalidLiteral: "invalid literal"
        case .invalidByteOrderMark: "invalid BOM; must be 0xEF 0xBB 0xBF if given"
        case .missingClosingQuote: "invalid string: missing closing quote"
        case .invalidUnicodeEscape: "invalid string: '\\u' must be followed by 4 hex digits"
        case .unpairedHighSurrogate: "invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF"
        case .unpairedLowSurrogate: "invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF"
        case .forbiddenEscape: "invalid string: forbidden character after backslash"
        case .controlCharacter(let byte): Self.controlCharacterMessage(byte)
        case .illFormedUTF8: "invalid string: ill-formed UTF-8 byte"
        case .digitAfterMinus: "invalid number; expected digit after '-'"
        case .digitAfterPoint: "invalid number; expected digit after '.'"
        case .digitAfterExponent: "invalid number; expected '+', '-', or digit after exponent"
        case .digitAfterExponentSign: "invalid number; expected digit after exponent sign"
        }
    }

    /// ASCII's names for the control characters 0x00 through 0x1F.
    private static let controlNames = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
        "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
    ]

    /// For example `invalid string: control character U+000A (LF) must be escaped to \u000A or \n`.
    private static func controlCharacterMessage(_ byte: UInt8) -> String {
        let hex = "00" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
        let name = controlNames[Int(byte & 0x1F)]
        let shortEscapes: [UInt8: String] = [0x08: "b", 0x09: "t", 0x0A: "n", 0x0C: "f", 0x0D: "r"]
        let alternative = shortEscapes[byte].map { " or \\" + $0 } ?? ""
        return "invalid string: control character U+\(hex) (\(name)) must be escaped to \\u\(hex)\(alternative)"
    }
}

extension JSONParser.Token {
    /// nlohmann's name for the token in "unexpected ..." messages.
    var name: String {
        switch self {
        case .trueLiteral: "true literal"
        case .falseLiteral: "false literal"
        case .nullLiteral: "null literal"
        case .string: "string literal"
        case .number: "number literal"
        case .beginArray: "'['"
        case .endArray: "']'"
        case .beginObject: "'{'"
        case .endObject: "'}'"
        case .nameSeparator: "':'"
        case .valueSeparator: "','"
        case .parseError: "<parse error>"
        case .endOfInput: "end of input"
        }
    }
}

extension JSONParser {
    /// nlohmann's `parse_error.101` for the last token, read while parsing `context` (`value`, `object key`,
    /// `object separator`, `array` or `object`) where `expected` (a token name) was expected.
    func syntaxError(context: String, expected: String?) -> JSONError {
        let (line, column) = lineAndColumn()
        var message = Array(
            "[json.exception.parse_error.101] parse error at line \(line), column \(column): syntax error while parsing \(context) - "
                .utf8
        )
        if token == .parseError {
            message += failure.message.utf8
            message += "; last read: '".utf8
            appendTokenText(to: &message)
            message.append(0x27)
        } else {
            message += "unexpected \(token.name)".utf8
        }
        if let expected {
            message += "; expected \(expected)".utf8
        }
        return JSONError(.syntax, utf8: message)
    }

    /// nlohmann's 1-based line and its column: the bytes read on the current line, including any read past the
    /// end. After a number that a newline ends, nlohmann has given the newline back without restoring the
    /// column, which then reads 0.
    func lineAndColumn() -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(position, count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        if token == .number, byte(position) == 0x0A {
            return (line, 0)
        }
        return (line, position - lineStart)
    }

    /// The bytes nlohmann quotes as "last read": from the start of the last string or number token (or of the
    /// input) to the last byte read, with control characters written as `<U+001F>`.
    func appendTokenText(to message: inout [UInt8]) {
        for index in tokenStart..<min(position, count) {
            let byte = bytes[index]
            if byte <= 0x1F {
                message += "<U+00".utf8
                message.append(hexDigitsUppercase[Int(byte >> 4)])
                message.append(hexDigitsUppercase[Int(byte & 0xF)])
                message.append(0x3E)
            } else {
                message.append(byte)
            }
        }
    }
}

private let hexDigitsUppercase = Array("0123456789ABCDEF".utf8)
