/// Checks an HTTP listener of a built Proxy the way Gloo's proxy translator does (domains across virtual
/// hosts, paths and rewrites, destinations) and reports each problem on the resources the route came from,
/// in Gloo's `<Level> <Error|Warning>: <Type>. Reason: <reason>` form.
struct ListenerValidator {
    let resources: ResourceSet
    let options: ProxyBuilder.Options
    private(set) var reports = ResourceReports()

    init(resources: ResourceSet, options: ProxyBuilder.Options) {
        self.resources = resources
        self.options = options
    }

    /// `listener.virtualHosts[i]` was built from `virtualServices[i]`.
    mutating func validate(_ listener: HttpListener, virtualServices: [Resource<VirtualServiceSpec>]) {
        let hosts = listener.virtualHosts ?? []
        validateDomains(hosts, virtualServices)
        // Gloo maps route reports through the virtual host's sources, which name only the VirtualService.
        let hostIndices = Array(hosts.indices.filter { virtualServices.indices.contains($0) })
        // Routes are checked in parallel, host by host; their problems are reported in order.
        let resources = resources
        let problems = Parallel.map(hostIndices, minimumCount: 64) { hostIndex in
            let routes = hosts[hostIndex].routes ?? []
            // By index, so that routes are read in place rather than copied.
            return routes.indices.flatMap { index in
                Self.problems(of: routes[index], host: hosts[hostIndex].name, index: index, in: resources)
            }
        }
        for (hostIndex, hostProblems) in zip(hostIndices, problems) {
            let owner = ResourceID(virtualServices[hostIndex])
            for problem in hostProblems {
                switch problem {
                case .error(let type, let reason):
                    reports.addError(owner, "Route Error: \(type). Reason: \(reason)")
                case .warning(let type, let reason):
                    reports.addWarning(owner, "Route Warning: \(type). Reason: \(reason)")
                }
            }
        }
    }

    /// Domains must be unique across the virtual hosts of a listener; no virtual host may have `""`.
    private mutating func validateDomains(_ hosts: [VirtualHost], _ virtualServices: [Resource<VirtualServiceSpec>]) {
        var byDomain: [String: [Int]] = [:]
        var order: [String] = []
        for (index, host) in hosts.enumerated() {
            let domains = host.domains ?? []
            if domains.isEmpty {
                if byDomain["*"] == nil { order.append("*") }
                byDomain["*", default: []].append(index)
            }
            for domain in domains {
                if domain.isEmpty, virtualServices.indices.contains(index) {
                    reports.addError(
                        ResourceID(virtualServices[index]),
                        "VirtualHost Error: EmptyDomainError. Reason: virtual host \(host.name) has an empty domain"
                    )
                }
                if byDomain[domain] == nil { order.append(domain) }
                byDomain[domain, default: []].append(index)
            }
        }
        for domain in order {
            guard let indices = byDomain[domain], indices.count > 1 else { continue }
            let names = indices.map { hosts[$0].name }.joined(separator: " ")
            for index in indices where virtualServices.indices.contains(index) {
                reports.addError(
                    ResourceID(virtualServices[index]),
                    "VirtualHost Error: DomainsNotUniqueError. Reason: domain \(domain) is shared by the following virtual hosts: [\(names)]"
                )
            }
        }
    }

    enum Problem: Hashable {
        case error(type: String, reason: String)
        case warning(type: String, reason: String)
    }

