internal import GatewayRegex
internal import SwiftProtobuf

/// Rules for the shared building blocks (`envoy.config.core.v3` and `envoy.type`): addresses, headers, data
/// sources, string and regex matchers, percentages, token buckets, config sources and gRPC services. They run
/// wherever these messages appear in any resource.
enum CommonValidation {
    static let rules: [MessageRule] = [
        MessageRule(Envoy_Config_Core_V3_Metadata.self, checkMetadata),
        MessageRule(Envoy_Config_Core_V3_Address.self, checkAddress),
        MessageRule(Envoy_Config_Core_V3_SocketAddress.self, checkSocketAddress),
        MessageRule(Envoy_Config_Core_V3_Pipe.self, checkPipe),
        MessageRule(Envoy_Config_Core_V3_CidrRange.self, checkCIDRRange),
        MessageRule(Envoy_Config_Core_V3_HeaderValueOption.self, checkHeaderValueOption),
        MessageRule(Envoy_Config_Core_V3_HeaderValue.self, checkHeaderValue),
        MessageRule(Envoy_Config_Core_V3_DataSource.self, checkDataSource),
        MessageRule(Envoy_Config_Core_V3_RuntimeFractionalPercent.self, checkRuntimeFractionalPercent),
        MessageRule(Envoy_Config_Core_V3_TransportSocket.self, checkTransportSocket),
        MessageRule(Envoy_Config_Core_V3_TypedExtensionConfig.self, checkTypedExtensionConfig),
        MessageRule(Envoy_Config_Core_V3_ConfigSource.self, checkConfigSource),
        MessageRule(Envoy_Config_Core_V3_ApiConfigSource.self, checkAPIConfigSource),
        MessageRule(Envoy_Config_Core_V3_GrpcService.self, checkGRPCService),
        MessageRule(Envoy_Type_Matcher_V3_StringMatcher.self, checkStringMatcher),
        MessageRule(Envoy_Type_Matcher_V3_RegexMatcher.self, checkRegexMatcher),
        MessageRule(Envoy_Type_Matcher_V3_RegexMatchAndSubstitute.self, checkRegexMatchAndSubstitute),
        MessageRule(Envoy_Type_V3_Percent.self, checkPercent),
        MessageRule(Envoy_Type_V3_TokenBucket.self, checkTokenBucket),
        MessageRule(Envoy_Type_V3_HttpStatus.self, checkHTTPStatus),
    ]

