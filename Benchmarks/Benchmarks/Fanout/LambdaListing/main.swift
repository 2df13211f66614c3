import Foundation
import GatewayDiscovery
import GatewayModel

// What one Lambda discovery round costs against a large account: moto's server (lambda_peer.py) seeded with
// 10,000 functions, listed with `FunctionVersion=ALL` (moto answers in a single page of about 8 MB), and the new
// list compared with the previous round's as the discovery loop does. In the same rounds, against the same
// server: boto3's paginator and a bare urllib GET, timed inside a long-lived Python process, and our bare GET
// without decoding. moto builds every answer anew in Python, so everything but the alias listing is measured a
// second time against a server that replays moto's saved answer, which leaves the clients' own cost. The rounds
// interleave the measurements (moto's answer time varies by 2× from one request to the next); the first round is
// a warm-up. Prints a Markdown table of medians and fastest runs.
//
// Usage: LambdaListing [--peer PATH] [--functions N] [--runs N] [--alias-runs N]
//
// The peer is Tests/IntegrationTests/Goldens/peers/lambda_peer.py, found from --peer, $LAMBDA_PEER, the current
// directory or this file's location; python3 on PATH needs moto[server] and boto3.

var peerPath = ProcessInfo.processInfo.environment["LAMBDA_PEER"]
var functionCount = 10_000
var runs = 11
var aliasRuns = 3
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    let value = arguments.popFirst()
    switch (argument, value, value.flatMap(Int.init)) {
    case ("--peer", let path?, _): peerPath = path
    case ("--functions", _, let number?) where number > 0: functionCount = number
    case ("--runs", _, let number?) where number > 0: runs = number
    case ("--alias-runs", _, let number?) where number >= 0: aliasRuns = number
    default:
        print("usage: LambdaListing [--peer PATH] [--functions N] [--runs N] [--alias-runs N]")
        exit(2)
    }
}

let region = "us-east-1"
let credentials = AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")
let http = DiscoveryHTTPClient(limits: DiscoveryLimits(timeout: .seconds(60), maxResponseBytes: 64 << 20))

let (moto, motoPort) = try Peers.moto(script: Peers.locateLambdaPeer(peerPath), functions: functionCount)
defer { moto.stop() }
let motoEndpoint = "http://127.0.0.1:\(motoPort)"
let request = SignedListing(authority: "127.0.0.1:\(motoPort)", credentials: credentials, region: region)

// moto's answer, saved for the replay server.
let saved = try await http.get(motoEndpoint + request.target, headers: request.headers)
precondition(saved.status == 200, "moto answered ListFunctions with \(saved.status)")
let savedPath = FileManager.default.temporaryDirectory
    .appendingPathComponent("lambda-listing-\(ProcessInfo.processInfo.processIdentifier).json").path
precondition(FileManager.default.createFile(atPath: savedPath, contents: Data(saved.body)), "cannot write \(savedPath)")
defer { try? FileManager.default.removeItem(atPath: savedPath) }
let (replay, replayPort) = try Peers.replay(file: savedPath)
defer { replay.stop() }
let (python, versions) = try Peers.client(headers: request.headersJSON)
defer { python.stop() }

var times = Timings()
var listing = LambdaDiscovery(http: http)
listing.includeAliases = false
let servers = [("moto", motoEndpoint), ("replay", "http://127.0.0.1:\(replayPort)")]
var previous: [String: [AwsLambdaUpstream.LambdaFunction]] = [:]

for round in 0...runs {
    func record(_ name: String, _ duration: Duration) {
        if round > 0 { times.add(name, duration) }
    }
    for (server, endpoint) in servers {
        // Ours: list, then compare with the previous round's list.
        let start = ContinuousClock.now
        let functions = try await listing.discover(region: region, credentials: credentials, endpoint: endpoint)
        let listed = ContinuousClock.now
        let unchanged = DiscoveredFunctions.lambda(functions) == .lambda(previous[server] ?? functions)
        let compared = ContinuousClock.now
        precondition(unchanged && functions.count == functionCount, "\(server): the listing changed between rounds")
        previous[server] = functions
        record("\(server).list", listed - start)
        record("\(server).diff", compared - listed)
        record("\(server).total", compared - start)

        // The same signed request, the answer read whole; then decoded alone.
        let getStart = ContinuousClock.now
        let response = try await http.get(endpoint + request.target, headers: request.headers)
        let received = ContinuousClock.now
        let answer = try JSONDecoder().decode(ListFunctionsAnswer.self, from: Data(response.body))
        let decoded = ContinuousClock.now
        precondition(response.body == saved.body && answer.functions?.count == functionCount, "\(server): answer")
        record("\(server).get", received - getStart)
        record("\(server).decode", decoded - received)

        let boto3 = try Peers.call(python, "boto3", endpoint)
        precondition(boto3.count == functionCount, "\(server): boto3 listed \(boto3.count) functions")
        let urllib = try Peers.call(python, "urllib", endpoint + request.target)
        precondition(urllib.count == saved.body.count, "\(server): urllib read \(urllib.count) bytes")
        if round > 0 {
            times.add("\(server).boto3", seconds: boto3.seconds)
            times.add("\(server).urllib", seconds: urllib.seconds)
        }
    }
}

