import GatewayModel
import GatewayXDS
import XDSConfig

/// The configurations pushed to the fleet, translated and validated once: the 1,000-VirtualService one, the
/// same with something changed in every resource type, and the same with one route's prefix changed.
struct Workload: Sendable {
    static let virtualServices = 1_000
    let key = NodeKey.proxy("gateway-proxy", namespace: "gloo-system")
    let base: XDSResources
    let fullChange: XDSResources
    let oneRoute: XDSResources

    static func make() -> Workload {
        func translated(_ yaml: String) -> XDSResources {
            let (proxy, resources) = XDSConfig.build(yaml)
            let translation = XDSTranslator().translate(proxy, in: resources)
            let issues = XDSValidator().validate(translation.resources)
            precondition(issues.isEmpty, "Envoy would reject the synthetic configuration: \(issues.prefix(3))")
            return translation.resources
        }
        return Workload(
            base: translated(XDSConfig.yaml(virtualServices: virtualServices)),
            fullChange: translated(XDSConfig.yaml(virtualServices: virtualServices, generation: 1)),
            oneRoute: translated(XDSConfig.yaml(virtualServices: virtualServices, changedRoute: virtualServices / 2))
        )
    }

    /// The version of each of ``SyncTracker/types`` in `snapshot`.
    static func versions(_ snapshot: XDSSnapshot) -> [String] {
        SyncTracker.types.map { snapshot.version(of: $0) }
    }

    /// The encoded size of each of ``SyncTracker/types`` in `snapshot`, bytes.
    static func sizes(_ snapshot: XDSSnapshot) -> [Int] {
        SyncTracker.types.map { type in snapshot.encoded(type).reduce(0) { $0 + $1.packed.value.count } }
    }
}