    /// Metadata content is opaque to Envoy's validation, but its keys must not be empty.
    private static func checkMetadata(_ metadata: Envoy_Config_Core_V3_Metadata, _ context: inout ValidationContext) {
        if metadata.filterMetadata[""] != nil { context.report(#"filter_metadata[""]"#, PGV.nonEmpty) }
        if metadata.typedFilterMetadata[""] != nil { context.report(#"typed_filter_metadata[""]"#, PGV.nonEmpty) }
    }

    // MARK: - Addresses

    private static func checkAddress(_ address: Envoy_Config_Core_V3_Address, _ context: inout ValidationContext) {
        if address.address == nil { context.report("", PGV.oneofRequired("address")) }
    }

    private static func checkSocketAddress(
        _ socket: Envoy_Config_Core_V3_SocketAddress,
        _ context: inout ValidationContext
    ) {
        if socket.address.isEmpty { context.report("address", PGV.nonEmpty) }
        switch socket.portSpecifier {
        case .portValue(let port) where port > 65535:
            context.report("port_value", PGV.lessOrEqual(65535))
        case nil:
            context.report("", PGV.oneofRequired("port_specifier"))
        default:
            break
        }
    }

    private static func checkPipe(_ pipe: Envoy_Config_Core_V3_Pipe, _ context: inout ValidationContext) {
        if pipe.path.isEmpty { context.report("path", PGV.nonEmpty) }
        if pipe.mode > 0o777 { context.report("mode", PGV.lessOrEqual(0o777)) }
    }

    private static func checkCIDRRange(_ range: Envoy_Config_Core_V3_CidrRange, _ context: inout ValidationContext) {
        if range.addressPrefix.isEmpty {
            context.report("address_prefix", PGV.nonEmpty)
        } else if !IPAddress.isValid(range.addressPrefix) {
            context.report("address_prefix", "malformed IP address: \(range.addressPrefix)")
        }
        if range.hasPrefixLen, range.prefixLen.value > 128 { context.report("prefix_len", PGV.lessOrEqual(128)) }
    }

    // MARK: - Headers

    private static func checkHeaderValueOption(
        _ option: Envoy_Config_Core_V3_HeaderValueOption,
        _ context: inout ValidationContext
    ) {
        guard option.hasHeader else {
            context.report("header", PGV.required)
            return
        }
        // Envoy's HeaderParser (routes, health checks, local rate limit responses).
        if !HeaderRules.isModifiable(option.header.key) {
            context.report("header.key", ":-prefixed or host headers may not be modified")
        }
    }

    private static func checkHeaderValue(
        _ header: Envoy_Config_Core_V3_HeaderValue,
        _ context: inout ValidationContext
    ) {
        context.checkHeaderName(header.key, field: "key", maxBytes: 16384)
        if !header.key.isEmpty, HeaderRules.hasNoControlBreaks(header.key), !HeaderRules.isToken(header.key) {
            // Stricter than Envoy, which only refuses NUL, CR and LF: a name like "x y" is sent as is and breaks
            // the HTTP/1 framing upstream or is refused by HTTP/2 peers.
            context.report("key", "header name must consist of RFC 9110 token characters")
        }
        context.checkHeaderValue(header.value, field: "value", maxBytes: 16384)
        if header.rawValue.count > 16384 { context.report("raw_value", "value length must be at most 16384 bytes") }
    }

    // MARK: - Data sources and matchers

    private static func checkDataSource(_ source: Envoy_Config_Core_V3_DataSource, _ context: inout ValidationContext) {
        switch source.specifier {
        case nil: context.report("", PGV.oneofRequired("specifier"))
        case .filename(let name) where name.isEmpty: context.report("filename", PGV.nonEmpty)
        case .environmentVariable(let name) where name.isEmpty: context.report("environment_variable", PGV.nonEmpty)
        default: break
        }
    }

    private static func checkStringMatcher(
        _ matcher: Envoy_Type_Matcher_V3_StringMatcher,
        _ context: inout ValidationContext
    ) {
        switch matcher.matchPattern {
        case nil: context.report("", PGV.oneofRequired("match_pattern"))
        case .prefix(let value) where value.isEmpty: context.report("prefix", PGV.nonEmpty)
        case .suffix(let value) where value.isEmpty: context.report("suffix", PGV.nonEmpty)
        case .contains(let value) where value.isEmpty: context.report("contains", PGV.nonEmpty)
        case .safeRegex where matcher.ignoreCase:
            context.report("ignore_case", "ignore_case has no effect for safe_regex.")
        default: break
        }
    }

    /// The regex must be non-empty, valid RE2, and within Envoy's default program size (100); the messages are
    /// RE2's and Envoy's.
    private static func checkRegexMatcher(
        _ matcher: Envoy_Type_Matcher_V3_RegexMatcher,
        _ context: inout ValidationContext
    ) {
        guard !matcher.regex.isEmpty else {
            context.report("regex", PGV.nonEmpty)
            return
        }
        let verdict: String?
        if let known = context.regexVerdicts[matcher.regex] {
            verdict = known
        } else {
            do {
                _ = try SafeRegex(matcher.regex, options: .envoy)
                verdict = nil
            } catch {
                verdict = error.message
            }
            context.regexVerdicts[matcher.regex] = .some(verdict)
        }
        if let verdict { context.report("regex", verdict) }
    }

    private static func checkRegexMatchAndSubstitute(
        _ rewrite: Envoy_Type_Matcher_V3_RegexMatchAndSubstitute,
        _ context: inout ValidationContext
    ) {
        if !rewrite.hasPattern { context.report("pattern", PGV.required) }
        context.checkHeaderValue(rewrite.substitution, field: "substitution")
    }

    // MARK: - Numbers

    private static func checkRuntimeFractionalPercent(
        _ percent: Envoy_Config_Core_V3_RuntimeFractionalPercent,
        _ context: inout ValidationContext
    ) {
        if !percent.hasDefaultValue { context.report("default_value", PGV.required) }
    }

    private static func checkPercent(_ percent: Envoy_Type_V3_Percent, _ context: inout ValidationContext) {
        if !(0...100).contains(percent.value) { context.report("value", "value must be inside range [0, 100]") }
    }

    private static func checkTokenBucket(_ bucket: Envoy_Type_V3_TokenBucket, _ context: inout ValidationContext) {
        if bucket.maxTokens == 0 { context.report("max_tokens", PGV.greater(0)) }
        if bucket.hasTokensPerFill, bucket.tokensPerFill.value == 0 {
            context.report("tokens_per_fill", PGV.greater(0))
        }
        if !bucket.hasFillInterval {
            context.report("fill_interval", PGV.required)
        } else if DurationRule.isNotAbove(bucket.fillInterval) {
            context.report("fill_interval", PGV.positiveDuration)
        }
    }

    private static func checkHTTPStatus(_ status: Envoy_Type_V3_HttpStatus, _ context: inout ValidationContext) {
        if status.code == .empty { context.report("code", PGV.notIn("Empty")) }
    }

    // MARK: - Extensions, config sources, gRPC services

    private static func checkTransportSocket(
        _ socket: Envoy_Config_Core_V3_TransportSocket,
        _ context: inout ValidationContext
    ) {
        // The type allowed depends on where the socket is (filter chain or cluster); those rules check it.
        if socket.name.isEmpty { context.report("name", PGV.nonEmpty) }
    }

    private static func checkTypedExtensionConfig(
        _ config: Envoy_Config_Core_V3_TypedExtensionConfig,
        _ context: inout ValidationContext
    ) {
        if config.name.isEmpty { context.report("name", PGV.nonEmpty) }
        if !config.hasTypedConfig { context.report("typed_config", PGV.required) }
    }

    private static func checkConfigSource(
        _ source: Envoy_Config_Core_V3_ConfigSource,
        _ context: inout ValidationContext
    ) {
        if source.configSourceSpecifier == nil { context.report("", PGV.oneofRequired("config_source_specifier")) }
    }

    private static func checkAPIConfigSource(
        _ source: Envoy_Config_Core_V3_ApiConfigSource,
        _ context: inout ValidationContext
    ) {
        if source.apiType == .deprecatedAndUnavailableDoNotUse {
            context.report("api_type", "DEPRECATED_AND_UNAVAILABLE_DO_NOT_USE is disallowed by default")
        }
        if source.hasRequestTimeout, DurationRule.isNotAbove(source.requestTimeout) {
            context.report("request_timeout", PGV.positiveDuration)
        }
    }

    private static func checkGRPCService(
        _ service: Envoy_Config_Core_V3_GrpcService,
        _ context: inout ValidationContext
    ) {
        switch service.targetSpecifier {
        case nil:
            context.report("", PGV.oneofRequired("target_specifier"))
        case .envoyGrpc(let grpc):
            if grpc.clusterName.isEmpty { context.report("envoy_grpc.cluster_name", PGV.nonEmpty) }
            context.checkHeaderValue(grpc.authority, field: "envoy_grpc.authority", maxBytes: 16384)
        case .googleGrpc(let grpc):
            if grpc.targetUri.isEmpty { context.report("google_grpc.target_uri", PGV.nonEmpty) }
            if grpc.statPrefix.isEmpty { context.report("google_grpc.stat_prefix", PGV.nonEmpty) }
        }
    }
}

/// Header-name rules shared by every place a header is named.
enum HeaderRules {
    /// Envoy refuses to add, overwrite or remove pseudo-headers and `host` (`isModifiableHeader`).
    static func isModifiable(_ name: String) -> Bool {
        !name.hasPrefix(":") && name.lowercased() != "host"
    }

    /// Whether Envoy's non-strict `HTTP_HEADER_NAME` / `HTTP_HEADER_VALUE` pattern (`^[^\0\n\r]*$`) accepts
    /// `text`.
    static func hasNoControlBreaks(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0 || $0 == 0x0A || $0 == 0x0D }
    }

    /// Whether `text` has no control character other than tab (`HTTP_HEADER_VALUE`, strict).
    static func hasNoControlCharacters(_ text: String) -> Bool {
        !text.utf8.contains { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }
    }

    /// Whether `name` is an RFC 9110 token, after an optional leading `:`.
    static func isToken(_ name: String) -> Bool {
        var bytes = name.utf8[...]
        if bytes.first == UInt8(ascii: ":") { bytes = bytes.dropFirst() }
        return !bytes.isEmpty && bytes.allSatisfy { tokenBytes[Int($0)] }
    }

    private static let tokenBytes: [Bool] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(UInt8(byte))
        }
    }
}

extension ValidationContext {
    /// A required header name: non-empty, no NUL, CR or LF (Envoy's `HTTP_HEADER_NAME`, non-strict), and at most
    /// `maxBytes` where the field has a limit.
    mutating func checkHeaderName(_ name: String, field: String, maxBytes: Int? = nil) {
        if name.isEmpty {
            report(field, PGV.nonEmpty)
        } else {
            checkHeaderValue(name, field: field, maxBytes: maxBytes)
        }
    }

