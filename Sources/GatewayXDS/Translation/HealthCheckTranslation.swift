internal import GatewayModel
internal import SwiftProtobuf

/// An Upstream's active health checks (`healthChecks`) as Envoy `HealthCheck`s, field for field as Gloo
/// converts them, with the checks Envoy makes when it loads the cluster done here instead.
enum HealthCheckTranslation {
    /// The event sink that writes health-check events to a file (`eventLogPath`).
    static let fileEventSinkName = "envoy.health_check.event_sinks.file"

    /// The health checks of an upstream; `usesHttp2` tells whether gRPC checks can work. A custom check
    /// (an Envoy extension Gloo passes through) is left out with a warning.
    static func translate(
        _ checks: [HealthCheck],
        usesHttp2: Bool,
        report: inout ClusterReport
    ) -> [Envoy_Config_Core_V3_HealthCheck] {
        let translated = checks.enumerated().compactMap { index, check in
            translate(check, at: "spec.healthChecks[\(index)]", usesHttp2: usesHttp2, report: &report).map {
                (index, $0)
            }
        }
        // Envoy 1.40 requires a unique name on every check of a cluster that has several; a single check keeps
        // Gloo's unnamed form (and its stat names).
        guard translated.count > 1 else { return translated.map(\.1) }
        return translated.map { index, check in
            var check = check
            check.name = "\(kind(of: check))-\(index)"
            return check
        }
    }

    /// `http`, `tcp` or `grpc`.
    private static func kind(of check: Envoy_Config_Core_V3_HealthCheck) -> String {
        switch check.healthChecker {
        case .httpHealthCheck: "http"
        case .tcpHealthCheck: "tcp"
        case .grpcHealthCheck: "grpc"
        case nil: "check"
        }
    }

    private static func translate(
        _ check: HealthCheck,
        at path: String,
        usesHttp2: Bool,
        report: inout ClusterReport
    ) -> Envoy_Config_Core_V3_HealthCheck? {
        var result = Envoy_Config_Core_V3_HealthCheck()
        // Envoy requires these; Gloo reports the thresholds itself ("The field HealthCheck[i]… cannot be nil").
        if let timeout = required(check.timeout, "timeout", at: path, report: &report) {
            result.timeout = timeout
        }
        if let interval = required(check.interval, "interval", at: path, report: &report) {
            result.interval = interval
        }
        if let threshold = check.healthyThreshold {
            result.healthyThreshold = Google_Protobuf_UInt32Value(threshold)
        } else {
            report.fail("\(path).healthyThreshold", "is required")
        }
        if let threshold = check.unhealthyThreshold {
            result.unhealthyThreshold = Google_Protobuf_UInt32Value(threshold)
        } else {
            report.fail("\(path).unhealthyThreshold", "is required")
        }
        if let jitter = report.nonNegativeDuration(check.initialJitter, at: "\(path).initialJitter") {
            result.initialJitter = jitter
        }
        if let jitter = report.nonNegativeDuration(check.intervalJitter, at: "\(path).intervalJitter") {
            result.intervalJitter = jitter
        }
        result.intervalJitterPercent = check.intervalJitterPercent ?? 0
        if let reuse = check.reuseConnection {
            result.reuseConnection = Google_Protobuf_BoolValue(reuse)
        }
        if let value = report.positiveDuration(check.noTrafficInterval, at: "\(path).noTrafficInterval") {
            result.noTrafficInterval = value
        }
        if let value = report.positiveDuration(check.unhealthyInterval, at: "\(path).unhealthyInterval") {
            result.unhealthyInterval = value
        }
        if let value = report.positiveDuration(check.unhealthyEdgeInterval, at: "\(path).unhealthyEdgeInterval") {
            result.unhealthyEdgeInterval = value
        }
        if let value = report.positiveDuration(check.healthyEdgeInterval, at: "\(path).healthyEdgeInterval") {
            result.healthyEdgeInterval = value
        }
        if let logPath = check.eventLogPath, !logPath.isEmpty {
            // `event_log_path` is deprecated in Envoy; the file event sink is its replacement.
            var sink = Envoy_Extensions_HealthCheck_EventSinks_File_V3_HealthCheckEventFileSink()
            sink.eventLogPath = logPath
            var logger = Envoy_Config_Core_V3_TypedExtensionConfig()
            logger.name = fileEventSinkName
            logger.typedConfig = Google_Protobuf_Any(packing: sink)
            result.eventLogger = [logger]
        }
        result.alwaysLogHealthCheckFailures = check.alwaysLogHealthCheckFailures ?? false

        switch check.healthChecker {
        case .http(let http):
            result.httpHealthCheck = httpCheck(http, at: "\(path).httpHealthCheck", report: &report)
        case .tcp(let tcp):
            result.tcpHealthCheck = tcpCheck(tcp, at: "\(path).tcpHealthCheck", report: &report)
        case .grpc(let grpc):
            if !usesHttp2 {
                report.fail("\(path).grpcHealthCheck", "gRPC health checks need HTTP/2 to the upstream (set useHttp2)")
            }
            var grpcCheck = Envoy_Config_Core_V3_HealthCheck.GrpcHealthCheck()
            grpcCheck.serviceName = grpc.serviceName ?? ""
            grpcCheck.authority = grpc.authority ?? ""
            grpcCheck.initialMetadata = headers(
                grpc.initialMetadata,
                at: "\(path).grpcHealthCheck.initialMetadata",
                report: &report
            )
            result.grpcHealthCheck = grpcCheck
        case .custom:
            report.notSent(
                "customHealthCheck",
                at: "\(path).customHealthCheck",
                because: "custom health checkers are not translated; the health check is left out"
            )
            return nil
        case nil:
            let count = [
                check.httpHealthCheck != nil, check.tcpHealthCheck != nil, check.grpcHealthCheck != nil,
                check.customHealthCheck != nil,
            ]
            .filter { $0 }.count
            report.fail(
                path,
                count == 0
                    ? "one of httpHealthCheck, tcpHealthCheck, grpcHealthCheck and customHealthCheck is required"
                    : "only one of httpHealthCheck, tcpHealthCheck, grpcHealthCheck and customHealthCheck may be set"
            )
        }
        return result
    }

