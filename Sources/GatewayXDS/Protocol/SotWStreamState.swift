/// The server side of one state-of-the-world ADS stream: what each type is subscribed to, what was sent
/// and acknowledged, and which responses to send next. Pure state; the server feeds it requests and
/// snapshots and writes what it returns, in order.
///
/// Rules (xDS protocol, "ACK/NACK and resource type instance version"):
/// - A request whose `response_nonce` is not the latest one sent for its type is stale and ignored.
/// - A request with `error_detail` is a NACK: it is recorded and not answered, and the rejected version is
///   not sent again; only a snapshot with a different version is.
/// - Listeners and clusters are full state: each response holds every subscribed resource. When some go
///   away, the first response of an update still holds them and a last one, after every other type,
///   drops them (make before break).
struct SotWStreamState: DiscoveryStreamState {
    static let variant = StreamStatus.Variant.stateOfTheWorld

    /// The node from the first request.
    private(set) var node: Envoy_Config_Core_V3_Node?
    private var subscriptions: [XDSResourceType: Subscription] = [:]
    private var nonceCounter: UInt64 = 0

    /// What a stream knows about one type. Names are kept as arrays of the snapshot's own strings (shared,
    /// not copied), so a stream costs little beyond the snapshot even with thousands of subscribed names.
    struct Subscription {
        /// The names of the latest request, as sent (for recognising a request that changes nothing).
        var requested: [String] = []
        /// The subscribed names, sorted, without `*`.
        var names: [String] = []
        var wildcard = false
        /// Whether any request named resources; until then an empty list means wildcard (legacy form).
        var named = false
        var nonce: String?
        var sentVersion: String?
        /// `names` when the latest response was built, less those no longer requested since.
        var sentNames: [String] = []
        /// The snapshot the latest response was built from.
        var sentSnapshot: XDSSnapshot?
        var ackedVersion: String?
        var rejectedVersion: String?
    }

    /// Handles one request; `snapshot` is the node's current snapshot, if there is one yet.
    mutating func receive(
        _ request: Envoy_Service_Discovery_V3_DiscoveryRequest,
        snapshot: XDSSnapshot?
    ) throws(DiscoveryStreamFailure) -> DiscoveryOutcome<Envoy_Service_Discovery_V3_DiscoveryResponse> {
        if node == nil {
            guard request.hasNode, !request.node.id.isEmpty else { throw .missingNode }
            node = request.node
        }
        guard let type = XDSResourceType(typeURL: request.typeURL) else { return DiscoveryOutcome() }
        var subscription = subscriptions[type] ?? Subscription()
        var outcome = DiscoveryOutcome<Envoy_Service_Discovery_V3_DiscoveryResponse>()
        if let nonce = subscription.nonce, request.responseNonce != nonce {
            // Answers an older response; a later request supersedes it.
            return outcome
        }
        if request.hasErrorDetail {
            let version = subscription.sentVersion ?? ""
            subscription.rejectedVersion = version
            subscriptions[type] = subscription
            outcome.nack = NackRecord(
                nodeKey: node.map(NodeKey.of) ?? "",
                nodeID: node?.id ?? "",
                type: type,
                version: version,
                message: request.errorDetail.message
            )
            return outcome
        }
        if subscription.nonce != nil, request.versionInfo == subscription.sentVersion {
            subscription.ackedVersion = request.versionInfo
            outcome.acknowledged = (type, request.versionInfo)
        }
        let first = subscription.nonce == nil
        // An ACK names what the previous request named: nothing to recompute (the common case by far).
        if first || request.resourceNames != subscription.requested {
            subscription.subscribe(to: request.resourceNames, type: type, interning: snapshot)
        }
        subscriptions[type] = subscription
        if let snapshot, let response = respond(type, snapshot: snapshot, force: first) {
            outcome.responses.append(response)
        }
        return outcome
    }

    /// The responses a new snapshot calls for, in ADS order; full-state types that lose resources get a
    /// last response without them.
    mutating func update(to snapshot: XDSSnapshot) -> [Envoy_Service_Discovery_V3_DiscoveryResponse] {
        var responses: [Envoy_Service_Discovery_V3_DiscoveryResponse] = []
        var removals: [XDSResourceType] = []
        for type in XDSResourceType.allCases where subscriptions[type] != nil {
            let lingering = type.isFullState ? removedResources(type, in: snapshot) : []
            if let response = respond(type, snapshot: snapshot, force: false, keeping: lingering) {
                responses.append(response)
                if !lingering.isEmpty { removals.append(type) }
            }
        }
        for type in removals {
            if let response = respond(type, snapshot: snapshot, force: true) {
                responses.append(response)
            }
        }
        return responses
    }

