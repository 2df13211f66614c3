import Testing

@testable import GatewayModel

@Suite("Delegation: flattening RouteTables into Proxy routes as Gloo Edge does")
struct DelegationTests {
    @Test("a delegating route is replaced by the table's routes, in place, with upstream namespaces defaulted")
    func delegationByRef() throws {
        let yaml =
            virtualService(
                "vs",
                routes: """
                    - matchers: [{prefix: /a}]
                      delegateAction: {ref: {name: rt-a}}
                    - matchers: [{prefix: /}]
                      directResponseAction: {status: 200}
                    """
            )
            + routeTable(
                "rt-a",
                namespace: "default",
                routes: """
                    - matchers: [{prefix: /a/1}]
                      routeAction: {single: {upstream: {name: us}}}
                    - matchers: [{exact: /a}]
                      directResponseAction: {status: 204}
                    """
            ) + upstream("us")
        let result = try buildProxies(yaml)
        let routes = result.routes(of: "default.vs")
        #expect(routes.map(\.firstPath) == ["/a/1", "/a", "/"])
        #expect(routes[0].routeAction?.single?.upstream == ResourceRef(name: "us", namespace: "default"))
        #expect(routes.allSatisfy { $0.name == nil })
        #expect(result.report("VirtualService", "default", "vs")?.state == .accepted)
        #expect(result.report("RouteTable", "default", "rt-a")?.state == .accepted)
    }