    private static func required(
        _ value: ProtoDuration?,
        _ name: String,
        at path: String,
        report: inout ClusterReport
    ) -> Google_Protobuf_Duration? {
        guard value != nil else {
            report.fail("\(path).\(name)", "is required")
            return nil
        }
        return report.positiveDuration(value, at: "\(path).\(name)")
    }

    private static func httpCheck(
        _ http: HealthCheck.HttpHealthCheck,
        at path: String,
        report: inout ClusterReport
    ) -> Envoy_Config_Core_V3_HealthCheck.HttpHealthCheck {
        var result = Envoy_Config_Core_V3_HealthCheck.HttpHealthCheck()
        result.host = http.host ?? ""
        if let checkPath = http.path, !checkPath.isEmpty {
            result.path = checkPath
        } else {
            report.fail("\(path).path", "is required")
        }
        result.requestHeadersToAdd = headers(
            http.requestHeadersToAdd,
            at: "\(path).requestHeadersToAdd",
            report: &report
        )
        result.requestHeadersToRemove = http.requestHeadersToRemove ?? []
        for (index, range) in (http.expectedStatuses ?? []).enumerated() {
            let start = range.start ?? 0
            let end = range.end ?? 0
            // Envoy's checks when it builds the health checker.
            guard start >= 100, end <= 600, start < end else {
                report.fail(
                    "\(path).expectedStatuses[\(index)]",
                    "must be a range of HTTP statuses with 100 <= start < end <= 600, found [\(start), \(end))"
                )
                continue
            }
            var envoyRange = Envoy_Type_V3_Int64Range()
            envoyRange.start = start
            envoyRange.end = end
            result.expectedStatuses.append(envoyRange)
        }
        if http.useHttp2 == true {
            result.codecClientType = .http2
        }
        if let serviceName = http.serviceName, !serviceName.isEmpty {
            // Gloo matches the service name as a prefix.
            result.serviceNameMatcher.prefix = serviceName
        }
        if let method = http.method {
            guard method != .connect else {
                report.fail("\(path).method", "method CONNECT is not allowed on http health checkers")
                return result
            }
            result.method = Envoy_Config_Core_V3_RequestMethod(rawValue: method.protoNumber) ?? .methodUnspecified
        }
        if http.responseAssertions != nil {
            report.notSent(
                "responseAssertions",
                at: "\(path).responseAssertions",
                because: "a Gloo Enterprise feature (advanced_http health checker)"
            )
        }
        return result
    }

    private static func tcpCheck(
        _ tcp: HealthCheck.TcpHealthCheck,
        at path: String,
        report: inout ClusterReport
    ) -> Envoy_Config_Core_V3_HealthCheck.TcpHealthCheck {
        var result = Envoy_Config_Core_V3_HealthCheck.TcpHealthCheck()
        if let send = tcp.send {
            result.send = payload(send, at: "\(path).send", report: &report)
        }
        result.receive = (tcp.receive ?? []).enumerated().map { index, expected in
            payload(expected, at: "\(path).receive[\(index)]", report: &report)
        }
        return result
    }

    /// Bytes written in hex; Envoy refuses a cluster whose payload is not.
    private static func payload(
        _ payload: HealthCheck.Payload,
        at path: String,
        report: inout ClusterReport
    ) -> Envoy_Config_Core_V3_HealthCheck.Payload {
        let text = payload.text ?? ""
        let isHex =
            text.utf8.count % 2 == 0
            && text.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
            }
        if text.isEmpty || !isHex {
            report.fail("\(path).text", "must be a non-empty hexadecimal string")
        }
        var result = Envoy_Config_Core_V3_HealthCheck.Payload()
        result.text = text
        return result
    }

    /// Headers added to check requests, as Gloo converts them: `append` false overwrites, anything else
    /// appends; pseudo-headers and `host` may not be set.
    private static func headers(
        _ options: [HealthCheck.HeaderValueOption]?,
        at path: String,
        report: inout ClusterReport
    ) -> [Envoy_Config_Core_V3_HeaderValueOption] {
        (options ?? []).enumerated().compactMap { index, option in
            let key = option.header?.key ?? ""
            guard !key.isEmpty else {
                report.fail("\(path)[\(index)].header.key", "is required")
                return nil
            }
            guard !key.hasPrefix(":"), key.lowercased() != "host" else {
                report.fail(
                    "\(path)[\(index)].header.key",
                    ": -prefixed or host headers may not be modified. Received '\(key)' header"
                )
                return nil
            }
            var result = Envoy_Config_Core_V3_HeaderValueOption()
            result.header.key = key
            result.header.value = option.header?.value ?? ""
            result.appendAction = option.append == false ? .overwriteIfExistsOrAdd : .appendIfExistsOrAdd
            return result
        }
    }
}
