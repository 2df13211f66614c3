internal import GatewayModel
internal import SwiftProtobuf

/// The HTTP connection manager network filter of an HTTP listener, as Gloo's `hcmNetworkFilterTranslator` and
/// hcm plugin build it: `AUTO` codec, stat prefix `http` unless the listener names one, `normalize_path` on,
/// WebSocket upgrades allowed unless the settings list upgrades, and the listener's
/// `httpConnectionManagerSettings` mapped field by field.
enum ListenerConnectionManager {
    /// The network filter's name.
    static let filterName = "envoy.filters.network.http_connection_manager"
    /// Gloo's `DefaultHttpStatPrefix`.
    static let defaultStatPrefix = "http"

    /// The HTTP listener options this gateway translates; the others are reported as not sent (options that
    /// no module of the suite enforces are already warned about by GatewayModel).
    static func applyListenerOptions(
        _ options: HttpListenerOptions,
        to filters: inout HttpFilterSet,
        location: ListenerLocation,
        report: inout ListenerPartReport
    ) {
        if let router = options.router, !router.isEmpty {
            do {
                let decoded = try ConfigDecoder().decode(ListenerRouterSettings.self, from: router)
                if decoded.value.suppressEnvoyHeaders == true { filters.router.suppressEnvoyHeaders = true }
                if let stats = decoded.value.dynamicStats {
                    filters.router.dynamicStats = Google_Protobuf_BoolValue(stats)
                }
                for field in decoded.unknownFields {
                    report.warn(
                        ListenerPartReport.notSent("router.\(field.path)", at: location.path, expressible: true)
                    )
                }
            } catch {
                report.fail("\(location.path).router: \(error.description)")
            }
        }
        if let transcoder = options.grpcJsonTranscoder, !transcoder.isEmpty {
            do {
                let decoded = try ConfigDecoder().decode(GrpcJsonTranscoder.self, from: transcoder)
                var transcoderReport = ListenerPartReport()
                if let config = RouteGrpcTranscoding.translate(decoded.value, report: &transcoderReport) {
                    filters.listenerTranscoder = config
                }
                for error in transcoderReport.errors { report.fail("\(location.path).grpcJsonTranscoder: \(error)") }
            } catch {
                report.fail("\(location.path).grpcJsonTranscoder: \(error.description)")
            }
        }
        let untranslated: [(String, Bool)] = [
            ("grpcWeb", options.grpcWeb != nil), ("healthCheck", options.healthCheck != nil),
            ("gzip", options.gzip != nil), ("buffer", options.buffer != nil), ("csrf", options.csrf != nil),
            ("connectionLimit", options.connectionLimit != nil),
            ("networkLocalRatelimit", options.networkLocalRatelimit != nil),
            ("httpLocalRatelimit", options.httpLocalRatelimit != nil),
        ]
        for (name, isSet) in untranslated where isSet {
            report.warn(ListenerPartReport.notSent(name, at: location.path, expressible: true))
        }
    }

    /// The filter for an HTTP listener whose routes are `routeConfiguration`: by RDS name over ADS, or inline
    /// for a static bootstrap. Nil (with errors) when the settings are invalid.
    static func filter(
        statPrefix: String?,
        settings: ConfigValue?,
        routeConfiguration: Envoy_Config_Route_V3_RouteConfiguration,
        filters: HttpFilterSet,
        delivery: XDSTranslator.Delivery,
        location: ListenerLocation,
        report: inout ListenerPartReport
    ) -> Envoy_Config_Listener_V3_Filter? {
        var manager = Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpConnectionManager()
        manager.codecType = .auto
        let prefix = statPrefix ?? ""
        manager.statPrefix = prefix.isEmpty ? defaultStatPrefix : prefix
        manager.normalizePath = Google_Protobuf_BoolValue(true)
        switch delivery {
        case .aggregated:
            manager.rds.configSource.ads = Envoy_Config_Core_V3_AggregatedConfigSource()
            manager.rds.configSource.resourceApiVersion = .v3
            manager.rds.routeConfigName = routeConfiguration.name
        case .embedded:
            manager.routeConfig = routeConfiguration
        }
        manager.httpFilters = filters.httpFilters

        var decoded = ListenerConnectionManagerSettings()
        if let settings, !settings.isEmpty {
            do {
                let result = try ConfigDecoder().decode(ListenerConnectionManagerSettings.self, from: settings)
                decoded = result.value
                for field in result.unknownFields {
                    report.warn(
                        ListenerPartReport.notSent(
                            "httpConnectionManagerSettings.\(field.path)",
                            at: location.path,
                            expressible: true
                        )
                    )
                }
            } catch {
                report.fail("\(location.path).httpConnectionManagerSettings: \(error.description)")
                return nil
            }
        }
        guard apply(decoded, to: &manager, report: &report) else { return nil }

        var filter = Envoy_Config_Listener_V3_Filter()
        filter.name = filterName
        filter.typedConfig = Google_Protobuf_Any(packing: manager)
        return filter
    }