    /// A header value, or an optional header name: no NUL, CR or LF (`HTTP_HEADER_VALUE` / `HTTP_HEADER_NAME`,
    /// non-strict; with `strict`, no control character but tab), and at most `maxBytes` where the field has a
    /// limit.
    mutating func checkHeaderValue(_ value: String, field: String, maxBytes: Int? = nil, strict: Bool = false) {
        if let maxBytes, value.utf8.count > maxBytes {
            report(field, PGV.maxBytes(maxBytes))
        } else if strict, !HeaderRules.hasNoControlCharacters(value) {
            report(field, PGV.strictHeaderValuePattern)
        } else if !HeaderRules.hasNoControlBreaks(value) {
            report(field, PGV.headerPattern)
        }
    }

    /// A `*_headers_to_remove` list: names Envoy may remove (not pseudo-headers, not `host`), non-empty where
    /// the field requires it.
    mutating func checkHeadersToRemove(_ names: [String], field: String, nonEmpty: Bool) {
        for (index, name) in names.enumerated() {
            if (nonEmpty && name.isEmpty) || !HeaderRules.hasNoControlBreaks(name) {
                checkHeaderName(name, field: "\(field)[\(index)]")
            } else if !HeaderRules.isModifiable(name) {
                report("\(field)[\(index)]", ":-prefixed or host headers may not be removed")
            }
        }
    }