    /// Every problem Gloo's proxy translator finds in route `index` of virtual host `host`. Errors end with the
    /// name of the Envoy route they concern (`<namespace>.<virtualService>-route-<i>[-<name>]-matcher-<j>`), as
    /// Gloo writes them; names are spelled out only for routes that have problems.
    @inline(__always)
    static func problems(of route: Route, host: String, index routeIndex: Int, in resources: ResourceSet) -> [Problem] {
        var problems: [Problem] = []
        let matchers = (route.matchers ?? []).isEmpty ? [Matcher.prefix("/")] : route.matchers ?? []
        let shared = routeProblems(route, in: resources)
        func generatedName() -> String { "\(host)-route-\(routeIndex)" }
        for (index, matcher) in matchers.enumerated() {
            func named(_ type: String, _ reason: String) -> Problem {
                let routeName = route.name ?? ""
                let envoyName =
                    routeName.isEmpty
                    ? "\(generatedName())-matcher-\(index)" : "\(generatedName())-\(routeName)-matcher-\(index)"
                return .error(type: type, reason: "\(reason). Route Name: \(envoyName)")
            }
            if matcher.pathSpecifierCount == 0 {
                problems.append(
                    .error(
                        type: "InvalidMatcherError",
                        reason: "no path specifier provided. Route Name: \(generatedName())"
                    )
                )
            } else if matcher.pathSpecifierCount > 1 {
                problems.append(
                    named("InvalidMatcherError", "only one of prefix, exact, regex and connectMatcher may be set")
                )
            }
            for path in [matcher.exact, matcher.prefix] {
                if let path, let reason = PathValidation.pathProblem(path) {
                    problems.append(named("ProcessingError", "the path is invalid: \(path): \(reason)"))
                }
            }
            for problem in shared {
                switch problem {
                case .error(let type, let reason): problems.append(named(type, reason))
                case .warning: problems.append(problem)
                }
            }
        }
        return problems.count > 1 ? problems.uniqued() : problems
    }

    /// The problems of a route that do not depend on its matchers.
    @inline(__always)
    private static func routeProblems(_ route: Route, in resources: ResourceSet) -> [Problem] {
        var problems: [Problem] = []
        if let redirect = route.redirectAction {
            for path in [redirect.pathRedirect, redirect.hostRedirect].compactMap({ $0 }) {
                if let reason = PathValidation.pathProblem(path) {
                    problems.append(.error(type: "ProcessingError", reason: "the path is invalid: \(path): \(reason)"))
                }
            }
            if let rewrite = redirect.prefixRewrite, let reason = PathValidation.rewriteProblem(rewrite) {
                problems.append(
                    .error(type: "ProcessingError", reason: "the rewrite is invalid: \(rewrite): \(reason)")
                )
            }
        }
        if route.routeAction != nil, let rewrite = route.withOptions(\.prefixRewrite) ?? nil,
            let reason = PathValidation.rewriteProblem(rewrite)
        {
            problems.append(.error(type: "ProcessingError", reason: "the rewrite is invalid: \(rewrite): \(reason)"))
        }
        if let action = route.routeAction {
            problems += destinationProblems(action, in: resources)
        }
        return problems.count > 1 ? problems.uniqued() : problems
    }

    // MARK: - Destinations

    /// Why a TCP host's destination does not resolve, if it does not.
    static func problems(of action: TcpAction?, in resources: ResourceSet) -> [String] {
        guard let action else { return ["no destination specified"] }
        guard action.forwardSniClusterName == nil else { return [] }
        var routeAction = RouteAction()
        routeAction.single = action.single
        routeAction.multi = action.multi
        routeAction.upstreamGroup = action.upstreamGroup
        return destinationProblems(routeAction, in: resources).map { problem in
            switch problem {
            case .error(_, let reason), .warning(_, let reason): reason
            }
        }
    }

