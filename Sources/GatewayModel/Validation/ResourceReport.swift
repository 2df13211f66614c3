/// Identifies one resource: kind, namespace and name.
public struct ResourceID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The Kubernetes kind, e.g. `VirtualService` (also kinds this library does not know).
    public var kind: String
    public var namespace: String
    public var name: String

    public init(kind: String, namespace: String, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    public init<Spec>(_ resource: Resource<Spec>) {
        self.init(kind: Spec.kind.rawValue, namespace: resource.namespace, name: resource.name)
    }

    /// `Kind namespace.name`.
    public var description: String { "\(kind) \(namespace).\(name)" }

    /// Known kinds in ``ResourceKind`` order, then other kinds by name; then namespace and name.
    public static func < (lhs: ResourceID, rhs: ResourceID) -> Bool {
        func rank(_ kind: String) -> Int {
            ResourceKind.allCases.firstIndex { $0.rawValue == kind } ?? ResourceKind.allCases.count
        }
        return (rank(lhs.kind), lhs.kind, lhs.namespace, lhs.name) < (rank(rhs.kind), rhs.kind, rhs.namespace, rhs.name)
    }
}

/// The validation result of one resource, in Gloo Edge's terms.
public struct ResourceReport: Codable, Hashable, Sendable {
    public var kind: String
    public var namespace: String
    public var name: String
    public var state: State
    public var errors: [String]
    public var warnings: [String]

    public init(id: ResourceID, errors: [String] = [], warnings: [String] = []) {
        self.kind = id.kind
        self.namespace = id.namespace
        self.name = id.name
        self.errors = errors
        self.warnings = warnings
        self.state = State(errors: errors, warnings: warnings)
    }

    public var id: ResourceID { ResourceID(kind: kind, namespace: namespace, name: name) }

    /// Gloo Edge's resource states: any error rejects a resource; warnings alone leave it serving.
    public enum State: String, Codable, Hashable, Sendable, Comparable {
        case accepted = "Accepted"
        case warning = "Warning"
        case rejected = "Rejected"

        init(errors: [String], warnings: [String]) {
            self = !errors.isEmpty ? .rejected : !warnings.isEmpty ? .warning : .accepted
        }

        public static func < (lhs: State, rhs: State) -> Bool {
            let order: [State] = [.accepted, .warning, .rejected]
            return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
        }
    }
}

/// Errors and warnings collected per resource while loading and translating.
public struct ResourceReports: Sendable, Hashable {
    private var entries: [ResourceID: (errors: [String], warnings: [String])] = [:]

    public init() {}

    /// Makes sure `id` has a report, Accepted unless something is added.
    public mutating func accept(_ id: ResourceID) {
        if entries[id] == nil { entries[id] = ([], []) }
    }

    public mutating func addError(_ id: ResourceID, _ message: String) {
        entries[id, default: ([], [])].errors.append(message)
    }

    public mutating func addWarning(_ id: ResourceID, _ message: String) {
        entries[id, default: ([], [])].warnings.append(message)
    }

    /// Drops the report of `id`.
    public mutating func remove(_ id: ResourceID) {
        entries[id] = nil
    }

    /// Adds every message of `other`.
    public mutating func merge(_ other: ResourceReports) {
        for (id, entry) in other.entries {
            entries[id, default: ([], [])].errors.append(contentsOf: entry.errors)
            entries[id, default: ([], [])].warnings.append(contentsOf: entry.warnings)
        }
    }

    public func errors(for id: ResourceID) -> [String] { entries[id]?.errors ?? [] }
    public func warnings(for id: ResourceID) -> [String] { entries[id]?.warnings ?? [] }

    /// Whether `id` has errors (is Rejected).
    public func hasErrors(_ id: ResourceID) -> Bool { !(entries[id]?.errors.isEmpty ?? true) }

    /// The resources with errors (Rejected).
    var rejected: Set<ResourceID> { Set(entries.lazy.filter { !$0.value.errors.isEmpty }.map(\.key)) }

    /// Whether some resource of `kind` has a report.
    func containsReport(ofKind kind: ResourceKind) -> Bool { entries.keys.contains { $0.kind == kind.rawValue } }

    /// Every report, sorted by kind, namespace and name; messages without duplicates, in the order added.
    public var reports: [ResourceReport] {
        entries.keys.sorted().map { id in
            let entry = entries[id] ?? ([], [])
            return ResourceReport(id: id, errors: entry.errors.uniqued(), warnings: entry.warnings.uniqued())
        }
    }

    public static func == (lhs: ResourceReports, rhs: ResourceReports) -> Bool { lhs.reports == rhs.reports }
    public func hash(into hasher: inout Hasher) { hasher.combine(reports) }
}

extension Array where Element: Hashable {
    /// The elements without repeats, first occurrences kept in order.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
