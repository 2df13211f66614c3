import Foundation

/// A page of a Lambda listing: its entries and the marker of the next page.
protocol LambdaPage: Decodable, Sendable {
    var nextMarker: String? { get }
}

/// Signed GETs against the Lambda REST API, page by page.
struct LambdaAPI: Sendable {
    let http: DiscoveryHTTPClient
    let signer: SigV4Signer
    let endpoint: String
    let maxPages: Int

    /// Reads every page of the listing at `path`, handing each to `body`.
    func pages<Page: LambdaPage>(
        path: String,
        query: [(String, String)],
        pageSize: Int,
        _ body: (Page) throws(DiscoveryError) -> Void
    ) async throws(DiscoveryError) {
        var marker: String?
        var seenMarkers: Set<String> = []
        for _ in 0..<maxPages {
            var parameters = query.map { (name: $0.0, value: $0.1) }
            parameters.append((name: "MaxItems", value: String(pageSize)))
            if let marker { parameters.append((name: "Marker", value: marker)) }
            let page: Page = try await get(path: path, query: parameters)
            try body(page)
            guard let next = page.nextMarker, !next.isEmpty else { return }
            guard seenMarkers.insert(next).inserted else {
                throw DiscoveryError(.awsError, "Lambda \(path) at \(endpoint) returned the page marker \(next) twice")
            }
            marker = next
        }
        throw DiscoveryError(.responseTooLarge, "Lambda \(path) at \(endpoint) has more than \(maxPages) pages")
    }

    private func get<Page: Decodable>(
        path: String,
        query: [(name: String, value: String)]
    ) async throws(DiscoveryError)
        -> Page
    {
        guard let url = URLComponents(string: endpoint), let host = url.host, !host.isEmpty else {
            throw DiscoveryError(.invalidInput, "the Lambda endpoint \(endpoint) is not a URL")
        }
        let authority = url.port.map { "\(host):\($0)" } ?? host
        let basePath = url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path
        let fullPath = basePath + path
        let seconds = Int64(Date().timeIntervalSince1970)
        let signed = signer.sign(
            method: "GET",
            path: fullPath,
            query: query,
            headers: [(name: "host", value: authority)],
            at: .init(secondsSince1970: seconds)
        )
        let origin = "\(url.scheme ?? "https")://\(authority)"
        let target = origin + fullPath + (signed.query.isEmpty ? "" : "?" + signed.query)
        let response = try await http.get(
            target,
            headers: [(name: "host", value: authority), (name: "accept", value: "application/json")] + signed.headers
        )
        guard response.status == 200 else {
            throw DiscoveryError(
                .awsError,
                "Lambda GET \(fullPath) at \(origin) answered \(response.status)\(Self.reason(response))"
            )
        }
        do {
            return try JSONDecoder().decode(Page.self, from: Data(response.body))
        } catch {
            throw DiscoveryError(
                .malformedDocument,
                "Lambda GET \(fullPath) at \(origin): the answer is not the expected JSON (\(error))"
            )
        }
    }

    /// The error type and message AWS puts in a failed answer, as `" (Type): message"`.
    private static func reason(_ response: DiscoveryHTTPClient.Response) -> String {
        struct Failure: Decodable {
            var message: String?
            var upperMessage: String?
            var type: String?
            enum CodingKeys: String, CodingKey {
                case message
                case upperMessage = "Message"
                case type = "Type"
            }
        }
        let kind = response.header("x-amzn-errortype")?.split(separator: ":").first.map(String.init)
        let failure = try? JSONDecoder().decode(Failure.self, from: Data(response.body.prefix(4096)))
        let message = failure?.message ?? failure?.upperMessage
        return [kind.map { " (\($0))" }, message.map { ": \($0)" }].compactMap { $0 }.joined()
    }
}