    /// Gloo checks a route's destinations twice: `ValidateRouteDestinations` turns a destination that names no
    /// existing Upstream into a warning (the first one of a list only), then `setRouteAction` reports what stops
    /// Envoy from routing (no destination kind, subsets, weights) as errors, except "not found" ones.
    private static func destinationProblems(_ action: RouteAction, in resources: ResourceSet) -> [Problem] {
        if action.destinationCount > 1 {
            return [
                .error(
                    type: "ProcessingError",
                    reason: "only one of single, multi, upstreamGroup, clusterHeader and dynamicForwardProxy may be set"
                )
            ]
        }
        let invalid = "InvalidDestinationWarning"
        if let single = action.single {
            let warnings = missingDestination(single, in: resources).map {
                [Problem.warning(type: invalid, reason: $0)]
            }
            return (warnings ?? []) + (clusterProblem(single, in: resources).map { [$0] } ?? [])
        }
        if let multi = action.multi {
            return weightedProblems(multi.destinations ?? [], in: resources)
        }
        if let ref = action.upstreamGroup {
            guard ref.namespace != nil, let group = resources.upstreamGroup(ref) else {
                return [
                    .warning(
                        type: invalid,
                        reason: "*v1.UpstreamGroup { \(ref.namespace ?? "").\(ref.name) } not found"
                    )
                ]
            }
            return weightedProblems(group.spec.destinations ?? [], in: resources)
        }
        if let header = action.clusterHeader {
            guard header.utf8.contains(where: { $0 > 0x7F || $0 == UInt8(ascii: ":") }) else { return [] }
            return [.warning(type: invalid, reason: "\(header) is an invalid HTTP header name")]
        }
        if action.dynamicForwardProxy != nil { return [] }
        return [
            .warning(
                type: invalid,
                reason:
                    "must specify either 'singleDestination', 'multipleDestinations', 'upstreamGroup', 'clusterHeader', or 'dynamicForwardProxy' for action"
            )
        ]
    }

    /// The problems of a weighted destination list (`validateMultiDestination`, `setWeightedClusters`); both stop
    /// at the first bad destination.
    private static func weightedProblems(_ destinations: [WeightedDestination], in resources: ResourceSet) -> [Problem]
    {
        guard !destinations.isEmpty else {
            return [
                .error(
                    type: "ProcessingError",
                    reason: "must specify at least one weighted destination for multi destination routes"
                )
            ]
        }
        var problems: [Problem] = []
        for weighted in destinations {
            let reason =
                weighted.destination.map { missingDestination($0, in: resources) } ?? "no destination type specified"
            if let reason {
                problems.append(
                    .warning(
                        type: "InvalidDestinationWarning",
                        reason: "invalid destination in weighted destination list: \(reason)"
                    )
                )
                break
            }
        }
        for weighted in destinations {
            if let problem = clusterProblem(weighted.destination, in: resources) {
                return problems + [problem]
            }
        }
        let total = destinations.reduce(UInt64(0)) { $0 + UInt64($1.weight ?? 0) }
        if total < 1 {
            problems.append(
                .error(
                    type: "ProcessingError",
                    reason:
                        "Incorrect configuration for Weighted Destination for route - Weighted Destinations require a total weight that is greater than or equal to 1"
                )
            )
        }
        return problems
    }

    /// What keeps Envoy from routing to one destination (`setRouteAction`): no destination kind at all (an
    /// error), or a subset the Upstream cannot serve.
    private static func clusterProblem(_ destination: Destination?, in resources: ResourceSet) -> Problem? {
        guard let destination, destination.upstream != nil || destination.kube != nil || destination.consul != nil
        else {
            return .error(type: "ProcessingError", reason: "no destination type specified")
        }
        return subsetProblem(destination, in: resources)
    }

    /// Why a destination does not resolve to an Upstream, if it does not.
    private static func missingDestination(_ destination: Destination, in resources: ResourceSet) -> String? {
        if let ref = destination.upstream {
            let exists = ref.namespace != nil && resources.containsUpstream(ref)
            return exists ? nil : "*v1.Upstream { \(ref.namespace ?? "").\(ref.name) } not found"
        }
        if let kube = destination.kube {
            let ref = kube.ref
            return
                "kube destination \(ref?.namespace ?? "").\(ref?.name ?? "") needs Kubernetes service discovery, which this gateway does not have"
        }
        if let consul = destination.consul {
            return
                "consul destination \(consul.serviceName ?? "") needs Consul service discovery, which this gateway does not have"
        }
        return "no destination type specified"
    }

