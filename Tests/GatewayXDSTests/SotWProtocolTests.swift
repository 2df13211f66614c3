import SwiftProtobuf
import Testing

@testable import GatewayXDS

/// The state-of-the-world stream state machine against the xDS protocol rules: node identity, ACK and NACK,
/// stale nonces, wildcard and named subscriptions, full-state and partial types, ADS order, make before
/// break and the cluster load assignment that must follow every changed cluster.
@Suite("State-of-the-world ADS streams")
struct SotWProtocolTests {
    typealias Fixture = ProtocolFixture
    typealias Response = Envoy_Service_Discovery_V3_DiscoveryResponse

    /// A stream subscribed to every type the way Envoy does it (CDS and LDS wildcard, EDS and RDS by name,
    /// SDS by name), with every first response acknowledged. Returns the latest response of each type.
    static func subscribedStream(
        _ snapshot: XDSSnapshot,
        clusters: [String] = ["alpha", "beta"],
        routes: [String] = ["http-routes"]
    ) throws -> (SotWStreamState, [XDSResourceType: Response]) {
        var state = SotWStreamState()
        var latest: [XDSResourceType: Response] = [:]
        let requests: [(XDSResourceType, [String])] = [
            (.cluster, []), (.clusterLoadAssignment, clusters), (.listener, []), (.routeConfiguration, routes),
            (.secret, ["tls-cert"]),
        ]
        for (index, (type, names)) in requests.enumerated() {
            let outcome = try state.receive(
                Fixture.request(type, names: names, withNode: index == 0),
                snapshot: snapshot
            )
            let response = try #require(outcome.responses.first)
            #expect(outcome.responses.count == 1)
            let ack = try state.receive(Fixture.ack(response, names: names), snapshot: snapshot)
            #expect(ack.responses.isEmpty)
            latest[type] = response
        }
        return (state, latest)
    }

    // MARK: - Node

