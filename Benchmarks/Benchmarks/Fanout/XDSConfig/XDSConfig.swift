public import GatewayModel

/// A configuration shaped like a large Gloo Edge installation, for the xDS benchmarks (the same approach as
/// `ModelBenchmarks/SyntheticConfig.swift`, adapted so that every route translates to Envoy): a Gateway,
/// `virtualServices` VirtualServices of 10 routes each (exact, prefix, regex, header, query and method
/// matchers; single, weighted, redirect and direct-response actions; timeouts, retries, a prefix rewrite and
/// header manipulation), and one static Upstream per VirtualService with two IP hosts and a health check, so
/// that each becomes an EDS cluster with its own load assignment.
///
/// `generation` changes something in every resource type (endpoint ports, health-check intervals, the
/// connection manager's server name, a request header of one route per VirtualService): a configuration change
/// that makes every type's version change. `changedRoute` changes the prefix of one route of that
/// VirtualService.
public enum XDSConfig {
    public static func yaml(virtualServices count: Int, generation: Int = 0, changedRoute: Int? = nil) -> String {
        var text = """
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata: {name: gateway-proxy, namespace: gloo-system}
            spec:
              bindAddress: '::'
              bindPort: 8080
              httpGateway:
                options:
                  httpConnectionManagerSettings: {serverName: gateway-\(generation), idleTimeout: 60s}

            """
        for index in 0..<count {
            let upstream = "service-\(index)"
            let next = "service-\((index + 1) % count)"
            let address = "10.\(index / 250 % 250).\(index % 250)"
            let accountPrefix = index == changedRoute ? "/accounts" : "/account"
            text += """
                ---
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata: {name: \(upstream), namespace: apps}
                spec:
                  static:
                    hosts:
                    - {addr: \(address).1, port: \(8080 + generation)}
                    - {addr: \(address).2, port: \(8080 + generation)}
                  healthChecks:
                  - timeout: 1s
                    interval: \(5 + generation)s
                    unhealthyThreshold: 3
                    healthyThreshold: 1
                    httpHealthCheck: {path: /healthz}
                ---
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata:
                  name: site-\(index)
                  namespace: apps
                  labels: {tier: web}
                spec:
                  virtualHost:
                    domains: [site-\(index).example.com, www.site-\(index).example.com]
                    routes:
                    - matchers: [{exact: /healthz}]
                      directResponseAction: {status: 200, body: ok}
                    - matchers: [{prefix: /api/v1/users, methods: [GET, POST]}]
                      options: {timeout: 5s, retries: {retryOn: 5xx, numRetries: 2}}
                      routeAction: {single: {upstream: {name: \(upstream), namespace: apps}}}
                    - matchers: [{regex: '/api/v[0-9]+/orders/[^/]+'}]
                      routeAction: {single: {upstream: {name: \(upstream), namespace: apps}}}
                    - matchers: [{prefix: /api/v2, headers: [{name: x-canary, value: 'true'}]}]
                      routeAction:
                        multi:
                          destinations:
                          - {weight: 90, destination: {upstream: {name: \(upstream), namespace: apps}}}
                          - {weight: 10, destination: {upstream: {name: \(next), namespace: apps}}}
                    - matchers: [{prefix: /static}]
                      options: {prefixRewrite: /assets, headerManipulation: {responseHeadersToRemove: [server]}}
                      routeAction: {single: {upstream: {name: \(upstream), namespace: apps}}}
                    - matchers: [{prefix: /old}]
                      redirectAction: {pathRedirect: /new, responseCode: FOUND}
                    - matchers: [{prefix: \(accountPrefix)}]
                      options:
                        timeout: 2s
                        headerManipulation:
                          requestHeadersToAdd: [{header: {key: x-generation, value: 'g\(generation)'}}]
                      routeAction: {single: {upstream: {name: \(upstream), namespace: apps}}}
                    - matchers: [{prefix: /search, queryParameters: [{name: q}]}]
                      routeAction: {single: {upstream: {name: \(next), namespace: apps}}}
                    - matchers: [{prefix: /admin}]
                      directResponseAction: {status: 403, body: forbidden}
                    - matchers: [{prefix: /}]
                      options: {retries: {retryOn: 'connect-failure,refused-stream', numRetries: 3}}
                      routeAction: {single: {upstream: {name: \(upstream), namespace: apps}}}

                """
        }
        return text
    }

    /// The loaded resources and the one Proxy they build; stops the program if the configuration does not
    /// load or build cleanly (the benchmarks would measure something else).
    public static func build(_ yaml: String) -> (proxy: Resource<ProxySpec>, resources: ResourceSet) {
        var loader = ResourceLoader()
        do {
            try loader.load(Array(yaml.utf8), file: "synthetic.yaml")
        } catch {
            fatalError("the synthetic configuration does not load: \(error)")
        }
        let built = ProxyBuilder().build(loader.resources, reports: loader.reports)
        let rejected = built.reports.reports.filter { $0.state == .rejected }
        precondition(rejected.isEmpty, "the synthetic configuration is rejected: \(rejected.prefix(3))")
        precondition(built.proxies.count == 1, "expected one Proxy, got \(built.proxies.count)")
        return (built.proxies[0], loader.resources)
    }
}