    @Test("route names follow Gloo's vs:/rt: scheme once any route on the branch is named")
    func routeNames() throws {
        let yaml =
            virtualService(
                "vs",
                routes: """
                    - matchers: [{prefix: /a}]
                      delegateAction: {ref: {name: rt}}
                    - name: root
                      directResponseAction: {status: 200}
                    """
            )
            + routeTable(
                "rt",
                routes: """
                    - name: one
                      matchers: [{prefix: /a/1}]
                      directResponseAction: {status: 200}
                    - matchers: [{prefix: /a/2}]
                      directResponseAction: {status: 200}
                    """
            )
        let routes = try buildProxies(yaml).routes(of: "default.vs")
        #expect(
            routes.map(\.name) == [
                "vs:gateway-proxy_gateway-proxy_default_vs_route:<unnamed-0>_rt:default_rt_route:one",
                nil,
                "vs:gateway-proxy_gateway-proxy_default_vs_route:root",
            ]
        )
        #expect(routes[2].matchers == [.prefix("/")])
    }

    @Test("selected tables are grouped by weight; only a group of several tables is sorted (Gloo's code order)")
    func weightsAndSorting() throws {
        let yaml =
            virtualService(
                "vs",
                routes: """
                    - matchers: [{prefix: /}]
                      delegateAction: {selector: {labels: {team: a}}}
                    """
            )
            + routeTable(
                "t1",
                labels: ["team": "a"],
                weight: 10,
                routes: "- matchers: [{prefix: /x/long}]\n  directResponseAction: {status: 200}"
            )
            + routeTable(
                "t2",
                labels: ["team": "a"],
                routes: """
                    - matchers: [{prefix: /b}]
                      directResponseAction: {status: 200}
                    - matchers: [{prefix: /a/long}]
                      directResponseAction: {status: 200}
                    - matchers: [{exact: /z}]
                      directResponseAction: {status: 200}
                    """
            )
            + routeTable(
                "t3",
                labels: ["team": "a"],
                weight: 0,
                routes: "- matchers: [{prefix: /c}, {prefix: /a}]\n  directResponseAction: {status: 200}"
            )
            + routeTable("t4", labels: ["team": "b"], routes: "- directResponseAction: {status: 200}")
            + routeTable(
                "t5",
                namespace: "other",
                labels: ["team": "a"],
                routes: "- directResponseAction: {status: 200}"
            )
        let routes = try buildProxies(yaml).routes(of: "default.vs")
        // Weight 0 (t2, t3): exact first, then prefixes by descending string; t3 ranks by its smallest matcher
        // (`/c`). Then weight 10 (t1), unsorted. t4's labels and t5's namespace do not match.
        #expect(routes.map(\.firstPath) == ["/z", "/c", "/b", "/a/long", "/x/long"])
    }

    @Test("a single table selected is not sorted")
    func singleTableKeepsOrder() throws {
        let yaml =
            virtualService("vs", routes: "- delegateAction: {selector: {labels: {app: x}}}")
            + routeTable(
                "rt",
                labels: ["app": "x"],
                routes: """
                    - matchers: [{prefix: /a}]
                      directResponseAction: {status: 200}
                    - matchers: [{prefix: /a/b}]
                      directResponseAction: {status: 200}
                    """
            )
        #expect(try buildProxies(yaml).routes(of: "default.vs").map(\.firstPath) == ["/a", "/a/b"])
    }

    @Test("selector namespaces: owner's by default, listed ones, or all with *")
    func selectorNamespaces() throws {
        let tables =
            routeTable(
                "a",
                namespace: "default",
                labels: ["x": "y"],
                routes: "- matchers: [{prefix: /a}]\n  directResponseAction: {status: 200}"
            )
            + routeTable(
                "b",
                namespace: "team",
                labels: ["x": "y"],
                routes: "- matchers: [{prefix: /b}]\n  directResponseAction: {status: 200}"
            )
        func paths(_ selector: String) throws -> [String?] {
            try buildProxies(virtualService("vs", routes: "- delegateAction: {selector: \(selector)}") + tables)
                .routes(of: "default.vs").map(\.firstPath)
        }
        #expect(try paths("{labels: {x: y}}") == ["/a"])
        #expect(try paths("{labels: {x: y}, namespaces: [team]}") == ["/b"])
        #expect(try paths("{labels: {x: y}, namespaces: ['*']}") == ["/b", "/a"])
        #expect(
            try paths("{expressions: [{key: x, operator: In, values: [y, z]}], namespaces: ['*']}") == ["/b", "/a"]
        )
        #expect(try paths("{expressions: [{key: x, operator: DoesNotExist}], namespaces: ['*']}") == [])
    }

    @Test("inheritableMatchers prepends the parent's headers, methods and query parameters")
    func inheritableMatchers() throws {
        let yaml =
            virtualService(
                "vs",
                routes: """
                    - matchers:
                      - prefix: /api
                        headers: [{name: x-team, value: a}]
                        methods: [GET]
                      inheritableMatchers: true
                      delegateAction: {ref: {name: rt}}
                    """
            )
            + routeTable(
                "rt",
                routes: """
                    - matchers: [{prefix: /api/users, methods: [POST]}]
                      directResponseAction: {status: 200}
                    """
            )
        let result = try buildProxies(yaml)
        let matcher = try #require(result.routes(of: "default.vs").first?.matchers?.first)
        #expect(matcher.prefix == "/api/users")
        #expect(matcher.headers == [HeaderMatcher(name: "x-team", value: "a")])
        #expect(matcher.methods == ["GET", "POST"])
        #expect(result.report("RouteTable", "default", "rt")?.state == .accepted)
    }

    @Test("without inheritance a child missing the parent's headers is dropped with a warning on table and VS")
    func missingParentHeaders() throws {
        let yaml =
            virtualService(
                "vs",
                routes: """
                    - matchers: [{prefix: /api, headers: [{name: x-team, value: a}]}]
                      delegateAction: {ref: {name: rt}}
                    - directResponseAction: {status: 404}
                    """
            )
            + routeTable("rt", routes: "- matchers: [{prefix: /api/users}]\n  directResponseAction: {status: 200}")
        let result = try buildProxies(yaml)
        #expect(result.routes(of: "default.vs").map(\.firstPath) == ["/"])
        let expected =
            "required headers: [name:\"x-team\" value:\"a\"], headers: []: invalid route: route table matchers must have all headers that were specified on their parent route's matcher"
        #expect(result.report("RouteTable", "default", "rt")?.warnings == [expected])
        #expect(
            result.report("VirtualService", "default", "vs")?.warnings == ["on sub route table default.rt: \(expected)"]
        )
        #expect(result.report("VirtualService", "default", "vs")?.state == .warning)
    }

    @Test("inheritablePathMatchers replaces the child's path and case sensitivity with the parent's")
    func inheritablePathMatchers() throws {
        let yaml =
            virtualService(
                "vs",
                routes: """
                    - matchers: [{prefix: /api, caseSensitive: false}]
                      inheritablePathMatchers: true
                      delegateAction: {ref: {name: rt}}
                    """
            )
            + routeTable(
                "rt",
                routes: """
                    - matchers: [{exact: /ignored, headers: [{name: x-v, value: "2"}]}]
                      directResponseAction: {status: 200}
                    - directResponseAction: {status: 201}
                    """
            )
        let routes = try buildProxies(yaml).routes(of: "default.vs")
        #expect(routes.count == 2)
        #expect(routes[0].matchers?.first?.prefix == "/api")
        #expect(routes[0].matchers?.first?.exact == nil)
        #expect(routes[0].matchers?.first?.caseSensitive == false)
        #expect(routes[0].matchers?.first?.headers?.first?.name == "x-v")
        #expect(routes[1].matchers?.first?.prefix == "/api")
    }

    @Test("the prefix check is a plain string prefix test, also for regex and exact children")
    func prefixCheck() throws {
        let yaml =
            virtualService(
                "vs",
                routes: """
                    - matchers: [{prefix: /api}]
                      delegateAction: {ref: {name: rt}}
                    """
            )
            + routeTable(
                "rt",
                routes: """
                    - matchers: [{regex: "/api/[0-9]+"}]
                      directResponseAction: {status: 200}
                    - matchers: [{regex: "[/]api"}]
                      directResponseAction: {status: 200}
                    - matchers: [{prefix: /other}]
                      directResponseAction: {status: 200}
                    """
            )
        let result = try buildProxies(yaml)
        #expect(result.routes(of: "default.vs").map(\.firstPath) == ["/api/[0-9]+"])
        #expect(
            result.report("RouteTable", "default", "rt")?.warnings == [
                "required prefix: /api, prefix: [/]api: invalid route: route table matchers must begin with the prefix of their parent route's matcher",
                "required prefix: /api, prefix: /other: invalid route: route table matchers must begin with the prefix of their parent route's matcher",
            ]
        )
    }

    @Test("case sensitivity must be set the same way (unset differs from true)")
    func caseSensitivityMustMatch() throws {
        let yaml =
            virtualService("vs", routes: "- matchers: [{prefix: /}]\n  delegateAction: {ref: {name: rt}}")
            + routeTable(
                "rt",
                routes: "- matchers: [{prefix: /a, caseSensitive: true}]\n  directResponseAction: {status: 200}"
            )
        let warnings = try buildProxies(yaml).report("RouteTable", "default", "rt")?.warnings
        #expect(
            warnings == [
                "required caseSensitive: value:true, caseSensitive: <nil>: invalid route: route table matchers must have the same case sensitivity of their parent route's matcher"
            ]
        )
    }

    @Test("a delegation cycle is an error on the table that closes it, mirrored on the VirtualService")
    func cycle() throws {
        let yaml =
            virtualService("vs", routes: "- matchers: [{prefix: /}]\n  delegateAction: {ref: {name: rt-a}}")
            + routeTable("rt-a", routes: "- matchers: [{prefix: /}]\n  delegateAction: {ref: {name: rt-b}}")
            + routeTable("rt-b", routes: "- matchers: [{prefix: /}]\n  delegateAction: {ref: {name: rt-a}}")
        let result = try buildProxies(yaml)
        let message = "invalid route: delegation cycle detected: [default.rt-a] -> [default.rt-b] -> [default.rt-a]"
        #expect(result.report("RouteTable", "default", "rt-a")?.errors == [message])
        #expect(
            result.report("VirtualService", "default", "vs")?.errors == ["on sub route table default.rt-a: \(message)"]
        )
        #expect(result.report("VirtualService", "default", "vs")?.state == .rejected)
    }

    @Test("delegating routes need at most one matcher, and it must be a prefix")
    func delegateMatcherRules() throws {
        let yaml =
            virtualService(
                "vs",
                routes: """
                    - matchers: [{prefix: /a}, {prefix: /b}]
                      delegateAction: {ref: {name: rt}}
                    - matchers: [{exact: /a}]
                      delegateAction: {ref: {name: rt}}
                    - matchers: [{headers: [{name: x}]}]
                      delegateAction: {ref: {name: rt}}
                    """
            )
            + routeTable("rt", routes: "- matchers: [{prefix: /a}]\n  directResponseAction: {status: 200}")
        let result = try buildProxies(yaml)
        #expect(
            result.report("VirtualService", "default", "vs")?.errors == [
                "invalid route: routes with delegate actions must omit or specify a single matcher",
                "invalid route: routes with delegate actions must use a prefix matcher",
            ]
        )
        // A matcher without a path delegates like `prefix: /`.
        #expect(result.routes(of: "default.vs").map(\.firstPath) == ["/a"])
    }

    @Test("missing tables and unusable selectors are warnings")
    func selectionWarnings() throws {
        let yaml =
            virtualService(
                "vs",
                routes: """
                    - matchers: [{prefix: /a}]
                      delegateAction: {ref: {name: nope, namespace: team}}
                    - matchers: [{prefix: /b}]
                      delegateAction: {selector: {labels: {x: y}}}
                    - matchers: [{prefix: /c}]
                      delegateAction: {selector: {labels: {x: y}, expressions: [{key: x, operator: Exists}]}}
                    - matchers: [{prefix: /d}]
                      delegateAction: {}
                    - matchers: [{prefix: /e}]
                      delegateAction: {selector: {expressions: [{key: x, operator: In}]}}
                    - directResponseAction: {status: 200}
                    """
            )
        let report = try #require(try buildProxies(yaml).report("VirtualService", "default", "vs"))
        #expect(report.state == .warning)
        #expect(
            report.warnings == [
                "route table team.nope missing",
                "no route table matches the given selector",
                "cannot use both labels and expressions within the same selector",
                "cannot determine delegation target: you must specify a route table either via a resource reference or a selector",
                "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty: the route table selector expression is invalid",
            ]
        )
    }

    @Test("options merge shallowly: the child's fields win, the parent fills the gaps")
    func optionMerge() throws {
        let yaml =
            virtualService(
                "vs",
                routes: """
                    - matchers: [{prefix: /a}]
                      options: {timeout: 5s, prefixRewrite: /x}
                      delegateAction: {ref: {name: rt}}
                    """
            )
            + routeTable(
                "rt",
                namespace: "default",
                routes: "- matchers: [{prefix: /a/b}]\n  options: {timeout: 1s}\n  directResponseAction: {status: 200}"
            )
        let options = try #require(try buildProxies(yaml).routes(of: "default.vs").first?.options)
        #expect(options.timeout == ProtoDuration(seconds: 1))
        #expect(options.prefixRewrite == "/x")
    }

    @Test("upstreams without a namespace take the namespace of the table that names them")
    func upstreamNamespaceFromTable() throws {
        let yaml =
            virtualService(
                "vs",
                routes: "- matchers: [{prefix: /}]\n  delegateAction: {ref: {name: rt, namespace: team}}"
            )
            + routeTable(
                "rt",
                namespace: "team",
                routes: """
                    - routeAction:
                        multi:
                          destinations:
                          - {weight: 1, destination: {upstream: {name: us}}}
                    """
            ) + upstream("us", namespace: "team")
        let result = try buildProxies(yaml)
        let destination = result.routes(of: "default.vs").first?.routeAction?.multi?.destinations?.first?.destination
        #expect(destination?.upstream == ResourceRef(name: "us", namespace: "team"))
        #expect(result.report("VirtualService", "default", "vs")?.state == .accepted)
    }
}

