import Foundation
public import GatewayModel

/// Swagger 2.0 / OpenAPI 3 function discovery: finds a service's document (at a URL, inline, or by probing the
/// well-known paths), loads the documents its `$ref`s point into, and turns its operations into REST functions.
public struct SwaggerDiscovery: Sendable {
    /// The paths Gloo Edge probes, in its order.
    public static let glooProbePaths = [
        "/swagger.json", "/swagger/docs/v1", "/swagger/docs/v2", "/v1/swagger", "/v2/swagger",
    ]
    /// The OpenAPI 3 paths probed after Gloo Edge's.
    public static let openAPIProbePaths = ["/openapi.json", "/openapi.yaml", "/v3/api-docs"]
    /// Every path probed, in order.
    public static var probePaths: [String] { glooProbePaths + openAPIProbePaths }
    /// The header every probe carries, as Gloo Edge sends it, so services can tell discovery from traffic.
    public static let probeHeader = (name: "X-Gloo-Discovery", value: "Swagger-Discovery")

    /// Where a service's document is.
    public enum Source: Sendable, Hashable {
        /// At this URL.
        case url(String)
        /// This text.
        case inline(String)
        /// At one of ``probePaths`` under this URL (a service root such as `http://host:8080`).
        case serviceRoot(String)
        /// At this URL if it serves a document; otherwise at one of ``probePaths`` under it.
        case urlOrServiceRoot(String)
    }

    /// The discovered functions and where the document was found.
    public struct Discovered: Sendable, Hashable {
        /// `transformations` per function, and `swaggerInfo` naming the document.
        public var spec: RestServiceSpec
        /// The specification the document follows.
        public var specification: APIDocument.Specification
        /// What was skipped and why.
        public var notes: [String]
    }

    private let http: DiscoveryHTTPClient
    /// The most documents one discovery loads (the root and those its references point into).
    public var maxDocuments = 32

    /// Discovery that fetches over `http`.
    public init(http: DiscoveryHTTPClient = DiscoveryHTTPClient()) {
        self.http = http
    }

    /// Finds, loads and reads the document at `source`.
    public func discover(_ source: Source) async throws(DiscoveryError) -> Discovered {
        var document: APIDocument
        var swaggerInfo = RestServiceSpec.SwaggerInfo()
        switch source {
        case .url(let url):
            document = try await fetchDocument(url, probing: false)
            swaggerInfo.url = url
        case .inline(let text):
            document = try APIDocument(bytes: Array(text.utf8), location: nil)
            swaggerInfo.inline = text
        case .serviceRoot(let root):
            (swaggerInfo.url, document) = try await probe(root)
        case .urlOrServiceRoot(let url):
            do {
                document = try await fetchDocument(url, probing: false)
                swaggerInfo.url = url
            } catch let direct {
                do throws(DiscoveryError) {
                    (swaggerInfo.url, document) = try await probe(url)
                } catch {
                    throw DiscoveryError(
                        error.code,
                        "\(direct.message); and probing it as a service root: \(error.message)"
                    )
                }
            }
        }
        try await loadReferencedDocuments(into: &document)
        let result = try RESTFunctionGenerator().functions(of: document)
        var spec = RestServiceSpec(transformations: result.functions)
        spec.swaggerInfo = swaggerInfo
        return Discovered(spec: spec, specification: document.specification, notes: result.notes)
    }

    /// The first well-known path under `root` that serves a Swagger or OpenAPI document, and that document.
    public func probe(_ root: String) async throws(DiscoveryError) -> (url: String, document: APIDocument) {
        var base = Substring(root)
        if base.hasPrefix("tcp://") { base = "http://" + base.dropFirst("tcp://".count) }
        while base.hasSuffix("/") { base = base.dropLast() }
        // Each path's reason, with the paths that failed alike grouped: "answered 404: /swagger.json, …".
        var failures: [(reason: String, paths: [String])] = []
        for path in Self.probePaths {
            let url = String(base + path)
            do throws(DiscoveryError) {
                return (url, try await fetchDocument(url, probing: true))
            } catch {
                // An unreachable host fails every path the same way; say so once.
                if error.code == .unreachable || error.code == .timeout || error.code == .invalidInput {
                    throw DiscoveryError(error.code, "service at \(base) was unreachable: \(error.message)")
                }
                let reason = error.message.replacingOccurrences(of: "GET \(url) ", with: "")
                    .replacingOccurrences(of: url, with: path)
                if let index = failures.firstIndex(where: { $0.reason == reason }) {
                    failures[index].paths.append(path)
                } else {
                    failures.append((reason, [path]))
                }
            }
        }
        throw DiscoveryError(
            .unsupportedDocument,
            "service at \(base) does not serve a Swagger or OpenAPI document at a known path ("
                + failures.map { "\($0.reason): \($0.paths.joined(separator: ", "))" }.joined(separator: "; ") + ")"
        )
    }

    private func fetchDocument(_ url: String, probing: Bool) async throws(DiscoveryError) -> APIDocument {
        let body = try await fetch(url, probing: probing)
        return try APIDocument(bytes: body, location: url)
    }

    private func fetch(_ url: String, probing: Bool) async throws(DiscoveryError) -> [UInt8] {
        let headers = probing ? [Self.probeHeader] : []
        let response = try await http.get(url, headers: headers)
        guard response.status == 200 else {
            throw DiscoveryError(.httpStatus, "GET \(url) answered \(response.status)")
        }
        return response.body
    }

    /// Fetches every document that references point into, and those their references point into, up to
    /// ``maxDocuments``.
    func loadReferencedDocuments(into document: inout APIDocument) async throws(DiscoveryError) {
        var loaded = 1
        while case let missing = document.missingDocuments, !missing.isEmpty {
            for location in missing {
                loaded += 1
                guard loaded <= maxDocuments else {
                    throw DiscoveryError(
                        .invalidReference,
                        "the document refers to more than \(maxDocuments) documents; not loading \(location)"
                    )
                }
                let body: [UInt8]
                do {
                    body = try await fetch(location, probing: false)
                } catch {
                    throw DiscoveryError(error.code, "loading a referenced document: \(error.message)")
                }
                document.addExternalDocument(try APIDocument.parse(body, location: location), at: location)
            }
        }
    }
}
