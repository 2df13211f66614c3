import Foundation
import Testing

@testable import GatewayModel

/// Member-wise decoding (``ConfigMemberwiseDecodable``) is a faster way to the same result: every input must decode to the
/// same value, unknown fields and errors either way.
@Suite("Member-wise decoding gives exactly what Codable gives")
struct MemberwiseDecodingTests {
    /// Decodes `document` both ways as a resource of its kind and compares everything the loader uses.
    private func expectSameDecoding(_ document: ConfigValue, _ comment: String) throws {
        let kind = document["kind"]?.stringValue ?? ""
        switch kind {
        case "VirtualService": try compare(VirtualServiceSpec.self, document, comment)
        case "RouteTable": try compare(RouteTableSpec.self, document, comment)
        case "Upstream": try compare(UpstreamSpec.self, document, comment)
        case "Gateway": try compare(GatewaySpec.self, document, comment)
        case "UpstreamGroup": try compare(UpstreamGroupSpec.self, document, comment)
        default: break
        }
    }

    /// ``expectSameDecoding(_:_:)`` for every document of `text`.
    private func expectSameDecoding(text: String, _ comment: String) throws {
        for document in try ConfigSyntax.parseDocuments(Array(text.utf8), file: "t.yaml") {
            try expectSameDecoding(document, comment)
        }
    }

    private func compare<Spec: ResourceSpec>(_ spec: Spec.Type, _ document: ConfigValue, _ comment: String) throws {
        var plain = ConfigDecoder()
        plain.usesMemberwiseDecoding = false
        let viaCodable = Result { try plain.decode(Resource<Spec>.self, from: document) }
        let viaTables = Result { try ConfigDecoder().decode(Resource<Spec>.self, from: document) }
        switch (viaCodable, viaTables) {
        case (.success(let expected), .success(let actual)):
            #expect(actual.value == expected.value, "\(comment)")
            #expect(actual.unknownFields == expected.unknownFields, "\(comment)")
        case (.failure(let expected), .failure(let actual)):
            #expect("\(actual)" == "\(expected)", "\(comment)")
        default:
            Issue.record("one way failed, the other did not: \(comment)")
        }
    }

    @Test("every golden fixture")
    func fixtures() throws {
        let root = try #require(GoldenFixtureTests.fixtures)
        let cases = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(!cases.isEmpty)
        for name in cases {
            let input = root.appendingPathComponent(name).appendingPathComponent("input")
            for file in try FileManager.default.contentsOfDirectory(atPath: input.path) {
                let bytes = Array(try Data(contentsOf: input.appendingPathComponent(file)))
                for document in try ConfigSyntax.parseDocuments(bytes, file: file) {
                    try expectSameDecoding(document, "\(name)/\(file)")
                }
            }
        }
    }

    @Test(
        "unknown members, wrong types, nulls and missing required fields inside member-wise types",
        arguments: [
            "- matchers: [{prefix: /a, extra: 1}]\n  directResponseAction: {status: 200}",
            "- matchers: [{headers: [{value: x}]}]\n  directResponseAction: {status: 200}",
            "- matchers: [{headers: [{name: x, regex: maybe}]}]\n  directResponseAction: {status: 200}",
            "- matchers: [{prefix: null, exact: /x, caseSensitive: null}]\n  directResponseAction: {status: 200}",
            "- matchers: {prefix: /a}\n  directResponseAction: {status: 200}",
            "- routeAction: {single: {upstream: {name: 12, namespace: null}}}",
            "- routeAction: {single: {upstream: {namespace: x}}}",
            "- routeAction: {multi: {destinations: [{weight: '5', destination: {upstream: {name: a}}, extra: {}}]}}",
            "- routeAction: {multi: {destinations: [{weight: -1, destination: {upstream: {name: a}}}]}}",
            "- directResponseAction: {status: '404', body: 12}\n  name: 7",
            "- directResponseAction: {status: 1e3}\n  graphqlApiRef: null\n  metadataStatic: {a: 1}",
            "- redirectAction: {responseCode: PERMANENT_REDIRECT, portRedirect: 0x10, stripQuery: 'true'}",
            "- delegateAction: {ref: {name: t}, selector: {labels: {a: b}}, unknown: 1}",
            "- options: {timeout: 5s, bogus: true}\n  directResponseAction: {status: 200}",
            "- options: {timeout: five}\n  directResponseAction: {status: 200}",
            "- null\n- {}\n- []",
        ]
    )
    func badInputs(routes: String) throws {
        let text = virtualService("vs", routes: routes) + routeTable("rt", routes: routes)
        try expectSameDecoding(text: text, routes)
    }