    /// A destination with a subset needs an Upstream with a matching subset specification
    /// (`checkThatSubsetMatchesUpstream`): none at all is a warning, no matching one an error.
    private static func subsetProblem(_ destination: Destination, in resources: ResourceSet) -> Problem? {
        guard let values = destination.subset?.values, !values.isEmpty, let ref = destination.upstream,
            ref.namespace != nil, let upstream = resources.upstream(ref)
        else { return nil }
        guard let selectors = upstream.spec.subsetSelectorKeys else {
            return .warning(
                type: "InvalidDestinationWarning",
                reason: "route has a subset config, but the upstream does not"
            )
        }
        let keys = Set(values.keys)
        if selectors.contains(where: { Set($0) == keys && $0.count == keys.count }) { return nil }
        return .error(
            type: "ProcessingError",
            reason: "route has a subset config, but none of the subsets in the upstream match it"
        )
    }
}

/// Gloo's path checks for matchers, redirects and rewrites (RFC 3986 `pchar`s; no `//`, `/./`, `/../`,
/// `%2f`, `#`; no trailing `/..` or `/.`).
enum PathValidation {
    static let validPathPattern = "^(?:([A-Za-z0-9/:@._~!$&'()*+,:=;-]*|[%][0-9a-fA-F]{2}))*$"

    /// Why `path` is not a valid route path, if it is not. One pass over the bytes: this runs for every matcher.
    static func pathProblem(_ path: String) -> String? {
        guard !path.isEmpty else { return nil }
        var text = path
        return text.withUTF8 { problem(in: $0, path: path) }
    }

    /// Gloo's forbidden sequences, in the order its messages name them.
    private static let forbiddenSequences = ["//", "/./", "/../", "%2f", "%2F", "#"]

    private static func problem(in bytes: UnsafeBufferPointer<UInt8>, path: String) -> String? {
        if !hasOnlyPathCharacters(bytes) {
            return "must only contain valid characters matching pattern \(validPathPattern)"
        }
        // Bit i: `forbiddenSequences[i]` occurs; Gloo names the first in its list order.
        var found: UInt8 = 0
        let slash = UInt8(ascii: "/")
        let dot = UInt8(ascii: ".")
        for index in bytes.indices {
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            let afterNext = index + 2 < bytes.count ? bytes[index + 2] : 0
            switch bytes[index] {
            case slash:
                if next == slash { found |= 1 << 0 }
                if next == dot && afterNext == slash { found |= 1 << 1 }
                if next == dot && afterNext == dot && index + 3 < bytes.count && bytes[index + 3] == slash {
                    found |= 1 << 2
                }
            case UInt8(ascii: "%"):
                if next == UInt8(ascii: "2") && afterNext == UInt8(ascii: "f") { found |= 1 << 3 }
                if next == UInt8(ascii: "2") && afterNext == UInt8(ascii: "F") { found |= 1 << 4 }
            case UInt8(ascii: "#"):
                found |= 1 << 5
            default:
                break
            }
        }
        if found != 0 {
            return "path [\(path)] cannot contain [\(forbiddenSequences[found.trailingZeroBitCount])]"
        }
        for suffix in ["/..", "/."] where bytes.reversed().starts(with: suffix.utf8.reversed()) {
            return "path [\(path)] cannot end with [\(suffix)]"
        }
        return nil
    }

    /// Why a prefix rewrite is invalid: its URL path must be a valid route path.
    static func rewriteProblem(_ rewrite: String) -> String? {
        // Go's url.Parse: the path is what precedes `?` and `#`, after any `scheme://authority`.
        var path = Substring(rewrite)
        if let end = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<end] }
        if let colon = path.firstIndex(of: ":"), path[colon...].hasPrefix("://") {
            let rest = path[path.index(colon, offsetBy: 3)...]
            path = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        }
        return pathProblem(String(path))
    }

    /// The bytes allowed in a path besides percent-encoded ones.
    private static let pathCharacters: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/:@._~!$&'()*+,=;-".utf8 {
            table[Int(byte)] = true
        }
        return table
    }()

    /// `pchar`s, `/`, and `%` only as a percent-encoded byte.
    private static func hasOnlyPathCharacters(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if pathCharacters[Int(byte)] {
                index += 1
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.count, bytes[index + 1].isHexDigit,
                bytes[index + 2].isHexDigit
            {
                index += 3
            } else {
                return false
            }
        }
        return true
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
