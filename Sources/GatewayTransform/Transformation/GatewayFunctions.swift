internal import Synchronization

/// The functions envoy-gloo adds to templates, by name and arity, in its order.
enum GatewayFunction: Int, CaseIterable {
    case header, requestHeader, extraction, dataSource, trim, context, body, env, clusterMetadataDeprecated
    case clusterMetadata, dynamicMetadata, hostMetadata
    case base64Encode, base64URLEncode, base64Decode, base64URLDecode
    case substring2, substring3, replaceWithRandom, rawString, wordCount

    var signature: TemplateFunctions.Signature {
        switch self {
        case .header: .init("header", arity: 1)
        case .requestHeader: .init("request_header", arity: 1)
        case .extraction: .init("extraction", arity: 1)
        case .dataSource: .init("data_source", arity: 1)
        case .trim: .init("trim", arity: 1)
        case .context: .init("context", arity: 0)
        case .body: .init("body", arity: 0)
        case .env: .init("env", arity: 1)
        case .clusterMetadataDeprecated: .init("clusterMetadata", arity: 1)
        case .clusterMetadata: .init("cluster_metadata", arity: nil)
        case .dynamicMetadata: .init("dynamic_metadata", arity: nil)
        case .hostMetadata: .init("host_metadata", arity: nil)
        case .base64Encode: .init("base64_encode", arity: 1)
        case .base64URLEncode: .init("base64url_encode", arity: 1)
        case .base64Decode: .init("base64_decode", arity: 1)
        case .base64URLDecode: .init("base64url_decode", arity: 1)
        case .substring2: .init("substring", arity: 2)
        case .substring3: .init("substring", arity: 3)
        case .replaceWithRandom: .init("replace_with_random", arity: 2)
        case .rawString: .init("raw_string", arity: 1)
        case .wordCount: .init("word_count", arity: 1)
        }
    }

    static let functions = TemplateFunctions(allCases.map(\.signature))
}

/// The random values `replace_with_random` puts in place of each pattern: drawn once per transformation and kept
/// until the configuration changes, as envoy-gloo does.
final class RandomReplacements: Sendable {
    private let values = Mutex<[[UInt8]: [UInt8]]>([:])

    func value(for pattern: [UInt8]) -> [UInt8] {
        values.withLock { values in
            if let value = values[pattern] { return value }
            var generator = SystemRandomNumberGenerator()
            var bytes: [UInt8] = []
            for _ in 0..<2 { withUnsafeBytes(of: generator.next() as UInt64) { bytes += $0 } }
            let value = Array(Base64.encode(bytes).prefix { $0 != UInt8(ascii: "=") })
            values[pattern] = value
            return value
        }
    }
}

/// What envoy-gloo's callbacks read while one template renders.
struct GatewayCallbacks: TemplateCallbacks {
    /// The headers being transformed (request or response), as they are at this point of the transformation.
    var headers: HeaderMap
    /// The request's headers, for `request_header`; `nil` where there is no request.
    var requestHeaders: HeaderMap?
    var body: [UInt8]
    /// The parsed body (or `null`).
    var context: JSONValue
    /// EXTRACT results, then SINGLE_REPLACE/REPLACE_ALL results, by name (advanced templates only).
    var extractions: [[UInt8]: [UInt8]]
    var destructiveExtractions: [[UInt8]: [UInt8]]
    let environment: TransformEnvironment
    let metadata: TransformMetadata
    let randomReplacements: RandomReplacements

    private static let emptyString = JSONValue.string([])

