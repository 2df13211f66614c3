import Foundation
import GatewayModel
import SwiftProtobuf
import Testing

@testable import GatewayXDS

/// Proxy virtual hosts and routes → Envoy route configurations: names, matchers, actions, each route option's
/// Envoy form, the HTTP filters routes need, and the errors and warnings for what Envoy rejects or cannot
/// express.
@Suite("Translating routes")
struct RouteTranslationTests {
    typealias Fixture = ListenerFixture

    /// Translates the default Gateway with the `shop` Upstream and a VirtualService with `routes`.
    static func translate(
        routes: String,
        options: String = "",
        extra: String = "",
        delivery: XDSTranslator.Delivery = .aggregated
    ) throws -> ListenerFixture.Result {
        try Fixture.translate(
            Fixture.upstream + Fixture.virtualService(routes: routes, options: options) + extra,
            delivery: delivery
        )
    }

    static let virtualServiceID = ResourceID(kind: "VirtualService", namespace: "default", name: "shop")

    static func host(_ result: ListenerFixture.Result) throws -> Envoy_Config_Route_V3_VirtualHost {
        try #require(try result.routeConfiguration("listener-::-8080-routes").virtualHosts.first)
    }

    static func filters(_ result: ListenerFixture.Result) throws -> [String] {
        try Fixture.connectionManager(try result.listener("listener-::-8080").filterChains[0]).httpFilters.map(\.name)
    }

    // MARK: - Virtual hosts

    @Test("virtual hosts are named after the Proxy's with dots as underscores; no domains means *")
    func virtualHostNames() throws {
        let result = try Self.translate(routes: "    - directResponseAction: {status: 200}")
        let host = try Self.host(result)
        #expect(host.name == "default_shop")
        #expect(host.domains == ["shop.example.com"])
        let catchAll = try Fixture.translate(Fixture.upstream + Fixture.virtualService(domains: "[]"))
        #expect(try Self.host(catchAll).domains == ["*"])
    }

    @Test("a domain shared by two virtual hosts is an error on both, and both are left out")
    func duplicateDomains() throws {
        let other = """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: other, namespace: default}
            spec:
              virtualHost:
                domains: [SHOP.example.com]
                routes: [{directResponseAction: {status: 200}}]
            ---

            """
        let result = try Self.translate(routes: "    - directResponseAction: {status: 200}", extra: other)
        #expect(try result.routeConfiguration("listener-::-8080-routes").virtualHosts.isEmpty)
        for name in ["shop", "other"] {
            let errors = result.errors(on: ResourceID(kind: "VirtualService", namespace: "default", name: name))
            #expect(errors.contains { $0.contains("DomainsNotUniqueError") && $0.contains("shop.example.com") })
        }
    }

    // MARK: - Names and matchers