// Aliases on, against moto only: one ListAliases per function, `aliasConcurrency` (8) at a time.
var withAliases = LambdaDiscovery(http: http)
withAliases.includeAliases = true
for _ in 0..<aliasRuns {
    let start = ContinuousClock.now
    let functions = try await withAliases.discover(region: region, credentials: credentials, endpoint: motoEndpoint)
    times.add("moto.aliases", ContinuousClock.now - start)
    precondition(functions.count == functionCount, "listed \(functions.count) functions and aliases")
}

@MainActor func row(_ label: String, _ name: String) -> String {
    times.row(label, ["moto.\(name)", "replay.\(name)"])
}
print(
    """

    \(functionCount) Lambda functions listed with `FunctionVersion=ALL` (one ListFunctions answer of \
    \(String(format: "%.1f", Double(saved.body.count) / 1e6)) MB); \(runs) rounds after a warm-up \
    (aliases: \(aliasRuns)); moto \(versions.moto), boto3 \(versions.boto3) (botocore \(versions.botocore)), \
    Python \(versions.python).

    | measurement | moto: median | moto: fastest | replayed answer: median | replayed answer: fastest |
    |:--|--:|--:|--:|--:|
    \(row("ours: `LambdaDiscovery`, aliases off (sign, GET, decode, build, sort)", "list"))
    \(row("ours: diff, `DiscoveredFunctions.lambda(new) == .lambda(previous)`", "diff"))
    \(row("ours: list + diff (target ≤ 1 s against moto)", "total"))
    \(row("boto3: `list_functions` paginator", "boto3"))
    \(row("bare GET: `DiscoveryHTTPClient.get`, no decoding", "get"))
    \(row("bare GET: Python `urllib`", "urllib"))
    \(row("decoding alone: `JSONDecoder`, name and version", "decode"))
    \(row("ours: aliases on (+ \(functionCount) ListAliases, 8 at a time)", "aliases"))

    boto3 ÷ ours (list): \(times.ratio("moto.boto3", "moto.list")) against moto, \
    \(times.ratio("replay.boto3", "replay.list")) against the replayed answer.
    Against the replayed answer ours spends \(times.difference("replay.list", "replay.get")) beyond the bare GET. \
    moto's own time, bare GET from moto − from the replay: \(times.difference("moto.get", "replay.get")) \
    (urllib: \(times.difference("moto.urllib", "replay.urllib"))).
    """
)

/// The ListFunctions request `LambdaDiscovery` sends (same path, query and signed headers).
struct SignedListing {
    /// The path and query.
    let target: String
    let headers: [(name: String, value: String)]

    init(authority: String, credentials: AWSCredentials, region: String) {
        let path = "/2015-03-31/functions/"
        let signed = SigV4Signer(credentials: credentials, region: region, service: "lambda").sign(
            method: "GET",
            path: path,
            query: [(name: "FunctionVersion", value: "ALL"), (name: "MaxItems", value: "50")],
            headers: [(name: "host", value: authority)],
            at: .init(Date())
        )
        target = path + "?" + signed.query
        headers = [(name: "host", value: authority), (name: "accept", value: "application/json")] + signed.headers
    }

    /// The headers but `host` (which urllib sets) as a JSON object.
    var headersJSON: String {
        let object = Dictionary(headers.filter { $0.name != "host" }, uniquingKeysWith: { first, _ in first })
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// The part of a ListFunctions answer discovery reads.
struct ListFunctionsAnswer: Decodable {
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