    func call(_ index: Int, _ arguments: [JSONValue]) throws(TransformError) -> JSONValue {
        guard let function = GatewayFunction(rawValue: index) else { return Self.emptyString }
        func text(_ position: Int) throws(TransformError) -> [UInt8] {
            guard position < arguments.count else { return [] }
            guard case .string(let bytes) = arguments[position] else {
                throw TemplateRenderer.typeError(
                    303,
                    "incompatible ReferenceType for get_ref, actual type is \(arguments[position].typeName)"
                )
            }
            return bytes
        }
        switch function {
        case .header:
            return .string(headers.first(try text(0)) ?? [])
        case .requestHeader:
            guard let requestHeaders else { return Self.emptyString }
            return .string(requestHeaders.first(try text(0)) ?? [])
        case .extraction:
            let name = try text(0)
            return .string(extractions[name] ?? destructiveExtractions[name] ?? [])
        case .dataSource:
            // Gloo exposes no data sources.
            _ = try text(0)
            return Self.emptyString
        case .trim:
            let value = try text(0)
            let trimmed = value.drop(while: Self.isSpace).reversed().drop(while: Self.isSpace).reversed()
            return .string(Array(trimmed))
        case .context:
            return context
        case .body:
            return .string(body)
        case .env:
            return .string(environment.value(of: try text(0)) ?? [])
        case .clusterMetadataDeprecated:
            return metadata.deprecatedClusterValue(try text(0))
        case .clusterMetadata, .dynamicMetadata, .hostMetadata:
            let source: [String: JSONValue]? =
                switch function {
                case .clusterMetadata: metadata.cluster
                case .dynamicMetadata: metadata.dynamic
                default: metadata.host
                }
            guard let source else { return Self.emptyString }
            guard case .string(let key)? = arguments.first else { return Self.emptyString }
            let namespace =
                arguments.count > 1 ? String(decoding: try text(1), as: UTF8.self) : TransformMetadata.defaultNamespace
            return metadata.value(in: source, namespace: namespace, key: key)
        case .base64Encode:
            return .string(Base64.encode(try text(0)))
        case .base64URLEncode:
            return .string(Base64.encode(try text(0), urlSafe: true))
        case .base64Decode:
            return .string(Base64.decode(try text(0)))
        case .base64URLDecode:
            return .string(Base64.decode(try text(0), urlSafe: true))
        case .substring2, .substring3:
            return try substring(arguments, text(0))
        case .replaceWithRandom:
            let source = try text(0)
            let pattern = try text(1)
            guard !pattern.isEmpty else { return .string(source) }
            return .string(Self.replacing(pattern, in: source, with: randomReplacements.value(for: pattern)))
        case .rawString:
            let value = try text(0)
            var output: [UInt8] = []
            try JSONText.escape(value, into: &output)
            return .string(output)
        case .wordCount:
            return .int(Int64(Self.wordCount(arguments.first ?? .null)))
        }
    }

    /// `substring(s, start[, length])`: integer arguments only (else `""`), byte offsets, the start truncated to
    /// 32 bits as envoy-gloo stores it.
    private func substring(_ arguments: [JSONValue], _ input: [UInt8]) throws(TransformError) -> JSONValue {
        func integer(_ value: JSONValue) -> Int64? {
            switch value {
            case .int(let number): number
            case .uint(let number): Int64(bitPattern: number)
            default: nil
            }
        }
        guard arguments.count > 1, let rawStart = integer(arguments[1]) else { return Self.emptyString }
        let start = Int64(Int32(truncatingIfNeeded: rawStart))
        var length: Int64 = -1
        if arguments.count == 3 {
            guard let given = integer(arguments[2]) else { return Self.emptyString }
            length = given
        }
        let count = Int64(input.count)
        guard start >= 0, start < count else { return Self.emptyString }
        if length <= 0 || start &+ length > count { return .string(Array(input[Int(start)...])) }
        return .string(Array(input[Int(start)..<Int(start + length)]))
    }

    private static func replacing(_ pattern: [UInt8], in source: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(source.count)
        var index = 0
        while index < source.count {
            if source.count - index >= pattern.count, source[index..<(index + pattern.count)].elementsEqual(pattern) {
                output += replacement
                index += pattern.count
            } else {
                output.append(source[index])
                index += 1
            }
        }
        return output
    }

    /// C's `isspace` in the C locale.
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// envoy-gloo's `word_count`: strings by white space, containers summed (object keys counted), numbers and
    /// booleans one, null none.
    static func wordCount(_ value: JSONValue) -> Int {
        switch value {
        case .string(let bytes): wordCount(bytes)
        case .array(let array): array.reduce(0) { $0 + wordCount($1) }
        case .object(let object): object.reduce(0) { $0 + wordCount($1.key) + wordCount($1.value) }
        case .int, .uint, .double, .bool: 1
        case .null: 0
        }
    }

    /// Counts runs of white space after the first word, plus one unless the text ends in white space; an empty
    /// text counts one, as envoy-gloo's loop gives (it reads the byte before the text, which is never a space).
    static func wordCount(_ text: [UInt8]) -> Int {
        let first = text.firstIndex { !isSpace($0) } ?? 0
        var count = 0
        var inSpace = false
        for byte in text[first...] {
            if isSpace(byte) {
                if !inSpace { count += 1 }
                inSpace = true
            } else {
                inSpace = false
            }
        }
        guard let last = text.last else { return 1 }
        return isSpace(last) ? count : count + 1
    }
}
