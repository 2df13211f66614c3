import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GatewayXDS
import SwiftProtobuf

typealias ADSClient = Envoy_Service_Discovery_V3_AggregatedDiscoveryService.Client<HTTP2ClientTransport.Posix>
typealias DiscoveryRequest = Envoy_Service_Discovery_V3_DiscoveryRequest
typealias DiscoveryResponse = Envoy_Service_Discovery_V3_DiscoveryResponse

/// One Envoy's state-of-the-world ADS stream, as Envoy drives it: CDS with the node first (wildcard); once the
/// clusters arrive, EDS for the clusters of type EDS (by name); once the endpoints arrive, LDS (wildcard); once the
/// listeners arrive, RDS for the route configurations their connection managers name. Every response is ACKed
/// (its version and nonce); a subscription changes only when the names it needs change. The node (with
/// `metadata.role`, the snapshot key) goes with the first request only, as with Envoy's
/// `set_node_on_first_message_only`.
///
/// Like Envoy it reads what it needs from the resources: cluster names and discovery types (read straight from
/// the encoded fields, without decoding whole clusters), the listeners' RDS names (decoded). What it receives is
/// reported to a ``SyncTracker``; nothing else is kept.
struct SimulatedEnvoy {
    let index: Int
    let key: String
    let tracker: SyncTracker

    /// Call options for large responses: the 10,000-route configuration is one RouteConfiguration of several MB.
    static var callOptions: CallOptions {
        var options = CallOptions.defaults
        options.maxRequestMessageBytes = 256 * 1024 * 1024
        options.maxResponseMessageBytes = 256 * 1024 * 1024
        return options
    }

    /// Runs the stream until the task is cancelled or the server ends it.
    func run(_ client: ADSClient) async throws {
        let (requests, outbox) = AsyncStream.makeStream(of: DiscoveryRequest.self)
        var first = DiscoveryRequest()
        first.node.id = "envoy-\(index)"
        first.node.cluster = "gateway-proxy"
        first.node.metadata.fields["role"] = Google_Protobuf_Value(stringValue: key)
        first.typeURL = XDSResourceType.cluster.typeURL
        outbox.yield(first)
        defer { outbox.finish() }
        try await client.streamAggregatedResources(options: Self.callOptions) { writer in
            for await request in requests { try await writer.write(request) }
        } onResponse: { response in
            var state = SubscriptionState()
            for try await message in response.messages {
                guard let type = XDSResourceType(typeURL: message.typeURL),
                    let typeIndex = SyncTracker.types.firstIndex(of: type)
                else { continue }
                tracker.received(stream: index, typeIndex: typeIndex, version: message.versionInfo)
                for request in try state.handle(message, type: type) { outbox.yield(request) }
            }
        }
    }
}

/// What one simulated Envoy asked for and accepted last, per type.
private struct SubscriptionState {
    var names: [XDSResourceType: [String]] = [:]
    var nonces: [XDSResourceType: String] = [:]
    var versions: [XDSResourceType: String] = [:]
    var requestedListeners = false

    /// The ACK of `response`, followed by the subscriptions it makes necessary.
    mutating func handle(_ response: DiscoveryResponse, type: XDSResourceType) throws -> [DiscoveryRequest] {
        nonces[type] = response.nonce
        versions[type] = response.versionInfo
        var requests = [request(type)]
        switch type {
        case .cluster:
            let endpointNames = response.resources.compactMap { ClusterFields.edsName(Array($0.value)) }.sorted()
            if names[.clusterLoadAssignment] != endpointNames {
                names[.clusterLoadAssignment] = endpointNames
                requests.append(request(.clusterLoadAssignment))
            }
        case .clusterLoadAssignment:
            if !requestedListeners {
                requestedListeners = true
                requests.append(request(.listener))
            }
        case .listener:
            let routeNames = try Set(response.resources.flatMap(Self.routeConfigurationNames)).sorted()
            if names[.routeConfiguration] != routeNames {
                names[.routeConfiguration] = routeNames
                requests.append(request(.routeConfiguration))
            }
        default:
            break
        }
        return requests
    }

    private func request(_ type: XDSResourceType) -> DiscoveryRequest {
        var request = DiscoveryRequest()
        request.typeURL = type.typeURL
        request.versionInfo = versions[type] ?? ""
        request.responseNonce = nonces[type] ?? ""
        request.resourceNames = names[type] ?? []
        return request
    }

    /// The route configurations the HTTP connection managers of a listener load over RDS.
    private static func routeConfigurationNames(_ packed: Google_Protobuf_Any) throws -> [String] {
        let listener = try Envoy_Config_Listener_V3_Listener(serializedBytes: packed.value)
        var names: [String] = []
        for chain in listener.filterChains + [listener.defaultFilterChain] {
            for filter in chain.filters where filter.typedConfig.typeURL.hasSuffix(".HttpConnectionManager") {
                let manager = try Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpConnectionManager(
                    serializedBytes: filter.typedConfig.value
                )
                if case .rds(let rds)? = manager.routeSpecifier { names.append(rds.routeConfigName) }
            }
        }
        return names
    }
}

/// The few top-level fields of an encoded `envoy.config.cluster.v3.Cluster` that decide its EDS subscription:
/// `name` (1), `type` (2, EDS = 3) and `eds_cluster_config.service_name` (3.2).
enum ClusterFields {
    /// The name to subscribe to over EDS, or nil when the cluster is not of type EDS.
    static func edsName(_ bytes: [UInt8]) -> String? {
        var name: String?
        var serviceName: String?
        var isEDS = false
        var reader = FieldReader(bytes: bytes[...])
        while let field = reader.next() {
            switch (field.number, field.value) {
            case (1, .bytes(let value)): name = String(decoding: value, as: UTF8.self)
            case (2, .varint(let value)): isEDS = value == 3
            case (3, .bytes(let value)):
                var config = FieldReader(bytes: value)
                while let inner = config.next() {
                    if inner.number == 2, case .bytes(let value) = inner.value {
                        serviceName = String(decoding: value, as: UTF8.self)
                    }
                }
            default: break
            }
        }
        guard isEDS else { return nil }
        return serviceName.flatMap { $0.isEmpty ? nil : $0 } ?? name
    }

    /// Reads the fields of protobuf binary encoding one after another (malformed input ends the reading).
    struct FieldReader {
        enum Value {
            case varint(UInt64)
            case bytes(ArraySlice<UInt8>)
            case fixed
        }

        var bytes: ArraySlice<UInt8>

        mutating func next() -> (number: UInt64, value: Value)? {
            guard let key = varint() else { return nil }
            switch key & 7 {
            case 0:
                return varint().map { (key >> 3, .varint($0)) }
            case 1, 5:
                let size = key & 7 == 1 ? 8 : 4
                guard bytes.count >= size else { return nil }
                bytes = bytes.dropFirst(size)
                return (key >> 3, .fixed)
            case 2:
                guard let length = varint(), length <= bytes.count else { return nil }
                let value = bytes.prefix(Int(length))
                bytes = bytes.dropFirst(Int(length))
                return (key >> 3, .bytes(value))
            default:
                return nil
            }
        }

        private mutating func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while let byte = bytes.first, shift < 64 {
                bytes = bytes.dropFirst()
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            return nil
        }
    }
}