    /// Gloo's hcm plugin (`ProcessHcmNetworkFilter`), with the limits Envoy enforces checked.
    private static func apply(
        _ settings: ListenerConnectionManagerSettings,
        to manager: inout Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpConnectionManager,
        report: inout ListenerPartReport
    ) -> Bool {
        var valid = true
        func duration(_ value: ProtoDuration?, _ name: String) -> Google_Protobuf_Duration? {
            guard let value else { return nil }
            let converted = RouteDurations.nonNegative(value, "httpConnectionManagerSettings.\(name)", report: &report)
            if converted == nil { valid = false }
            return converted
        }
        if let flag = settings.useRemoteAddress { manager.useRemoteAddress = Google_Protobuf_BoolValue(flag) }
        manager.appendXForwardedPort = settings.appendXForwardedPort ?? false
        manager.xffNumTrustedHops = settings.xffNumTrustedHops ?? 0
        manager.skipXffAppend = settings.skipXffAppend ?? false
        manager.via = settings.via ?? ""
        if let flag = settings.generateRequestId { manager.generateRequestID = Google_Protobuf_BoolValue(flag) }
        manager.proxy100Continue = settings.proxy100Continue ?? false
        if let value = duration(settings.streamIdleTimeout, "streamIdleTimeout") { manager.streamIdleTimeout = value }
        if let kilobytes = settings.maxRequestHeadersKb {
            // Envoy accepts 1 to 8192 KiB.
            if kilobytes < 1 || kilobytes > 8192 {
                report.fail(
                    "httpConnectionManagerSettings.maxRequestHeadersKb must be between 1 and 8192, found \(kilobytes)"
                )
                valid = false
            }
            manager.maxRequestHeadersKb = Google_Protobuf_UInt32Value(kilobytes)
        }
        if let value = duration(settings.requestTimeout, "requestTimeout") { manager.requestTimeout = value }
        if let value = duration(settings.requestHeadersTimeout, "requestHeadersTimeout") {
            manager.requestHeadersTimeout = value
        }
        if let value = duration(settings.drainTimeout, "drainTimeout") { manager.drainTimeout = value }
        if let value = duration(settings.delayedCloseTimeout, "delayedCloseTimeout") {
            manager.delayedCloseTimeout = value
        }
        manager.serverName = settings.serverName ?? ""
        manager.preserveExternalRequestID = settings.preserveExternalRequestId ?? false
        if let value = settings.serverHeaderTransformation {
            manager.serverHeaderTransformation = .init(rawValue: value.protoNumber) ?? .overwrite
        }
        if let value = settings.pathWithEscapedSlashesAction {
            manager.pathWithEscapedSlashesAction = .init(rawValue: value.protoNumber) ?? .implementationSpecificDefault
        }
        if let value = settings.codecType { manager.codecType = .init(rawValue: value.protoNumber) ?? .auto }
        manager.mergeSlashes = settings.mergeSlashes ?? false
        // Default true, as RFC 3986 asks (Gloo's default).
        manager.normalizePath = Google_Protobuf_BoolValue(settings.normalizePath ?? true)

        if settings.acceptHttp10 == true {
            manager.httpProtocolOptions.acceptHTTP10 = true
            manager.httpProtocolOptions.defaultHostForHTTP10 = settings.defaultHostForHttp10 ?? ""
        }
        if settings.properCaseHeaderKeyFormat == true {
            manager.httpProtocolOptions.headerKeyFormat.properCaseWords =
                Envoy_Config_Core_V3_Http1ProtocolOptions.HeaderKeyFormat.ProperCaseWords()
        }
        if settings.allowChunkedLength == true { manager.httpProtocolOptions.allowChunkedLength = true }
        if settings.enableTrailers == true { manager.httpProtocolOptions.enableTrailers = true }

        if let value = duration(settings.idleTimeout, "idleTimeout") {
            manager.commonHTTPProtocolOptions.idleTimeout = value
        }
        if let value = duration(settings.maxConnectionDuration, "maxConnectionDuration") {
            manager.commonHTTPProtocolOptions.maxConnectionDuration = value
        }
        if let value = duration(settings.maxStreamDuration, "maxStreamDuration") {
            manager.commonHTTPProtocolOptions.maxStreamDuration = value
        }
        if let count = settings.maxHeadersCount {
            manager.commonHTTPProtocolOptions.maxHeadersCount = Google_Protobuf_UInt32Value(count)
        }
        if let count = settings.maxRequestsPerConnection {
            manager.commonHTTPProtocolOptions.maxRequestsPerConnection = Google_Protobuf_UInt32Value(count)
        }
        if let action = settings.headersWithUnderscoresAction, action != .allow {
            manager.commonHTTPProtocolOptions.headersWithUnderscoresAction =
                .init(rawValue: action.protoNumber) ?? .allow
        }
        if settings.stripAnyHostPort == true { manager.stripAnyHostPort = true }
        if let http2 = settings.http2ProtocolOptions {
            valid = applyHttp2(http2, to: &manager, report: &report) && valid
        }
        valid = applyUpgrades(settings.upgrades ?? [], to: &manager, report: &report) && valid
        if let details = settings.forwardClientCertDetails {
            manager.forwardClientCertDetails = .init(rawValue: details.protoNumber) ?? .sanitize
            if details == .appendForward || details == .sanitizeSet, let current = settings.setCurrentClientCertDetails
            {
                if let subject = current.subject {
                    manager.setCurrentClientCertDetails.subject = Google_Protobuf_BoolValue(subject)
                }
                manager.setCurrentClientCertDetails.cert = current.cert ?? false
                manager.setCurrentClientCertDetails.chain = current.chain ?? false
                manager.setCurrentClientCertDetails.dns = current.dns ?? false
                manager.setCurrentClientCertDetails.uri = current.uri ?? false
            }
        }
        return valid
    }

