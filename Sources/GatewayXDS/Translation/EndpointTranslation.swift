internal import GatewayModel
internal import SwiftProtobuf

/// Where an Upstream's endpoints come from, by backend kind, as Gloo's upstream plugins decide it: the hosts
/// of a `static` upstream, a `pipe`'s socket, the regional endpoint of `aws` Lambda, an `azure` Function App;
/// kinds whose endpoints come from a discovery this gateway does not run get none.
enum EndpointTranslation {
    /// How the cluster resolves its endpoints.
    enum Discovery: Hashable {
        /// Addresses known now (IP literals, a Unix socket, or none): an EDS cluster with its own
        /// ClusterLoadAssignment over ADS, or a STATIC cluster when embedded.
        case fixed
        /// Host names Envoy resolves, every address an endpoint.
        case strictDns
        /// One host name Envoy resolves, its first address the endpoint (Gloo's choice for Lambda and Azure).
        case logicalDns
    }

    /// TLS a backend kind turns on by itself.
    enum ImpliedTls: Hashable {
        /// None.
        case none
        /// A static upstream on port 443 or with `useTls`: TLS with this server name unless `sslConfig` set one.
        case unlessConfigured(serverName: String)
        /// Lambda and Azure Functions: always TLS with this server name, replacing any `sslConfig`.
        case always(serverName: String)
    }

    /// The endpoints of one upstream.
    struct Endpoints {
        var discovery: Discovery
        var assignment: Envoy_Config_Endpoint_V3_ClusterLoadAssignment
        var impliedTls: ImpliedTls = .none
        /// The TLS server name of each static host that has one, by the name of its transport-socket match.
        var hostServerNames: [(match: String, serverName: String)] = []
    }

    /// The endpoints of `upstream`'s cluster `clusterName`; nil with errors when there are none to send.
    static func translate(
        _ upstream: Resource<UpstreamSpec>,
        clusterName: String,
        report: inout ClusterReport
    ) -> Endpoints? {
        var assignment = Envoy_Config_Endpoint_V3_ClusterLoadAssignment()
        assignment.clusterName = clusterName
        let spec = upstream.spec
        switch spec.upstreamType {
        case .static(let staticUpstream):
            return staticEndpoints(staticUpstream, spec: spec, assignment: assignment, report: &report)
        case .pipe(let pipe):
            guard let path = pipe.path, !path.isEmpty else {
                report.fail("spec.pipe.path", "no path provided")
                return nil
            }
            var endpoint = Envoy_Config_Endpoint_V3_LbEndpoint()
            endpoint.endpoint.address.pipe.path = path
            assignment.endpoints = [locality([endpoint])]
            return Endpoints(discovery: .fixed, assignment: assignment)
        case .aws(let aws):
            guard let region = aws.region, !region.isEmpty else {
                report.fail("spec.aws.region", "is required")
                return nil
            }
            // Routes to its functions enable Envoy's aws_lambda filter, which signs and addresses each call.
            return serviceHost("lambda.\(region).amazonaws.com", assignment: assignment)
        case .azure(let azure):
            guard let app = azure.functionAppName, !app.isEmpty else {
                report.fail("spec.azure.functionAppName", "is required")
                return nil
            }
            return serviceHost("\(app).azurewebsites.net", assignment: assignment)
        case .kube:
            discoveredElsewhere("kube", "Kubernetes service discovery", report: &report)
        case .consul:
            discoveredElsewhere("consul", "Consul service discovery", report: &report)
        case .awsEc2:
            discoveredElsewhere("awsEc2", "EC2 instance discovery", report: &report)
        case .gcp:
            discoveredElsewhere("gcp", "Gloo Enterprise's Google Cloud integration", report: &report)
        case .ai:
            discoveredElsewhere("ai", "Gloo Enterprise's AI gateway", report: &report)
        case nil:
            report.fail(
                "spec",
                spec.upstreamTypeCount == 0
                    ? "an Upstream needs one of kube, static, pipe, aws, azure, consul, awsEc2, gcp and ai"
                    : "only one of kube, static, pipe, aws, azure, consul, awsEc2, gcp and ai may be set"
            )
            return nil
        }
        return Endpoints(discovery: .fixed, assignment: assignment)
    }

    // MARK: - Kinds

