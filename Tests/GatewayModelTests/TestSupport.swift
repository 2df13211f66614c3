@testable import GatewayModel

/// Loads YAML text and builds Proxies from it.
func buildProxies(_ yaml: String, options: ProxyBuilder.Options = .init()) throws -> ProxyBuilder.Result {
    var loader = ResourceLoader()
    try loader.load(yaml, file: "test.yaml")
    return ProxyBuilder(options: options).build(loader.resources, reports: loader.reports)
}

extension ProxyBuilder.Result {
    func report(_ kind: String, _ namespace: String, _ name: String) -> ResourceReport? {
        reports.reports.first { $0.kind == kind && $0.namespace == namespace && $0.name == name }
    }

    /// The routes of the first virtual host named `host` in any proxy.
    func routes(of host: String) -> [Route] {
        for proxy in proxies {
            for listener in proxy.spec.listeners ?? [] {
                for virtualHost in listener.httpListener?.virtualHosts ?? [] where virtualHost.name == host {
                    return virtualHost.routes ?? []
                }
            }
        }
        return []
    }
}

extension Route {
    /// The first matcher's path, for compact assertions.
    var firstPath: String? { matchers?.first?.pathString }
}

/// A VirtualService document.
func virtualService(_ name: String, namespace: String = "default", domains: [String] = ["*"], routes: String) -> String
{
    """
    apiVersion: gateway.solo.io/v1
    kind: VirtualService
    metadata:
      name: \(name)
      namespace: \(namespace)
    spec:
      virtualHost:
        domains: [\(domains.map { "'\($0)'" }.joined(separator: ", "))]
        routes:
    \(routes.indented(by: 4))
    ---

    """
}

/// A RouteTable document.
func routeTable(
    _ name: String,
    namespace: String = "default",
    labels: [String: String] = [:],
    weight: Int? = nil,
    routes: String
)
    -> String
{
    let labelText =
        labels.isEmpty
        ? ""
        : "\n  labels:\n"
            + labels.sorted { $0.key < $1.key }.map { "    \($0.key): \($0.value)" }.joined(separator: "\n")
    let weightText = weight.map { "\n  weight: \($0)" } ?? ""
    return """
        apiVersion: gateway.solo.io/v1
        kind: RouteTable
        metadata:
          name: \(name)
          namespace: \(namespace)\(labelText)
        spec:\(weightText)
          routes:
        \(routes.indented(by: 2))
        ---

        """
}

/// An Upstream document with one static host.
func upstream(_ name: String, namespace: String = "default") -> String {
    """
    apiVersion: gloo.solo.io/v1
    kind: Upstream
    metadata:
      name: \(name)
      namespace: \(namespace)
    spec:
      static:
        hosts:
        - addr: \(name).example.com
          port: 80
    ---

    """
}

extension String {
    func indented(by spaces: Int) -> String {
        let padding = String(repeating: " ", count: spaces)
        return split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : padding + $0 }
            .joined(separator: "\n")
    }
}

/// A Gateway `default/hybrid` on port 8443 whose `spec.hybridGateway` is `hybrid` (YAML, one level per line).
func hybridGatewayDocument(_ hybrid: String) -> String {
    """
    apiVersion: gateway.solo.io/v1
    kind: Gateway
    metadata: {name: hybrid, namespace: default}
    spec:
      bindAddress: '::'
      bindPort: 8443
      hybridGateway:
    \(hybrid.indented(by: 4))
    ---

    """
}