    /// Resources of a full-state type that the latest response held and `snapshot` does not.
    private func removedResources(_ type: XDSResourceType, in snapshot: XDSSnapshot) -> [EncodedResource] {
        guard let subscription = subscriptions[type], let sent = subscription.sentSnapshot,
            sent.namesVersion(of: type) != snapshot.namesVersion(of: type)
        else { return [] }
        let held: [EncodedResource] =
            subscription.wildcard
            ? sent.encoded(type) : subscription.sentNames.compactMap { sent.encoded(type, named: $0) }
        return held.filter { snapshot.encoded(type, named: $0.name) == nil }
    }

    /// The response for `type` if one is due: the first one, a new version that was not rejected, or
    /// resources newly subscribed to. `keeping` adds resources that are going away, for make before break.
    private mutating func respond(
        _ type: XDSResourceType,
        snapshot: XDSSnapshot,
        force: Bool,
        keeping lingering: [EncodedResource] = []
    ) -> Envoy_Service_Discovery_V3_DiscoveryResponse? {
        guard var subscription = subscriptions[type] else { return nil }
        let version = snapshot.version(of: type)
        // A rejected version is never sent again, not even for new names; only a new version is.
        guard version != subscription.rejectedVersion else { return nil }
        if !force, version == subscription.sentVersion {
            // Same version: due only for names asked for since, which exist now.
            guard !subscription.wildcard, subscription.names != subscription.sentNames else { return nil }
            let sent = Set(subscription.sentNames)
            guard subscription.names.contains(where: { !sent.contains($0) && snapshot.encoded(type, named: $0) != nil })
            else { return nil }
        }
        let resources: [EncodedResource] =
            subscription.wildcard
            ? snapshot.encoded(type) : subscription.names.compactMap { snapshot.encoded(type, named: $0) }
        // Types other than listeners and clusters answer only with resources: an empty response would tell
        // Envoy nothing, and a name's first response comes once it exists.
        guard type.isFullState || !resources.isEmpty else { return nil }

        nonceCounter += 1
        let nonce = String(nonceCounter)
        var response = Envoy_Service_Discovery_V3_DiscoveryResponse()
        response.typeURL = type.typeURL
        response.nonce = nonce
        response.versionInfo = lingering.isEmpty ? version : "\(version)+\(lingering.count)"
        response.resources = (lingering.isEmpty ? resources : (resources + lingering).sorted { $0.name < $1.name })
            .map(\.packed)
        subscription.nonce = nonce
        subscription.sentVersion = response.versionInfo
        subscription.sentNames = subscription.names
        subscription.sentSnapshot = snapshot
        // Another version went out since the rejected one: if the snapshot returns to it, that is a change.
        subscription.rejectedVersion = nil
        subscriptions[type] = subscription
        return response
    }

    /// Responses that hold every resource of their type carry the snapshot's shared encoding of them.
    static func prepared(
        _ response: Envoy_Service_Discovery_V3_DiscoveryResponse,
        from snapshot: XDSSnapshot?
    ) -> Envoy_Service_Discovery_V3_DiscoveryResponse {
        var response = response
        snapshot?.shareEncoding(of: &response)
        return response
    }

    /// The acknowledged version of each type, for status.
    var acknowledgedVersions: [XDSResourceType: String] {
        subscriptions.compactMapValues(\.ackedVersion)
    }
}

extension SotWStreamState.Subscription {
    /// Applies the names of a request: `*` or (before anything was named) an empty list subscribes to
    /// everything, for listeners and clusters only. Names are stored as the snapshot's strings where it has
    /// them, so thousands of streams naming the same resources share one copy of each name.
    mutating func subscribe(to requested: [String], type: XDSResourceType, interning snapshot: XDSSnapshot?) {
        let interned = requested.map { snapshot?.encoded(type, named: $0)?.name ?? $0 }
        self.requested = interned
        if requested.isEmpty {
            wildcard = type.isFullState && !named
            names = []
            if !wildcard { sentNames = [] }
            return
        }
        named = true
        wildcard = type.isFullState && requested.contains("*")
        names = Array(Set(interned.filter { $0 != "*" })).sorted()
        // Envoy forgets what it no longer asks for: a name asked for again must be sent again.
        if !wildcard {
            let still = Set(names)
            sentNames = sentNames.filter { still.contains($0) }
        }
    }
}
