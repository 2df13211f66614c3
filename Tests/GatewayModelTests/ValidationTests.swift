import Testing

@testable import GatewayModel

@Suite("Validation: Gloo Edge's states and messages")
struct ValidationTests {
    @Test("a route without an action rejects its VirtualService")
    func routeWithoutAction() throws {
        let result = try buildProxies(virtualService("vs", routes: "- matchers: [{prefix: /}]"))
        let report = try #require(result.report("VirtualService", "default", "vs"))
        #expect(report.state == .rejected)
        #expect(report.errors == ["invalid route: route must specify an action"])
    }

    @Test("a route with two actions is rejected")
    func routeWithTwoActions() throws {
        let yaml = virtualService(
            "vs",
            routes: "- directResponseAction: {status: 200}\n  redirectAction: {hostRedirect: example.com}"
        )
        #expect(
            try buildProxies(yaml).report("VirtualService", "default", "vs")?.errors
                == ["invalid route: route must specify exactly one action"]
        )
    }

    @Test("the same domain in two VirtualServices of one Gateway rejects both and the Gateway")
    func domainConflict() throws {
        let route = "- directResponseAction: {status: 200}"
        let yaml =
            gateway("gw", port: 8080)
            + virtualService("one", domains: ["a.com", "b.com"], routes: route)
            + virtualService("two", domains: ["a.com"], routes: route)
        let result = try buildProxies(yaml)
        #expect(
            result.report("VirtualService", "default", "one")?.errors.first
                == "domain conflict: the [a.com] domain is present in other virtual services that belong to the same Gateway as this one: [default.two]"
        )
        #expect(
            result.report("Gateway", "default", "gw")?.errors
                == [
                    "domain conflict: the following domains are present in more than one of the virtual services associated with this gateway: [a.com]"
                ]
        )
        // The proxy translator also finds the duplicate across virtual hosts.
        #expect(
            result.report("VirtualService", "default", "two")?.errors.contains(
                "VirtualHost Error: DomainsNotUniqueError. Reason: domain a.com is shared by the following virtual hosts: [default.one default.two]"
            ) == true
        )
    }

    @Test(
        "no domains in two VirtualServices is a conflict on the empty domain; no domains and '*' only at the proxy level"
    )
    func emptyDomains() throws {
        let route = "- directResponseAction: {status: 200}"
        let noDomains = try buildProxies(
            virtualService("one", domains: [], routes: route) + virtualService("two", domains: [], routes: route)
        )
        #expect(
            noDomains.report("VirtualService", "default", "one")?.errors.first
                == "domain conflict: other virtual services that belong to the same Gateway as this one don't specify a domain (and thus default to '*'): [default.two]"
        )
        #expect(
            noDomains.report("Gateway", "gloo-system", "gateway-proxy") == nil,
            "the implicit default Gateway has no report"
        )
        let starAndNone = try buildProxies(
            virtualService("one", domains: [], routes: route) + virtualService("two", domains: ["*"], routes: route)
        )
        #expect(
            starAndNone.report("VirtualService", "default", "one")?.errors
                == [
                    "VirtualHost Error: DomainsNotUniqueError. Reason: domain * is shared by the following virtual hosts: [default.one default.two]"
                ]
        )
    }

    @Test("two Gateways of one proxy on the same address are both rejected")
    func duplicateBindAddress() throws {
        let yaml =
            gateway("a", port: 8080) + gateway("b", port: 8080) + gateway("c", port: 8081)
            + virtualService("vs", routes: "- directResponseAction: {status: 200}")
        let result = try buildProxies(yaml)
        let message = "bind-address :::8080 is not unique in a proxy. gateways: default.a,default.b"
        #expect(result.report("Gateway", "default", "a")?.errors == [message])
        #expect(result.report("Gateway", "default", "b")?.errors == [message])
        #expect(result.report("Gateway", "default", "c")?.state == .accepted)
    }

    @Test("a Gateway naming a VirtualService that does not exist is rejected")
    func missingVirtualServiceRef() throws {
        let yaml = """
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata: {name: gw, namespace: default}
            spec:
              bindAddress: '::'
              bindPort: 8080
              httpGateway:
                virtualServices: [{name: nope}]
            ---

            """ + virtualService("vs", routes: "- directResponseAction: {status: 200}")
        #expect(
            try buildProxies(yaml).report("Gateway", "default", "gw")?.errors
                == ["invalid virtual service ref name:\"nope\" namespace:\"default\""]
        )
    }

    @Test("missing upstreams and upstream groups are warnings; empty groups are errors")
    func destinations() throws {
        let yaml =
            virtualService(
                "vs",
                routes: """
                    - matchers: [{prefix: /a}]
                      routeAction: {single: {upstream: {name: nope}}}
                    - matchers: [{prefix: /b}]
                      routeAction: {upstreamGroup: {name: group}}
                    - matchers: [{prefix: /c}]
                      routeAction: {multi: {destinations: []}}
                    - matchers: [{prefix: /d}]
                      routeAction: {multi: {destinations: [{destination: {upstream: {name: us}}}]}}
                    """
            ) + upstream("us")
        let report = try #require(try buildProxies(yaml).report("VirtualService", "default", "vs"))
        #expect(
            report.warnings == [
                "Route Warning: InvalidDestinationWarning. Reason: *v1.Upstream { default.nope } not found",
                "Route Warning: InvalidDestinationWarning. Reason: *v1.UpstreamGroup { default.group } not found",
            ]
        )
        #expect(
            report.errors == [
                "Route Error: ProcessingError. Reason: must specify at least one weighted destination for multi destination routes. Route Name: default.vs-route-2-matcher-0",
                "Route Error: ProcessingError. Reason: Incorrect configuration for Weighted Destination for route - Weighted Destinations require a total weight that is greater than or equal to 1. Route Name: default.vs-route-3-matcher-0",
            ]
        )
    }

    @Test("invalid and oversized regexes reject the VirtualService, with RE2's reason")
    func regexes() throws {
        let yaml = virtualService(
            "vs",
            routes: """
                - matchers: [{regex: "/a(b"}]
                  directResponseAction: {status: 200}
                - matchers: [{regex: "/[a-z]{1,50}/[0-9]{1,50}"}]
                  directResponseAction: {status: 200}
                - matchers: [{prefix: /, headers: [{name: x, value: "(?=y)", regex: true}]}]
                  directResponseAction: {status: 200}
                """
        )
        let errors = try #require(try buildProxies(yaml).report("VirtualService", "default", "vs")?.errors)
        #expect(errors.count == 3)
        #expect(
            errors[0]
                == "virtual service [default.vs] has a regex matcher with invalid regex, error parsing regexp: missing closing ): `/a(b`"
        )
        #expect(errors[1].contains("program size"))
        #expect(
            errors[2]
                == "virtual service [default.vs] has a regex matcher with invalid regex, error parsing regexp: invalid or unsupported Perl syntax: `(?=`"
        )
    }

    @Test("the program size limit follows settings.gloo.regexMaxProgramSize")
    func programSizeSetting() throws {
        let yaml = virtualService(
            "vs",
            routes: "- matchers: [{regex: \"/[a-z]{1,50}/[0-9]{1,50}\"}]\n  directResponseAction: {status: 200}"
        )
        var options = ProxyBuilder.Options()
        options.regexMaxProgramSize = 10_000
        #expect(try buildProxies(yaml, options: options).report("VirtualService", "default", "vs")?.state == .accepted)
    }

    @Test(
        "paths and rewrites must be valid route paths",
        arguments: [
            ("/a//b", "the path is invalid: /a//b: path [/a//b] cannot contain [//]"),
            ("/a/./b", "the path is invalid: /a/./b: path [/a/./b] cannot contain [/./]"),
            ("/a/%2fb", "the path is invalid: /a/%2fb: path [/a/%2fb] cannot contain [%2f]"),
            ("/a/..", "the path is invalid: /a/..: path [/a/..] cannot end with [/..]"),
            (
                "/a b",
                "the path is invalid: /a b: must only contain valid characters matching pattern \(PathValidation.validPathPattern)"
            ),
        ]
    )
    func paths(path: String, reason: String) throws {
        let yaml = virtualService(
            "vs",
            routes: "- matchers: [{prefix: '\(path)'}]\n  directResponseAction: {status: 200}"
        )
        #expect(
            try buildProxies(yaml).report("VirtualService", "default", "vs")?.errors
                == ["Route Error: ProcessingError. Reason: \(reason). Route Name: default.vs-route-0-matcher-0"]
        )
    }

    @Test("the first forbidden sequence in Gloo's list order is named")
    func sequenceOrder() {
        #expect(PathValidation.pathProblem("/x/../y//z") == "path [/x/../y//z] cannot contain [//]")
        #expect(PathValidation.pathProblem("/x/%2Fy/./z") == "path [/x/%2Fy/./z] cannot contain [/./]")
        #expect(PathValidation.pathProblem("/x/.") == "path [/x/.] cannot end with [/.]")
        #expect(PathValidation.pathProblem("/x/%zz")?.hasPrefix("must only contain valid characters") == true)
        #expect(PathValidation.pathProblem("/x/..y") == nil)
    }

    @Test("valid paths pass", arguments: ["/", "/api/v1", "/a%20b", "/~user/@x:y", "/a.b/c-d_e"])
    func validPaths(path: String) throws {
        #expect(PathValidation.pathProblem(path) == nil)
    }

    @Test("a prefix rewrite's path is checked")
    func prefixRewrite() throws {
        let yaml =
            virtualService(
                "vs",
                routes: "- options: {prefixRewrite: '/x//y'}\n  routeAction: {single: {upstream: {name: us}}}"
            ) + upstream("us")
        #expect(
            try buildProxies(yaml).report("VirtualService", "default", "vs")?.errors
                == [
                    "Route Error: ProcessingError. Reason: the rewrite is invalid: /x//y: path [/x//y] cannot contain [//]. Route Name: default.vs-route-0-matcher-0"
                ]
        )
    }

    @Test("problems of a table's routes are reported on the VirtualService")
    func tableRouteErrors() throws {
        let yaml =
            virtualService("vs", routes: "- matchers: [{prefix: /a}]\n  delegateAction: {ref: {name: rt}}")
            + routeTable("rt", routes: "- matchers: [{prefix: /a/}]\n  routeAction: {single: {upstream: {name: gone}}}")
        let result = try buildProxies(yaml)
        // Gloo reports route problems through the virtual host's sources: the VirtualService only.
        let warning = "Route Warning: InvalidDestinationWarning. Reason: *v1.Upstream { default.gone } not found"
        #expect(result.report("RouteTable", "default", "rt")?.state == .accepted)
        #expect(result.report("VirtualService", "default", "vs")?.warnings == [warning])
    }

    @Test("an ssl Gateway serves only VirtualServices with sslConfig, a plain one only those without")
    func sslSelection() throws {
        let yaml =
            gateway("plain", port: 8080) + gateway("secure", port: 8443, ssl: true)
            + virtualService("web", domains: ["web.com"], routes: "- directResponseAction: {status: 200}")
                + """
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata: {name: tls, namespace: default}
                spec:
                  sslConfig:
                    secretRef: {name: cert, namespace: default}
                    sniDomains: [tls.com]
                  virtualHost:
                    domains: [tls.com]
                    routes:
                    - directResponseAction: {status: 200}
                ---

                """
        let result = try buildProxies(yaml)
        let listeners = try #require(result.proxies.first?.spec.listeners)
        #expect(listeners.map(\.name) == ["listener-::-8080", "listener-::-8443"])
        #expect(listeners[0].httpListener?.virtualHosts?.map(\.name) == ["default.web"])
        #expect(listeners[1].httpListener?.virtualHosts?.map(\.name) == ["default.tls"])
        #expect(listeners[1].sslConfigurations?.first?.sniDomains == ["tls.com"])
        #expect(listeners[0].sslConfigurations == nil)
    }

    @Test("virtual service selection: expressions over labels over refs, within namespaces")
    func virtualServiceSelection() throws {
        func hosts(_ httpGateway: String) throws -> [String] {
            let yaml = """
                apiVersion: gateway.solo.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: default}
                spec:
                  bindAddress: '::'
                  bindPort: 8080
                  httpGateway: \(httpGateway)
                ---
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata: {name: a, namespace: default, labels: {app: a, tier: "2"}}
                spec: {virtualHost: {domains: [a.com], routes: [{directResponseAction: {status: 200}}]}}
                ---
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata: {name: b, namespace: team, labels: {app: b, tier: "5"}}
                spec: {virtualHost: {domains: [b.com], routes: [{directResponseAction: {status: 200}}]}}
                """
            let result = try buildProxies(yaml)
            return result.proxies.first?.spec.listeners?.first?.httpListener?.virtualHosts?.map(\.name) ?? []
        }
        #expect(try hosts("{}") == ["default.a", "team.b"])
        #expect(try hosts("{virtualServiceNamespaces: [team]}") == ["team.b"])
        #expect(try hosts("{virtualServiceSelector: {app: a}}") == ["default.a"])
        #expect(try hosts("{virtualServices: [{name: b, namespace: team}]}") == ["team.b"])
        #expect(
            try hosts(
                "{virtualServiceSelector: {app: a}, virtualServiceExpressions: {expressions: [{key: tier, operator: GreaterThan, values: ['3']}]}}"
            )
                == ["team.b"]
        )
        #expect(
            try hosts("{virtualServiceExpressions: {expressions: [{key: app, operator: NotIn, values: [a]}]}}") == [
                "team.b"
            ]
        )
    }

    @Test("options no module enforces make the resource a Warning that names them")
    func unenforcedOptions() throws {
        let yaml = virtualService(
            "vs",
            routes: "- options: {waf: {disabled: false}, timeout: 2s}\n  directResponseAction: {status: 200}"
        )
        let report = try #require(try buildProxies(yaml).report("VirtualService", "default", "vs"))
        #expect(report.state == .warning)
        #expect(
            report.warnings == [
                "option 'waf' at spec.virtualHost.routes[0].options is read and kept but not enforced by this gateway"
            ]
        )
    }

    @Test("no Gateway means the implicit gateway-proxy on [::]:8080")
    func implicitGateway() throws {
        let result = try buildProxies(virtualService("vs", routes: "- directResponseAction: {status: 200}"))
        let proxy = try #require(result.proxies.first)
        #expect(proxy.name == "gateway-proxy")
        #expect(proxy.namespace == "gloo-system")
        #expect(proxy.spec.listeners?.first?.name == "listener-::-8080")
        #expect(proxy.spec.listeners?.first?.bindPort == 8080)
    }

    @Test("proxyNames split Gateways into Proxies; names are used as written")
    func proxyNames() throws {
        let yaml =
            gateway("a", port: 8080, proxyNames: ["publicProxy"]) + gateway("b", port: 8080, proxyNames: ["internal"])
            + virtualService("vs", routes: "- directResponseAction: {status: 200}")
        let result = try buildProxies(yaml)
        #expect(result.proxies.map(\.name) == ["internal", "publicProxy"])
        #expect(result.report("Gateway", "default", "a")?.state == .accepted, "same port in different proxies is fine")
    }

    @Test("without any VirtualService the HTTP listener is dropped unless translateEmptyGateways")
    func emptyGateways() throws {
        #expect(try buildProxies(gateway("gw", port: 8080)).proxies.isEmpty)
        var options = ProxyBuilder.Options()
        options.translateEmptyGateways = true
        #expect(try buildProxies(gateway("gw", port: 8080), options: options).proxies.count == 1)
    }
}