    /// HTTP/2 limits, checked as Gloo's `httpprotocolvalidation` does.
    private static func applyHttp2(
        _ options: ListenerConnectionManagerSettings.Http2ProtocolOptions,
        to manager: inout Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpConnectionManager,
        report: inout ListenerPartReport
    ) -> Bool {
        var valid = true
        var out = Envoy_Config_Core_V3_Http2ProtocolOptions()
        let windows:
            [(UInt32?, String, WritableKeyPath<Envoy_Config_Core_V3_Http2ProtocolOptions, Google_Protobuf_UInt32Value>)] =
                [
                    (options.initialStreamWindowSize, "Initial Stream Window Size", \.initialStreamWindowSize),
                    (
                        options.initialConnectionWindowSize, "Initial Connection Window Size",
                        \.initialConnectionWindowSize
                    ),
                ]
        for (value, name, keyPath) in windows {
            guard let value else { continue }
            guard (65535...2_147_483_647).contains(value) else {
                report.fail("Invalid \(name): \(value)")
                valid = false
                continue
            }
            out[keyPath: keyPath] = Google_Protobuf_UInt32Value(value)
        }
        if let streams = options.maxConcurrentStreams {
            if (1...2_147_483_647).contains(streams) {
                out.maxConcurrentStreams = Google_Protobuf_UInt32Value(streams)
            } else {
                report.fail("Invalid Max Concurrent Streams Size: \(streams)")
                valid = false
            }
        }
        manager.http2ProtocolOptions = out
        return valid
    }

    /// Allowed upgrades; WebSocket is allowed unless an upgrade for it is listed (Gloo's default).
    private static func applyUpgrades(
        _ upgrades: [ProtocolUpgradeConfig],
        to manager: inout Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpConnectionManager,
        report: inout ListenerPartReport
    ) -> Bool {
        typealias Upgrade = Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpConnectionManager
            .UpgradeConfig
        var valid = true
        var seen = Set<String>()
        var websocket = false
        for upgrade in upgrades {
            var config = Upgrade()
            switch upgrade.upgradeType {
            case .websocket(let spec)?:
                config.upgradeType = "websocket"
                if let enabled = spec.enabled { config.enabled = Google_Protobuf_BoolValue(enabled) }
                websocket = true
            case .connect(let spec)?:
                config.upgradeType = "CONNECT"
                if let enabled = spec.enabled { config.enabled = Google_Protobuf_BoolValue(enabled) }
            case .connectTerminate?:
                report.fail(
                    "connect_terminate is not supported at HCM level; use 'connect' at HCM level and 'connect_terminate' at route level"
                )
                valid = false
                continue
            case nil:
                report.fail("an upgrade must set exactly one of websocket, connect and connectTerminate")
                valid = false
                continue
            }
            guard seen.insert(config.upgradeType).inserted else {
                report.fail("upgrade config \(config.upgradeType) is not unique")
                valid = false
                continue
            }
            manager.upgradeConfigs.append(config)
        }
        if !websocket {
            var config = Upgrade()
            config.upgradeType = "websocket"
            manager.upgradeConfigs.append(config)
        }
        return valid
    }
}