    /// Checks that `any`, field `field` of the current message (an extension named `name`), holds a type Envoy
    /// has an implementation for in `slot`, spelled `type.googleapis.com/<message>`. Returns the extension.
    @discardableResult
    mutating func checkExtension(
        _ any: Google_Protobuf_Any?,
        named name: String,
        field: String,
        slot: ExtensionSlot
    ) -> KnownExtension? {
        guard let any else {
            report(field, "Didn't find a registered implementation for '\(name)' with type URL: ''")
            return nil
        }
        guard any.typeURL.hasPrefix(KnownExtensions.prefix) else {
            report(field, "type URL '\(any.typeURL)' must be '\(KnownExtensions.prefix)<message name>'")
            return nil
        }
        guard let known = KnownExtensions.byTypeURL[any.typeURL], known.slots.contains(slot) else {
            let typeName = any.typeURL.dropFirst(KnownExtensions.prefix.count)
            report(field, "Didn't find a registered implementation for '\(name)' with type URL: '\(typeName)'")
            return nil
        }
        return known
    }
}

// The `typed_config` of the messages whose only configuration choice is a packed `Any`.

extension Envoy_Config_Listener_V3_Filter {
    var packedConfig: Google_Protobuf_Any? {
        if case .typedConfig(let any)? = configType { any } else { nil }
    }
}

extension Envoy_Config_Listener_V3_ListenerFilter {
    var packedConfig: Google_Protobuf_Any? {
        if case .typedConfig(let any)? = configType { any } else { nil }
    }
}

extension Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpFilter {
    var packedConfig: Google_Protobuf_Any? {
        if case .typedConfig(let any)? = configType { any } else { nil }
    }
}

extension Envoy_Config_Core_V3_TransportSocket {
    var packedConfig: Google_Protobuf_Any? {
        if case .typedConfig(let any)? = configType { any } else { nil }
    }
}
