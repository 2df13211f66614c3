import Foundation
import GatewayModel
import Synchronization
import Testing

@testable import GatewayStore

/// A directory under the system's temporary directory, removed when the test is done with it.
final class TemporaryDirectory: Sendable {
    let path: String

    init(_ files: [String: String] = [:]) throws {
        path =
            FileManager.default.temporaryDirectory.appendingPathComponent("gateway-store-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try write(name, text) }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The full path of `name`.
    func callAsFunction(_ name: String) -> String { path + "/" + name }

    /// Writes a file atomically (a new file renamed into place, as editors and `kubectl cp` do), creating its
    /// directories.
    func write(_ name: String, _ text: String) throws {
        let url = URL(fileURLWithPath: self(name))
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func remove(_ name: String) throws {
        try FileManager.default.removeItem(atPath: self(name))
    }
}

/// YAML of an Upstream with one static host.
func upstreamYAML(_ name: String, host: String = "127.0.0.1", port: Int = 8080) -> String {
    """
    apiVersion: gloo.solo.io/v1
    kind: Upstream
    metadata: {name: \(name), namespace: default}
    spec:
      static:
        hosts: [{addr: \(host), port: \(port)}]

    """
}

/// YAML of a VirtualService for `domain` whose one route sends `prefix` to `upstream`.
func virtualServiceYAML(_ name: String, domain: String = "*", prefix: String = "/", upstream: String = "echo") -> String
{
    """
    apiVersion: gateway.solo.io/v1
    kind: VirtualService
    metadata: {name: \(name), namespace: default}
    spec:
      virtualHost:
        domains: ['\(domain)']
        routes:
        - matchers: [{prefix: '\(prefix)'}]
          routeAction: {single: {upstream: {name: \(upstream), namespace: default}}}

    """
}

extension ConfigurationSnapshot {
    func upstream(_ name: String) -> Resource<UpstreamSpec>? {
        resources.upstream(ResourceRef(name: name, namespace: "default"))
    }

    func report(_ kind: String, _ name: String) -> ResourceReport? {
        reports.reports.first { $0.kind == kind && $0.name == name }
    }
}

/// Consumes a source's snapshots in the background, recording when each arrived, so that tests can wait for
/// one with a time limit and check every snapshot that was produced.
final class SnapshotRecorder: Sendable {
    struct Arrival: Sendable {
        var snapshot: ConfigurationSnapshot
        var time: ContinuousClock.Instant
    }

    private final class Log: Sendable {
        let arrivals = Mutex<[Arrival]>([])
    }

    private let log = Log()
    private let task: Task<Void, Never>

    init(_ source: DirectorySource) {
        let stream = source.updates()
        let log = log
        task = Task {
            for await snapshot in stream {
                let arrival = Arrival(snapshot: snapshot, time: .now)
                log.arrivals.withLock { $0.append(arrival) }
            }
        }
    }

    deinit {
        task.cancel()
    }

    /// Every snapshot so far.
    var arrivals: [Arrival] { log.arrivals.withLock { $0 } }

    /// The first snapshot after the first `skipping` ones that satisfies `condition`, waiting for at most
    /// `limit`.
    func first(
        after skipping: Int = 0,
        within limit: Duration = .seconds(3),
        where condition: (ConfigurationSnapshot) -> Bool = { _ in true }
    ) async throws -> Arrival {
        let deadline = ContinuousClock.now.advanced(by: limit)
        while true {
            if let found = arrivals.dropFirst(skipping).first(where: { condition($0.snapshot) }) { return found }
            guard ContinuousClock.now < deadline else {
                Issue.record("no snapshot within \(limit)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
