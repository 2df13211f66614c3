internal import GatewayModel
internal import SwiftProtobuf

/// An Upstream's `loadBalancerConfig` on its cluster: the algorithm with its settings, and the common
/// settings (panic threshold, update merge window, locality weighting, hashing on host names), as Gloo's
/// load-balancer plugin sets them.
enum ClusterLoadBalancing {
    /// The largest ring Envoy accepts (8M entries).
    static let maximumRingSize: UInt64 = 8_388_608

    /// Sets the load balancing of `cluster` from `config`.
    static func apply(
        _ config: LoadBalancerConfig,
        to cluster: inout Envoy_Config_Cluster_V3_Cluster,
        report: inout ClusterReport
    ) {
        let path = "spec.loadBalancerConfig"
        var common = Envoy_Config_Cluster_V3_Cluster.CommonLbConfig()
        var hasCommon = false
        if let threshold = config.healthyPanicThreshold {
            if (0...100).contains(threshold) {
                common.healthyPanicThreshold.value = threshold
                hasCommon = true
            } else {
                report.fail("\(path).healthyPanicThreshold", "must be a percentage from 0 to 100, found \(threshold)")
            }
        }
        if let window = report.nonNegativeDuration(config.updateMergeWindow, at: "\(path).updateMergeWindow") {
            common.updateMergeWindow = window
            hasCommon = true
        }
        if config.localityWeightedLbConfig != nil {
            common.localityWeightedLbConfig = .init()
            hasCommon = true
        }
        if config.closeConnectionsOnHostSetChange == true {
            common.closeConnectionsOnHostSetChange = true
            hasCommon = true
        }
        if config.useHostnameForHashing == true {
            common.consistentHashingLbConfig.useHostnameForHashing = true
            hasCommon = true
        }
        if hasCommon {
            cluster.commonLbConfig = common
        }

        let algorithms = [
            config.roundRobin != nil, config.leastRequest != nil, config.random != nil, config.ringHash != nil,
            config.maglev != nil,
        ]
        .filter { $0 }.count
        guard algorithms <= 1 else {
            report.fail(path, "only one of roundRobin, leastRequest, random, ringHash and maglev may be set")
            return
        }
        switch config.policy {
        case .roundRobin(let roundRobin):
            cluster.lbPolicy = .roundRobin
            if let slowStart = slowStart(
                roundRobin.slowStartConfig,
                at: "\(path).roundRobin",
                cluster: cluster.name,
                report: &report
            ) {
                cluster.roundRobinLbConfig.slowStartConfig = slowStart
            }
        case .leastRequest(let leastRequest):
            cluster.lbPolicy = .leastRequest
            var settings = Envoy_Config_Cluster_V3_Cluster.LeastRequestLbConfig()
            var hasSettings = false
            // Gloo treats 0 as unset.
            if let choices = leastRequest.choiceCount, choices != 0 {
                if choices >= 2 {
                    settings.choiceCount = Google_Protobuf_UInt32Value(choices)
                    hasSettings = true
                } else {
                    report.fail("\(path).leastRequest.choiceCount", "must be at least 2, found \(choices)")
                }
            }
            if let slowStart = slowStart(
                leastRequest.slowStartConfig,
                at: "\(path).leastRequest",
                cluster: cluster.name,
                report: &report
            ) {
                settings.slowStartConfig = slowStart
                hasSettings = true
            }
            if hasSettings {
                cluster.leastRequestLbConfig = settings
            }
        case .random:
            cluster.lbPolicy = .random
        case .ringHash(let ringHash):
            cluster.lbPolicy = .ringHash
            var settings = Envoy_Config_Cluster_V3_Cluster.RingHashLbConfig()
            let sizes = ringHash.ringHashConfig
            // Gloo treats 0 as unset.
            let minimum = sizes?.minimumRingSize.flatMap { $0 == 0 ? nil : $0 }
            let maximum = sizes?.maximumRingSize.flatMap { $0 == 0 ? nil : $0 }
            for (size, name) in [(minimum, "minimumRingSize"), (maximum, "maximumRingSize")] {
                if let size, size > maximumRingSize {
                    report.fail(
                        "\(path).ringHash.ringHashConfig.\(name)",
                        "must be at most \(maximumRingSize), found \(size)"
                    )
                }
            }
            if let minimum, let maximum, minimum > maximum {
                report.fail(
                    "\(path).ringHash.ringHashConfig",
                    "minimumRingSize (\(minimum)) is above maximumRingSize (\(maximum))"
                )
            }
            if let minimum { settings.minimumRingSize = Google_Protobuf_UInt64Value(minimum) }
            if let maximum { settings.maximumRingSize = Google_Protobuf_UInt64Value(maximum) }
            cluster.ringHashLbConfig = settings
        case .maglev:
            cluster.lbPolicy = .maglev
        case nil:
            break
        }
    }

    /// Ramp-up of new hosts. Gloo keys the aggression's runtime override `upstream.<cluster>.slowStart.aggression`.
    private static func slowStart(
        _ config: LoadBalancerConfig.SlowStartConfig?,
        at path: String,
        cluster: String,
        report: inout ClusterReport
    ) -> Envoy_Config_Cluster_V3_Cluster.SlowStartConfig? {
        guard let config else { return nil }
        var result = Envoy_Config_Cluster_V3_Cluster.SlowStartConfig()
        if let window = report.nonNegativeDuration(
            config.slowStartWindow,
            at: "\(path).slowStartConfig.slowStartWindow"
        ) {
            result.slowStartWindow = window
        }
        if let aggression = config.aggression {
            result.aggression.defaultValue = aggression
            result.aggression.runtimeKey = "upstream.\(cluster).slowStart.aggression"
        }
        if let minimum = config.minWeightPercent {
            if (0...100).contains(minimum) {
                result.minWeightPercent.value = minimum
            } else {
                report.fail(
                    "\(path).slowStartConfig.minWeightPercent",
                    "must be a percentage from 0 to 100, found \(minimum)"
                )
            }
        }
        return result
    }
}
