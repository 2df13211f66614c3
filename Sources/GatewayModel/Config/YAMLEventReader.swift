// libyaml's event parser, which Yams is built on. Reading events directly (instead of Yams' node tree) keeps
// every value's location, finds duplicate keys with a set per mapping, and avoids per-scalar tag resolution.
internal import CYaml

/// Builds ``ConfigValue`` documents from libyaml parser events.
struct YAMLEventReader {
    let file: String
    /// Bounds the values aliases may expand to (`&a` ... `*a` can grow exponentially with the input).
    let nodeLimit: Int
    /// Lines before the text read, for a piece of a larger file.
    var lineOffset = 0

    /// An open sequence or mapping. Its entries wait at the end of the reader's scratch lists, from `start` on,
    /// and become one exactly sized array when it closes (growing an array per collection would reallocate it
    /// several times).
    private struct Frame {
        let isMapping: Bool
        let location: SourceLocation
        let anchor: String?
        /// Where this collection's entries begin in the scratch list of its kind.
        let start: Int
        /// Members brought in by merge keys (`<<`), added after the mapping's own.
        var merged: [ConfigValue.Member] = []
        /// The key read, waiting for its value.
        var pendingKey: (key: String, location: SourceLocation, isMerge: Bool)?
        /// Keys of large mappings, for the duplicate check (small ones are scanned).
        var keySet: Set<String>?
        /// Values created inside this collection, counted once more for every alias to it.
        var size = 1
    }

