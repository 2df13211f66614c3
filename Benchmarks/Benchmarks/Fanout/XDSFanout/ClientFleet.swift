import GRPCCore
import GRPCNIOTransportHTTP2
import GatewayXDS
import Synchronization

/// Simulated Envoys sharing a few HTTP/2 connections: `streams` ADS streams, `streamsPerConnection` on each.
struct ClientFleet {
    var port: Int
    var streams: Int
    var streamsPerConnection = 50
    var key: String
    var tracker: SyncTracker

    /// Opens every stream, runs `body` while they run, then cancels them. A stream that fails is reported on
    /// standard error and makes the fleet fail once `body` returns.
    func run<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        let failures = FailureLog()
        let connections = (streams + streamsPerConnection - 1) / streamsPerConnection
        var clients: [GRPCClient<HTTP2ClientTransport.Posix>] = []
        for _ in 0..<connections {
            let transport = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: port),
                transportSecurity: .plaintext
            )
            clients.append(GRPCClient(transport: transport))
        }
        let result = try await withThrowingTaskGroup(of: Void.self) { group in
            for client in clients {
                group.addTask { try await client.runConnections() }
            }
            for index in 0..<streams {
                let client = ADSClient(wrapping: clients[index / streamsPerConnection])
                let envoy = SimulatedEnvoy(index: index, key: key, tracker: tracker)
                group.addTask {
                    do {
                        try await envoy.run(client)
                    } catch {
                        failures.append("stream \(index): \(error)")
                    }
                }
            }
            let result = try await body()
            // Streams end with errors once their connections close: those do not count.
            failures.stop()
            group.cancelAll()
            return result
        }
        let failed = failures.all
        if !failed.isEmpty { throw FanoutFailure("\(failed.count) stream(s) failed; first: \(failed[0])") }
        return result
    }
}

/// What went wrong in the streams until the measurement ended.
final class FailureLog: Sendable {
    private let state = Mutex((messages: [String](), stopped: false))

    func append(_ message: String) {
        let recorded = state.withLock { state in
            if !state.stopped { state.messages.append(message) }
            return !state.stopped
        }
        if recorded { printError("\(message) failed") }
    }

    func stop() {
        state.withLock { $0.stopped = true }
    }

    var all: [String] {
        state.withLock { $0.messages }
    }
}

struct FanoutFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