    @Test("one Envoy route per matcher, named <host>-route-<i>[-<name>]-matcher-<j>")
    func routeNames() throws {
        let result = try Fixture.translateProxy(
            """
            listeners:
            - name: listener-::-8080
              bindAddress: '::'
              bindPort: 8080
              httpListener:
                virtualHosts:
                - name: default.shop
                  routes:
                  - matchers: [{prefix: /a}, {exact: /b}]
                    directResponseAction: {status: 200}
                  - name: named
                    matchers: [{regex: '/c/[0-9]+'}]
                    directResponseAction: {status: 201}
                  - directResponseAction: {status: 202}
            """
        )
        let routes = try Self.host(result).routes
        #expect(
            routes.map(\.name) == [
                "default_shop-route-0-matcher-0", "default_shop-route-0-matcher-1",
                "default_shop-route-1-named-matcher-0", "default_shop-route-2-matcher-0",
            ]
        )
        #expect(routes[0].match.prefix == "/a")
        #expect(routes[1].match.path == "/b")
        #expect(routes[2].match.safeRegex.regex == "/c/[0-9]+")
        // A route without matchers matches everything.
        #expect(routes[3].match.prefix == "/")
        #expect(routes[0].directResponse == routes[1].directResponse)
    }

    @Test("headers, query parameters, methods and case sensitivity")
    func matcherConditions() throws {
        let result = try Self.translate(
            routes: """
                    - matchers:
                      - prefix: /api
                        caseSensitive: false
                        headers:
                        - {name: x-exact, value: yes}
                        - {name: x-regex, value: 'v[12]', regex: true}
                        - {name: x-present}
                        - {name: x-absent, invertMatch: true}
                        queryParameters:
                        - {name: q, value: one}
                        - {name: r, value: '[a-z]+', regex: true}
                        - {name: s}
                        methods: [GET, POST]
                      directResponseAction: {status: 200}
                """
        )
        let match = try #require(try Self.host(result).routes.first).match
        #expect(match.hasCaseSensitive && !match.caseSensitive.value)
        let headers = Dictionary(uniqueKeysWithValues: match.headers.map { ($0.name, $0) })
        #expect(headers["x-exact"]?.stringMatch.exact == "yes")
        #expect(headers["x-regex"]?.stringMatch.safeRegex.regex == "v[12]")
        #expect(headers["x-present"]?.presentMatch == true)
        #expect(headers["x-absent"]?.presentMatch == true && headers["x-absent"]?.invertMatch == true)
        #expect(headers[":method"]?.stringMatch.safeRegex.regex == "GET|POST")
        #expect(match.headers.last?.name == ":method")
        let query = Dictionary(uniqueKeysWithValues: match.queryParameters.map { ($0.name, $0) })
        #expect(query["q"]?.stringMatch.exact == "one")
        #expect(query["r"]?.stringMatch.safeRegex.regex == "[a-z]+")
        #expect(query["s"]?.presentMatch == true)
    }

    @Test(
        "a regex Envoy rejects is an error and the route is left out",
        arguments: [
            "[{regex: '/a(b'}]", "[{prefix: /, headers: [{name: x, value: '*', regex: true}]}]",
            "[{prefix: /, queryParameters: [{name: q, value: '(?=x)', regex: true}]}]",
        ]
    )
    func invalidRegex(matchers: String) throws {
        let result = try Self.translate(
            routes: """
                    - matchers: \(matchers)
                      directResponseAction: {status: 200}
                    - directResponseAction: {status: 204}
                """
        )
        let routes = try Self.host(result).routes
        #expect(routes.map(\.directResponse.status) == [204])
        #expect(result.errors(on: Self.virtualServiceID).contains { $0.contains("not a regex Envoy accepts") })
    }

    // MARK: - Actions

    @Test("a single destination routes to the Upstream's cluster; a subset selects endpoints by metadata")
    func singleDestination() throws {
        let result = try Self.translate(
            routes: """
                    - routeAction:
                        single:
                          upstream: {name: shop, namespace: default}
                          subset: {values: {version: v2}}
                """
        )
        let action = try #require(try Self.host(result).routes.first).route
        #expect(action.cluster == "shop_default")
        #expect(action.metadataMatch.filterMetadata["envoy.lb"]?.fields["version"]?.stringValue == "v2")
    }

    @Test("several destinations are weighted clusters with their weights and header manipulation")
    func weightedDestinations() throws {
        let result = try Self.translate(
            routes: """
                    - routeAction:
                        multi:
                          destinations:
                          - destination: {upstream: {name: shop, namespace: default}}
                            weight: 9
                            options:
                              headerManipulation: {requestHeadersToAdd: [{header: {key: x-canary, value: 'no'}}]}
                          - destination: {upstream: {name: canary, namespace: default}}
                            weight: 1
                            options: {stagedTransformations: {regular: {}}}
                          - destination: {upstream: {name: dark, namespace: default}}
                            weight: 0
                """
        )
        let clusters = try #require(try Self.host(result).routes.first).route.weightedClusters.clusters
        #expect(clusters.map(\.name) == ["shop_default", "canary_default", "dark_default"])
        #expect(clusters.map(\.weight.value) == [9, 1, 0])
        #expect(clusters[0].requestHeadersToAdd.map(\.header.key) == ["x-canary"])
        #expect(
            result.warnings(on: Self.virtualServiceID).contains(
                "option 'stagedTransformations' at spec.virtualHost.routes[0].routeAction.multi.destinations[1].options is not expressible in Envoy's built-in filters and is not sent to Envoy"
            )
        )
    }

    @Test("weights adding up to zero are an error and the route is left out")
    func zeroTotalWeight() throws {
        let result = try Self.translate(
            routes: """
                    - routeAction:
                        multi:
                          destinations:
                          - {destination: {upstream: {name: shop, namespace: default}}, weight: 0}
                """
        )
        #expect(try Self.host(result).routes.isEmpty)
        #expect(result.errors(on: Self.virtualServiceID).contains { $0.contains("total weight") })
    }

    @Test("an UpstreamGroup's destinations become weighted clusters, in the group's namespace when they name none")
    func upstreamGroup() throws {
        let group = """
            apiVersion: gloo.solo.io/v1
            kind: UpstreamGroup
            metadata: {name: split, namespace: apps}
            spec:
              destinations:
              - {destination: {upstream: {name: shop}}, weight: 3}
              - {destination: {upstream: {name: other, namespace: default}}, weight: 1}
            ---

            """
        let result = try Self.translate(
            routes: "    - routeAction: {upstreamGroup: {name: split, namespace: apps}}",
            extra: group
        )
        let clusters = try #require(try Self.host(result).routes.first).route.weightedClusters.clusters
        #expect(clusters.map(\.name) == ["shop_apps", "other_default"])
        #expect(clusters.map(\.weight.value) == [3, 1])
    }

    @Test("clusterHeader names the cluster per request")
    func clusterHeader() throws {
        let result = try Self.translate(routes: "    - routeAction: {clusterHeader: x-cluster}")
        #expect(try #require(try Self.host(result).routes.first).route.clusterHeader == "x-cluster")
    }

    @Test("Kubernetes service destinations have no cluster here: an error, and the route is left out")
    func kubeDestination() throws {
        let result = try Self.translate(
            routes: "    - routeAction: {single: {kube: {ref: {name: shop, namespace: default}, port: 80}}}"
        )
        #expect(try Self.host(result).routes.isEmpty)
        #expect(result.errors(on: Self.virtualServiceID).contains { $0.contains("kube destination") })
    }

    @Test("redirects keep every field")
    func redirect() throws {
        let result = try Self.translate(
            routes: """
                    - matchers: [{prefix: /old}]
                      redirectAction:
                        hostRedirect: new.example.com
                        prefixRewrite: /new
                        responseCode: PERMANENT_REDIRECT
                        httpsRedirect: true
                        stripQuery: true
                        portRedirect: 8443
                    - matchers: [{prefix: /re}]
                      redirectAction: {regexRewrite: {pattern: {regex: '^/re/(.*)$'}, substitution: '/\\1'}}
                """
        )
        let routes = try Self.host(result).routes
        let redirect = routes[0].redirect
        #expect(redirect.hostRedirect == "new.example.com")
        #expect(redirect.prefixRewrite == "/new")
        #expect(redirect.responseCode == .permanentRedirect)
        #expect(redirect.httpsRedirect)
        #expect(redirect.stripQuery)
        #expect(redirect.portRedirect == 8443)
        #expect(routes[1].redirect.regexRewrite.pattern.regex == "^/re/(.*)$")
        #expect(routes[1].redirect.responseCode == .movedPermanently)
    }

    @Test("direct responses carry status and body; statuses outside [200, 600) and oversized bodies are errors")
    func directResponses() throws {
        let body = String(repeating: "x", count: 5000)
        let result = try Self.translate(
            routes: """
                    - matchers: [{exact: /ok}]
                      directResponseAction: {status: 418, body: short and stout}
                    - matchers: [{exact: /bad}]
                      directResponseAction: {status: 100}
                    - matchers: [{exact: /big}]
                      directResponseAction: {status: 200, body: \(body)}
                """
        )
        let routes = try Self.host(result).routes
        #expect(routes.count == 1)
        #expect(routes[0].directResponse.status == 418)
        #expect(routes[0].directResponse.body.inlineString == "short and stout")
        let errors = result.errors(on: Self.virtualServiceID)
        #expect(errors.contains { $0.contains("outside [200, 600)") })
        #expect(errors.contains { $0.contains("at most 4096") })
    }

    // MARK: - Route options

    @Test("rewrites, timeouts, retries, host rewrites, hashing, upgrades, mirroring, metadata and tracing")
    func routeActionOptions() throws {
        let result = try Self.translate(
            routes: """
                    - matchers: [{prefix: /api}]
                      routeAction: {single: {upstream: {name: shop, namespace: default}}}
                      options:
                        prefixRewrite: /v2
                        timeout: 5s
                        idleTimeout: 30s
                        retries:
                          retryOn: 5xx,connect-failure
                          perTryTimeout: 1s
                          retryBackOff: {baseInterval: 0.1s, maxInterval: 1s}
                          retriableStatusCodes: [503]
                          previousPriorities: {updateFrequency: 2}
                        autoHostRewrite: true
                        appendXForwardedHost: true
                        lbHash: {hashPolicies: [{header: x-user, terminal: true}, {sourceIp: true}]}
                        upgrades: [{websocket: {enabled: true}}]
                        shadowing: {upstream: {name: shop, namespace: default}, percentage: 12.5}
                        maxStreamDuration: {maxStreamDuration: 60s, grpcTimeoutHeaderMax: 10s}
                        envoyMetadata: {team: {owner: shop}}
                        tracing: {routeDescriptor: shop-api, tracePercentages: {randomSamplePercentage: 10}}
                """
        )
        let route = try #require(try Self.host(result).routes.first)
        let action = route.route
        #expect(action.prefixRewrite == "/v2")
        #expect(action.timeout.seconds == 5)
        #expect(action.idleTimeout.seconds == 30)
        #expect(action.retryPolicy.retryOn == "5xx,connect-failure")
        #expect(action.retryPolicy.numRetries.value == 1)
        #expect(action.retryPolicy.perTryTimeout.seconds == 1)
        #expect(action.retryPolicy.retryBackOff.baseInterval.nanos == 100_000_000)
        #expect(action.retryPolicy.retriableStatusCodes == [503])
        #expect(action.retryPolicy.retryPriority.name == "envoy.retry_priorities.previous_priorities")
        let priorities = try Envoy_Extensions_Retry_Priority_PreviousPriorities_V3_PreviousPrioritiesConfig(
            unpackingAny: action.retryPolicy.retryPriority.typedConfig
        )
        #expect(priorities.updateFrequency == 2)
        #expect(action.autoHostRewrite.value)
        #expect(action.appendXForwardedHost)
        #expect(action.hashPolicy.map(\.header.headerName) == ["x-user", ""])
        #expect(action.hashPolicy[0].terminal && action.hashPolicy[1].connectionProperties.sourceIp)
        #expect(action.upgradeConfigs.map(\.upgradeType) == ["websocket"])
        #expect(action.requestMirrorPolicies.map(\.cluster) == ["shop_default"])
        #expect(action.requestMirrorPolicies[0].runtimeFraction.defaultValue.numerator == 125_000)
        #expect(action.requestMirrorPolicies[0].runtimeFraction.defaultValue.denominator == .million)
        #expect(action.maxStreamDuration.maxStreamDuration.seconds == 60)
        #expect(action.maxStreamDuration.grpcTimeoutHeaderMax.seconds == 10)
        #expect(route.metadata.filterMetadata["team"]?.fields["owner"]?.stringValue == "shop")
        #expect(route.decorator.operation == "shop-api")
        #expect(route.tracing.randomSampling.numerator == 100_000)
        #expect(route.tracing.clientSampling.numerator == 1_000_000)
        #expect(result.translationErrors.isEmpty)
    }

    @Test("prefix and regex rewrites together are an error (Envoy rejects the route)")
    func bothRewrites() throws {
        let result = try Self.translate(
            routes: """
                    - routeAction: {single: {upstream: {name: shop, namespace: default}}}
                      options:
                        prefixRewrite: /x
                        regexRewrite: {pattern: {regex: '^/a'}, substitution: /b}
                """
        )
        #expect(try Self.host(result).routes.isEmpty)
        #expect(result.errors(on: Self.virtualServiceID).contains { $0.contains("prefixRewrite and regexRewrite") })
    }

    @Test("header manipulation appends unless append is false, on the virtual host and the route")
    func headerManipulation() throws {
        let result = try Self.translate(
            routes: """
                    - routeAction: {single: {upstream: {name: shop, namespace: default}}}
                      options:
                        headerManipulation:
                          requestHeadersToAdd:
                          - {header: {key: x-a, value: '1'}}
                          - {header: {key: x-b, value: '2'}, append: false}
                          requestHeadersToRemove: [x-internal]
                          responseHeadersToAdd: [{header: {key: x-served-by, value: gateway}, append: true}]
                          responseHeadersToRemove: [server]
                """,
            options: """
                    options:
                      headerManipulation: {responseHeadersToAdd: [{header: {key: x-host, value: shop}, append: false}]}
                """
        )
        let host = try Self.host(result)
        #expect(host.responseHeadersToAdd.map(\.header.key) == ["x-host"])
        #expect(host.responseHeadersToAdd[0].appendAction == .overwriteIfExistsOrAdd)
        let route = try #require(host.routes.first)
        #expect(route.requestHeadersToAdd.map(\.appendAction) == [.appendIfExistsOrAdd, .overwriteIfExistsOrAdd])
        #expect(route.requestHeadersToRemove == ["x-internal"])
        #expect(route.responseHeadersToAdd.map(\.header.value) == ["gateway"])
        #expect(route.responseHeadersToRemove == ["server"])
    }

    @Test(
        "pseudo-headers and host cannot be added or removed",
        arguments: [
            "requestHeadersToRemove: [':path']", "requestHeadersToAdd: [{header: {key: Host, value: x}}]",
            "responseHeadersToAdd: [{header: {key: ':status', value: '200'}}]",
        ]
    )
    func forbiddenHeaders(manipulation: String) throws {
        let result = try Self.translate(
            routes: """
                    - routeAction: {single: {upstream: {name: shop, namespace: default}}}
                      options:
                        headerManipulation: {\(manipulation)}
                """
        )
        #expect(try Self.host(result).routes.isEmpty)
        #expect(result.errors(on: Self.virtualServiceID).contains { $0.contains(":-prefixed or host headers") })
    }

    @Test("virtual host retries, attempt counts and virtual clusters")
    func virtualHostOptions() throws {
        let result = try Self.translate(
            routes: "    - routeAction: {single: {upstream: {name: shop, namespace: default}}}",
            options: """
                    options:
                      retries: {retryOn: reset, numRetries: 3}
                      includeRequestAttemptCount: true
                      includeAttemptCountInResponse: true
                      stats: {virtualClusters: [{name: checkout, pattern: '/checkout/.*', method: post}]}
                """
        )
        let host = try Self.host(result)
        #expect(host.retryPolicy.retryOn == "reset" && host.retryPolicy.numRetries.value == 3)
        #expect(host.includeRequestAttemptCount && host.includeAttemptCountInResponse)
        let cluster = try #require(host.virtualClusters.first)
        #expect(cluster.name == "checkout")
        #expect(cluster.headers.map(\.name) == [":path", ":method"])
        #expect(cluster.headers[1].stringMatch.exact == "POST")
    }

    @Test("CORS on the virtual host and a route installs the CORS filter and per-filter policies")
    func cors() throws {
        let result = try Self.translate(
            routes: """
                    - matchers: [{prefix: /api}]
                      routeAction: {single: {upstream: {name: shop, namespace: default}}}
                      options:
                        cors: {allowOrigin: [https://b.example.com], exposeHeaders: [x-b]}
                    - matchers: [{prefix: /off}]
                      routeAction: {single: {upstream: {name: shop, namespace: default}}}
                      options:
                        cors: {allowOrigin: ['*'], disableForRoute: true}
                    - matchers: [{prefix: /direct}]
                      directResponseAction: {status: 200}
                      options:
                        cors: {allowOrigin: [https://c.example.com], allowMethods: [GET]}
                """,
            options: """
                    options:
                      cors:
                        allowOrigin: [https://a.example.com]
                        allowOriginRegex: ['https://.*\\.example\\.org']
                        allowMethods: [GET, POST]
                        allowHeaders: [content-type]
                        exposeHeaders: [x-a]
                        maxAge: '600'
                        allowCredentials: true
                      corsPolicyMergeSettings: {exposeHeaders: UNION}
                """
        )
        #expect(try Self.filters(result) == ["envoy.filters.http.cors", "envoy.filters.http.router"])
        let host = try Self.host(result)
        let hostPolicy = try Envoy_Extensions_Filters_Http_Cors_V3_CorsPolicy(
            unpackingAny: try #require(host.typedPerFilterConfig["envoy.filters.http.cors"])
        )
        #expect(hostPolicy.allowOriginStringMatch.map(\.exact) == ["https://a.example.com", ""])
        #expect(hostPolicy.allowOriginStringMatch[1].safeRegex.regex == "https://.*\\.example\\.org")
        #expect(hostPolicy.allowMethods == "GET,POST")
        #expect(hostPolicy.maxAge == "600")
        #expect(hostPolicy.allowCredentials.value)

        let routePolicy = try Envoy_Extensions_Filters_Http_Cors_V3_CorsPolicy(
            unpackingAny: try #require(host.routes[0].typedPerFilterConfig["envoy.filters.http.cors"])
        )
        #expect(routePolicy.exposeHeaders == "x-a,x-b")
        let disabled = try Envoy_Extensions_Filters_Http_Cors_V3_CorsPolicy(
            unpackingAny: try #require(host.routes[1].typedPerFilterConfig["envoy.filters.http.cors"])
        )
        #expect(disabled.filterEnabled.defaultValue.numerator == 0)
        // The CORS filter never sees a direct response: the route adds the headers itself.
        let direct = host.routes[2]
        #expect(direct.typedPerFilterConfig.isEmpty)
        #expect(
            direct.responseHeadersToAdd.first { $0.header.key == "Access-Control-Allow-Origin" }?.header.value
                == "https://c.example.com"
        )
    }

    @Test("faults install the fault filter with a per-route abort and delay")
    func faults() throws {
        let result = try Self.translate(
            routes: """
                    - routeAction: {single: {upstream: {name: shop, namespace: default}}}
                      options:
                        faults:
                          abort: {percentage: 50, httpStatus: 503}
                          delay: {percentage: 1.5, fixedDelay: 0.25s}
                """
        )
        #expect(try Self.filters(result) == ["envoy.filters.http.fault", "envoy.filters.http.router"])
        let route = try #require(try Self.host(result).routes.first)
        let fault = try Envoy_Extensions_Filters_Http_Fault_V3_HTTPFault(
            unpackingAny: try #require(route.typedPerFilterConfig["envoy.filters.http.fault"])
        )
        #expect(fault.abort.httpStatus == 503)
        #expect(fault.abort.percentage.numerator == 500_000 && fault.abort.percentage.denominator == .million)
        #expect(fault.delay.fixedDelay.nanos == 250_000_000)
        #expect(fault.delay.percentage.numerator == 15_000)
    }

    @Test("an abort status outside [200, 600) is an error")
    func invalidAbort() throws {
        let result = try Self.translate(
            routes: """
                    - routeAction: {single: {upstream: {name: shop, namespace: default}}}
                      options: {faults: {abort: {percentage: 1, httpStatus: 700}}}
                """
        )
        #expect(try Self.host(result).routes.isEmpty)
        #expect(result.errors(on: Self.virtualServiceID).contains { $0.contains("invalid abort status code '700'") })
        // A route left out needs no fault filter.
        #expect(try Self.filters(result) == ["envoy.filters.http.router"])
    }

    @Test("transformations are warned about where they are written, never silently dropped")
    func transformationsWarned() throws {
        let result = try Self.translate(
            routes: """
                    - matchers: [{prefix: /a}]
                      directResponseAction: {status: 200}
                    - matchers: [{prefix: /b}]
                      routeAction: {single: {upstream: {name: shop, namespace: default}}}
                      options:
                        stagedTransformations:
                          regular:
                            requestTransforms: [{requestTransformation: {transformationTemplate: {headers: {x-a: {text: b}}}}}]
                """,
            options: """
                    options:
                      transformations: {clearRouteCache: true}
                """
        )
        let warnings = result.warnings(on: Self.virtualServiceID)
        #expect(
            warnings.contains(
                "option 'stagedTransformations' at spec.virtualHost.routes[1].options is not expressible in Envoy's built-in filters and is not sent to Envoy"
            )
        )
        #expect(
            warnings.contains(
                "option 'transformations' at spec.virtualHost.options is not expressible in Envoy's built-in filters and is not sent to Envoy"
            )
        )
        #expect(try Self.host(result).routes.count == 2)
    }

    @Test("route-action options on a direct response are warned about and not sent")
    func actionOptionsOnDirectResponse() throws {
        let result = try Self.translate(
            routes: """
                    - directResponseAction: {status: 200}
                      options: {prefixRewrite: /x, timeout: 1s}
                """
        )
        #expect(try Self.host(result).routes.count == 1)
        let warnings = result.warnings(on: Self.virtualServiceID)
        #expect(warnings.contains { $0.contains("'prefixRewrite' at spec.virtualHost.routes[0].options applies only") })
        #expect(warnings.contains { $0.contains("'timeout'") })
    }

    // MARK: - Functions

    @Test("Lambda destinations invoke the function through a disabled aws_lambda filter enabled per route")
    func lambda() throws {
        let lambda = """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: lambda, namespace: default}
            spec:
              aws:
                region: us-east-1
                awsAccountId: '123456789012'
                secretRef: {name: aws-creds, namespace: default}
                lambdaFunctions:
                - {logicalName: hello, lambdaFunctionName: hello-fn, qualifier: '2'}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Secret
            metadata: {name: aws-creds, namespace: default}
            spec:
              aws: {accessKey: AKIDEXAMPLE, secretKey: secret, sessionToken: token}
            ---

            """
        let result = try Self.translate(
            routes: """
                    - routeAction:
                        single:
                          upstream: {name: lambda, namespace: default}
                          destinationSpec: {aws: {logicalName: hello, invocationStyle: ASYNC}}
                """,
            extra: lambda
        )
        let filters = try Fixture.connectionManager(try result.listener("listener-::-8080").filterChains[0]).httpFilters
        #expect(filters.map(\.name) == ["envoy.filters.http.aws_lambda", "envoy.filters.http.router"])
        #expect(filters[0].disabled)
        let listenerLevel = try Envoy_Extensions_Filters_Http_AwsLambda_V3_Config(unpackingAny: filters[0].typedConfig)
        #expect(listenerLevel.arn == "arn:aws:lambda:us-east-1:123456789012:function:hello-fn:2")
        #expect(!listenerLevel.hasCredentials)

        let route = try #require(try Self.host(result).routes.first)
        #expect(route.route.cluster == "lambda_default")
        let perRoute = try Envoy_Extensions_Filters_Http_AwsLambda_V3_PerRouteConfig(
            unpackingAny: try #require(route.typedPerFilterConfig["envoy.filters.http.aws_lambda"])
        )
        #expect(perRoute.invokeConfig.arn == listenerLevel.arn)
        #expect(perRoute.invokeConfig.invocationMode == .asynchronous)
        #expect(perRoute.invokeConfig.payloadPassthrough)
        #expect(perRoute.invokeConfig.credentials.accessKeyID == "AKIDEXAMPLE")
        #expect(perRoute.invokeConfig.credentials.sessionToken == "token")
        #expect(result.translationErrors.isEmpty)
    }

    @Test("Lambda functions behind weighted destinations each get their own invoke config; mixing is an error")
    func weightedLambda() throws {
        let lambda = """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: lambda, namespace: default}
            spec:
              aws:
                region: eu-west-1
                awsAccountId: '123456789012'
                lambdaFunctions: [{logicalName: a, lambdaFunctionName: fn-a}, {logicalName: b, lambdaFunctionName: fn-b}]
            ---

            """
        func destination(_ function: String, weight: Int) -> String {
            """
                      - destination:
                          upstream: {name: lambda, namespace: default}
                          destinationSpec: {aws: {logicalName: \(function)}}
                        weight: \(weight)
            """
        }
        let result = try Self.translate(
            routes: """
                    - matchers: [{prefix: /split}]
                      routeAction:
                        multi:
                          destinations:
                \(destination("a", weight: 1))
                \(destination("b", weight: 1))
                    - matchers: [{prefix: /mixed}]
                      routeAction:
                        multi:
                          destinations:
                \(destination("a", weight: 1))
                          - {destination: {upstream: {name: shop, namespace: default}}, weight: 1}
                """,
            extra: lambda
        )
        let routes = try Self.host(result).routes
        #expect(routes.count == 1)
        let clusters = try #require(routes.first).route.weightedClusters.clusters
        let arns = try clusters.map { cluster in
            try Envoy_Extensions_Filters_Http_AwsLambda_V3_PerRouteConfig(
                unpackingAny: try #require(cluster.typedPerFilterConfig["envoy.filters.http.aws_lambda"])
            ).invokeConfig.arn
        }
        #expect(arns.map { $0.split(separator: ":").last } == ["fn-a", "fn-b"])
        #expect(routes[0].typedPerFilterConfig["envoy.filters.http.aws_lambda"] == nil)
        #expect(
            result.errors(on: Self.virtualServiceID).contains {
                $0.contains("AWS Lambda functions and other destinations")
            }
        )
    }

    @Test("a Lambda function without an account to build its ARN from is an error")
    func lambdaWithoutAccount() throws {
        let lambda = """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: lambda, namespace: default}
            spec:
              aws: {region: us-east-1, lambdaFunctions: [{logicalName: hello, lambdaFunctionName: hello}]}
            ---

            """
        let result = try Self.translate(
            routes: """
                    - routeAction:
                        single:
                          upstream: {name: lambda, namespace: default}
                          destinationSpec: {aws: {logicalName: hello}}
                """,
            extra: lambda
        )
        #expect(try Self.host(result).routes.isEmpty)
        #expect(result.errors(on: Self.virtualServiceID).contains { $0.contains("ARN") })
    }

    @Test("routes to a gRPC Upstream get its transcoder config; the listener-level filter is disabled")
    func grpcTranscoding() throws {
        let descriptor = Self.descriptorSet(package: "shop.v1", service: "Catalog")
        let grpc = """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: catalog, namespace: default}
            spec:
              static:
                hosts: [{addr: 127.0.0.1, port: 9090}]
                serviceSpec:
                  grpcJsonTranscoder:
                    protoDescriptorBin: \(descriptor)
                    services: [shop.v1.Catalog]
                    printOptions: {alwaysPrintPrimitiveFields: true}
                    convertGrpcStatus: true
            ---

            """
        let result = try Self.translate(
            routes: """
                    - matchers: [{prefix: /catalog}]
                      routeAction: {single: {upstream: {name: catalog, namespace: default}}}
                    - routeAction: {single: {upstream: {name: shop, namespace: default}}}
                      options: {faults: {delay: {percentage: 1, fixedDelay: 1s}}}
                """,
            options: """
                    options:
                      cors: {allowOrigin: ['*']}
                """,
            extra: grpc
        )
        let filters = try Fixture.connectionManager(try result.listener("listener-::-8080").filterChains[0]).httpFilters
        #expect(
            filters.map(\.name) == [
                "envoy.filters.http.fault", "envoy.filters.http.cors", "envoy.filters.http.grpc_json_transcoder",
                "envoy.filters.http.router",
            ]
        )
        #expect(filters[2].disabled && !filters[0].disabled && !filters[1].disabled)
        let routes = try Self.host(result).routes
        let transcoder = try Envoy_Extensions_Filters_Http_GrpcJsonTranscoder_V3_GrpcJsonTranscoder(
            unpackingAny: try #require(routes[0].typedPerFilterConfig["envoy.filters.http.grpc_json_transcoder"])
        )
        #expect(transcoder.services == ["shop.v1.Catalog"])
        #expect(transcoder.printOptions.alwaysPrintPrimitiveFields && transcoder.convertGrpcStatus)
        #expect(Data(base64Encoded: descriptor) == transcoder.protoDescriptorBin)
        #expect(routes[1].typedPerFilterConfig["envoy.filters.http.grpc_json_transcoder"] == nil)
    }

    @Test("a transcoder service missing from the descriptor set is an error on the Upstream")
    func transcoderMissingService() throws {
        let grpc = """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: catalog, namespace: default}
            spec:
              static:
                hosts: [{addr: 127.0.0.1, port: 9090}]
                serviceSpec:
                  grpcJsonTranscoder:
                    protoDescriptorBin: \(Self.descriptorSet(package: "shop.v1", service: "Catalog"))
                    services: [shop.v1.Orders]
            ---

            """
        let result = try Self.translate(
            routes: "    - routeAction: {single: {upstream: {name: catalog, namespace: default}}}",
            extra: grpc
        )
        let upstream = ResourceID(kind: "Upstream", namespace: "default", name: "catalog")
        #expect(result.errors(on: upstream).contains { $0.contains("Could not find 'shop.v1.Orders'") })
        #expect(try Self.filters(result) == ["envoy.filters.http.router"])
    }

    /// A base64 `FileDescriptorSet` with one service and an empty request/response message.
    static func descriptorSet(package: String, service: String) -> String {
        var file = Google_Protobuf_FileDescriptorProto()
        file.name = "\(service.lowercased()).proto"
        file.package = package
        file.syntax = "proto3"
        var empty = Google_Protobuf_DescriptorProto()
        empty.name = "Empty"
        file.messageType = [empty]
        var method = Google_Protobuf_MethodDescriptorProto()
        method.name = "Get"
        method.inputType = ".\(package).Empty"
        method.outputType = ".\(package).Empty"
        var serviceProto = Google_Protobuf_ServiceDescriptorProto()
        serviceProto.name = service
        serviceProto.method = [method]
        file.service = [serviceProto]
        var set = Google_Protobuf_FileDescriptorSet()
        set.file = [file]
        let bytes: [UInt8] = (try? set.serializedBytes()) ?? []
        return Data(bytes).base64EncodedString()
    }
}