    func documents(_ bytes: ArraySlice<UInt8>) throws(ConfigSyntaxError) -> [ConfigValue] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw ConfigSyntaxError(location: location(line: 0, column: 0), message: "out of memory")
        }
        defer { yaml_parser_delete(&parser) }
        let result = bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return Result { () throws(ConfigSyntaxError) in try read(&parser) }
        }
        return try result.get()
    }

    private func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: lineOffset + line + 1, column: column + 1)
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        location(line: Int(mark.line), column: Int(mark.column))
    }

    private func read(_ parser: inout yaml_parser_t) throws(ConfigSyntaxError) -> [ConfigValue] {
        var documents: [ConfigValue] = []
        var stack: [Frame] = []
        var pendingMembers: [ConfigValue.Member] = []
        var pendingValues: [ConfigValue] = []
        var anchors: [String: (value: ConfigValue, size: Int)] = [:]
        var used = 0
        var root: ConfigValue?

        // Hands a finished value to the enclosing collection (or makes it the document root).
        func deliver(_ value: ConfigValue, size: Int, anchor: String?) throws(ConfigSyntaxError) {
            if let anchor { anchors[anchor] = (value, size) }
            let top = stack.count - 1
            guard top >= 0 else {
                root = value
                return
            }
            stack[top].size += size
            guard stack[top].isMapping else {
                pendingValues.append(value)
                return
            }
            guard let pending = stack[top].pendingKey else {
                // Keys are read by `acceptKey`; only a complex key can arrive here.
                throw ConfigSyntaxError(
                    location: value.location ?? stack[top].location,
                    message: "mapping keys must be scalars"
                )
            }
            stack[top].pendingKey = nil
            if pending.isMerge {
                // `<<: *defaults` or `<<: [*a, *b]`: members of those mappings, unless set here.
                let sources = if case .array(let list) = value.content { list } else { [value] }
                for source in sources { stack[top].merged.append(contentsOf: source.members ?? []) }
            } else {
                pendingMembers.append(.init(key: pending.key, value: value, keyLocation: pending.location))
            }
        }

        /// Whether the innermost collection is a mapping waiting for its next key. (Read in place: `stack.last`
        /// would copy the frame, with a retain for each of its fields, for every event.)
        func awaitingKey() -> Bool {
            let top = stack.count - 1
            return top >= 0 && stack[top].isMapping && stack[top].pendingKey == nil
        }

        /// Reads a scalar as the next key of the innermost mapping.
        func acceptKey(_ key: String, plain: Bool, at keyLocation: SourceLocation) throws(ConfigSyntaxError) {
            let top = stack.count - 1
            let isMerge = plain && key == "<<"
            if !isMerge, !insertKey(key, into: &stack[top]) {
                throw ConfigSyntaxError(location: keyLocation, message: "duplicate key '\(key)' in one mapping")
            }
            stack[top].pendingKey = (key, keyLocation, isMerge)
        }

        /// Records a key of the mapping `frame`; false if it has the key already.
        func insertKey(_ key: String, into frame: inout Frame) -> Bool {
            let members = pendingMembers[frame.start...]
            if frame.keySet == nil && members.count < 16 {
                return !members.contains { $0.key == key } && frame.pendingKey?.key != key
            }
            if frame.keySet == nil { frame.keySet = Set(members.map(\.key)) }
            return frame.keySet?.insert(key).inserted ?? true
        }

        func count(_ size: Int, at mark: yaml_mark_t) throws(ConfigSyntaxError) {
            used += size
            guard used <= nodeLimit else {
                throw ConfigSyntaxError(
                    location: location(mark),
                    message: "the document expands to more than \(nodeLimit) values (aliases referring to aliases)"
                )
            }
        }

        func open(
            _ isMapping: Bool,
            at mark: yaml_mark_t,
            anchor: UnsafeMutablePointer<UInt8>?
        ) throws(ConfigSyntaxError) {
            guard !awaitingKey() else { throw complexKey(mark) }
            guard stack.count < ConfigDecoder.maxDepth else { throw tooDeep(mark) }
            try count(1, at: mark)
            stack.append(
                Frame(
                    isMapping: isMapping,
                    location: location(mark),
                    anchor: anchor.map { String(cString: $0) },
                    start: isMapping ? pendingMembers.count : pendingValues.count
                )
            )
        }

        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                throw parserError(parser)
            }
            defer { yaml_event_delete(&event) }
            let start = event.start_mark
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return documents
            case YAML_DOCUMENT_START_EVENT:
                root = nil
                anchors = [:]
            case YAML_DOCUMENT_END_EVENT:
                if let root, root.content != .null { documents.append(root) }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = String(
                    decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length),
                    as: UTF8.self
                )
                let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE || scalar.style == YAML_ANY_SCALAR_STYLE
                try count(1, at: start)
                if awaitingKey() {
                    try acceptKey(text, plain: plain, at: location(start))
                    continue
                }
                let tag = scalar.tag.map { String(cString: $0) }
                let value = ConfigValue(
                    ScalarResolution.resolve(text, plain: plain, tag: tag),
                    location: location(start)
                )
                try deliver(value, size: 1, anchor: scalar.anchor.map { String(cString: $0) })
            case YAML_SEQUENCE_START_EVENT:
                try open(false, at: start, anchor: event.data.sequence_start.anchor)
            case YAML_MAPPING_START_EVENT:
                try open(true, at: start, anchor: event.data.mapping_start.anchor)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { continue }
                let value: ConfigValue
                if frame.isMapping {
                    var members = Array(pendingMembers[frame.start...])
                    pendingMembers.removeSubrange(frame.start...)
                    for member in frame.merged where !members.contains(where: { $0.key == member.key }) {
                        members.append(member)
                    }
                    value = ConfigValue(.object(members), location: frame.location)
                } else {
                    value = ConfigValue(.array(Array(pendingValues[frame.start...])), location: frame.location)
                    pendingValues.removeSubrange(frame.start...)
                }
                try deliver(value, size: frame.size, anchor: frame.anchor)
            case YAML_ALIAS_EVENT:
                guard !awaitingKey() else { throw complexKey(start) }
                let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
                guard let (value, size) = anchors[name] else {
                    throw ConfigSyntaxError(location: location(start), message: "found undefined alias '\(name)'")
                }
                try count(size, at: start)
                try deliver(value, size: size, anchor: nil)
            default:
                continue
            }
        }
    }

    private func complexKey(_ mark: yaml_mark_t) -> ConfigSyntaxError {
        ConfigSyntaxError(location: location(mark), message: "mapping keys must be scalars")
    }

    private func tooDeep(_ mark: yaml_mark_t) -> ConfigSyntaxError {
        ConfigSyntaxError(
            location: location(mark),
            message: "values are nested more than \(ConfigDecoder.maxDepth) levels deep"
        )
    }

    private func parserError(_ parser: yaml_parser_t) -> ConfigSyntaxError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }), !context.isEmpty {
            let mark = location(parser.context_mark)
            message += " (\(context) at line \(mark.line), column \(mark.column))"
        }
        // Reader errors (bad encoding) have an offset but no mark.
        if parser.error == YAML_READER_ERROR {
            return ConfigSyntaxError(
                location: location(line: 0, column: 0),
                message: "\(message) at byte \(parser.problem_offset)"
            )
        }
        return ConfigSyntaxError(location: location(parser.problem_mark), message: message)
    }
}

/// How plain scalars are typed: the YAML 1.2 core schema; quoted scalars and `!!str` are strings.
enum ScalarResolution {
    static func resolve(_ text: String, plain: Bool, tag: String?) -> ConfigValue.Content {
        if tag == "tag:yaml.org,2002:str" || !plain { return .string(text) }
        guard let first = text.utf8.first else { return .null }
        // Null and booleans are spelled in at most five bytes starting with one of these letters; other scalars
        // skip the comparisons.
        if text.utf8.count <= 5, "~nNtTfF".utf8.contains(first) {
            switch text {
            case "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: return .string(text)
            }
        }
        guard
            first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (0x30...0x39).contains(first)
        else { return .string(text) }
        // Other number spellings (`007`, `0x1F`, `+1`, `.5`) stay strings, so a string field keeps what was
        // written; numeric fields still read them (see `ConfigDecoder`).
        var bytes = text
        return bytes.withUTF8(isJSONNumber) ? .number(text) : .string(text)
    }

    /// RFC 8259's number grammar.
    static func isJSONNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
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
