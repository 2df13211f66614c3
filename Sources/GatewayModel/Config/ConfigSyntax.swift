/// Reads YAML (1.2, which includes JSON) into ``ConfigValue`` documents with source locations.
public enum ConfigSyntax {
    /// Parses every document of a YAML or JSON text. Empty documents are skipped.
    public static func parseDocuments(_ bytes: [UInt8], file: String) throws(ConfigSyntaxError) -> [ConfigValue] {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let invalid = firstInvalidUTF8(body) {
            throw ConfigSyntaxError(
                location: location(ofByte: invalid, in: body, file: file),
                message: "invalid UTF-8: the file must be UTF-8 text"
            )
        }
        let reader = YAMLEventReader(file: file, nodeLimit: max(200_000, body.count * 2))
        return try reader.documents(body)
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
