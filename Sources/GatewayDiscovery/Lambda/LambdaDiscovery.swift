import Foundation
public import GatewayModel

/// AWS Lambda function discovery: every version of every function (`ListFunctions` with `FunctionVersion=ALL`,
/// page by page) and, beyond Gloo Edge, every alias (`ListAliases`), as `aws.lambdaFunctions` entries.
///
/// Names follow Gloo Edge: `$LATEST` is `<name>`, version N is `<name>:N` with qualifier `N`; an alias A is
/// `<name>:A` with qualifier `A`. The list is sorted by logical name. Requests are signed with SigV4 and may go to
/// any Lambda-compatible endpoint.
public struct LambdaDiscovery: Sendable {
    private let http: DiscoveryHTTPClient
    /// Functions asked for per page (Lambda returns at most 50).
    public var pageSize = 50
    /// Whether aliases are listed too (one `ListAliases` per function).
    public var includeAliases = true
    /// How many `ListAliases` calls run at once.
    public var aliasConcurrency = 8
    /// The most pages read from one listing, against a server that never stops paging.
    public var maxPages = 10_000

    /// Discovery that calls the API over `http`.
    public init(http: DiscoveryHTTPClient = DiscoveryHTTPClient()) {
        self.http = http
    }

    /// The functions of `region`, read from `endpoint` (default `https://lambda.<region>.amazonaws.com`).
    public func discover(
        region: String,
        credentials: AWSCredentials,
        endpoint: String? = nil
    ) async throws(DiscoveryError) -> [AwsLambdaUpstream.LambdaFunction] {
        let api = LambdaAPI(
            http: http,
            signer: SigV4Signer(credentials: credentials, region: region, service: "lambda"),
            endpoint: endpoint ?? "https://lambda.\(region).amazonaws.com",
            maxPages: maxPages
        )
        var versions: [(name: String, version: String)] = []
        try await api.pages(path: "/2015-03-31/functions/", query: [("FunctionVersion", "ALL")], pageSize: pageSize) {
            (page: FunctionsPage) in
            for function in page.functions ?? [] {
                if let name = function.name, let version = function.version { versions.append((name, version)) }
            }
        }
        var functions = versions.map { entry in
            AwsLambdaUpstream.LambdaFunction(
                logicalName: entry.version == "$LATEST" ? entry.name : "\(entry.name):\(entry.version)",
                lambdaFunctionName: entry.name,
                qualifier: entry.version
            )
        }
        if includeAliases {
            var seen: Set<String> = []
            let names = versions.map(\.name).filter { seen.insert($0).inserted }
            functions += try await aliases(of: names, api: api)
        }
        functions.sort { ($0.logicalName ?? "") < ($1.logicalName ?? "") }
        return functions
    }

    private func aliases(
        of names: [String],
        api: LambdaAPI
    ) async throws(DiscoveryError)
        -> [AwsLambdaUpstream.LambdaFunction]
    {
        let pageSize = pageSize
        do {
            return try await withThrowingTaskGroup(of: [AwsLambdaUpstream.LambdaFunction].self) { group in
                var next = names.makeIterator()
                var running = 0
                var found: [AwsLambdaUpstream.LambdaFunction] = []
                func start(_ name: String) {
                    group.addTask {
                        var aliases: [AwsLambdaUpstream.LambdaFunction] = []
                        let path = "/2015-03-31/functions/\(SigV4Percent.encode(name))/aliases"
                        try await api.pages(path: path, query: [], pageSize: pageSize) { (page: AliasesPage) in
                            for alias in page.aliases ?? [] {
                                guard let aliasName = alias.name else { continue }
                                aliases.append(
                                    .init(
                                        logicalName: "\(name):\(aliasName)",
                                        lambdaFunctionName: name,
                                        qualifier: aliasName
                                    )
                                )
                            }
                        }
                        return aliases
                    }
                }
                while running < max(1, aliasConcurrency), let name = next.next() {
                    start(name)
                    running += 1
                }
                while let batch = try await group.next() {
                    found += batch
                    if let name = next.next() { start(name) }
                }
                return found
            }
        } catch let error as DiscoveryError {
            throw error
        } catch {
            throw DiscoveryError(.awsError, "listing Lambda aliases: \(error)")
        }
    }
}

/// One page of `ListFunctions`.
struct FunctionsPage: LambdaPage {
    struct Function: Decodable {
        var name: String?
        var version: String?
        enum CodingKeys: String, CodingKey {
            case name = "FunctionName"
            case version = "Version"
        }
    }
    var functions: [Function]?
    var nextMarker: String?
    enum CodingKeys: String, CodingKey {
        case functions = "Functions"
        case nextMarker = "NextMarker"
    }
}

/// One page of `ListAliases`.
struct AliasesPage: LambdaPage {
    struct Alias: Decodable {
        var name: String?
        enum CodingKeys: String, CodingKey {
            case name = "Name"
        }
    }
    var aliases: [Alias]?
    var nextMarker: String?
    enum CodingKeys: String, CodingKey {
        case aliases = "Aliases"
        case nextMarker = "NextMarker"
    }
}
