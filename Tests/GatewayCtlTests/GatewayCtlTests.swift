import Foundation
import GatewayModel
import Testing

/// Runs the built `gatewayctl` as users and scripts do.
@Suite("gatewayctl validate and proxy: the command-line contract")
struct GatewayCtlTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("GatewayModelTests/Fixtures")
    }

    private func gatewayctl(_ arguments: [String]) throws -> Run {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("gatewayctl")
        let candidates = [
            binary, Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gatewayctl"),
        ]
        let executable = try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    private func temporaryDirectory(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatewayctl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test("validate: exit 0 and an Accepted report when nothing is Rejected")
    func validateAccepted() throws {
        let run = try gatewayctl(["validate", Self.fixtures.appendingPathComponent("basic/input").path])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Accepted VirtualService gloo-system.petstore"))
    }

    @Test("validate --output json: an array of {kind, namespace, name, state, errors, warnings}; exit 1 on Rejected")
    func validateJSON() throws {
        let run = try gatewayctl([
            "validate", "--output", "json", Self.fixtures.appendingPathComponent("validation-messages/input").path,
        ])
        #expect(run.status == 1)
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(reports.allSatisfy { Set($0.keys) == ["kind", "namespace", "name", "state", "errors", "warnings"] })
        let shop = try #require(reports.first { $0["name"] as? String == "shop" })
        #expect(shop["state"] as? String == "Rejected")
        #expect((shop["errors"] as? [String])?.contains("invalid route: route must specify an action") == true)
        #expect(Set(reports.compactMap { $0["state"] as? String }).isSubset(of: ["Accepted", "Warning", "Rejected"]))
    }

    @Test("validate: exit 2 with file:line:column on stderr when an input cannot be parsed")
    func validateUnreadable() throws {
        let directory = try temporaryDirectory(["bad.yaml": "kind: Gateway\nspec: {bindPort: [1\n"])
        let run = try gatewayctl(["validate", directory.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.yaml:3:1:"))
        #expect(try gatewayctl(["validate", "/no/such/path"]).status == 2)
    }

    @Test("proxy: YAML Proxies that load back; JSON as an array")
    func proxy() throws {
        let input = Self.fixtures.appendingPathComponent("delegation-by-selector/input").path
        let yaml = try gatewayctl(["proxy", input])
        #expect(yaml.status == 0)
        var loader = ResourceLoader()
        try loader.load(yaml.stdout, file: "proxies.yaml")
        #expect(loader.resources.proxies.map(\.name) == ["gateway-proxy"])
        #expect(loader.reports.reports.allSatisfy { $0.state == .accepted })

        let json = try gatewayctl(["proxy", "--output", "json", input])
        let proxies = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(proxies.first?["kind"] as? String == "Proxy")
    }

    private static let shop = """
        apiVersion: gateway.solo.io/v1
        kind: VirtualService
        metadata: {name: shop, namespace: apps}
        spec:
          virtualHost:
            domains: [shop.example.com]
            routes:
            - matchers: [{prefix: /api/pets, headers: [{name: x-canary, value: 'true'}]}]
              routeAction:
                multi:
                  destinations:
                  - {weight: 90, destination: {upstream: {name: pets}}}
                  - {weight: 10, destination: {upstream: {name: pets-canary}}}
            - matchers: [{prefix: /api/pets}]
              name: pets
              routeAction: {single: {upstream: {name: pets}}}
            - matchers: [{prefix: /group}]
              routeAction: {upstreamGroup: {name: both}}
            - matchers: [{exact: /health}]
              directResponseAction: {status: 200, body: ok}
        ---
        apiVersion: gloo.solo.io/v1
        kind: UpstreamGroup
        metadata: {name: both, namespace: apps}
        spec:
          destinations:
          - {weight: 1, destination: {upstream: {name: pets}}}
          - {weight: 3, destination: {upstream: {name: pets-canary, namespace: other}}}
        """

    private func route(_ arguments: [String]) throws -> (status: Int32, output: [String: Any]) {
        let directory = try temporaryDirectory(["shop.yaml": Self.shop])
        let run = try gatewayctl(["route"] + arguments + [directory.path])
        let output = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return (run.status, output)
    }

    @Test("route: the virtual host, route name, index and destinations of the route taken")
    func routeTaken() throws {
        let (status, output) = try route(["--host", "shop.example.com", "--path", "/api/pets/1?x=1"])
        #expect(status == 0)
        #expect(output["virtualHost"] as? String == "apps.shop")
        #expect(output["route"] as? String == "vs:gateway-proxy_gateway-proxy_apps_shop_route:pets")
        #expect(output["routeIndex"] as? Int == 1)
        let action = try #require((output["action"] as? [String: Any])?["route"] as? [String: Any])
        let destinations = try #require(action["destinations"] as? [[String: Any]])
        #expect(destinations.count == 1)
        #expect(destinations.first?["upstream"] as? String == "apps/pets")
        #expect(destinations.first?["weight"] as? Int == 1)
    }

    @Test("route: -H headers take part in matching; unnamed routes print null")
    func routeWithHeader() throws {
        let (status, output) = try route(["--host", "shop.example.com", "-H", "X-Canary: true", "--path", "/api/pets"])
        #expect(status == 0)
        #expect(output["routeIndex"] as? Int == 0)
        #expect(output["route"] is NSNull)
        let action = try #require((output["action"] as? [String: Any])?["route"] as? [String: Any])
        let weights = (action["destinations"] as? [[String: Any]])?.compactMap { $0["weight"] as? Int }
        #expect(weights == [90, 10])
    }

    @Test("route: upstream groups are resolved; direct responses print status and body")
    func routeActions() throws {
        let group = try route(["--host", "shop.example.com", "--path", "/group"])
        let action = try #require((group.output["action"] as? [String: Any])?["route"] as? [String: Any])
        #expect(action["upstreamGroup"] as? String == "apps/both")
        let upstreams = (action["destinations"] as? [[String: Any]])?.compactMap { $0["upstream"] as? String }
        #expect(upstreams == ["apps/pets", "other/pets-canary"])

        let health = try route(["--host", "shop.example.com", "--path", "/health"])
        let response = (health.output["action"] as? [String: Any])?["directResponse"] as? [String: Any]
        #expect(response?["status"] as? Int == 200)
        #expect(response?["body"] as? String == "ok")
    }

    @Test("route: no route prints the virtual host (or null) with route null, and exits 3")
    func routeMissing() throws {
        let noRoute = try route(["--host", "shop.example.com", "--path", "/nothing"])
        #expect(noRoute.status == 3)
        #expect(noRoute.output["virtualHost"] as? String == "apps.shop")
        #expect(noRoute.output["route"] is NSNull)
        let noHost = try route(["--path", "/health"])
        #expect(noHost.status == 3)
        #expect(noHost.output["virtualHost"] is NSNull)
    }

    @Test("validate: routes an earlier route shadows are warnings on their VirtualService")
    func validateShadowedRoutes() throws {
        let directory = try temporaryDirectory([
            "docs.yaml": """
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: docs, namespace: apps}
            spec:
              virtualHost:
                routes:
                - matchers: [{prefix: /}]
                  directResponseAction: {status: 200}
                - matchers: [{exact: /health}]
                  directResponseAction: {status: 200}
            """
        ])
        let run = try gatewayctl(["validate", directory.path])
        #expect(run.status == 0)
        #expect(
            run.stdout.contains(
                "warning: route 1 (exact /health) can never match: route 0 (prefix /) comes first and takes every request it would"
            )
        )
    }

    @Test("route --explain: why each earlier route did not take the request")
    func routeExplain() throws {
        let (status, output) = try route(["--explain", "--host", "shop.example.com", "--path", "/api/pets"])
        #expect(status == 0)
        let steps = try #require(output["explain"] as? [[String: Any]])
        #expect(steps.map { $0["routeIndex"] as? Int } == [0, 1])
        #expect(steps.first?["mismatch"] as? String == "header x-canary")
        #expect(steps.last?["mismatch"] is NSNull)
    }
}

extension GatewayCtlTests {
    static let transformOptions = """
        stagedTransformations:
          regular:
            requestTransforms:
            - matcher: {prefix: /api}
              requestTransformation:
                transformationTemplate:
                  extractors:
                    id: {header: ':path', regex: '/api/items/([0-9]+)', subgroup: 1}
                  headers:
                    x-item: {text: '{{ id }}'}
                    ':path': {text: '/items/{{ id }}'}
                  body: {text: '{"name": "{{ upper(name) }}"}'}
            responseTransforms:
            - matchers: [{name: ':status', value: '404'}]
              responseTransformation:
                transformationTemplate:
                  parseBodyBehavior: DontParse
                  headers: {':status': {text: '400'}}
                  body: {text: 'missing {{ request_header("x-item") }}'}
        """

    @Test("transform: the request and response after the options block's transformations")
    func transform() throws {
        let directory = try temporaryDirectory([
            "options.yaml": Self.transformOptions,
            "request.json":
                #"{"method": "POST", "path": "/api/items/7", "authority": "shop", "headers": [["Content-Type", "application/json"]], "body": "{\"name\": \"ada\"}"}"#,
            "response.json": #"{"status": 404, "headers": [["content-type", "text/plain"]], "body": "not found"}"#,
        ])
        let run = try gatewayctl([
            "transform", "--options", directory.appendingPathComponent("options.yaml").path,
            "--request", directory.appendingPathComponent("request.json").path,
            "--response", directory.appendingPathComponent("response.json").path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout
                == #"{"request":{"authority":"shop","body":"{\"name\": \"ADA\"}","headers":[["content-type","application/json"],["x-item","7"],["content-length","15"]],"method":"POST","path":"/items/7"},"response":{"body":"missing 7","headers":[["content-type","text/plain"],["content-length","9"]],"status":400}}"#
                + "\n"
        )
    }

    @Test("transform: a failing transformation prints the status and message Envoy sends, exit 4")
    func transformFailure() throws {
        let directory = try temporaryDirectory([
            "options.yaml": Self.transformOptions,
            "request.json": #"{"method": "POST", "path": "/api/items/7", "body": "{oops"}"#,
        ])
        let run = try gatewayctl([
            "transform", "--options", directory.appendingPathComponent("options.yaml").path,
            "--request", directory.appendingPathComponent("request.json").path,
        ])
        #expect(run.status == 4)
        #expect(
            run.stdout.hasPrefix(
                #"{"error":{"message":"bad request: [json.exception.parse_error.101] parse error at line 1, column 2"#
            )
        )
        #expect(run.stdout.contains(#""status":400"#))
    }

    @Test("transform: invalid templates are configuration errors, exit 1")
    func transformInvalid() throws {
        let directory = try temporaryDirectory([
            "options.yaml":
                "transformations: {requestTransformation: {transformationTemplate: {body: {text: '{{ x }'}}}}"
        ])
        let run = try gatewayctl(["transform", "--options", directory.appendingPathComponent("options.yaml").path])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("Failed to parse body template [inja.exception.parser_error] (at 1:6) unexpected '}'")
        )
    }

    @Test("xds: a static bootstrap with the proxy's listeners, inline routes and clusters with their endpoints")
    func xdsStatic() throws {
        let run = try gatewayctl(["xds", Self.fixtures.appendingPathComponent("basic/input").path])
        #expect(run.status == 0, "\(run.stderr)")
        let bootstrap = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let resources = try #require(bootstrap["static_resources"] as? [String: Any])
        let listeners = try #require(resources["listeners"] as? [[String: Any]])
        #expect(listeners.compactMap { $0["name"] as? String }.allSatisfy { $0.hasPrefix("listener-") })
        #expect(!listeners.isEmpty)
        let clusters = try #require(resources["clusters"] as? [[String: Any]])
        #expect(!clusters.isEmpty)
        for cluster in clusters {
            // Static bootstraps cannot use EDS: every cluster carries its endpoints.
            #expect(cluster["type"] as? String != "EDS")
            #expect(cluster["load_assignment"] != nil)
        }
        let node = try #require(bootstrap["node"] as? [String: Any])
        #expect((node["metadata"] as? [String: Any])?["role"] as? String == "gloo-system~gateway-proxy")
    }

    @Test("xds: an unknown proxy is an error naming the proxies there are")
    func xdsUnknownProxy() throws {
        let run = try gatewayctl(["xds", "--proxy", "nope", Self.fixtures.appendingPathComponent("basic/input").path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no proxy named 'nope'"))
        #expect(run.stderr.contains("gateway-proxy"))
    }

    @Test("bootstrap: ADS from the control plane, node role <namespace>~<proxy>, HTTP/2 to the xds cluster")
    func bootstrap() throws {
        let run = try gatewayctl([
            "bootstrap", "--xds-address", "10.0.0.7:18000", "--proxy", "edge", "--namespace", "prod",
            "--xds-protocol", "delta",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let bootstrap = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let node = try #require(bootstrap["node"] as? [String: Any])
        #expect((node["metadata"] as? [String: Any])?["role"] as? String == "prod~edge")
        let dynamic = try #require(bootstrap["dynamic_resources"] as? [String: Any])
        let ads = try #require(dynamic["ads_config"] as? [String: Any])
        #expect(ads["api_type"] as? String == "DELTA_GRPC")
        #expect((dynamic["cds_config"] as? [String: Any])?["ads"] != nil)
        #expect((dynamic["lds_config"] as? [String: Any])?["ads"] != nil)
        let clusters = try #require((bootstrap["static_resources"] as? [String: Any])?["clusters"] as? [[String: Any]])
        let xds = try #require(clusters.first { $0["name"] as? String == "xds_cluster" })
        #expect(xds["type"] as? String == "STATIC")
        #expect(run.stdout.contains("\"address\":\"10.0.0.7\",\"port_value\":18000"))
        #expect(run.stdout.contains("http2_protocol_options"))
    }

    @Test("bootstrap: a malformed --xds-address is a usage error")
    func bootstrapBadAddress() throws {
        let run = try gatewayctl(["bootstrap", "--xds-address", "no-port"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("HOST:PORT"))
    }

    @Test("discover: an unreachable service is exit 1 with the reason; a bad argument is refused")
    func discoverFailures() throws {
        let swagger = try gatewayctl(["discover", "swagger", "http://127.0.0.1:1/", "--timeout", "2"])
        #expect(swagger.status == 1)
        #expect(swagger.stdout.isEmpty)
        #expect(swagger.stderr.contains("error: GET http://127.0.0.1:1/"))
        let grpc = try gatewayctl(["discover", "grpc", "127.0.0.1:1", "--timeout", "2"])
        #expect(grpc.status == 1)
        #expect(grpc.stderr.contains("gRPC reflection at 127.0.0.1:1"))
        let notURL = try gatewayctl(["discover", "swagger", "ftp://example.com/spec"])
        #expect(notURL.status != 0 && notURL.status != 1)
        #expect(notURL.stderr.contains("is not an http:// or https:// URL"))
    }
}
