internal import GatewayModel
internal import SwiftProtobuf

/// Translates the virtual hosts of one HTTP listener into a RouteConfiguration, as Gloo's
/// `httpRouteConfigurationTranslator` does, and collects the HTTP filters its routes need.
///
/// Every part Envoy would reject (a domain shared by two virtual hosts, a bad regex, a direct response status
/// outside [200, 600), weights that add up to zero, …) is reported as an error on the resources it came from
/// and left out, so the output is always accepted.
struct RouteConfigurationTranslation {
    let resources: ResourceSet
    /// The Proxy being translated.
    let proxy: ResourceID
    /// The largest direct response body Envoy accepts in this configuration (Envoy's default is 4096 bytes).
    let maxDirectResponseBodyBytes: Int
    /// The filters the routes need.
    var filters = HttpFilterSet()
    /// Regex checks, shared by every route.
    var regexes: MatcherRegex
    /// Transcoder configs by Upstream, computed once each, with the problems to report on the Upstream.
    var transcoders: [ResourceRef: UpstreamTranscoder] = [:]

    /// Whether some Upstream has functions (AWS Lambda, or a gRPC transcoder); when none has, a destination
    /// without a `destinationSpec` calls no function, and its Upstream need not be looked up.
    let hasFunctionUpstreams: Bool

    /// Envoy's default `max_direct_response_body_size_bytes`.
    static let defaultMaxDirectResponseBodyBytes = 4096

    init(resources: ResourceSet, proxy: ResourceID, regexes: MatcherRegex, maxDirectResponseBodyBytes: Int) {
        self.resources = resources
        self.proxy = proxy
        self.regexes = regexes
        self.maxDirectResponseBodyBytes = maxDirectResponseBodyBytes
        hasFunctionUpstreams = resources.upstreams.contains { upstream in
            upstream.spec.aws != nil || upstream.spec.serviceSpec?.grpcJsonTranscoder != nil
        }
    }

    /// The route configuration `name` for `listener`, whose path in the Proxy is `proxyPath`. `requireTls`
    /// marks every virtual host `require_tls: ALL`, as Gloo does for listeners that terminate TLS.
    mutating func translate(
        _ listener: HttpListener,
        name: String,
        proxyPath: String,
        requireTls: Bool,
        context: inout TranslationContext
    ) -> Envoy_Config_Route_V3_RouteConfiguration {
        var configuration = Envoy_Config_Route_V3_RouteConfiguration()
        configuration.name = name
        let hosts = listener.virtualHosts ?? []
        let origins = hosts.indices.map { index in
            ListenerOrigin(
                virtualHost: index,
                metadata: hosts[index].metadataStatic,
                proxy: proxy,
                listenerPath: proxyPath
            )
        }
        let domains = validateDomains(hosts, origins: origins, context: &context)
        // Virtual hosts translate independently: consecutive runs of them are shared out between the cores, each
        // with its own copy of this translation's state, and merged back in order, so the output and the
        // reports are those of one pass.
        let start = self
        let (resources, options) = (context.resources, context.options)
        let parts = WorkChunks.map(hosts.count, minimum: 8) { range in
            var part = start
            var partContext = TranslationContext(resources: resources, options: options)
            var translated: [Envoy_Config_Route_V3_VirtualHost] = []
            for index in range {
                guard let hostDomains = domains[index] else { continue }
                if let host = part.translateVirtualHost(
                    hosts[index],
                    domains: hostDomains,
                    origin: origins[index],
                    requireTls: requireTls,
                    context: &partContext
                ) {
                    translated.append(host)
                }
            }
            return (hosts: translated, translation: part, context: partContext)
        }
        for part in parts {
            configuration.virtualHosts += part.hosts
            filters.merge(part.translation.filters)
            regexes.merge(part.translation.regexes)
            context.reports.merge(part.context.reports)
            context.referencedSecrets.merge(part.context.referencedSecrets) { first, _ in first }
            for (ref, transcoder) in part.translation.transcoders where transcoders[ref] == nil {
                transcoders[ref] = transcoder
                context.reports.merge(transcoder.reports)
            }
        }
        return configuration
    }

    /// The Envoy domains of each virtual host, or nil for a host that must be left out: Envoy needs domains
    /// that are unique across the configuration (compared without case), at most one `*`, and Gloo rejects an
    /// empty domain. A host without domains gets `*`, as in Gloo.
    private func validateDomains(
        _ hosts: [VirtualHost],
        origins: [ListenerOrigin],
        context: inout TranslationContext
    ) -> [[String]?] {
        var result: [[String]?] = []
        var owners: [String: [Int]] = [:]
        var order: [String] = []
        for (index, host) in hosts.enumerated() {
            var domains = host.domains ?? []
            if domains.isEmpty || domains == [""] { domains = ["*"] }
            var report = ListenerPartReport()
            var seen = Set<String>()
            for domain in domains {
                if domain.isEmpty {
                    report.fail(
                        "VirtualHost Error: EmptyDomainError. Reason: virtual host \(host.name) has an empty domain"
                    )
                } else if !MatcherTranslation.isHeaderValue(domain) {
                    report.fail("virtual host \(host.name): domain '\(domain)' contains NUL, CR or LF")
                }
                let key = Self.asciiLowercased(domain)
                guard seen.insert(key).inserted else {
                    report.fail(
                        "virtual host \(host.name) lists the domain '\(domain)' twice (Envoy compares domains without case)"
                    )
                    continue
                }
                if owners[key] == nil { order.append(key) }
                owners[key, default: []].append(index)
            }
            if !report.isValid {
                let location = origins[index].field(
                    ".domains",
                    sourcePath: "spec.virtualHost.domains",
                    kind: .virtualService,
                    description: "virtual host \(host.name)"
                )
                report.flush(to: location.targets, in: &context)
            }
            result.append(report.isValid ? domains : nil)
        }
        for domain in order {
            guard let sharing = owners[domain], sharing.count > 1 else { continue }
            let names = sharing.map { hosts[$0].name }.joined(separator: " ")
            for index in sharing {
                var report = ListenerPartReport()
                report.fail(
                    "VirtualHost Error: DomainsNotUniqueError. Reason: domain \(domain) is shared by the following virtual hosts: [\(names)]"
                )
                origins[index].flush(report, in: &context)
                result[index] = nil
            }
        }
        return result
    }

    /// Envoy lowercases domains with ASCII rules only.
    static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// Gloo's name for an Envoy virtual host: the Proxy's (`<namespace>.<virtualService>`) with dots replaced
    /// by underscores, which Envoy would read as stat name separators (`SanitizeForEnvoy`).
    static func envoyName(ofVirtualHost name: String) -> String {
        String(name.map { $0 == "." ? "_" : $0 })
    }
}

/// The transcoder config of a gRPC Upstream (nil when it has none, or an invalid one) and the problems found.
struct UpstreamTranscoder {
    var config: Envoy_Extensions_Filters_Http_GrpcJsonTranscoder_V3_GrpcJsonTranscoder?
    var reports = ResourceReports()
}
