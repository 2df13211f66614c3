internal import GatewayModel
internal import SwiftProtobuf

/// Circuit breakers as Gloo sets them: the Upstream's own, else the settings' default
/// (`settings.gloo.circuitBreakers`), as one threshold for the default routing priority.
enum CircuitBreakerTranslation {
    /// The circuit breakers of a cluster, or nil when neither the Upstream nor the settings set any.
    static func translate(
        _ config: CircuitBreakerConfig?,
        defaults: CircuitBreakerConfig?
    ) -> Envoy_Config_Cluster_V3_CircuitBreakers? {
        guard let config = config ?? defaults else { return nil }
        var threshold = Envoy_Config_Cluster_V3_CircuitBreakers.Thresholds()
        threshold.priority = .default
        if let value = config.maxConnections { threshold.maxConnections = Google_Protobuf_UInt32Value(value) }
        if let value = config.maxPendingRequests { threshold.maxPendingRequests = Google_Protobuf_UInt32Value(value) }
        if let value = config.maxRequests { threshold.maxRequests = Google_Protobuf_UInt32Value(value) }
        if let value = config.maxRetries { threshold.maxRetries = Google_Protobuf_UInt32Value(value) }
        // Gloo's API has `trackRemaining` but its translator drops it; it is sent here.
        threshold.trackRemaining = config.trackRemaining ?? false
        var breakers = Envoy_Config_Cluster_V3_CircuitBreakers()
        breakers.thresholds = [threshold]
        return breakers
    }
}