extension DelegationTests {
    @Test("a delegation chain deeper than 32 tables is an error, not a stack overflow")
    func deepChain() throws {
        var yaml = virtualService("vs", routes: "- matchers: [{prefix: /}]\n  delegateAction: {ref: {name: t0}}")
        for level in 0..<200 {
            yaml += routeTable(
                "t\(level)",
                routes: "- matchers: [{prefix: /}]\n  delegateAction: {ref: {name: t\(level + 1)}}"
            )
        }
        let result = try buildProxies(yaml)
        let errors = try #require(result.report("RouteTable", "default", "t32")?.errors)
        #expect(errors.first?.hasPrefix("invalid route: delegation is nested more than 32 route tables deep") == true)
        #expect(result.report("VirtualService", "default", "vs")?.state == .rejected)
    }
}

@Suite("Label selector expressions: Kubernetes' validation")
struct LabelSelectorTests {
    private func problem(_ yaml: String) throws -> String? {
        let document = try #require(try ConfigSyntax.parseDocuments(yaml, file: "e.yaml").first)
        let expression = try ConfigDecoder().decode(LabelExpression.self, from: document).value
        do {
            _ = try LabelSelector(expressions: [expression])
            return nil
        } catch {
            return error.message
        }
    }

    @Test(
        "valid keys and values",
        arguments: [
            "{key: app, operator: In, values: [web, api]}",
            "{key: example.com/team, operator: Equals, values: [a-b_c.d]}",
            "{key: tier, operator: GreaterThan, values: ['3']}", "{key: x, operator: Exists}",
            "{key: x, operator: In, values: ['']}",
        ]
    )
    func valid(yaml: String) throws {
        #expect(try problem(yaml) == nil)
    }

    @Test("invalid values are named with apimachinery's message")
    func invalidValue() throws {
        #expect(
            try problem("{key: app, operator: In, values: ['has space']}")
                == "values[0][app]: Invalid value: \"has space\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        )
    }

    @Test("several problems are reported together")
    func aggregated() throws {
        let message = try #require(try problem("{key: 'Bad/Key', operator: GreaterThan, values: [x, y]}"))
        #expect(message.hasPrefix("[key: Invalid value: \"Bad/Key\": prefix part a lowercase RFC 1123 subdomain"))
        #expect(
            message.contains(
                "values: Invalid value: [\"x\",\"y\"]: for 'Gt', 'Lt' operators, exactly one value is required"
            )
        )
        #expect(
            message.contains("values[1]: Invalid value: \"y\": for 'Gt', 'Lt' operators, the value must be an integer")
        )
        #expect(message.hasSuffix("]"))
    }
}
