/// Reads YAML (1.2, which includes JSON) into ``ConfigValue`` documents with source locations.
public enum ConfigSyntax {
    /// Parses every document of a YAML or JSON text. Empty documents are skipped.
    public static func parseDocuments(_ bytes: [UInt8], file: String) throws(ConfigSyntaxError) -> [ConfigValue] {
        let body = try validatedBody(bytes, file: file)
        return try parseDocuments(Piece(bytes: body, lineOffset: 0), file: file, nodeLimit: nodeLimit(for: body))
    }

    /// A run of whole documents of a text, and the number of lines before it.
    struct Piece {
        var bytes: ArraySlice<UInt8>
        var lineOffset: Int
    }

    /// The text without its byte order mark; an error when it is not UTF-8.
    static func validatedBody(_ bytes: [UInt8], file: String) throws(ConfigSyntaxError) -> ArraySlice<UInt8> {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        // The standard library validates UTF-8 quickly; the slow scan below only locates a problem.
        if String(validating: body, as: UTF8.self) == nil, let invalid = firstInvalidUTF8(body) {
            throw ConfigSyntaxError(
                location: location(ofByte: invalid, in: body, file: file),
                message: "invalid UTF-8: the file must be UTF-8 text"
            )
        }
        return body
    }

    /// Bounds what aliases may expand to, relative to the size of the text.
    static func nodeLimit(for body: ArraySlice<UInt8>) -> Int { max(200_000, body.count * 2) }

    static func parseDocuments(_ piece: Piece, file: String, nodeLimit: Int) throws(ConfigSyntaxError) -> [ConfigValue]
    {
        var reader = YAMLEventReader(file: file, nodeLimit: nodeLimit)
        reader.lineOffset = piece.lineOffset
        return try reader.documents(piece.bytes)
    }

    /// Splits `body` into at most `count` pieces of about equal size, each starting at a document start marker
    /// (`---` at the start of a line). A marker at column 0 ends whatever came before it, even inside a block
    /// scalar, so every piece parses as it would within the whole text; texts with directives (`%YAML`),
    /// which apply across a marker, stay whole.
    static func pieces(of body: ArraySlice<UInt8>, count: Int) -> [Piece] {
        guard count > 1 else { return [Piece(bytes: body, lineOffset: 0)] }
        let target = body.count / count
        var pieces: [Piece] = []
        var pieceStart = body.startIndex
        var linesBefore = 0
        var line = 0
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            if body[lineStart] == UInt8(ascii: "%") { return [Piece(bytes: body, lineOffset: 0)] }
            if lineStart - pieceStart >= target, pieces.count < count - 1, isDocumentStart(body, at: lineStart) {
                pieces.append(Piece(bytes: body[pieceStart..<lineStart], lineOffset: linesBefore))
                pieceStart = lineStart
                linesBefore = line
            }
            guard let newline = body[lineStart...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            line += 1
            lineStart = newline + 1
        }
        pieces.append(Piece(bytes: body[pieceStart...], lineOffset: linesBefore))
        return pieces
    }

    private static func isDocumentStart(_ body: ArraySlice<UInt8>, at index: Int) -> Bool {
        guard body.endIndex - index >= 3, body[index] == UInt8(ascii: "-"), body[index + 1] == UInt8(ascii: "-"),
            body[index + 2] == UInt8(ascii: "-")
        else { return false }
        guard index + 3 < body.endIndex else { return true }
        return [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")].contains(body[index + 3])
    }

    /// Parses every document of a YAML or JSON text. Empty documents are skipped.
    public static func parseDocuments(_ text: String, file: String) throws(ConfigSyntaxError) -> [ConfigValue] {
        try parseDocuments(Array(text.utf8), file: file)
    }

    // MARK: UTF-8

    private static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    private static func location(ofByte offset: Int, in bytes: ArraySlice<UInt8>, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}

/// Input that is not well-formed YAML or JSON.
public struct ConfigSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    /// What was wrong, in the YAML parser's words (e.g. "did not find expected key").
    public var message: String

    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}
