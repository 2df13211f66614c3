import SwiftProtobuf
import Testing

@testable import GatewayXDS

/// The delta (incremental) stream state machine against the xDS protocol rules: subscribe and unsubscribe,
/// wildcard forms, reconnects with `initial_resource_versions`, removals, nonces and NACKs.
@Suite("Delta ADS streams")
struct DeltaProtocolTests {
    typealias Fixture = ProtocolFixture
    typealias Response = Envoy_Service_Discovery_V3_DeltaDiscoveryResponse

    /// A stream subscribed the way Envoy does it (CDS and LDS wildcard, EDS, RDS and SDS by name), every first
    /// response acknowledged.
    static func subscribedStream(
        _ snapshot: XDSSnapshot,
        clusters: [String] = ["alpha", "beta"],
        routes: [String] = ["http-routes"]
    ) throws -> DeltaStreamState {
        var state = DeltaStreamState()
        let requests: [(XDSResourceType, [String])] = [
            (.cluster, []), (.clusterLoadAssignment, clusters), (.listener, []), (.routeConfiguration, routes),
            (.secret, ["tls-cert"]),
        ]
        for (index, (type, names)) in requests.enumerated() {
            let outcome = try state.receive(
                Fixture.deltaRequest(type, subscribe: names, withNode: index == 0),
                snapshot: snapshot
            )
            let response = try #require(outcome.responses.first)
            #expect(outcome.responses.count == 1)
            #expect(try state.receive(Fixture.deltaAck(response), snapshot: snapshot).responses.isEmpty)
        }
        return state
    }

    /// The versions a client holds after receiving `type` from `snapshot`.
    static func versions(_ snapshot: XDSSnapshot, _ type: XDSResourceType) -> [String: String] {
        Dictionary(uniqueKeysWithValues: snapshot.encoded(type).map { ($0.name, $0.version) })
    }