/// A Gateway document with an HTTP listener on `::`.
func gateway(_ name: String, port: Int, ssl: Bool = false, proxyNames: [String]? = nil) -> String {
    let names = proxyNames.map { "\n  proxyNames: [\($0.joined(separator: ", "))]" } ?? ""
    return """
        apiVersion: gateway.solo.io/v1
        kind: Gateway
        metadata:
          name: \(name)
          namespace: default
        spec:
          bindAddress: '::'
          bindPort: \(port)
          ssl: \(ssl)\(names)
          httpGateway: {}
        ---

        """
}

@Suite("Upstream groups")
struct UpstreamGroupValidationTests {
    @Test("destinations default to the group's namespace; missing upstreams are errors on the group")
    func verify() throws {
        let yaml =
            """
            apiVersion: gloo.solo.io/v1
            kind: UpstreamGroup
            metadata: {name: canary, namespace: team}
            spec:
              destinations:
              - {weight: 9, destination: {upstream: {name: stable}}}
              - {weight: 1, destination: {upstream: {name: next, namespace: other}}}
              - {weight: 1}
            ---

            """ + upstream("stable", namespace: "team")
            + virtualService("vs", routes: "- routeAction: {upstreamGroup: {name: canary, namespace: team}}")
        let result = try buildProxies(yaml)
        #expect(
            result.report("UpstreamGroup", "team", "canary")?.errors == [
                "destination # 2: upstream not found: list did not find upstream other.next",
                "destination # 3: destination is nil",
            ]
        )
        // The route sees the defaulted namespace: only the really missing upstream is reported.
        #expect(
            result.report("VirtualService", "default", "vs")?.warnings == [
                "Route Warning: InvalidDestinationWarning. Reason: invalid destination in weighted destination list: *v1.Upstream { other.next } not found"
            ]
        )
    }
}

@Suite("Unsupported translation modes")
struct UnsupportedModesTests {
    @Test("isolated virtual hosts (annotation or setting) are reported, not silently ignored")
    func isolatedVirtualHosts() throws {
        let annotated = """
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata:
              name: gw
              namespace: default
              annotations: {gateway.solo.io/isolate_vhost: 'true'}
            spec: {bindAddress: '::', bindPort: 8080, httpGateway: {}}
            ---

            """ + virtualService("vs", routes: "- directResponseAction: {status: 200}")
        #expect(try buildProxies(annotated).report("Gateway", "default", "gw")?.state == .warning)
        var options = ProxyBuilder.Options()
        options.isolateVirtualHostsBySslConfig = true
        let plain = gateway("gw", port: 8080) + virtualService("vs", routes: "- directResponseAction: {status: 200}")
        #expect(try buildProxies(plain, options: options).report("Gateway", "default", "gw")?.state == .warning)
        #expect(try buildProxies(plain).report("Gateway", "default", "gw")?.state == .accepted)
    }
}