    @Test("The first request must carry node.id; later requests need not repeat the node")
    func firstRequestNeedsNode() throws {
        let snapshot = Fixture.snapshot()
        var state = SotWStreamState()
        #expect(throws: DiscoveryStreamFailure.missingNode) {
            try state.receive(Fixture.request(.cluster), snapshot: snapshot)
        }
        var anonymous = Fixture.request(.cluster, withNode: true)
        anonymous.node.id = ""
        #expect(throws: DiscoveryStreamFailure.missingNode) {
            try state.receive(anonymous, snapshot: snapshot)
        }
        #expect(state.node == nil)

        let first = try state.receive(Fixture.request(.cluster, withNode: true), snapshot: snapshot)
        #expect(first.responses.count == 1)
        #expect(state.node?.id == Fixture.nodeID)
        let endpoints = try state.receive(Fixture.request(.clusterLoadAssignment, names: ["alpha"]), snapshot: snapshot)
        #expect(try endpoints.responses.map(Fixture.names) == [["alpha"]])
    }

    @Test("Requests for unknown type URLs are ignored")
    func unknownTypeIgnored() throws {
        var state = SotWStreamState()
        var request = Fixture.request(.cluster, withNode: true)
        request.typeURL = "type.googleapis.com/envoy.service.runtime.v3.Runtime"
        let outcome = try state.receive(request, snapshot: Fixture.snapshot())
        #expect(outcome.responses.isEmpty)
        #expect(outcome.nack == nil)
    }

    // MARK: - Subscriptions

    @Test(
        "Legacy wildcard: an empty name list for CDS or LDS gets every resource",
        arguments: [XDSResourceType.cluster, .listener]
    )
    func legacyWildcard(type: XDSResourceType) throws {
        let snapshot = Fixture.snapshot {
            $0.listeners.append(Fixture.listener("https", port: 8443, routes: "admin-routes"))
        }
        var state = SotWStreamState()
        let outcome = try state.receive(Fixture.request(type, withNode: true), snapshot: snapshot)
        let response = try #require(outcome.responses.first)
        #expect(outcome.responses.count == 1)
        #expect(response.typeURL == type.typeURL)
        #expect(response.versionInfo == snapshot.version(of: type))
        #expect(!response.nonce.isEmpty)
        #expect(try Fixture.names(response) == snapshot.encoded(type).map(\.name))
        #expect(try Fixture.names(response).count == 2)

        // Still wildcard on the next (empty) request: a later snapshot brings a new resource.
        let ack = try state.receive(Fixture.ack(response), snapshot: snapshot)
        #expect(ack.responses.isEmpty)
        let grown = Fixture.snapshot {
            $0.listeners.append(Fixture.listener("https", port: 8443, routes: "admin-routes"))
            $0.clusters.append(Fixture.cluster("gamma"))
            $0.listeners.append(Fixture.listener("tcp", port: 9000, routes: "admin-routes"))
        }
        let update = state.update(to: grown)
        #expect(try update.map(Fixture.names) == [grown.encoded(type).map(\.name)])
    }

    @Test("The first wildcard request is answered even when there is nothing to send")
    func emptyWildcardAnswered() throws {
        let empty = XDSSnapshot(XDSResources())
        var state = SotWStreamState()
        let clusters = try state.receive(Fixture.request(.cluster, withNode: true), snapshot: empty)
        let response = try #require(clusters.responses.first)
        #expect(response.resources.isEmpty)
        #expect(response.versionInfo == empty.version(of: .cluster))
        // Named types have nothing to say about resources that do not exist.
        let endpoints = try state.receive(Fixture.request(.clusterLoadAssignment, names: ["alpha"]), snapshot: empty)
        #expect(endpoints.responses.isEmpty)

        // Without a snapshot yet, the answer comes with the first one, empty or not.
        var waiting = SotWStreamState()
        #expect(try waiting.receive(Fixture.request(.listener, withNode: true), snapshot: nil).responses.isEmpty)
        #expect(
            try waiting.receive(Fixture.request(.routeConfiguration, names: ["x"]), snapshot: nil).responses.isEmpty
        )
        let first = waiting.update(to: empty)
        #expect(Fixture.types(first) == [.listener])
        #expect(first.first?.resources.isEmpty == true)
    }

    @Test("Explicit names limit a full-state type to those names; `*` among them subscribes to everything")
    func explicitNamesAndStar() throws {
        let snapshot = Fixture.snapshot()
        var named = SotWStreamState()
        let one = try named.receive(Fixture.request(.cluster, names: ["alpha"], withNode: true), snapshot: snapshot)
        #expect(try one.responses.map(Fixture.names) == [["alpha"]])

        var star = SotWStreamState()
        let all = try star.receive(
            Fixture.request(.cluster, names: ["*", "alpha"], withNode: true),
            snapshot: snapshot
        )
        #expect(try all.responses.map(Fixture.names) == [["alpha", "beta"]])

        // A new cluster reaches the `*` subscription only.
        let grown = Fixture.snapshot { $0.clusters.append(Fixture.cluster("gamma")) }
        #expect(try star.update(to: grown).map(Fixture.names) == [["alpha", "beta", "gamma"]])
        let namedUpdate = named.update(to: grown)
        #expect(try namedUpdate.map(Fixture.names).allSatisfy { $0 == ["alpha"] })
    }

    @Test("Once a type named resources, an empty list unsubscribes from everything instead of meaning wildcard")
    func emptyListAfterNamesUnsubscribes() throws {
        let snapshot = Fixture.snapshot()
        var state = SotWStreamState()
        let first = try state.receive(Fixture.request(.cluster, names: ["alpha"], withNode: true), snapshot: snapshot)
        let response = try #require(first.responses.first)
        let emptied = try state.receive(Fixture.ack(response, names: []), snapshot: snapshot)
        #expect(emptied.responses.isEmpty)
        // A later snapshot sends no cluster to a stream that wants none.
        let grown = Fixture.snapshot { $0.clusters.append(Fixture.cluster("gamma")) }
        #expect(try state.update(to: grown).map(Fixture.names).allSatisfy { $0.isEmpty })
    }

    @Test("An empty name list is no wildcard for RDS, EDS and SDS")
    func noWildcardForPartialTypes() throws {
        let snapshot = Fixture.snapshot()
        var state = SotWStreamState()
        for (index, type) in [XDSResourceType.routeConfiguration, .clusterLoadAssignment, .secret].enumerated() {
            let outcome = try state.receive(Fixture.request(type, withNode: index == 0), snapshot: snapshot)
            #expect(outcome.responses.isEmpty, "\(type)")
        }
        #expect(state.update(to: Fixture.snapshot { $0.secrets[0].name = "other" }).isEmpty)
    }

    @Test("A request at the same version that adds names gets the new names")
    func sameVersionAddsNames() throws {
        let snapshot = Fixture.snapshot()
        var state = SotWStreamState()
        let first = try state.receive(
            Fixture.request(.clusterLoadAssignment, names: ["alpha"], withNode: true),
            snapshot: snapshot
        )
        let alpha = try #require(first.responses.first)
        #expect(try Fixture.names(alpha) == ["alpha"])

        // Envoy learns of `beta` from CDS and asks for it at the version it has.
        let hint = try state.receive(Fixture.ack(alpha, names: ["alpha", "beta"]), snapshot: snapshot)
        let both = try #require(hint.responses.first)
        #expect(hint.responses.count == 1)
        #expect(try Fixture.names(both) == ["alpha", "beta"])
        #expect(both.versionInfo == alpha.versionInfo)
        #expect(both.nonce != alpha.nonce)
        #expect(hint.acknowledged?.type == .clusterLoadAssignment)
        #expect(hint.acknowledged?.version == alpha.versionInfo)

        // Asking for a name that does not exist sends nothing.
        let ghost = try state.receive(Fixture.ack(both, names: ["alpha", "beta", "ghost"]), snapshot: snapshot)
        #expect(ghost.responses.isEmpty)
    }

    @Test("A name dropped and asked for again is sent again, even at the same version")
    func droppedNameSentAgain() throws {
        let snapshot = Fixture.snapshot()
        var state = SotWStreamState()
        let first = try state.receive(
            Fixture.request(.clusterLoadAssignment, names: ["alpha", "beta"], withNode: true),
            snapshot: snapshot
        )
        let both = try #require(first.responses.first)
        // Dropping `beta` needs no response: SotW unsubscribes by listing what is still wanted.
        let dropped = try state.receive(Fixture.ack(both, names: ["alpha"]), snapshot: snapshot)
        #expect(dropped.responses.isEmpty)
        // Envoy forgot `beta`; asking for it again must bring it, though it was sent before.
        let again = try state.receive(Fixture.ack(both, names: ["alpha", "beta"]), snapshot: snapshot)
        #expect(try again.responses.map(Fixture.names) == [["alpha", "beta"]])
    }

    // MARK: - ACK, NACK, nonces

    @Test("An ACK is recorded and not answered")
    func ackNotAnswered() throws {
        let snapshot = Fixture.snapshot()
        var state = SotWStreamState()
        let first = try state.receive(Fixture.request(.cluster, withNode: true), snapshot: snapshot)
        let response = try #require(first.responses.first)
        #expect(first.acknowledged == nil)
        let ack = try state.receive(Fixture.ack(response), snapshot: snapshot)
        #expect(ack.responses.isEmpty)
        #expect(ack.nack == nil)
        #expect(ack.acknowledged?.type == .cluster)
        #expect(ack.acknowledged?.version == snapshot.version(of: .cluster))
        #expect(state.acknowledgedVersions == [.cluster: snapshot.version(of: .cluster)])
        // The same snapshot again sends nothing.
        #expect(state.update(to: snapshot).isEmpty)
        #expect(state.update(to: Fixture.snapshot()).isEmpty)
    }

    @Test("A NACK is recorded with Envoy's message and not answered")
    func nackRecorded() throws {
        let snapshot = Fixture.snapshot()
        var (state, latest) = try Self.subscribedStream(snapshot)
        let broken = Fixture.snapshot { $0.listeners[0].address.socketAddress.portValue = 80 }
        let update = state.update(to: broken)
        let listeners = try #require(update.first)
        #expect(Fixture.types(update) == [.listener])

        let message = """
            Error adding/updating listener(s) http: cannot bind '0.0.0.0:80': Permission denied
            and more
            """
        let outcome = try state.receive(
            Fixture.nack(listeners, lastGoodVersion: latest[.listener]!.versionInfo, message: message),
            snapshot: broken
        )
        #expect(outcome.responses.isEmpty)
        #expect(outcome.acknowledged == nil)
        let nack = try #require(outcome.nack)
        #expect(nack.type == .listener)
        #expect(nack.version == broken.version(of: .listener))
        #expect(nack.nodeID == Fixture.nodeID)
        #expect(nack.nodeKey == Fixture.nodeID)
        #expect(nack.message.hasPrefix("Error adding/updating listener(s) http: cannot bind"))
        #expect(nack.message.contains("Permission denied\\nand more"))
        #expect(!nack.message.contains("\n"))
        // The last acknowledged version stays what it was.
        #expect(state.acknowledgedVersions[.listener] == latest[.listener]!.versionInfo)
        // The rejected snapshot, published again, is not sent again (no NACK loop).
        #expect(state.update(to: broken).isEmpty)
        #expect(state.update(to: Fixture.snapshot { $0.listeners[0].address.socketAddress.portValue = 80 }).isEmpty)
    }

    @Test("Long NACK messages are shortened")
    func longNackShortened() throws {
        let snapshot = Fixture.snapshot()
        var state = SotWStreamState()
        let response = try #require(
            try state.receive(Fixture.request(.cluster, withNode: true), snapshot: snapshot).responses.first
        )
        let long = String(repeating: "Proto constraint validation failed (x): ", count: 200)
        let outcome = try state.receive(Fixture.nack(response, message: long), snapshot: snapshot)
        let nack = try #require(outcome.nack)
        #expect(nack.message.utf8.count <= NackRecord.messageLimit + "…".utf8.count)
        #expect(nack.message.hasPrefix("Proto constraint validation failed (x)"))
    }

    @Test("A rejected version is not sent again, not even for new names; the next snapshot version is")
    func rejectedVersionNotResent() throws {
        let snapshot = Fixture.snapshot()
        var state = SotWStreamState()
        let first = try state.receive(
            Fixture.request(.clusterLoadAssignment, names: ["alpha"], withNode: true),
            snapshot: snapshot
        )
        let alpha = try #require(first.responses.first)
        let nack = try state.receive(
            Fixture.nack(alpha, names: ["alpha"], message: "bad endpoints"),
            snapshot: snapshot
        )
        #expect(nack.responses.isEmpty)
        #expect(nack.nack?.version == alpha.versionInfo)

        // CDS adds `beta`; Envoy asks for it, still at the rejected nonce and no good version.
        let hint = try state.receive(
            Fixture.request(.clusterLoadAssignment, names: ["alpha", "beta"], nonce: alpha.nonce),
            snapshot: snapshot
        )
        #expect(hint.responses.isEmpty)
        #expect(hint.nack == nil)
        #expect(state.update(to: snapshot).isEmpty)

        // A new version goes out with every name asked for.
        let fixed = Fixture.snapshot { $0.clusterLoadAssignments[0] = Fixture.assignment("alpha", hosts: ["10.0.0.7"]) }
        let update = state.update(to: fixed)
        #expect(try update.map(Fixture.names) == [["alpha", "beta"]])
        #expect(update.first?.versionInfo == fixed.version(of: .clusterLoadAssignment))
        let ack = try state.receive(Fixture.ack(update[0], names: ["alpha", "beta"]), snapshot: fixed)
        #expect(ack.acknowledged?.version == fixed.version(of: .clusterLoadAssignment))
    }

    @Test("A rejected version is sent again once a later version was sent: the snapshot changed since")
    func rejectedVersionAfterOtherVersion() throws {
        let good = Fixture.snapshot()
        let bad = Fixture.snapshot { $0.listeners[0].address.socketAddress.portValue = 80 }
        var (state, _) = try Self.subscribedStream(good)
        let rejected = try #require(state.update(to: bad).first)
        #expect(try state.receive(Fixture.nack(rejected, message: "cannot bind"), snapshot: bad).nack != nil)
        // Back to the good configuration, acknowledged.
        let back = try #require(state.update(to: good).first)
        #expect(back.versionInfo == good.version(of: .listener))
        #expect(try state.receive(Fixture.ack(back), snapshot: good).acknowledged != nil)
        // The port is free now and the operator applies the same change again: it must reach Envoy.
        let retry = state.update(to: bad)
        #expect(retry.map(\.versionInfo) == [bad.version(of: .listener)])
    }

    @Test("A request with a stale nonce is ignored, NACKs included")
    func staleNonceIgnored() throws {
        let snapshot = Fixture.snapshot()
        var state = SotWStreamState()
        let first = try state.receive(
            Fixture.request(.clusterLoadAssignment, names: ["alpha"], withNode: true),
            snapshot: snapshot
        )
        let old = try #require(first.responses.first)
        let changed = Fixture.snapshot {
            $0.clusterLoadAssignments[0] = Fixture.assignment("alpha", hosts: ["10.0.0.5"])
        }
        let newer = try #require(state.update(to: changed).first)
        #expect(newer.nonce != old.nonce)

        // The ACK of the older response arrives after the newer one went out, with a new name.
        let late = try state.receive(Fixture.ack(old, names: ["alpha", "beta"]), snapshot: changed)
        #expect(late.responses.isEmpty)
        #expect(late.acknowledged == nil)
        let lateNack = try state.receive(Fixture.nack(old, message: "late"), snapshot: changed)
        #expect(lateNack.nack == nil)
        #expect(lateNack.responses.isEmpty)
        let unknown = try state.receive(
            Fixture.request(.clusterLoadAssignment, names: ["beta"], nonce: "no-such-nonce"),
            snapshot: changed
        )
        #expect(unknown.responses.isEmpty)

        // The current one is acknowledged, and its new name is answered.
        let current = try state.receive(Fixture.ack(newer, names: ["alpha", "beta"]), snapshot: changed)
        #expect(current.acknowledged?.version == changed.version(of: .clusterLoadAssignment))
        #expect(try current.responses.map(Fixture.names) == [["alpha", "beta"]])
    }

    @Test("A new stream's first request is answered even when it carries the version it has")
    func reconnectAnswered() throws {
        let snapshot = Fixture.snapshot()
        var state = SotWStreamState()
        let outcome = try state.receive(
            Fixture.request(.cluster, version: snapshot.version(of: .cluster), nonce: "7", withNode: true),
            snapshot: snapshot
        )
        #expect(try outcome.responses.map(Fixture.names) == [["alpha", "beta"]])
    }

    // MARK: - Full state and subsets

    @Test("LDS and CDS responses hold every resource, also when one changed")
    func fullStateTypes() throws {
        var (state, _) = try Self.subscribedStream(Fixture.snapshot())
        let changed = Fixture.snapshot {
            $0.clusters[1].connectTimeout = Google_Protobuf_Duration(seconds: 2)
            $0.listeners.append(Fixture.listener("https", port: 8443, routes: "admin-routes"))
        }
        let update = state.update(to: changed)
        let clusters = try #require(update.first { $0.typeURL == XDSResourceType.cluster.typeURL })
        let listeners = try #require(update.first { $0.typeURL == XDSResourceType.listener.typeURL })
        #expect(try Fixture.names(clusters) == ["alpha", "beta"])
        #expect(try Fixture.names(listeners) == ["http", "https"])
        #expect(clusters.versionInfo == changed.version(of: .cluster))
    }

    @Test("RDS and EDS responses hold only the names asked for; a missing one goes out once it exists")
    func partialTypes() throws {
        let snapshot = Fixture.snapshot()
        var (state, latest) = try Self.subscribedStream(snapshot, clusters: ["alpha"], routes: ["http-routes"])
        #expect(try Fixture.names(latest[.clusterLoadAssignment]!) == ["alpha"])
        #expect(try Fixture.names(latest[.routeConfiguration]!) == ["http-routes"])

        // Envoy asks for routes nobody publishes yet: nothing to send.
        let wanted = ["http-routes", "https-routes"]
        let ask = try state.receive(Fixture.ack(latest[.routeConfiguration]!, names: wanted), snapshot: snapshot)
        #expect(ask.responses.isEmpty)
        let published = Fixture.snapshot {
            $0.routeConfigurations.append(Fixture.routes("https-routes", clusters: ["alpha"]))
        }
        let update = state.update(to: published)
        #expect(Fixture.types(update) == [.routeConfiguration])
        #expect(try update.map(Fixture.names) == [wanted])
    }

    // MARK: - Order, make before break, endpoints after clusters

    @Test("Updates go out SDS, CDS, EDS, LDS, RDS, whatever order the subscriptions came in")
    func adsOrder() throws {
        var state = SotWStreamState()
        let requests: [(XDSResourceType, [String])] = [
            (.routeConfiguration, ["http-routes"]), (.listener, []), (.clusterLoadAssignment, ["alpha", "beta"]),
            (.cluster, []), (.secret, ["tls-cert"]),
        ]
        for (index, (type, names)) in requests.enumerated() {
            let outcome = try state.receive(Fixture.request(type, names: names, withNode: index == 0), snapshot: nil)
            #expect(outcome.responses.isEmpty)
        }
        let first = state.update(to: Fixture.snapshot())
        #expect(Fixture.types(first) == [.secret, .cluster, .clusterLoadAssignment, .listener, .routeConfiguration])

        for response in first {
            let type = try #require(XDSResourceType(typeURL: response.typeURL))
            let names = requests.first { $0.0 == type }!.1
            #expect(
                try state.receive(Fixture.ack(response, names: names), snapshot: Fixture.snapshot()).responses.isEmpty
            )
        }
        let everything = Fixture.snapshot {
            $0.secrets[0] = Fixture.secret("tls-cert", certificate: "renewed")
            $0.clusters[0].connectTimeout = Google_Protobuf_Duration(seconds: 3)
            $0.clusterLoadAssignments[1] = Fixture.assignment("beta", hosts: ["10.0.1.2"])
            $0.listeners[0].address.socketAddress.portValue = 8081
            $0.routeConfigurations[1] = Fixture.routes("http-routes", clusters: ["beta", "alpha"])
        }
        let second = state.update(to: everything)
        #expect(Fixture.types(second) == [.secret, .cluster, .clusterLoadAssignment, .listener, .routeConfiguration])
        let nonces = second.map(\.nonce)
        #expect(Set(nonces).count == nonces.count)
    }

    @Test("A removed cluster stays in a first CDS response and leaves in a last one, after every other type")
    func clusterRemovalMakeBeforeBreak() throws {
        var (state, _) = try Self.subscribedStream(Fixture.snapshot())
        // Routes move from `beta` to a new `gamma`; `beta` goes.
        let moved = Fixture.snapshot {
            $0.clusters = [Fixture.cluster("alpha"), Fixture.cluster("gamma")]
            $0.clusterLoadAssignments = [
                Fixture.assignment("alpha", hosts: ["10.0.0.1", "10.0.0.2"]),
                Fixture.assignment("gamma", hosts: ["10.0.2.1"]),
            ]
            $0.routeConfigurations = [
                Fixture.routes("admin-routes", clusters: ["gamma"]),
                Fixture.routes("http-routes", clusters: ["alpha", "gamma"]),
            ]
        }
        let update = state.update(to: moved)
        #expect(Fixture.types(update) == [.cluster, .clusterLoadAssignment, .routeConfiguration, .cluster])
        let before = try Fixture.names(update[0])
        let after = try Fixture.names(update[3])
        #expect(before == ["alpha", "beta", "gamma"])
        #expect(after == ["alpha", "gamma"])
        #expect(update[3].versionInfo == moved.version(of: .cluster))
        #expect(update[0].versionInfo != update[3].versionInfo)
        #expect(update[0].versionInfo != moved.version(of: .cluster))
        // EDS keeps the names Envoy asked for that still exist; `gamma`'s comes once Envoy asks for it.
        #expect(try Fixture.names(update[1]) == ["alpha"])

        // Envoy's ACK of the first CDS response is stale by then; the last one's counts.
        #expect(try state.receive(Fixture.ack(update[0]), snapshot: moved).acknowledged == nil)
        let ack = try state.receive(Fixture.ack(update[3]), snapshot: moved)
        #expect(ack.acknowledged?.version == moved.version(of: .cluster))
        #expect(ack.responses.isEmpty)
        let gamma = try state.receive(Fixture.ack(update[1], names: ["alpha", "gamma"]), snapshot: moved)
        #expect(try gamma.responses.map(Fixture.names) == [["alpha", "gamma"]])
        // Nothing lingers into the next update.
        #expect(state.update(to: moved).isEmpty)
    }

    @Test("A replaced listener goes out alongside its successor first and leaves in a last LDS response")
    func listenerRemovalMakeBeforeBreak() throws {
        var (state, _) = try Self.subscribedStream(Fixture.snapshot())
        let replaced = Fixture.snapshot {
            $0.listeners = [Fixture.listener("http-v2", port: 8081, routes: "admin-routes")]
        }
        let update = state.update(to: replaced)
        #expect(Fixture.types(update) == [.listener, .listener])
        #expect(try Fixture.names(update[0]) == ["http", "http-v2"])
        #expect(try Fixture.names(update[1]) == ["http-v2"])
    }

    @Test("A changed cluster makes its endpoints go out again though they did not change")
    func assignmentResentWithCluster() throws {
        let snapshot = Fixture.snapshot()
        var (state, latest) = try Self.subscribedStream(snapshot)
        let changed = Fixture.snapshot { $0.clusters[0].connectTimeout = Google_Protobuf_Duration(seconds: 1) }
        #expect(changed.resources.clusterLoadAssignments == snapshot.resources.clusterLoadAssignments)
        let update = state.update(to: changed)
        #expect(Fixture.types(update) == [.cluster, .clusterLoadAssignment])
        #expect(try Fixture.names(update[1]) == ["alpha", "beta"])
        #expect(update[1].versionInfo != latest[.clusterLoadAssignment]!.versionInfo)
        #expect(update[1].versionInfo == changed.version(of: .clusterLoadAssignment))
    }

    @Test("A snapshot that changes one type sends only that type")
    func onlyChangedTypes() throws {
        var (state, _) = try Self.subscribedStream(Fixture.snapshot())
        let routesOnly = Fixture.snapshot {
            $0.routeConfigurations[1] = Fixture.routes("http-routes", clusters: ["alpha"])
        }
        #expect(Fixture.types(state.update(to: routesOnly)) == [.routeConfiguration])
        let secretOnly = Fixture.snapshot {
            $0.routeConfigurations[1] = Fixture.routes("http-routes", clusters: ["alpha"])
            $0.secrets[0] = Fixture.secret("tls-cert", certificate: "renewed")
        }
        #expect(Fixture.types(state.update(to: secretOnly)) == [.secret])
    }
}
