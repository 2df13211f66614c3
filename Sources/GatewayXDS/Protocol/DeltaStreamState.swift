/// The server side of one delta (incremental) ADS stream: per type, what the client subscribes to and which
/// version of each resource it has, and the responses that bring it up to date. Pure state; the server
/// feeds it requests and snapshots and writes what it returns, in order.
///
/// Rules (xDS protocol, "Incremental xDS"):
/// - Subscription changes apply even when the nonce is stale; the nonce only pairs ACKs and NACKs.
/// - A name subscribed again is sent again; on a new stream `initial_resource_versions` says what the client
///   already has, so unchanged resources are not resent and vanished ones are removed.
/// - A NACK is recorded; the rejected versions count as sent, so only a changed resource goes out again.
/// - Nothing the client never had is reported removed; removals go after every update (make before break).
struct DeltaStreamState: DiscoveryStreamState {
    static let variant = StreamStatus.Variant.delta

    private(set) var node: Envoy_Config_Core_V3_Node?
    private var subscriptions: [XDSResourceType: Subscription] = [:]
    private var nonceCounter: UInt64 = 0

    struct Subscription {
        var names: Set<String> = []
        var wildcard = false
        /// The version of each resource the client has (or was last sent).
        var known: [String: String] = [:]
        var nonce: String?
        /// The responses not yet acknowledged or rejected, oldest first, with the snapshot version of the type
        /// each was built from. An update and a removal of the same type can both be in flight; Envoy answers
        /// each, and a NACK of the first must still count.
        var unanswered: [(nonce: String, version: String)] = []
        /// Whether the first (wildcard) response went out, which is due even when empty.
        var answered = false
    }

    /// Handles one request; `snapshot` is the node's current snapshot, if there is one yet.
    mutating func receive(
        _ request: Envoy_Service_Discovery_V3_DeltaDiscoveryRequest,
        snapshot: XDSSnapshot?
    ) throws(DiscoveryStreamFailure) -> DiscoveryOutcome<Envoy_Service_Discovery_V3_DeltaDiscoveryResponse> {
        if node == nil {
            guard request.hasNode, !request.node.id.isEmpty else { throw .missingNode }
            node = request.node
        }
        guard let type = XDSResourceType(typeURL: request.typeURL) else { return DiscoveryOutcome() }
        var outcome = DiscoveryOutcome<Envoy_Service_Discovery_V3_DeltaDiscoveryResponse>()
        let isFirst = subscriptions[type] == nil
        var subscription = subscriptions[type] ?? Subscription()
        if isFirst {
            subscription.known = request.initialResourceVersions
            // The legacy wildcard form: a first request that names nothing.
            if request.resourceNamesSubscribe.isEmpty, request.resourceNamesUnsubscribe.isEmpty {
                subscription.wildcard = type.isFullState
            }
        }
        for name in request.resourceNamesSubscribe {
            if name == "*" {
                subscription.wildcard = true
            } else {
                // The snapshot's own string where it has one: streams share it instead of holding copies.
                subscription.names.insert(snapshot?.encoded(type, named: name)?.name ?? name)
                // Subscribing again asks for the resource again (except against the versions of a new stream).
                if !isFirst { subscription.known[name] = nil }
            }
        }
        for name in request.resourceNamesUnsubscribe {
            if name == "*" {
                subscription.wildcard = false
            } else {
                subscription.names.remove(name)
                // Still covered by the wildcard: the client drops it, so it must get it again.
                subscription.known[name] = nil
            }
        }
        if !request.responseNonce.isEmpty,
            let index = subscription.unanswered.firstIndex(where: { $0.nonce == request.responseNonce })
        {
            // This answer also settles every older response.
            let answered = subscription.unanswered[index]
            subscription.unanswered.removeFirst(index + 1)
            if request.hasErrorDetail {
                outcome.nack = NackRecord(
                    nodeKey: node.map(NodeKey.of) ?? "",
                    nodeID: node?.id ?? "",
                    type: type,
                    version: answered.version,
                    message: request.errorDetail.message
                )
            } else if answered.nonce == subscription.nonce {
                outcome.acknowledged = (type, answered.version)
            }
        }
        subscriptions[type] = subscription
        if let snapshot {
            if let response = respond(type, snapshot: snapshot, updates: true, removals: true) {
                outcome.responses.append(response)
            } else if isFirst, !request.initialResourceVersions.isEmpty {
                // A reconnecting client that already has exactly this snapshot's resources: nothing is sent,
                // so nothing will be acknowledged; it is in sync now.
                outcome.acknowledged = (type, snapshot.version(of: type))
            }
        }
        return outcome
    }

    /// The responses a new snapshot calls for: updates in ADS order, then removals.
    mutating func update(to snapshot: XDSSnapshot) -> [Envoy_Service_Discovery_V3_DeltaDiscoveryResponse] {
        var responses: [Envoy_Service_Discovery_V3_DeltaDiscoveryResponse] = []
        for type in XDSResourceType.allCases where subscriptions[type] != nil {
            if let response = respond(type, snapshot: snapshot, updates: true, removals: false) {
                responses.append(response)
            }
        }
        for type in XDSResourceType.allCases where subscriptions[type] != nil {
            if let response = respond(type, snapshot: snapshot, updates: false, removals: true) {
                responses.append(response)
            }
        }
        return responses
    }

    /// The most responses per type kept waiting for an ACK or NACK.
    static let unansweredLimit = 16

    private mutating func respond(
        _ type: XDSResourceType,
        snapshot: XDSSnapshot,
        updates: Bool,
        removals: Bool
    ) -> Envoy_Service_Discovery_V3_DeltaDiscoveryResponse? {
        guard var subscription = subscriptions[type] else { return nil }
        var changed: [EncodedResource] = []
        if updates {
            let inScope: [EncodedResource] =
                subscription.wildcard
                ? snapshot.encoded(type)
                : subscription.names.sorted().compactMap { snapshot.encoded(type, named: $0) }
            changed = inScope.filter { subscription.known[$0.name] != $0.version }
        }
        var removed: [String] = []
        if removals {
            removed = subscription.known.keys.filter { name in
                snapshot.encoded(type, named: name) == nil
                    && (subscription.wildcard || subscription.names.contains(name))
            }
            removed.sort()
            // Resources the client unsubscribed from and still lists need no removal: forget them quietly.
            for name in subscription.known.keys where !subscription.wildcard && !subscription.names.contains(name) {
                subscription.known[name] = nil
            }
        }
        let firstAnswer = updates && subscription.wildcard && !subscription.answered
        guard !changed.isEmpty || !removed.isEmpty || firstAnswer else {
            subscriptions[type] = subscription
            return nil
        }
        nonceCounter += 1
        var response = Envoy_Service_Discovery_V3_DeltaDiscoveryResponse()
        response.typeURL = type.typeURL
        response.nonce = String(nonceCounter)
        response.systemVersionInfo = snapshot.version(of: type)
        response.resources = changed.map { encoded in
            var resource = Envoy_Service_Discovery_V3_Resource()
            resource.name = encoded.name
            resource.version = encoded.version
            resource.resource = encoded.packed
            return resource
        }
        response.removedResources = removed
        for resource in changed { subscription.known[resource.name] = resource.version }
        for name in removed { subscription.known[name] = nil }
        subscription.nonce = response.nonce
        subscription.unanswered.append((response.nonce, response.systemVersionInfo))
        // A client that never answers must not make this grow without bound.
        if subscription.unanswered.count > Self.unansweredLimit { subscription.unanswered.removeFirst() }
        if updates { subscription.answered = true }
        subscriptions[type] = subscription
        return response
    }
}
