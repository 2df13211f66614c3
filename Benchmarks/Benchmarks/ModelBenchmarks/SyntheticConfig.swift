/// A configuration shaped like a large Gloo Edge installation: `virtualServices` VirtualServices of 10 routes
/// each (prefix, exact, regex, header and method matchers; single, multi-destination, upstream group and
/// direct-response actions; options), one RouteTable per five VirtualServices (delegated to by selector and
/// by reference, 5 routes each), one Upstream per VirtualService, and a Gateway.
enum SyntheticConfig {
    static func yaml(virtualServices count: Int) -> String {
        let tables = max(1, count / 5)
        var text = """
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata: {name: gateway-proxy, namespace: gloo-system}
            spec:
              bindAddress: '::'
              bindPort: 8080
              httpGateway: {}

            """
        for index in 0..<count {
            let upstream = "service-\(index)"
            let next = "service-\((index + 1) % count)"
            let table = "team-\(index % tables)"
            text += """
                ---
                apiVersion: gloo.solo.io/v1
                kind: Upstream
                metadata: {name: \(upstream), namespace: apps}
                spec:
                  static:
                    hosts:
                    - addr: \(upstream).apps.svc.cluster.local
                      port: 8080
                  healthChecks:
                  - timeout: 1s
                    interval: 5s
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
                    options:
                      cors: {allowOrigin: ['https://site-\(index).example.com'], allowMethods: [GET, POST]}
                    routes:
                    - matchers: [{exact: /healthz}]
                      directResponseAction: {status: 200, body: ok}
                    - matchers: [{prefix: /api/v1/users, methods: [GET, POST]}]
                      options: {timeout: 5s, retries: {retryOn: 5xx, numRetries: 2}}
                      routeAction: {single: {upstream: {name: \(upstream)}}}
                    - matchers: [{regex: '/api/v[0-9]+/orders/[^/]+'}]
                      routeAction: {single: {upstream: {name: \(upstream)}}}
                    - matchers: [{prefix: /api/v2, headers: [{name: x-canary, value: 'true'}]}]
                      routeAction:
                        multi:
                          destinations:
                          - {weight: 90, destination: {upstream: {name: \(upstream)}}}
                          - {weight: 10, destination: {upstream: {name: \(next)}}}
                    - matchers: [{prefix: /static}]
                      options: {prefixRewrite: /assets, headerManipulation: {responseHeadersToRemove: [server]}}
                      routeAction: {single: {upstream: {name: \(upstream)}}}
                    - matchers: [{prefix: /old}]
                      redirectAction: {pathRedirect: /new, responseCode: FOUND}
                    - matchers: [{prefix: /team}]
                      delegateAction: {ref: {name: \(table)}}
                    - matchers: [{prefix: /search, queryParameters: [{name: q}]}]
                      routeAction: {single: {upstream: {name: \(next)}}}
                    - matchers: [{prefix: /admin}]
                      directResponseAction: {status: 403, body: forbidden}
                    - matchers: [{prefix: /}]
                      routeAction: {single: {upstream: {name: \(upstream)}}}

                """
        }
        for index in 0..<tables {
            let upstream = "service-\(index)"
            text += """
                ---
                apiVersion: gateway.solo.io/v1
                kind: RouteTable
                metadata: {name: team-\(index), namespace: apps, labels: {team: t\(index)}}
                spec:
                  routes:
                  - matchers: [{prefix: /team/members}]
                    routeAction: {single: {upstream: {name: \(upstream)}}}
                  - matchers: [{exact: /team/about}]
                    directResponseAction: {status: 200, body: about}
                  - matchers: [{prefix: /team/projects, methods: [GET]}]
                    routeAction: {single: {upstream: {name: \(upstream)}}}
                  - matchers: [{regex: '/team/[a-z]+/settings'}]
                    routeAction: {single: {upstream: {name: \(upstream)}}}
                  - matchers: [{prefix: /team}]
                    directResponseAction: {status: 404}

                """
        }
        return text
    }
}