    @Test("The first request must carry node.id")
    func firstRequestNeedsNode() throws {
        var state = DeltaStreamState()
        #expect(throws: DiscoveryStreamFailure.missingNode) {
            try state.receive(Fixture.deltaRequest(.cluster), snapshot: Fixture.snapshot())
        }
        let outcome = try state.receive(Fixture.deltaRequest(.cluster, withNode: true), snapshot: Fixture.snapshot())
        #expect(outcome.responses.count == 1)
        #expect(state.node?.id == Fixture.nodeID)
    }

    // MARK: - Subscriptions

    @Test("Subscribing sends the named resources; unsubscribing stops their updates")
    func subscribeAndUnsubscribe() throws {
        let snapshot = Fixture.snapshot()
        var state = DeltaStreamState()
        let first = try state.receive(
            Fixture.deltaRequest(.clusterLoadAssignment, subscribe: ["alpha"], withNode: true),
            snapshot: snapshot
        )
        let alpha = try #require(first.responses.first)
        #expect(try Fixture.names(alpha) == ["alpha"])
        #expect(alpha.removedResources.isEmpty)
        #expect(!alpha.nonce.isEmpty)
        #expect(alpha.resources.first?.version == snapshot.encoded(.clusterLoadAssignment, named: "alpha")?.version)

        let ack = try state.receive(Fixture.deltaAck(alpha), snapshot: snapshot)
        #expect(ack.responses.isEmpty)
        #expect(ack.acknowledged?.type == .clusterLoadAssignment)

        // Adding a name sends that name only.
        let more = try state.receive(
            Fixture.deltaRequest(.clusterLoadAssignment, subscribe: ["beta"], nonce: alpha.nonce),
            snapshot: snapshot
        )
        #expect(try more.responses.map(Fixture.names) == [["beta"]])

        // Unsubscribing needs no answer, and the resource's changes no longer come.
        let less = try state.receive(
            Fixture.deltaRequest(.clusterLoadAssignment, unsubscribe: ["alpha"], nonce: more.responses[0].nonce),
            snapshot: snapshot
        )
        #expect(less.responses.isEmpty)
        let changed = Fixture.snapshot {
            $0.clusterLoadAssignments[0] = Fixture.assignment("alpha", hosts: ["10.0.0.9"])
            $0.clusterLoadAssignments[1] = Fixture.assignment("beta", hosts: ["10.0.1.9"])
        }
        let update = state.update(to: changed)
        #expect(try update.map(Fixture.names) == [["beta"]])
        #expect(update.allSatisfy { $0.removedResources.isEmpty })
        // Unsubscribing a name the stream never heard of is fine and quiet.
        let unknown = try state.receive(
            Fixture.deltaRequest(.clusterLoadAssignment, unsubscribe: ["nope"]),
            snapshot: changed
        )
        #expect(unknown.responses.isEmpty)
    }

    @Test("Subscribing again to a resource the client has sends it again")
    func resubscribeSendsAgain() throws {
        let snapshot = Fixture.snapshot()
        var state = try Self.subscribedStream(snapshot)
        let again = try state.receive(
            Fixture.deltaRequest(.clusterLoadAssignment, subscribe: ["alpha"]),
            snapshot: snapshot
        )
        #expect(try again.responses.map(Fixture.names) == [["alpha"]])
    }

    @Test(
        "Legacy wildcard: a first request naming nothing gets every cluster or listener",
        arguments: [XDSResourceType.cluster, .listener]
    )
    func legacyWildcard(type: XDSResourceType) throws {
        let snapshot = Fixture.snapshot {
            $0.listeners.append(Fixture.listener("https", port: 8443, routes: "admin-routes"))
        }
        var state = DeltaStreamState()
        let outcome = try state.receive(Fixture.deltaRequest(type, withNode: true), snapshot: snapshot)
        let response = try #require(outcome.responses.first)
        #expect(try Fixture.names(response) == snapshot.encoded(type).map(\.name))
        #expect(response.systemVersionInfo == snapshot.version(of: type))
        #expect(try state.receive(Fixture.deltaAck(response), snapshot: snapshot).responses.isEmpty)

        // New resources of the type come without being named.
        let grown = Fixture.snapshot {
            $0.listeners.append(Fixture.listener("https", port: 8443, routes: "admin-routes"))
            $0.listeners.append(Fixture.listener("tcp", port: 9000, routes: "admin-routes"))
            $0.clusters.append(Fixture.cluster("gamma"))
        }
        let update = state.update(to: grown)
        #expect(try update.map(Fixture.names) == [[type == .cluster ? "gamma" : "tcp"]])
    }

    @Test("The first wildcard request is answered even when there is nothing to send")
    func emptyWildcardAnswered() throws {
        let empty = XDSSnapshot(XDSResources())
        var state = DeltaStreamState()
        let outcome = try state.receive(Fixture.deltaRequest(.cluster, withNode: true), snapshot: empty)
        let response = try #require(outcome.responses.first)
        #expect(response.resources.isEmpty)
        #expect(response.removedResources.isEmpty)
        #expect(response.typeURL == XDSResourceType.cluster.typeURL)
        // Once answered, an empty snapshot again says nothing.
        #expect(try state.receive(Fixture.deltaAck(response), snapshot: empty).responses.isEmpty)
        #expect(state.update(to: empty).isEmpty)

        // Before any snapshot: the answer comes with the first one.
        var waiting = DeltaStreamState()
        let early = try waiting.receive(
            Fixture.deltaRequest(.listener, subscribe: ["*"], withNode: true),
            snapshot: nil
        )
        #expect(early.responses.isEmpty)
        let first = waiting.update(to: empty)
        #expect(Fixture.types(first) == [.listener])
        #expect(first.first?.resources.isEmpty == true)
        // A named subscription to nothing stays quiet.
        #expect(
            try waiting.receive(Fixture.deltaRequest(.routeConfiguration, subscribe: ["x"]), snapshot: empty).responses
                .isEmpty
        )
    }

    @Test("`*` with an explicit name: unsubscribing the name sends it again, since the wildcard still covers it")
    func starPlusNameUnsubscribed() throws {
        let snapshot = Fixture.snapshot()
        var state = DeltaStreamState()
        let first = try state.receive(
            Fixture.deltaRequest(.cluster, subscribe: ["*", "alpha"], withNode: true),
            snapshot: snapshot
        )
        let response = try #require(first.responses.first)
        #expect(try Fixture.names(response) == ["alpha", "beta"])
        _ = try state.receive(Fixture.deltaAck(response), snapshot: snapshot)

        let dropped = try state.receive(
            Fixture.deltaRequest(.cluster, unsubscribe: ["alpha"], nonce: response.nonce),
            snapshot: snapshot
        )
        #expect(try dropped.responses.map(Fixture.names) == [["alpha"]])
        #expect(dropped.responses.allSatisfy { $0.removedResources.isEmpty })

        // Unsubscribing `*` leaves nothing: later clusters do not come, and nothing is removed.
        var other = DeltaStreamState()
        let star = try #require(
            try other.receive(Fixture.deltaRequest(.cluster, subscribe: ["*"], withNode: true), snapshot: snapshot)
                .responses.first
        )
        #expect(try Fixture.names(star) == ["alpha", "beta"])
        let off = try other.receive(Fixture.deltaRequest(.cluster, unsubscribe: ["*"]), snapshot: snapshot)
        #expect(off.responses.isEmpty)
        #expect(other.update(to: Fixture.snapshot { $0.clusters.append(Fixture.cluster("gamma")) }).isEmpty)
    }

    // MARK: - Reconnects and removals

    @Test("A reconnect with initial_resource_versions skips unchanged resources, sends changed, removes vanished")
    func reconnectWithInitialVersions() throws {
        let before = Fixture.snapshot()
        let now = Fixture.snapshot {
            $0.clusters = [Fixture.cluster("alpha"), Fixture.cluster("gamma")]
            $0.clusterLoadAssignments = [
                Fixture.assignment("alpha", hosts: ["10.0.0.1", "10.0.0.2"]),
                Fixture.assignment("gamma", hosts: ["10.0.2.1"]),
            ]
            $0.routeConfigurations[1] = Fixture.routes("http-routes", clusters: ["alpha", "gamma"])
        }
        var state = DeltaStreamState()
        // Envoy ≥ 1.19 reconnects to wildcard types with an empty subscribe list and what it has.
        let clusters = try state.receive(
            Fixture.deltaRequest(.cluster, initialVersions: Self.versions(before, .cluster), withNode: true),
            snapshot: now
        )
        let clusterResponse = try #require(clusters.responses.first)
        #expect(clusters.responses.count == 1)
        #expect(try Fixture.names(clusterResponse) == ["gamma"])
        #expect(clusterResponse.removedResources == ["beta"])

        // Named types list what they want and what they have.
        let endpoints = try state.receive(
            Fixture.deltaRequest(
                .clusterLoadAssignment,
                subscribe: ["alpha", "beta"],
                initialVersions: Self.versions(before, .clusterLoadAssignment)
            ),
            snapshot: now
        )
        let endpointResponse = try #require(endpoints.responses.first)
        #expect(try Fixture.names(endpointResponse).isEmpty)
        #expect(endpointResponse.removedResources == ["beta"])

        let routes = try state.receive(
            Fixture.deltaRequest(
                .routeConfiguration,
                subscribe: ["http-routes", "admin-routes"],
                initialVersions: Self.versions(before, .routeConfiguration)
            ),
            snapshot: now
        )
        #expect(try routes.responses.map(Fixture.names) == [["http-routes"]])
        #expect(routes.responses.allSatisfy { $0.removedResources.isEmpty })

        // Nothing changed since: nothing to send.
        let listeners = try state.receive(
            Fixture.deltaRequest(.listener, initialVersions: Self.versions(before, .listener)),
            snapshot: now
        )
        #expect(listeners.responses.allSatisfy { $0.resources.isEmpty && $0.removedResources.isEmpty })
    }

    @Test("A reconnect before any snapshot catches up when the snapshot arrives")
    func reconnectBeforeSnapshot() throws {
        let before = Fixture.snapshot()
        let now = Fixture.snapshot { $0.clusters = [Fixture.cluster("alpha", connectTimeout: 2)] }
        var state = DeltaStreamState()
        let early = try state.receive(
            Fixture.deltaRequest(.cluster, initialVersions: Self.versions(before, .cluster), withNode: true),
            snapshot: nil
        )
        #expect(early.responses.isEmpty)
        let update = state.update(to: now)
        #expect(try update.map(Fixture.names) == [["alpha"], []])
        #expect(update.map(\.removedResources) == [[], ["beta"]])
    }

    @Test("Removals go out after every update, in one response per type")
    func removalsAfterUpdates() throws {
        var state = try Self.subscribedStream(Fixture.snapshot())
        let moved = Fixture.snapshot {
            $0.clusters = [Fixture.cluster("alpha"), Fixture.cluster("gamma")]
            $0.clusterLoadAssignments = [
                Fixture.assignment("alpha", hosts: ["10.0.0.1", "10.0.0.2"]),
                Fixture.assignment("gamma", hosts: ["10.0.2.1"]),
            ]
            $0.listeners = [Fixture.listener("http-v2", port: 8081, routes: "http-routes")]
            $0.routeConfigurations[1] = Fixture.routes("http-routes", clusters: ["alpha", "gamma"])
        }
        let update = state.update(to: moved)
        #expect(
            Fixture.types(update) == [
                .cluster, .listener, .routeConfiguration, .cluster, .clusterLoadAssignment, .listener,
            ]
        )
        let updates = update.prefix(3)
        let removals = update.suffix(3)
        #expect(updates.allSatisfy { $0.removedResources.isEmpty })
        #expect(removals.allSatisfy { $0.resources.isEmpty })
        #expect(try updates.map(Fixture.names) == [["gamma"], ["http-v2"], ["http-routes"]])
        #expect(removals.map(\.removedResources) == [["beta"], ["beta"], ["http"]])
        let nonces = update.map(\.nonce)
        #expect(Set(nonces).count == nonces.count)
        // Removed once, never again.
        for response in update {
            _ = try state.receive(Fixture.deltaAck(response), snapshot: moved)
        }
        #expect(state.update(to: moved).isEmpty)
    }

    @Test("Nothing the client never had is reported removed")
    func neverRemoveWhatClientNeverHad() throws {
        let snapshot = Fixture.snapshot()
        var state = DeltaStreamState()
        let ghost = try state.receive(
            Fixture.deltaRequest(.clusterLoadAssignment, subscribe: ["ghost"], withNode: true),
            snapshot: snapshot
        )
        #expect(ghost.responses.isEmpty)
        #expect(state.update(to: Fixture.snapshot { $0.clusterLoadAssignments.removeLast() }).isEmpty)
        // A resource that appears and goes again is removed: the client had it then.
        let appears = Fixture.snapshot {
            $0.clusterLoadAssignments.append(Fixture.assignment("ghost", hosts: ["10.9.9.9"]))
        }
        #expect(try state.update(to: appears).map(Fixture.names) == [["ghost"]])
        let gone = state.update(to: snapshot)
        #expect(gone.map(\.removedResources) == [["ghost"]])
        #expect(state.update(to: XDSSnapshot(XDSResources())).isEmpty)
    }

    // MARK: - Nonces and NACKs

    @Test("Subscription changes apply even on a stale nonce")
    func subscriptionOnStaleNonce() throws {
        let snapshot = Fixture.snapshot()
        var state = DeltaStreamState()
        let first = try state.receive(
            Fixture.deltaRequest(.clusterLoadAssignment, subscribe: ["alpha"], withNode: true),
            snapshot: snapshot
        )
        let old = try #require(first.responses.first)
        let changed = Fixture.snapshot {
            $0.clusterLoadAssignments[0] = Fixture.assignment("alpha", hosts: ["10.0.0.3"])
        }
        let newer = try #require(state.update(to: changed).first)
        #expect(newer.nonce != old.nonce)

        let late = try state.receive(
            Fixture.deltaRequest(.clusterLoadAssignment, subscribe: ["beta"], nonce: old.nonce),
            snapshot: changed
        )
        #expect(try late.responses.map(Fixture.names) == [["beta"]])
        #expect(late.acknowledged == nil)
        #expect(late.nack == nil)
    }

    @Test("A NACK is recorded and the rejected versions are not sent again; later changes are")
    func nackNotResent() throws {
        let snapshot = Fixture.snapshot()
        var state = try Self.subscribedStream(snapshot)
        let broken = Fixture.snapshot { $0.clusters[0].connectTimeout = Google_Protobuf_Duration(seconds: -1) }
        let update = state.update(to: broken)
        #expect(Fixture.types(update) == [.cluster, .clusterLoadAssignment])
        var nack = Fixture.deltaAck(update[0])
        nack.errorDetail.code = 13
        nack.errorDetail.message = "Proto constraint validation failed (ClusterValidationError.ConnectTimeout)"
        let outcome = try state.receive(nack, snapshot: broken)
        #expect(outcome.responses.isEmpty)
        #expect(outcome.acknowledged == nil)
        let record = try #require(outcome.nack)
        #expect(record.type == .cluster)
        #expect(record.version == broken.version(of: .cluster))
        #expect(record.message.hasPrefix("Proto constraint validation failed"))

        // Asking again, publishing again: the rejected cluster stays parked.
        #expect(try state.receive(Fixture.deltaRequest(.cluster), snapshot: broken).responses.isEmpty)
        #expect(state.update(to: broken).isEmpty)
        // Another cluster changes: only it goes out.
        let other = Fixture.snapshot {
            $0.clusters[0].connectTimeout = Google_Protobuf_Duration(seconds: -1)
            $0.clusters[1].connectTimeout = Google_Protobuf_Duration(seconds: 7)
        }
        let otherUpdate = state.update(to: other)
        #expect(
            try otherUpdate.filter { $0.typeURL == XDSResourceType.cluster.typeURL }.map(Fixture.names) == [["beta"]]
        )
        // The fix goes out.
        let fixed = Fixture.snapshot { $0.clusters[1].connectTimeout = Google_Protobuf_Duration(seconds: 7) }
        let fixUpdate = state.update(to: fixed)
        #expect(
            try fixUpdate.filter { $0.typeURL == XDSResourceType.cluster.typeURL }.map(Fixture.names) == [["alpha"]]
        )
    }

    @Test("A NACK of an update followed by a removal of the same type is still recorded")
    func nackOfEarlierResponseRecorded() throws {
        var state = try Self.subscribedStream(Fixture.snapshot())
        let moved = Fixture.snapshot {
            $0.clusters = [Fixture.cluster("alpha", connectTimeout: -1)]
            $0.clusterLoadAssignments.removeLast()
        }
        let update = state.update(to: moved)
        #expect(Fixture.types(update) == [.cluster, .clusterLoadAssignment, .cluster, .clusterLoadAssignment])
        // Envoy rejects the updated cluster and accepts the removal.
        var nack = Fixture.deltaAck(update[0])
        nack.errorDetail.message = "Proto constraint validation failed"
        let outcome = try state.receive(nack, snapshot: moved)
        #expect(outcome.nack?.type == .cluster)
        #expect(outcome.responses.isEmpty)
        let ack = try state.receive(Fixture.deltaAck(update[2]), snapshot: moved)
        #expect(ack.nack == nil)
        #expect(ack.responses.isEmpty)
        // A stale nonce that never was ours is no NACK.
        var stranger = Fixture.deltaRequest(.cluster, nonce: "999")
        stranger.errorDetail.message = "?"
        #expect(try state.receive(stranger, snapshot: moved).nack == nil)
    }

    @Test("A changed cluster makes its endpoints go out again though they did not change")
    func assignmentResentWithCluster() throws {
        let snapshot = Fixture.snapshot()
        var state = try Self.subscribedStream(snapshot)
        let changed = Fixture.snapshot { $0.clusters[0].connectTimeout = Google_Protobuf_Duration(seconds: 1) }
        let update = state.update(to: changed)
        #expect(Fixture.types(update) == [.cluster, .clusterLoadAssignment])
        #expect(try update.map(Fixture.names) == [["alpha"], ["alpha"]])
        #expect(update[1].resources[0].version == changed.encoded(.clusterLoadAssignment, named: "alpha")?.version)
        #expect(update[1].resources[0].version != snapshot.encoded(.clusterLoadAssignment, named: "alpha")?.version)
    }

    @Test("Updates go out SDS, CDS, EDS, LDS, RDS")
    func adsOrder() throws {
        var state = try Self.subscribedStream(Fixture.snapshot())
        let everything = Fixture.snapshot {
            $0.secrets[0] = Fixture.secret("tls-cert", certificate: "renewed")
            $0.clusters[1].connectTimeout = Google_Protobuf_Duration(seconds: 3)
            $0.listeners[0].address.socketAddress.portValue = 8081
            $0.routeConfigurations[1] = Fixture.routes("http-routes", clusters: ["beta", "alpha"])
        }
        let update = state.update(to: everything)
        #expect(Fixture.types(update) == [.secret, .cluster, .clusterLoadAssignment, .listener, .routeConfiguration])
        #expect(try update.map(Fixture.names) == [["tls-cert"], ["beta"], ["beta"], ["http"], ["http-routes"]])
    }

    @Test("An ACK is not answered and reports the type's version")
    func ackNotAnswered() throws {
        let snapshot = Fixture.snapshot()
        var state = DeltaStreamState()
        let response = try #require(
            try state.receive(Fixture.deltaRequest(.cluster, withNode: true), snapshot: snapshot).responses.first
        )
        let ack = try state.receive(Fixture.deltaAck(response), snapshot: snapshot)
        #expect(ack.responses.isEmpty)
        #expect(ack.acknowledged?.type == .cluster)
        #expect(ack.acknowledged?.version == snapshot.version(of: .cluster))
        #expect(state.update(to: Fixture.snapshot()).isEmpty)
    }
}
