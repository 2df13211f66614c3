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

    /// Reads every document of one file. Large files are read on all cores: the text is split at document
    /// markers, the pieces are parsed and decoded in parallel, and the results are added in document order, so
    /// the outcome is the same as reading the documents one by one.
    public mutating func load(_ bytes: [UInt8], file: String) throws(ConfigSyntaxError) {
        add(try Self.parse(bytes, file: file))
    }

    /// Parses and decodes every document of one file without adding anything to a loader: the expensive,
    /// file-local part of `load(_:file:)`. Adding the result with ``add(_:)`` gives exactly what
    /// `load` gives, so a caller that watches many files can keep one ``ParsedFile`` per file and parse again
    /// only the files that change.
    ///
    /// - Throws: ``ConfigSyntaxError`` when the text is not well-formed, or a document is not a resource (an
    ///   object with a `kind`); nothing of such a file is used.
    public static func parse(_ bytes: [UInt8], file: String) throws(ConfigSyntaxError) -> ParsedFile {
        let body = try ConfigSyntax.validatedBody(bytes, file: file)
        let nodeLimit = ConfigSyntax.nodeLimit(for: body)
        let pieceCount = body.count >= Self.parallelThreshold ? max(Parallel.cores, body.count / Self.pieceSize) : 1
        let pieces = ConfigSyntax.pieces(of: body, count: pieceCount)
        let results = Parallel.map(pieces) { piece in
            Result { () throws(ConfigSyntaxError) in
                let typeCache = DecodingTypeCache()
                return try ConfigSyntax.parseDocuments(piece, file: file, nodeLimit: nodeLimit).map {
                    Self.outcome(of: $0, file: file, typeCache: typeCache)
                }
            }
        }
        var documents: [Outcome] = []
        do throws(ConfigSyntaxError) {
            for result in results { documents += try result.get() }
        } catch {
            // Nothing of a file that is not well-formed is used. With several pieces the whole text is parsed
            // again, so that the error (and its location) is exactly the one a single parse reports.
            guard pieces.count > 1 else { throw error }
            let whole = ConfigSyntax.Piece(bytes: body, lineOffset: 0)
            let typeCache = DecodingTypeCache()
            documents = try ConfigSyntax.parseDocuments(whole, file: file, nodeLimit: nodeLimit).map {
                Self.outcome(of: $0, file: file, typeCache: typeCache)
            }
        }
        return try ParsedFile(file: file, documents: documents)
    }

    /// Adds the documents of one parsed file, in document order, as `load(_:file:)` would: a
    /// resource already read (from this file or an earlier one) is reported as defined more than once.
    public mutating func add(_ file: ParsedFile) {
        add([file])
    }

    /// Adds the documents of parsed files, file after file: the same as adding each with ``add(_:)``, with the
    /// resource lists sorted once at the end.
    public mutating func add(_ files: [ParsedFile]) {
        // New resources are collected unsorted and merged into the sorted lists once, at the end: inserting each
        // in place would move every list O(n²) in total.
        var added = Added()
        for file in files {
            for outcome in file.documents {
                apply(outcome, to: &added)
            }
        }
        resources.merge(unsorted: added.resources)
    }

    /// Files smaller than this are read on one core.
    static let parallelThreshold = 256 * 1024

    /// The size of the pieces a large file is read in. Many pieces rather than one per core: the cores finish
    /// together, and each piece's values are still in the cache when they are decoded.
    static let pieceSize = 64 * 1024

    /// Reads every document of a text.
    public mutating func load(_ text: String, file: String) throws(ConfigSyntaxError) {
        try load(Array(text.utf8), file: file)
    }

    /// Reads one document: a resource or a `kind: List`.
    public mutating func load(document: ConfigValue, file: String) throws(ConfigSyntaxError) {
        let outcome = Self.outcome(of: document, file: file, typeCache: DecodingTypeCache())
        add(try ParsedFile(file: file, documents: [outcome]))
    }

    /// The documents of one file, parsed and decoded by ``ResourceLoader/parse(_:file:)`` and not yet added to a
    /// loader. Independent of every other file, so it can be kept while the file is unchanged.
    public struct ParsedFile: Sendable {
        /// The file the documents were read from, as given to ``ResourceLoader/parse(_:file:)``.
        public let file: String
        /// What each document contributes, in document order.
        fileprivate let documents: [Outcome]

        /// Checks that every document is a resource: a document that is not makes the whole file unreadable.
        fileprivate init(file: String, documents: [Outcome]) throws(ConfigSyntaxError) {
            func check(_ outcome: Outcome) throws(ConfigSyntaxError) {
                switch outcome {
                case .unreadable(let error): throw error
                case .list(let items): for item in items { try check(item) }
                case .resource, .unsupported: break
                }
            }
            for outcome in documents { try check(outcome) }
            self.file = file
            self.documents = documents
        }

        /// The kind, namespace and name of every document, as written, in document order (also those that are
        /// not valid resources or are defined more than once).
        public var resourceIDs: [ResourceID] {
            func ids(_ outcome: Outcome) -> [ResourceID] {
                switch outcome {
                case .resource(let decoded): [decoded.written]
                case .unsupported(let id, _): [id]
                case .list(let items): items.flatMap(ids)
                case .unreadable: []
                }
            }
            return documents.flatMap(ids)
        }
    }

    // MARK: - Decoding (independent of other documents)

    /// What one document contributes, decoded without looking at any other document.
    fileprivate enum Outcome: Sendable {
        case resource(Decoded)
        case unsupported(ResourceID, message: String)
        case list([Outcome])
        case unreadable(ConfigSyntaxError)
    }

    fileprivate struct Decoded: Sendable {
        /// Kind, namespace and name as written, which duplicates are found by.
        var written: ResourceID
        var start: SourceLocation
        /// The resource, its identity and unknown fields; or why it is not a valid resource.
        var result: Swift.Result<(id: ResourceID, unknownFields: [ConfigDecoder.UnknownField]), ConfigDecodingError>?
        var insert: @Sendable (inout ResourceSet) -> Void = { _ in }
    }

    private static func outcome(of document: ConfigValue, file: String, typeCache: DecodingTypeCache) -> Outcome {
        let start = document.location ?? SourceLocation(file: file, line: 1, column: 1)
        guard document.members != nil else {
            return .unreadable(
                ConfigSyntaxError(
                    location: start,
                    message:
                        "expected a resource (an object with apiVersion, kind, metadata and spec), found \(document.kindDescription)"
                )
            )
        }
        guard let kind = document["kind"]?.stringValue, !kind.isEmpty else {
            return .unreadable(
                ConfigSyntaxError(location: start, message: "expected a 'kind' field naming the resource kind")
            )
        }
        let apiVersion = document["apiVersion"]?.stringValue ?? ""
        if kind == "List" || kind.hasSuffix("List") && document["items"] != nil {
            guard case .array(let items)? = document["items"]?.content else {
                return .unreadable(
                    ConfigSyntaxError(
                        location: document["items"]?.location ?? start,
                        message: "expected 'items' to be a list of resources"
                    )
                )
            }
            return .list(items.map { outcome(of: $0, file: file, typeCache: typeCache) })
        }
        guard let known = ResourceKind(kind: kind, apiVersion: apiVersion) else {
            let expected = ResourceKind(rawValue: kind).map { " (expected apiVersion \($0.apiVersion))" } ?? ""
            return .unsupported(
                identity(of: document, kind: kind),
                message:
                    "\(start): kind \(kind) of apiVersion '\(apiVersion)' is not supported\(expected); the resource is ignored"
            )
        }
        let decoded =
            switch known {
            case .gateway: decode(GatewaySpec.self, document, at: start, typeCache: typeCache)
            case .virtualService: decode(VirtualServiceSpec.self, document, at: start, typeCache: typeCache)
            case .routeTable: decode(RouteTableSpec.self, document, at: start, typeCache: typeCache)
            case .upstream: decode(UpstreamSpec.self, document, at: start, typeCache: typeCache)
            case .upstreamGroup: decode(UpstreamGroupSpec.self, document, at: start, typeCache: typeCache)
            case .settings: decode(SettingsSpec.self, document, at: start, typeCache: typeCache)
            case .secret: decode(SecretSpec.self, document, at: start, typeCache: typeCache)
            case .proxy: decode(ProxySpec.self, document, at: start, typeCache: typeCache)
            }
        return .resource(decoded)
    }

    private static func decode<Spec: ResourceSpec>(
        _ spec: Spec.Type,
        _ document: ConfigValue,
        at start: SourceLocation,
        typeCache: DecodingTypeCache
    ) -> Decoded {
        var decoded = Decoded(written: identity(of: document, kind: Spec.kind.rawValue), start: start)
        guard !decoded.written.name.isEmpty else { return decoded }
        var document = document
        if document["spec"] == nil, case .object(var members) = document.content {
            // Kubernetes allows an empty spec to be left out.
            members.append(.init(key: "spec", value: ConfigValue(.object([]))))
            document.content = .object(members)
        }
        do {
            let result = try ConfigDecoder().decode(Resource<Spec>.self, from: document, typeCache: typeCache)
            let resource = result.value
            decoded.result = .success((ResourceID(resource), result.unknownFields))
            decoded.insert = { $0.appendUnsorted(resource) }
        } catch {
            decoded.result = .failure(error)
        }
        return decoded
    }

    // MARK: - Adding (in document order)

    /// Resources read by one call, not yet in ``resources``.
    private struct Added {
        var resources = ResourceSet()
        var ids: Set<ResourceID> = []
    }

    private mutating func apply(_ outcome: Outcome, to added: inout Added) {
        switch outcome {
        case .unreadable:
            // ``ParsedFile`` holds no unreadable document.
            break
        case .list(let items):
            for item in items { apply(item, to: &added) }
        case .unsupported(let id, let message):
            reports.addWarning(id, message)
        case .resource(let decoded):
            add(decoded, to: &added)
        }
    }

    private mutating func add(_ decoded: Decoded, to added: inout Added) {
        let written = decoded.written
        let start = decoded.start
        guard !written.name.isEmpty else {
            reports.addError(written, "\(start): metadata.name is required")
            return
        }
        if added.ids.contains(written) || resources.contains(written) {
            let first = resources.locations[written].map { " (first defined at \($0))" } ?? ""
            reports.addError(
                written,
                "\(start): \(written) is defined more than once\(first); this definition is ignored"
            )
            return
        }
        switch decoded.result {
        case .success(let (id, unknownFields)):
            reports.accept(id)
            for field in unknownFields {
                let place = field.location.map { "\($0): " } ?? ""
                reports.addWarning(id, "\(place)unknown field '\(field.path)'")
            }
            decoded.insert(&added.resources)
            added.ids.insert(id)
            resources.locations[id] = start
        case .failure(let error):
            reports.addError(written, error.description)
        case nil:
            break
        }
    }

    /// The kind, namespace and name of a document, as far as they can be read.
    private static func identity(of document: ConfigValue, kind: String) -> ResourceID {
        let metadata = document["metadata"]
        let namespace = metadata?["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        return ResourceID(kind: kind, namespace: namespace, name: metadata?["name"]?.stringValue ?? "")
    }
}
