// libyaml's event parser, which Yams is built on. Reading events directly (instead of Yams' node tree) keeps
// every value's location, finds duplicate keys with a set per mapping, and avoids per-scalar tag resolution.
internal import CYaml

/// Builds ``ConfigValue`` documents from libyaml parser events.
struct YAMLEventReader {
    let file: String
    /// Bounds the values aliases may expand to (`&a` ... `*a` can grow exponentially with the input).
    let nodeLimit: Int

    private enum Frame {
        case sequence(values: [ConfigValue], location: SourceLocation, anchor: String?)
        case mapping(
            members: [ConfigValue.Member],
            keys: Set<String>,
            merged: [ConfigValue.Member],
            pendingKey: (String, SourceLocation, isMerge: Bool)?,
            location: SourceLocation,
            anchor: String?
        )
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
        SourceLocation(file: file, line: line + 1, column: column + 1)
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        location(line: Int(mark.line), column: Int(mark.column))
    }

    private func read(_ parser: inout yaml_parser_t) throws(ConfigSyntaxError) -> [ConfigValue] {
        var documents: [ConfigValue] = []
        var stack: [Frame] = []
        var anchors: [String: (value: ConfigValue, size: Int)] = [:]
        var sizes: [Int] = []  // values created inside each open frame, for anchors
        var used = 0
        var root: ConfigValue?

        // Hands a finished value to the enclosing collection (or makes it the document root).
        func deliver(_ value: ConfigValue, size: Int, anchor: String?) throws(ConfigSyntaxError) {
            if let anchor { anchors[anchor] = (value, size) }
            if !sizes.isEmpty { sizes[sizes.count - 1] += size }
            guard var frame = stack.popLast() else {
                root = value
                return
            }
            switch frame {
            case .sequence(var values, let location, let anchor):
                values.append(value)
                frame = .sequence(values: values, location: location, anchor: anchor)
            case .mapping(var members, var keys, var merged, let pendingKey, let location, let anchor):
                if let (key, keyLocation, isMerge) = pendingKey {
                    if isMerge {
                        // `<<: *defaults` or `<<: [*a, *b]`: members of those mappings, unless set here.
                        let sources = if case .array(let list) = value.content { list } else { [value] }
                        for source in sources { merged.append(contentsOf: source.members ?? []) }
                    } else {
                        members.append(.init(key: key, value: value, keyLocation: keyLocation))
                    }
                    frame = .mapping(
                        members: members,
                        keys: keys,
                        merged: merged,
                        pendingKey: nil,
                        location: location,
                        anchor: anchor
                    )
                } else {
                    // Keys are read by `acceptKey`; only a complex key can arrive here.
                    throw ConfigSyntaxError(
                        location: value.location ?? location,
                        message: "mapping keys must be scalars"
                    )
                }
            }
            stack.append(frame)
        }

        /// Whether the innermost collection is a mapping waiting for its next key.
        func awaitingKey() -> Bool {
            if case .mapping(_, _, _, nil, _, _)? = stack.last { return true }
            return false
        }

        /// Reads a scalar as the next key of the innermost mapping.
        func acceptKey(_ key: String, plain: Bool, at keyLocation: SourceLocation) throws(ConfigSyntaxError) {
            guard case .mapping(let members, var keys, let merged, _, let location, let anchor)? = stack.popLast()
            else {
                return
            }
            let isMerge = plain && key == "<<"
            if !isMerge, !keys.insert(key).inserted {
                throw ConfigSyntaxError(location: keyLocation, message: "duplicate key '\(key)' in one mapping")
            }
            stack.append(
                .mapping(
                    members: members,
                    keys: keys,
                    merged: merged,
                    pendingKey: (key, keyLocation, isMerge),
                    location: location,
                    anchor: anchor
                )
            )
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
                let tag = scalar.tag.map { String(cString: $0) }
                let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE || scalar.style == YAML_ANY_SCALAR_STYLE
                try count(1, at: start)
                if awaitingKey() {
                    try acceptKey(text, plain: plain, at: location(start))
                    continue
                }
                let value = ConfigValue(
                    ScalarResolution.resolve(text, plain: plain, tag: tag),
                    location: location(start)
                )
                try deliver(value, size: 1, anchor: scalar.anchor.map { String(cString: $0) })
            case YAML_SEQUENCE_START_EVENT:
                guard !awaitingKey() else { throw complexKey(start) }
                guard stack.count < ConfigDecoder.maxDepth else { throw tooDeep(start) }
                stack.append(
                    .sequence(
                        values: [],
                        location: location(start),
                        anchor: event.data.sequence_start.anchor.map { String(cString: $0) }
                    )
                )
                sizes.append(1)
                try count(1, at: start)
            case YAML_MAPPING_START_EVENT:
                guard !awaitingKey() else { throw complexKey(start) }
                guard stack.count < ConfigDecoder.maxDepth else { throw tooDeep(start) }
                stack.append(
                    .mapping(
                        members: [],
                        keys: [],
                        merged: [],
                        pendingKey: nil,
                        location: location(start),
                        anchor: event.data.mapping_start.anchor.map { String(cString: $0) }
                    )
                )
                sizes.append(1)
                try count(1, at: start)
            case YAML_SEQUENCE_END_EVENT:
                guard case .sequence(let values, let location, let anchor)? = stack.popLast() else { continue }
                let size = sizes.popLast() ?? 1
                try deliver(ConfigValue(.array(values), location: location), size: size, anchor: anchor)
            case YAML_MAPPING_END_EVENT:
                guard case .mapping(var members, _, let merged, _, let location, let anchor)? = stack.popLast() else {
                    continue
                }
                for member in merged where !members.contains(where: { $0.key == member.key }) {
                    members.append(member)
                }
                let size = sizes.popLast() ?? 1
                try deliver(ConfigValue(.object(members), location: location), size: size, anchor: anchor)
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
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        guard let first = text.utf8.first,
            first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: ".") || (0x30...0x39).contains(first)
        else { return .string(text) }
        // Other number spellings (`007`, `0x1F`, `+1`, `.5`) stay strings, so a string field keeps what was
        // written; numeric fields still read them (see `ConfigDecoder`).
        return isJSONNumber(Array(text.utf8)) ? .number(text) : .string(text)
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