    /// A static upstream (Gloo's static plugin): every host an endpoint; DNS when any host is a name; TLS
    /// on port 443 unless `useTls` says otherwise.
    private static func staticEndpoints(
        _ upstream: StaticUpstream,
        spec: UpstreamSpec,
        assignment: Envoy_Config_Endpoint_V3_ClusterLoadAssignment,
        report: inout ClusterReport
    ) -> Endpoints? {
        let hosts = upstream.hosts ?? []
        guard !hosts.isEmpty else {
            report.fail("spec.static.hosts", "must provide at least 1 host in static spec")
            return nil
        }
        // Gloo sets the health-check Host of every endpoint to the first HTTP check's host, else the address.
        let healthCheckHost = spec.healthChecks?.first?.httpHealthCheck?.host.flatMap { $0.isEmpty ? nil : $0 }
        var endpoints: [Envoy_Config_Endpoint_V3_LbEndpoint] = []
        var firstHostname: String?
        var hasTlsPort = false
        var serverNames: [(match: String, serverName: String)] = []
        for (index, host) in hosts.enumerated() {
            let path = "spec.static.hosts[\(index)]"
            guard !host.addr.isEmpty else {
                report.fail("\(path).addr", "addr cannot be empty for host")
                continue
            }
            guard let port = report.port(host.port, at: "\(path).port") else { continue }
            hasTlsPort = hasTlsPort || port == 443
            if firstHostname == nil, !EndpointAddress.isIPLiteral(host.addr) {
                firstHostname = host.addr
            }
            var endpoint = Envoy_Config_Endpoint_V3_LbEndpoint()
            endpoint.endpoint.address.socketAddress.address = host.addr
            endpoint.endpoint.address.socketAddress.portValue = port
            endpoint.endpoint.hostname = host.addr
            endpoint.endpoint.healthCheckConfig.hostname = healthCheckHost ?? host.addr
            if let weight = host.loadBalancingWeight {
                if weight >= 1 {
                    endpoint.loadBalancingWeight = Google_Protobuf_UInt32Value(weight)
                } else {
                    report.fail("\(path).loadBalancingWeight", "must be at least 1")
                }
            }
            var metadata = Envoy_Config_Core_V3_Metadata()
            if let serverName = serverName(of: host, in: upstream) {
                // Gloo tags each host so that a per-host transport socket can send its own server name.
                let match = "\(serverName);\(host.addr):\(port)"
                metadata.filterMetadata[EndpointMetadata.transportSocketMatchKey] = matchStruct(match)
                serverNames.append((match, serverName))
            }
            if let check = host.healthCheckConfig {
                var fields = Google_Protobuf_Struct()
                if let checkPath = check.path, !checkPath.isEmpty {
                    fields.fields["path"] = Google_Protobuf_Value(stringValue: checkPath)
                }
                if let method = check.method, !method.isEmpty {
                    fields.fields["method"] = Google_Protobuf_Value(stringValue: method)
                }
                if !fields.fields.isEmpty {
                    metadata.filterMetadata[EndpointMetadata.advancedHttpCheckerKey] = fields
                    report.warn(
                        "\(path).healthCheckConfig",
                        "per-host health-check path and method are read only by Gloo Enterprise's advanced_http "
                            + "health checker; Envoy's HTTP health check uses the upstream's path for every host"
                    )
                }
            }
            for (key, value) in (host.metadata ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard key != EndpointMetadata.transportSocketMatchKey, key != EndpointMetadata.advancedHttpCheckerKey
                else {
                    report.warn("\(path).metadata.\(key)", "metadata key \(key) is reserved and cannot be overridden")
                    continue
                }
                guard let fields = EndpointMetadata.structValue(value) else {
                    report.fail("\(path).metadata.\(key)", "must be an object (a google.protobuf.Struct)")
                    continue
                }
                metadata.filterMetadata[key] = fields
            }
            if !metadata.filterMetadata.isEmpty {
                endpoint.metadata = metadata
            }
            endpoints.append(endpoint)
        }
        guard report.isValid else { return nil }
        var assignment = assignment
        assignment.endpoints = [locality(endpoints)]
        var result = Endpoints(discovery: firstHostname == nil ? .fixed : .strictDns, assignment: assignment)
        result.hostServerNames = serverNames
        // An explicit useTls wins; unset, a host on port 443 turns TLS on.
        if upstream.useTls ?? hasTlsPort {
            result.impliedTls = .unlessConfigured(serverName: firstHostname ?? "")
        }
        return result
    }

    /// The TLS server name of a static host: its `sniAddr`, else its address unless `autoSniRewrite` is false.
    static func serverName(of host: StaticUpstream.Host, in upstream: StaticUpstream) -> String? {
        if let name = host.sniAddr, !name.isEmpty { return name }
        return upstream.autoSniRewrite == false ? nil : host.addr
    }

    /// The match a per-host transport socket selects its endpoints by.
    static func matchStruct(_ name: String) -> Google_Protobuf_Struct {
        var match = Google_Protobuf_Struct()
        match.fields[name] = Google_Protobuf_Value(boolValue: true)
        return match
    }

    /// One HTTPS service host on port 443, resolved by DNS (Lambda, Azure Functions).
    private static func serviceHost(
        _ hostname: String,
        assignment: Envoy_Config_Endpoint_V3_ClusterLoadAssignment
    ) -> Endpoints {
        var endpoint = Envoy_Config_Endpoint_V3_LbEndpoint()
        endpoint.endpoint.address.socketAddress.address = hostname
        endpoint.endpoint.address.socketAddress.portValue = 443
        var assignment = assignment
        assignment.endpoints = [locality([endpoint])]
        return Endpoints(discovery: .logicalDns, assignment: assignment, impliedTls: .always(serverName: hostname))
    }

    private static func discoveredElsewhere(_ kind: String, _ discovery: String, report: inout ClusterReport) {
        report.warn(
            "spec.\(kind)",
            "endpoints come from \(discovery), which this gateway does not run; the cluster has no endpoints"
        )
    }

    private static func locality(
        _ endpoints: [Envoy_Config_Endpoint_V3_LbEndpoint]
    ) -> Envoy_Config_Endpoint_V3_LocalityLbEndpoints {
        var locality = Envoy_Config_Endpoint_V3_LocalityLbEndpoints()
        locality.lbEndpoints = endpoints
        return locality
    }
}
