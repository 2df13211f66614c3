/// Reads resources from YAML or JSON text: many documents per file (`---`), Kubernetes `kind: List`, and
/// the Kubernetes envelope.
///
/// Text that is not well-formed YAML or JSON is a ``ConfigSyntaxError`` (nothing of that file is used). A
/// well-formed document that is not a valid resource becomes a report instead: Rejected with the field path
/// and location of the problem, or Warning for unknown kinds and unknown fields.
public struct ResourceLoader: Sendable {
    /// The resources read so far.
    public private(set) var resources = ResourceSet()
    /// Problems found while reading; every resource read has an entry.
    public private(set) var reports = ResourceReports()

    public init() {}

    /// Reads every document of one file.
    public mutating func load(_ bytes: [UInt8], file: String) throws(ConfigSyntaxError) {
        let documents = try ConfigSyntax.parseDocuments(bytes, file: file)
        for document in documents {
            try load(document: document, file: file)
        }
    }

    /// Reads every document of a text.
    public mutating func load(_ text: String, file: String) throws(ConfigSyntaxError) {
        try load(Array(text.utf8), file: file)
    }

    /// Reads one document: a resource or a `kind: List`.
    public mutating func load(document: ConfigValue, file: String) throws(ConfigSyntaxError) {
        let start = document.location ?? SourceLocation(file: file, line: 1, column: 1)
        guard document.members != nil else {
            throw ConfigSyntaxError(
                location: start,
                message:
                    "expected a resource (an object with apiVersion, kind, metadata and spec), found \(document.kindDescription)"
            )
        }
        guard let kind = document["kind"]?.stringValue, !kind.isEmpty else {
            throw ConfigSyntaxError(location: start, message: "expected a 'kind' field naming the resource kind")
        }
        let apiVersion = document["apiVersion"]?.stringValue ?? ""
        if kind == "List" || kind.hasSuffix("List") && document["items"] != nil {
            guard case .array(let items)? = document["items"]?.content else {
                throw ConfigSyntaxError(
                    location: document["items"]?.location ?? start,
                    message: "expected 'items' to be a list of resources"
                )
            }
            for item in items {
                try load(document: item, file: file)
            }
            return
        }
        guard let known = ResourceKind(kind: kind, apiVersion: apiVersion) else {
            let id = identity(of: document, kind: kind)
            let expected = ResourceKind(rawValue: kind).map { " (expected apiVersion \($0.apiVersion))" } ?? ""
            reports.addWarning(
                id,
                "\(start): kind \(kind) of apiVersion '\(apiVersion)' is not supported\(expected); the resource is ignored"
            )
            return
        }
        switch known {
        case .gateway: decode(GatewaySpec.self, document, at: start)
        case .virtualService: decode(VirtualServiceSpec.self, document, at: start)
        case .routeTable: decode(RouteTableSpec.self, document, at: start)
        case .upstream: decode(UpstreamSpec.self, document, at: start)
        case .upstreamGroup: decode(UpstreamGroupSpec.self, document, at: start)
        case .settings: decode(SettingsSpec.self, document, at: start)
        case .secret: decode(SecretSpec.self, document, at: start)
        case .proxy: decode(ProxySpec.self, document, at: start)
        }
    }

    private mutating func decode<Spec: ResourceSpec>(
        _ spec: Spec.Type,
        _ document: ConfigValue,
        at start: SourceLocation
    ) {
        var id = identity(of: document, kind: Spec.kind.rawValue)
        guard !id.name.isEmpty else {
            reports.addError(id, "\(start): metadata.name is required")
            return
        }
        if resources.contains(id) {
            let first = resources.locations[id].map { " (first defined at \($0))" } ?? ""
            reports.addError(id, "\(start): \(id) is defined more than once\(first); this definition is ignored")
            return
        }
        var document = document
        if document["spec"] == nil, case .object(var members) = document.content {
            // Kubernetes allows an empty spec to be left out.
            members.append(.init(key: "spec", value: ConfigValue(.object([]))))
            document.content = .object(members)
        }
        do {
            let result = try ConfigDecoder().decode(Resource<Spec>.self, from: document)
            let resource = result.value
            id = ResourceID(resource)
            reports.accept(id)
            for field in result.unknownFields {
                let place = field.location.map { "\($0): " } ?? ""
                reports.addWarning(id, "\(place)unknown field '\(field.path)'")
            }
            resources.insert(resource)
            resources.locations[id] = start
        } catch {
            reports.addError(id, error.description)
        }
    }

    /// The kind, namespace and name of a document, as far as they can be read.
    private func identity(of document: ConfigValue, kind: String) -> ResourceID {
        let metadata = document["metadata"]
        let namespace = metadata?["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        return ResourceID(kind: kind, namespace: namespace, name: metadata?["name"]?.stringValue ?? "")
    }
}
