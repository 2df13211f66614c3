internal import Yams

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
        let text = String(decoding: body, as: UTF8.self)
        return try parseDocuments(text, file: file)
    }

    /// Parses every document of a YAML or JSON text. Empty documents are skipped.
    public static func parseDocuments(_ text: String, file: String) throws(ConfigSyntaxError) -> [ConfigValue] {
        var documents: [ConfigValue] = []
        do {
            let parser = try Parser(yaml: text, resolver: .basic)
            var budget = NodeBudget(limit: max(200_000, text.utf8.count * 2))
            while let root = try parser.nextRoot() {
                let converter = NodeConverter(file: file)
                let value = try converter.convert(root, depth: 0, budget: &budget)
                if value.content != .null { documents.append(value) }
            }
        } catch let error as ConfigSyntaxError {
            throw error
        } catch let error as YamlError {
            throw ConfigSyntaxError(error, file: file)
        } catch {
            throw ConfigSyntaxError(location: SourceLocation(file: file, line: 1, column: 1), message: "\(error)")
        }
        return documents
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

    init(_ error: YamlError, file: String) {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        func explain(_ problem: String, _ context: YamlError.Context?) -> String {
            guard let context, !context.text.isEmpty else { return problem }
            return "\(problem) (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            self.init(location: at(mark), message: explain(problem, context))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            self.init(location: at(context.mark), message: "duplicate key \(keys) in one mapping")
        case .reader(let problem, let offset, _, _):
            self.init(
                location: SourceLocation(file: file, line: 1, column: 1),
                message: offset.map { "\(problem) at byte \($0)" } ?? problem
            )
        default:
            self.init(location: SourceLocation(file: file, line: 1, column: 1), message: "\(error)")
        }
    }
}

// MARK: - Conversion

/// Bounds the values a document may expand to through aliases (`&a` ... `*a`), which can otherwise grow
/// exponentially with the input.
private struct NodeBudget {
    let limit: Int
    var used = 0
}

private struct NodeConverter {
    let file: String

    func convert(_ node: Node, depth: Int, budget: inout NodeBudget) throws(ConfigSyntaxError) -> ConfigValue {
        let location = node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
        budget.used += 1
        guard budget.used <= budget.limit else {
            throw ConfigSyntaxError(
                location: location ?? SourceLocation(file: file, line: 1, column: 1),
                message: "the document expands to more than \(budget.limit) values (aliases referring to aliases)"
            )
        }
        guard depth <= ConfigDecoder.maxDepth else {
            throw ConfigSyntaxError(
                location: location ?? SourceLocation(file: file, line: 1, column: 1),
                message: "values are nested more than \(ConfigDecoder.maxDepth) levels deep"
            )
        }
        switch node {
        case .scalar(let scalar):
            return ConfigValue(Self.resolve(scalar), location: location)
        case .sequence(let sequence):
            var values: [ConfigValue] = []
            values.reserveCapacity(sequence.count)
            for element in sequence {
                values.append(try convert(element, depth: depth + 1, budget: &budget))
            }
            return ConfigValue(.array(values), location: location)
        case .mapping(let mapping):
            var members: [ConfigValue.Member] = []
            var merged: [ConfigValue.Member] = []
            members.reserveCapacity(mapping.count)
            for (keyNode, valueNode) in mapping {
                let value = try convert(valueNode, depth: depth + 1, budget: &budget)
                let keyLocation = keyNode.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
                guard case .scalar(let keyScalar) = keyNode else {
                    throw ConfigSyntaxError(
                        location: keyLocation ?? location ?? SourceLocation(file: file, line: 1, column: 1),
                        message: "mapping keys must be scalars"
                    )
                }
                if keyScalar.string == "<<", keyScalar.style == .plain {
                    // A merge key (`<<: *defaults`): members of the referenced mappings, unless set here.
                    let sources = if case .array(let list) = value.content { list } else { [value] }
                    for source in sources {
                        merged.append(contentsOf: source.members ?? [])
                    }
                    continue
                }
                members.append(.init(key: keyScalar.string, value: value, keyLocation: keyLocation))
            }
            for member in merged where !members.contains(where: { $0.key == member.key }) {
                members.append(member)
            }
            return ConfigValue(.object(members), location: location)
        case .alias:
            return ConfigValue(.null, location: location)
        }
    }

    /// Plain scalars are typed by the YAML 1.2 core schema; quoted scalars and `!!str` are strings.
    static func resolve(_ scalar: Node.Scalar) -> ConfigValue.Content {
        let text = scalar.string
        let tag = scalar.tag.rawValue
        if tag == Tag.Name.str.rawValue || scalar.style != .plain && scalar.style != .any { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        return number(text).map { .number($0) } ?? .string(text)
    }

    /// The JSON spelling of a YAML number, or nil when `text` is not one.
    static func number(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first,
            first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: ".") || (0x30...0x39).contains(first)
        else { return nil }
        if isJSONNumber(bytes) { return text }
        if text.hasPrefix("0x"), let value = Int64(text.dropFirst(2), radix: 16) { return String(value) }
        if text.hasPrefix("0o"), let value = Int64(text.dropFirst(2), radix: 8) { return String(value) }
        let allowed = Set("0123456789.eE+-".utf8)
        guard bytes.allSatisfy({ allowed.contains($0) }), bytes.contains(where: { (0x30...0x39).contains($0) }) else {
            return nil
        }
        let unsigned = text.hasPrefix("+") ? String(text.dropFirst()) : text
        if let integer = Int64(unsigned) { return String(integer) }
        if let real = Double(unsigned), real.isFinite { return "\(real)" }
        return nil
    }

    /// RFC 8259's number grammar.
    static func isJSONNumber(_ bytes: [UInt8]) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return false
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }
}
