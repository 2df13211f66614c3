import Foundation
import GatewayDiscovery
import GatewayModel
import Testing

/// Lambda discovery against moto's Lambda API (`Goldens/peers/lambda_peer.py`), seeded through boto3 with
/// functions, versions and aliases.
@Suite("Lambda discovery against moto_server", .serialized)
struct LambdaDiscoveryTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")

    @Test("every version as Gloo Edge names it, and every alias, sorted by logical name")
    func versionsAndAliases() async throws {
        let peer = try await PythonPeer(
            "lambda_peer.py",
            arguments: ["--functions", "3", "--versions", "2", "--aliases"]
        )
        defer { peer.stop() }
        let endpoint = "http://127.0.0.1:\(peer.port("lambda"))"
        let functions = try await LambdaDiscovery().discover(
            region: "us-east-1",
            credentials: Self.credentials,
            endpoint: endpoint
        )
        let expected: [(String, String, String)] = [
            ("fn-0000", "fn-0000", "$LATEST"), ("fn-0000:1", "fn-0000", "1"), ("fn-0000:2", "fn-0000", "2"),
            ("fn-0000:beta", "fn-0000", "beta"), ("fn-0000:live", "fn-0000", "live"),
            ("fn-0001", "fn-0001", "$LATEST"), ("fn-0001:1", "fn-0001", "1"), ("fn-0001:2", "fn-0001", "2"),
            ("fn-0002", "fn-0002", "$LATEST"), ("fn-0002:1", "fn-0002", "1"), ("fn-0002:2", "fn-0002", "2"),
        ]
        #expect(
            functions.map { [$0.logicalName, $0.lambdaFunctionName, $0.qualifier] }
                == expected.map { [$0.0, $0.1, $0.2] }
        )

        var glooLike = LambdaDiscovery()
        glooLike.includeAliases = false
        let withoutAliases = try await glooLike.discover(
            region: "us-east-1",
            credentials: Self.credentials,
            endpoint: endpoint
        )
        #expect(withoutAliases.count == 9 && withoutAliases.allSatisfy { !$0.logicalName!.hasSuffix("live") })

        // Another region of the same API has no functions.
        let elsewhere = try await LambdaDiscovery().discover(
            region: "eu-west-1",
            credentials: Self.credentials,
            endpoint: endpoint
        )
        #expect(elsewhere.isEmpty)
    }

    @Test("pages of at most 50, as AWS sends them, are all read: 120 functions with versions, aliases paged too")
    func paging() async throws {
        let peer = try await PythonPeer(
            "lambda_peer.py",
            arguments: ["--functions", "120", "--versions", "2", "--aliases", "--page-limit", "50"]
        )
        defer { peer.stop() }
        let endpoint = "http://127.0.0.1:\(peer.port("lambda"))"
        var discovery = LambdaDiscovery()
        discovery.pageSize = 1_000  // more than AWS gives: the pages stay at 50
        let functions = try await discovery.discover(
            region: "us-east-1",
            credentials: Self.credentials,
            endpoint: endpoint
        )
        let expectedCount = 120 + 3 * 2 + 2
        #expect(functions.count == expectedCount)
        #expect(Set(functions.compactMap(\.logicalName)).count == functions.count)
        #expect(functions.filter { $0.qualifier == "$LATEST" }.count == 120)
        let pages = try await DiscoveryHTTPClient().get(endpoint + "/__pages")
        let counts = try JSONSerialization.jsonObject(with: Data(pages.body)) as? [String: Int]
        #expect(counts?["functions"] == 3)
        #expect(counts?["aliases"] == 120)
    }

    @Test("an endpoint that is not a Lambda API, or not there, gives a clear error")
    func badEndpoints() async throws {
        let server = try await PythonPeer("spec_server.py", arguments: ["--root", try PythonPeer.specRoot])
        defer { server.stop() }
        await #expect {
            try await LambdaDiscovery().discover(
                region: "us-east-1",
                credentials: Self.credentials,
                endpoint: "http://127.0.0.1:\(server.port("spec"))"
            )
        } throws: { error in
            guard let error = error as? DiscoveryError else { return false }
            return error.code == .awsError && error.message.contains("/2015-03-31/functions/")
                && error.message.contains("answered 404")
        }
        await #expect {
            try await LambdaDiscovery().discover(
                region: "us-east-1",
                credentials: Self.credentials,
                endpoint: "http://127.0.0.1:1"
            )
        } throws: { error in
            (error as? DiscoveryError)?.code == .unreachable
        }
    }
}
