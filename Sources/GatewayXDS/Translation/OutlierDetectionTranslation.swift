internal import GatewayModel
internal import SwiftProtobuf

/// An Upstream's `outlierDetection` as Envoy's, field for field (Gloo's `ToEnvoyOutlierDetection`).
enum OutlierDetectionTranslation {
    /// The Envoy form of `detection`; Gloo requires `interval`, Envoy requires positive durations and
    /// percentages up to 100.
    static func translate(
        _ detection: OutlierDetection,
        report: inout ClusterReport
    ) -> Envoy_Config_Cluster_V3_OutlierDetection {
        let path = "spec.outlierDetection"
        var result = Envoy_Config_Cluster_V3_OutlierDetection()
        if detection.interval == nil {
            report.fail("\(path).interval", "is required")
        }
        if let interval = report.positiveDuration(detection.interval, at: "\(path).interval") {
            result.interval = interval
        }
        if let time = report.positiveDuration(detection.baseEjectionTime, at: "\(path).baseEjectionTime") {
            result.baseEjectionTime = time
        }
        func count(_ value: UInt32?) -> Google_Protobuf_UInt32Value? {
            value.map { Google_Protobuf_UInt32Value($0) }
        }
        func percent(_ value: UInt32?, _ name: String) -> Google_Protobuf_UInt32Value? {
            report.percentage(value, at: "\(path).\(name)")
        }
        if let value = count(detection.consecutive5xx) { result.consecutive5Xx = value }
        if let value = percent(detection.maxEjectionPercent, "maxEjectionPercent") {
            result.maxEjectionPercent = value
        }
        if let value = percent(detection.enforcingConsecutive5xx, "enforcingConsecutive5xx") {
            result.enforcingConsecutive5Xx = value
        }
        if let value = percent(detection.enforcingSuccessRate, "enforcingSuccessRate") {
            result.enforcingSuccessRate = value
        }
        if let value = count(detection.successRateMinimumHosts) { result.successRateMinimumHosts = value }
        if let value = count(detection.successRateRequestVolume) { result.successRateRequestVolume = value }
        if let value = count(detection.successRateStdevFactor) { result.successRateStdevFactor = value }
        if let value = count(detection.consecutiveGatewayFailure) { result.consecutiveGatewayFailure = value }
        if let value = percent(detection.enforcingConsecutiveGatewayFailure, "enforcingConsecutiveGatewayFailure") {
            result.enforcingConsecutiveGatewayFailure = value
        }
        result.splitExternalLocalOriginErrors = detection.splitExternalLocalOriginErrors ?? false
        if let value = count(detection.consecutiveLocalOriginFailure) { result.consecutiveLocalOriginFailure = value }
        if let value = percent(
            detection.enforcingConsecutiveLocalOriginFailure,
            "enforcingConsecutiveLocalOriginFailure"
        ) {
            result.enforcingConsecutiveLocalOriginFailure = value
        }
        if let value = percent(detection.enforcingLocalOriginSuccessRate, "enforcingLocalOriginSuccessRate") {
            result.enforcingLocalOriginSuccessRate = value
        }
        return result
    }
}
