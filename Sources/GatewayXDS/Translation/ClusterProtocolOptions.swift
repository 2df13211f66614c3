internal import GatewayModel
internal import SwiftProtobuf

/// The HTTP settings of an Upstream's cluster, in Envoy's current place for them:
/// `typed_extension_protocol_options["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]`.
///
/// Gloo still fills the deprecated cluster fields for most of these (`common_http_protocol_options`,
/// `http_protocol_options`, `http2_protocol_options`, `max_requests_per_connection`, `protocol_selection`);
/// the meaning is the same.
enum ClusterProtocolOptions {
    /// The key of the HTTP protocol options in `typed_extension_protocol_options`.
    static let extensionName = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions"

    /// The range Envoy accepts for HTTP/2 flow-control windows.
    static let windowSizes: ClosedRange<UInt32> = 65535...2_147_483_647

    /// The range Envoy accepts for HTTP/2 concurrent streams.
    static let concurrentStreams: ClosedRange<UInt32> = 1...2_147_483_647

    /// The HTTP protocol options of `spec`, or nil when it changes nothing from Envoy's defaults (HTTP/1.1).
    static func translate(
        _ spec: UpstreamSpec,
        report: inout ClusterReport
    ) -> Envoy_Extensions_Upstreams_Http_V3_HttpProtocolOptions? {
        let connection = spec.connectionConfig
        var options = Envoy_Extensions_Upstreams_Http_V3_HttpProtocolOptions()
        var hasCommon = false
        if let common = connection?.commonHttpProtocolOptions {
            if let translated = commonOptions(common, report: &report) {
                options.commonHTTPProtocolOptions = translated
                hasCommon = true
            }
        }
        if let maximum = connection?.maxRequestsPerConnection, maximum > 0 {
            options.commonHTTPProtocolOptions.maxRequestsPerConnection = Google_Protobuf_UInt32Value(maximum)
            hasCommon = true
        }
        let http1 = connection?.http1ProtocolOptions.flatMap { http1Options($0, report: &report) }
        let http2 = http2Options(spec, report: &report)
        let downstream = spec.protocolSelection == .useDownstreamProtocol

        if downstream {
            var config = Envoy_Extensions_Upstreams_Http_V3_HttpProtocolOptions.UseDownstreamHttpConfig()
            config.httpProtocolOptions = http1 ?? .init()
            if let http2 { config.http2ProtocolOptions = http2 }
            options.useDownstreamProtocolConfig = config
        } else if let http2 {
            if http1 != nil {
                report.fail(
                    "spec.connectionConfig.http1ProtocolOptions",
                    "Both HTTP1 and HTTP2 options may only be configured with non-default "
                        + "'Upstream_USE_DOWNSTREAM_PROTOCOL' specified for Protocol Selection"
                )
            }
            options.explicitHTTPConfig.http2ProtocolOptions = http2
        } else if http1 != nil || hasCommon {
            options.explicitHTTPConfig.httpProtocolOptions = http1 ?? .init()
        } else {
            return nil
        }
        return options
    }

    // MARK: - Parts

    /// Gloo's `protocol.options.gloo.solo.io.HttpProtocolOptions`, kept as written in the model.
    private struct CommonOptions: Codable {
        var idleTimeout: ProtoDuration?
        var maxHeadersCount: UInt32?
        var maxStreamDuration: ProtoDuration?
        var headersWithUnderscoresAction: UnderscoresAction?

        enum UnderscoresAction: String, ProtoEnum {
            case allow = "ALLOW"
            case rejectRequest = "REJECT_REQUEST"
            case dropHeader = "DROP_HEADER"
        }
    }

    /// Gloo's `protocol.options.gloo.solo.io.Http1ProtocolOptions`, kept as written in the model.
    private struct Http1Options: Codable {
        var enableTrailers: Bool?
        var properCaseHeaderKeyFormat: Bool?
        var preserveCaseHeaderKeyFormat: Bool?
        var overrideStreamErrorOnInvalidHttpMessage: Bool?
    }

    private static func decode<T: Decodable>(
        _ type: T.Type,
        _ value: ConfigValue,
        at path: String,
        report: inout ClusterReport
    ) -> T? {
        do {
            let result = try ConfigDecoder().decode(type, from: value, pathPrefix: path)
            for field in result.unknownFields {
                report.warn(field.path, "unknown field, not sent to Envoy")
            }
            return result.value
        } catch {
            report.fail(error.path.isEmpty ? path : error.path, error.reason)
            return nil
        }
    }

