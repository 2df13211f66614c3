internal import GatewayModel
import SwiftProtobuf

/// A consistent set of resources for one proxy, encoded once: what every stream of that proxy serves.
///
/// Versions come from content. A resource's version is the hash of its encoding; a cluster load assignment's
/// also covers its cluster, so an updated cluster always gets its endpoints again (Envoy keeps an updated
/// cluster warming until it does). A type's version covers the names and versions of all its resources.
///
/// Building a snapshot from the previous one re-encodes only the resources that changed.
public struct XDSSnapshot: Sendable {
    /// The resources, as translated.
    public let resources: XDSResources
    /// The encoded resources of each type, indexed by `XDSResourceType.rawValue`.
    private let tables: [ResourceTable]
    /// How many resources had to be encoded (the others were reused from the previous snapshot).
    public let encodedCount: Int
    /// Each type's resources as the encoded `resources` field of a discovery response, built on first use.
    let responseFields = ResponseFieldCache()

    /// Encodes `resources`, reusing the encoding of every resource that is unchanged since `previous`.
    public init(_ resources: XDSResources, reusing previous: XDSSnapshot? = nil) {
        self.resources = resources
        var encoded = 0
        func table<M: SwiftProtobuf.Message & Equatable>(
            _ type: XDSResourceType,
            _ messages: [M],
            _ old: [M]?,
            name: @escaping @Sendable (M) -> String
        ) -> [EncodedResource] {
            let oldTable = previous?.tables[type.rawValue]
            var oldIndex: [String: Int] = [:]
            if let old {
                oldIndex.reserveCapacity(old.count)
                for (index, message) in old.enumerated() { oldIndex[name(message)] = index }
            }
            // Comparing with the previous message and encoding are independent per resource: shared out between
            // the cores.
            let results = Parallel.map(Array(messages.indices), minimumCount: 16) { [oldIndex] index in
                let message = messages[index]
                let key = name(message)
                if let old, let position = oldIndex[key], old[position] == message,
                    let reused = oldTable?.byName[key]
                {
                    return (resource: reused, encoded: false)
                }
                return (resource: EncodedResource(name: key, message: message), encoded: true)
            }
            encoded += results.count { $0.encoded }
            return results.map(\.resource)
        }
        let secrets = table(.secret, resources.secrets, previous?.resources.secrets) { $0.name }
        let clusters = table(.cluster, resources.clusters, previous?.resources.clusters) { $0.name }
        var loadAssignments = table(
            .clusterLoadAssignment,
            resources.clusterLoadAssignments,
            previous?.resources.clusterLoadAssignments
        ) { $0.clusterName }
        let listeners = table(.listener, resources.listeners, previous?.resources.listeners) { $0.name }
        let routes = table(.routeConfiguration, resources.routeConfigurations, previous?.resources.routeConfigurations)
        {
            $0.name
        }
        // Endpoints are named after their cluster (or its `service_name`): their version follows it.
        var clusterVersions: [String: String] = [:]
        for (cluster, encoded) in zip(resources.clusters, clusters) {
            let serviceName = cluster.edsClusterConfig.serviceName
            clusterVersions[serviceName.isEmpty ? cluster.name : serviceName] = encoded.version
        }
        loadAssignments = loadAssignments.map { $0.depending(on: clusterVersions[$0.name]) }

        var tables: [ResourceTable] = []
        for type in XDSResourceType.allCases {
            let list =
                switch type {
                case .secret: secrets
                case .cluster: clusters
                case .clusterLoadAssignment: loadAssignments
                case .listener: listeners
                case .routeConfiguration: routes
                }
            tables.append(ResourceTable(list))
        }
        self.tables = tables
        encodedCount = encoded
    }

    /// The version of a type: changes whenever any of its resources, or the set of names, changes.
    public func version(of type: XDSResourceType) -> String {
        tables[type.rawValue].version
    }

    /// The encoded resources of a type, sorted by name.
    public func encoded(_ type: XDSResourceType) -> [EncodedResource] {
        tables[type.rawValue].ordered
    }

    /// One encoded resource.
    public func encoded(_ type: XDSResourceType, named name: String) -> EncodedResource? {
        tables[type.rawValue].byName[name]
    }

    /// A version of a type's set of names: it changes only when resources are added or removed.
    func namesVersion(of type: XDSResourceType) -> String {
        tables[type.rawValue].namesVersion
    }

    /// The number of resources of a type.
    public func count(of type: XDSResourceType) -> Int {
        tables[type.rawValue].ordered.count
    }
}

/// The encoded resources of one type.
struct ResourceTable: Sendable {
    let ordered: [EncodedResource]
    let byName: [String: EncodedResource]
    let version: String
    /// A hash of the names alone: equal when two tables hold the same names (whatever their content).
    let namesVersion: String

    init(_ resources: [EncodedResource]) {
        ordered = resources.sorted { $0.name < $1.name }
        var byName: [String: EncodedResource] = [:]
        byName.reserveCapacity(resources.count)
        var hash = ContentHash()
        var names = ContentHash()
        for resource in ordered {
            byName[resource.name] = resource
            hash.combine(resource.name)
            hash.combine(resource.version)
            names.combine(resource.name)
        }
        self.byName = byName
        version = hash.finalize()
        namesVersion = names.finalize()
    }
}