    @Test("metadata with every field, and without a name")
    func metadata() throws {
        let full = """
            apiVersion: gateway.solo.io/v1
            kind: RouteTable
            metadata:
              name: rt
              namespace: ns
              labels: {a: b}
              annotations: {c: d}
              resourceVersion: "7"
              generation: 3
              uid: u
              creationTimestamp: 2024-01-01T00:00:00Z
              ownerReferences: []
              finalizers: [f]
              managedFields: [{}]
            spec: {weight: 2}
            """
        for text in [full, full.replacingOccurrences(of: "  name: rt\n", with: "")] {
            try expectSameDecoding(text: text, text)
        }
    }

    @Test(
        "upstreams, health checks and options",
        arguments: [
            "static: {hosts: [{addr: a, port: 8080, sniAddr: s, loadBalancingWeight: 2}], useTls: true}",
            "static: {hosts: [{port: 8080}]}",
            "static: {hosts: [{addr: a, port: eighty}]}",
            "static: {hosts: [{addr: a, extra: 1, healthCheckConfig: {path: /h}}]}",
            "healthChecks: [{timeout: 1s, interval: 5s, unhealthyThreshold: 3, httpHealthCheck: {path: /healthz}}]",
            "healthChecks: [{timeout: 1x, httpHealthCheck: {path: /h, extra: 2}}]\nuseHttp2: 'yes'",
            "kube: {serviceName: s, servicePort: 80}\ncircuitBreakers: {maxConnections: 5}\nunknown: 1",
            "kube: {serviceName: s, serviceNamespace: n, servicePort: 80, selector: {app: a}, subsetSpec: {selectors: [{keys: [v]}]}}",
            "aws: {region: us-east-1, secretRef: {name: s}, lambdaFunctions: [{logicalName: f, lambdaFunctionName: f, qualifier: $LATEST}]}",
            "consul: {serviceName: s, dataCenters: [dc1], serviceTags: [t]}",
            "sslConfig: {sni: a.example.com, secretRef: {name: tls}}\nloadBalancerConfig: {roundRobin: {}}",
            "connectionConfig: {maxRequestsPerConnection: 10, connectTimeout: 2s}\noutlierDetection: {consecutive5xx: 3}",
            "loadBalancerConfig: {healthyPanicThreshold: lots}",
        ]
    )
    func upstreams(spec: String) throws {
        let text = """
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: us, namespace: apps}
            spec:
            \(spec.indented(by: 2))
            """
        try expectSameDecoding(text: text, spec)
    }

    @Test(
        "virtual host and route options",
        arguments: [
            "cors: {allowOrigin: [a], allowMethods: [GET]}",
            "cors: {allowOrigin: a}",
            "retries: {retryOn: 5xx, numRetries: 2}\ntimeout: 5s",
            "headerManipulation: {responseHeadersToRemove: [server], requestHeadersToAdd: [{header: {key: a, value: b}}]}",
            "retries: {numRetries: many}",
            "prefixRewrite: /x\nwaf: {}\nnotAnOption: 1",
        ]
    )
    func options(options: String) throws {
        let routes =
            "- matchers: [{prefix: /}]\n  options:\n\(options.indented(by: 4))\n  directResponseAction: {status: 200}"
        var text = virtualService("vs", routes: routes)
        text += """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: hostoptions}
            spec:
              virtualHost:
                options:
            \(options.indented(by: 6))
            """
        try expectSameDecoding(text: text, options)
    }

    @Test(
        "gateways and upstream groups",
        arguments: [
            "kind: Gateway\nspec: {bindAddress: '::', bindPort: 8443, ssl: true, httpGateway: {virtualServiceSelector: {a: b}}}",
            "kind: Gateway\nspec: {bindPort: 80, httpGateway: {virtualServices: [{name: v}]}, proxyNames: [p], useProxyProto: false}",
            "kind: Gateway\nspec: {bindPort: eighty, httpGateway: {}}",
            "kind: Gateway\nspec: {bindPort: 80, tcpGateway: {tcpHosts: [{name: t, destination: {single: {upstream: {name: u}}}}]}}",
            "kind: UpstreamGroup\nspec: {destinations: [{weight: 1, destination: {upstream: {name: u}}}, {weight: 2, extra: 1}]}",
        ]
    )
    func gateways(resource: String) throws {
        let apiVersion = resource.contains("UpstreamGroup") ? "gloo.solo.io/v1" : "gateway.solo.io/v1"
        try expectSameDecoding(text: "apiVersion: \(apiVersion)\nmetadata: {name: g}\n\(resource)\n", resource)
    }
}
