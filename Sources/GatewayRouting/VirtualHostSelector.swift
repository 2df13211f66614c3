/// Chooses the virtual host for a request's `:authority` exactly as Envoy does (`RouteMatcher::findVirtualHost`):
/// an exact domain first, then the longest suffix wildcard (`*.example.com`), then the longest prefix wildcard
/// (`example.*`), then `*`. Domains and hosts compare in ASCII lower case; a wildcard stands for at least one
/// character; ports are part of the host unless ``Options/ignorePortInHostMatching`` is set.
public struct VirtualHostSelector: Sendable {
    /// Settings of the route configuration that change host matching.
    public struct Options: Sendable, Hashable {
        /// Envoy's `ignore_port_in_host_matching`: `example.com:8080` matches the domain `example.com`.
        public var ignorePortInHostMatching = false

        public init(ignorePortInHostMatching: Bool = false) {
            self.ignorePortInHostMatching = ignorePortInHostMatching
        }
    }

    private var exact: [String: Int] = [:]
    /// Keyed by the text after `*`, grouped by its length, longest first.
    private var suffixWildcards: [(length: Int, hosts: [String: Int])] = []
    /// Keyed by the text before `*`, grouped by its length, longest first.
    private var prefixWildcards: [(length: Int, hosts: [String: Int])] = []
    private var defaultHost: Int?
    private let options: Options

    /// `domains[i]` are the domains of virtual host `i`; an empty list means `*`, as Gloo Edge writes it.
    /// Throws when a domain (in lower case) belongs to two virtual hosts, or to one twice, as Envoy does.
    public init(domains: [[String]], options: Options = Options()) throws(RoutingError) {
        self.options = options
        var suffixes: [Int: [String: Int]] = [:]
        var prefixes: [Int: [String: Int]] = [:]
        var seen: Set<String> = []
        for (host, written) in domains.enumerated() {
            for domain in written.isEmpty ? ["*"] : written {
                let domain = ASCII.lowercased(domain)
                guard seen.insert(domain).inserted else {
                    throw RoutingError(
                        .duplicateDomain,
                        "Only unique values for domains are permitted. Duplicate entry of domain \(domain)"
                    )
                }
                if domain == "*" {
                    defaultHost = host
                } else if domain.hasPrefix("*") {
                    suffixes[domain.utf8.count - 1, default: [:]][String(domain.dropFirst())] = host
                } else if domain.hasSuffix("*") {
                    prefixes[domain.utf8.count - 1, default: [:]][String(domain.dropLast())] = host
                } else {
                    exact[domain] = host
                }
            }
        }
        suffixWildcards = suffixes.sorted { $0.key > $1.key }.map { ($0.key, $0.value) }
        prefixWildcards = prefixes.sorted { $0.key > $1.key }.map { ($0.key, $0.value) }
    }

    /// The index of the virtual host serving `authority`, if any.
    public func virtualHost(for authority: String?) -> Int? {
        // Only a default host: it serves every request, even one without a host.
        if exact.isEmpty && suffixWildcards.isEmpty && prefixWildcards.isEmpty { return defaultHost }
        guard var host = authority else { return nil }
        if options.ignorePortInHostMatching, let portStart = Self.portStart(in: host) {
            host = String(host[..<portStart])
        }
        host = ASCII.lowercased(host)
        if let index = exact[host] { return index }
        let bytes = Array(host.utf8)
        // The wildcard must stand for at least one character: only keys shorter than the host.
        for (length, hosts) in suffixWildcards where length < bytes.count {
            if let index = hosts[String(decoding: bytes[(bytes.count - length)...], as: UTF8.self)] { return index }
        }
        for (length, hosts) in prefixWildcards where length < bytes.count {
            if let index = hosts[String(decoding: bytes[..<length], as: UTF8.self)] { return index }
        }
        return defaultHost
    }

    /// Where the port begins (its `:`), as Envoy's `HeaderUtility::getPortStart` finds it: the last `:`, unless
    /// it is inside an IPv6 literal (`[::1]`).
    static func portStart(in host: String) -> String.Index? {
        guard let colon = host.lastIndex(of: ":") else { return nil }
        if let bracket = host.lastIndex(of: "]"), bracket > colon { return nil }
        return colon
    }
}
