/// What the ADS service needs of a stream's state, state of the world or delta: take a request or a new
/// snapshot, say what to send.
protocol DiscoveryStreamState {
    associatedtype Request: DiscoveryRequestMessage
    associatedtype Response: Sendable

    init()

    /// The variant, for stream status.
    static var variant: StreamStatus.Variant { get }

    /// Handles one request; `snapshot` is the node's current snapshot, if there is one yet.
    mutating func receive(
        _ request: Request,
        snapshot: XDSSnapshot?
    ) throws(DiscoveryStreamFailure)
        -> DiscoveryOutcome<Response>

    /// The responses a new snapshot calls for, in the order to send them.
    mutating func update(to snapshot: XDSSnapshot) -> [Response]

    /// `response` as written to the stream: it may share encoded bytes with other streams' responses.
    static func prepared(_ response: Response, from snapshot: XDSSnapshot?) -> Response
}

extension DiscoveryStreamState {
    static func prepared(_ response: Response, from snapshot: XDSSnapshot?) -> Response {
        response
    }
}

/// A discovery request, which may carry the node (only the first one surely does).
protocol DiscoveryRequestMessage: Sendable {
    var hasNode: Bool { get }
    var node: Envoy_Config_Core_V3_Node { get }
}

extension Envoy_Service_Discovery_V3_DiscoveryRequest: DiscoveryRequestMessage {}
extension Envoy_Service_Discovery_V3_DeltaDiscoveryRequest: DiscoveryRequestMessage {}

/// What the server does after a request.
struct DiscoveryOutcome<Response> {
    var responses: [Response] = []
    /// A rejection to record.
    var nack: NackRecord?
    /// A type whose response was acknowledged, with the version it carried.
    var acknowledged: (type: XDSResourceType, version: String)?
}

/// Why a stream ends.
enum DiscoveryStreamFailure: Error, Equatable {
    /// The first request did not identify the node.
    case missingNode
}