    private static func commonOptions(
        _ value: ConfigValue,
        report: inout ClusterReport
    ) -> Envoy_Config_Core_V3_HttpProtocolOptions? {
        let path = "spec.connectionConfig.commonHttpProtocolOptions"
        guard let common = decode(CommonOptions.self, value, at: path, report: &report) else { return nil }
        var result = Envoy_Config_Core_V3_HttpProtocolOptions()
        // A zero idle timeout turns the timeout off, as in Envoy.
        if let timeout = report.nonNegativeDuration(common.idleTimeout, at: "\(path).idleTimeout") {
            result.idleTimeout = timeout
        }
        // Envoy needs at least 1; Gloo treats 0 as unset.
        if let count = common.maxHeadersCount, count > 0 {
            result.maxHeadersCount = Google_Protobuf_UInt32Value(count)
        }
        if let duration = report.nonNegativeDuration(common.maxStreamDuration, at: "\(path).maxStreamDuration") {
            result.maxStreamDuration = duration
        }
        switch common.headersWithUnderscoresAction {
        case nil, .allow: result.headersWithUnderscoresAction = .allow
        case .rejectRequest: result.headersWithUnderscoresAction = .rejectRequest
        case .dropHeader: result.headersWithUnderscoresAction = .dropHeader
        }
        return result
    }

    private static func http1Options(
        _ value: ConfigValue,
        report: inout ClusterReport
    ) -> Envoy_Config_Core_V3_Http1ProtocolOptions? {
        let path = "spec.connectionConfig.http1ProtocolOptions"
        guard let http1 = decode(Http1Options.self, value, at: path, report: &report) else { return nil }
        var result = Envoy_Config_Core_V3_Http1ProtocolOptions()
        result.enableTrailers = http1.enableTrailers ?? false
        if let override = http1.overrideStreamErrorOnInvalidHttpMessage {
            result.overrideStreamErrorOnInvalidHTTPMessage = Google_Protobuf_BoolValue(override)
        }
        switch (http1.properCaseHeaderKeyFormat == true, http1.preserveCaseHeaderKeyFormat == true) {
        case (true, true):
            report.fail(path, "only one of properCaseHeaderKeyFormat and preserveCaseHeaderKeyFormat may be set")
        case (true, false):
            result.headerKeyFormat.properCaseWords = .init()
        case (false, true):
            var formatter = Envoy_Config_Core_V3_TypedExtensionConfig()
            formatter.name = "envoy.http.stateful_header_formatters.preserve_case"
            formatter.typedConfig = Google_Protobuf_Any(
                packing: Envoy_Extensions_Http_HeaderFormatters_PreserveCase_V3_PreserveCaseFormatterConfig()
            )
            result.headerKeyFormat.statefulFormatter = formatter
        case (false, false):
            break
        }
        return result
    }

    /// The HTTP/2 settings when the upstream speaks HTTP/2 (`useHttp2`, or a gRPC service spec); otherwise nil,
    /// with a warning for HTTP/2 settings that then have no effect.
    private static func http2Options(
        _ spec: UpstreamSpec,
        report: inout ClusterReport
    ) -> Envoy_Config_Core_V3_Http2ProtocolOptions? {
        let settings: [(String, UInt32?)] = [
            ("initialStreamWindowSize", spec.initialStreamWindowSize),
            ("initialConnectionWindowSize", spec.initialConnectionWindowSize),
            ("maxConcurrentStreams", spec.maxConcurrentStreams),
        ]
        guard spec.usesHttp2 else {
            for (name, value) in settings where value != nil {
                report.notSent(name, at: "spec.\(name)", because: "the upstream does not use HTTP/2 (set useHttp2)")
            }
            if spec.overrideStreamErrorOnInvalidHttpMessage != nil {
                report.notSent(
                    "overrideStreamErrorOnInvalidHttpMessage",
                    at: "spec.overrideStreamErrorOnInvalidHttpMessage",
                    because: "the upstream does not use HTTP/2 (set useHttp2)"
                )
            }
            return nil
        }
        var result = Envoy_Config_Core_V3_Http2ProtocolOptions()
        if let size = spec.initialStreamWindowSize {
            if windowSizes.contains(size) {
                result.initialStreamWindowSize = Google_Protobuf_UInt32Value(size)
            } else {
                report.fail("spec.initialStreamWindowSize", "Invalid Initial Stream Window Size: \(size)")
            }
        }
        if let size = spec.initialConnectionWindowSize {
            if windowSizes.contains(size) {
                result.initialConnectionWindowSize = Google_Protobuf_UInt32Value(size)
            } else {
                report.fail("spec.initialConnectionWindowSize", "Invalid Initial Connection Window Size: \(size)")
            }
        }
        if let streams = spec.maxConcurrentStreams {
            if concurrentStreams.contains(streams) {
                result.maxConcurrentStreams = Google_Protobuf_UInt32Value(streams)
            } else {
                report.fail("spec.maxConcurrentStreams", "Invalid Max Concurrent Streams Size: \(streams)")
            }
        }
        if let override = spec.overrideStreamErrorOnInvalidHttpMessage {
            result.overrideStreamErrorOnInvalidHTTPMessage = Google_Protobuf_BoolValue(override)
        }
        return result
    }
}
