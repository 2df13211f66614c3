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
struct SotWStreamState {
    /// The node from the first request.
    private(set) var node: Envoy_Config_Core_V3_Node?
    private var subscriptions: [XDSResourceType: Subscription] = [:]
    private var nonceCounter: UInt64 = 0
    /// The snapshot the latest responses were built from, for make-before-break removals.
    private var lastSnapshot: XDSSnapshot?

    /// What a stream knows about one type.
    struct Subscription {
        var names: Set<String> = []
        var wildcard = false
        /// Whether any request named resources; until then an empty list means wildcard (legacy form).
        var named = false
        var nonce: String?
        var sentVersion: String?
        var sentNames: Set<String> = []
        var ackedVersion: String?
        var rejectedVersion: String?
    }

    /// What the server does after a request.
    struct Outcome {
        var responses: [Envoy_Service_Discovery_V3_DiscoveryResponse] = []
        var nack: NackRecord?
        var acknowledged: (type: XDSResourceType, version: String)?
    }

    enum Failure: Error, Equatable {
        /// The first request did not identify the node.
        case missingNode
    }

    /// Handles one request; `snapshot` is the node's current snapshot, if there is one yet.
    mutating func receive(
        _ request: Envoy_Service_Discovery_V3_DiscoveryRequest,
        snapshot: XDSSnapshot?
    ) throws(Failure) -> Outcome {
        if node == nil {
            guard request.hasNode, !request.node.id.isEmpty else { throw .missingNode }
            node = request.node
        }
        guard let type = XDSResourceType(typeURL: request.typeURL) else { return Outcome() }
        var subscription = subscriptions[type] ?? Subscription()
        var outcome = Outcome()
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
        subscription.subscribe(to: request.resourceNames, type: type)
        subscriptions[type] = subscription
        if let snapshot, let response = respond(type, snapshot: snapshot, force: subscription.nonce == nil) {
            outcome.responses.append(response)
            lastSnapshot = snapshot
        }
        return outcome
    }

    /// The responses a new snapshot calls for, in ADS order; full-state types that lose resources get a
    /// last response without them.
    mutating func update(to snapshot: XDSSnapshot) -> [Envoy_Service_Discovery_V3_DiscoveryResponse] {
        var responses: [Envoy_Service_Discovery_V3_DiscoveryResponse] = []
        var removals: [XDSResourceType] = []
        for type in XDSResourceType.allCases where subscriptions[type] != nil {
            let lingering = type.isFullState ? removedNames(type, in: snapshot) : []
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
        lastSnapshot = snapshot
        return responses
    }

    /// Resources of a full-state type that were sent and are not in `snapshot`.
    private func removedNames(_ type: XDSResourceType, in snapshot: XDSSnapshot) -> [EncodedResource] {
        guard let sent = subscriptions[type]?.sentNames, let lastSnapshot else { return [] }
        return sent.sorted().compactMap { name in
            snapshot.encoded(type, named: name) == nil ? lastSnapshot.encoded(type, named: name) : nil
        }
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
        let resources: [EncodedResource] =
            subscription.wildcard
            ? snapshot.encoded(type)
            : subscription.names.sorted().compactMap { snapshot.encoded(type, named: $0) }
        // Types other than listeners and clusters answer only with resources: an empty response would tell
        // Envoy nothing, and a name's first response comes once it exists.
        guard type.isFullState || !resources.isEmpty else { return nil }
        if !force {
            let newVersion = version != subscription.sentVersion
            let newNames = resources.contains { !subscription.sentNames.contains($0.name) }
            guard newVersion || newNames else { return nil }
        }

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
        subscription.sentNames = Set(resources.map(\.name) + lingering.map(\.name))
        // Another version went out since the rejected one: if the snapshot returns to it, that is a change.
        subscription.rejectedVersion = nil
        subscriptions[type] = subscription
        return response
    }

    /// The acknowledged version of each type, for status.
    var acknowledgedVersions: [XDSResourceType: String] {
        subscriptions.compactMapValues(\.ackedVersion)
    }
}

extension SotWStreamState.Subscription {
    /// Applies the names of a request: `*` or (before anything was named) an empty list subscribes to
    /// everything, for listeners and clusters only.
    mutating func subscribe(to requested: [String], type: XDSResourceType) {
        if requested.isEmpty {
            wildcard = type.isFullState && !named
            names = []
            if !wildcard { sentNames = [] }
            return
        }
        named = true
        wildcard = type.isFullState && requested.contains("*")
        names = Set(requested.filter { $0 != "*" })
        // Envoy forgets what it no longer asks for: a name asked for again must be sent again.
        if !wildcard { sentNames.formIntersection(names) }
    }
}
