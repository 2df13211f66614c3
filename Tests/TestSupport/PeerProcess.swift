public import Foundation

/// Runs a peer: a real implementation (RE2, nlohmann::json, `std::regex`, ...) the differential tests compare
/// against, as a separate program fed on standard input.
public enum PeerProcess {
    /// What a run printed, and how it ended.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: String
        /// Whether the run was stopped for taking longer than its time limit.
        public var timedOut: Bool
    }

    /// A peer that could not be started.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `executable` with `input` on standard input. Files stand in for pipes, so neither side can block on a
    /// full pipe buffer. A run longer than `timeout` is terminated (and reported as timed out).
    public static func run(
        _ executable: URL,
        arguments: [String] = [],
        input: [UInt8],
        timeout: Duration? = nil
    ) async throws -> Output {
        let directory = FileManager.default.temporaryDirectory
        let token = "peer-\(executable.lastPathComponent)-\(UUID().uuidString)"
        let inputURL = directory.appendingPathComponent("\(token)-in")
        let outputURL = directory.appendingPathComponent("\(token)-out")
        let errorURL = directory.appendingPathComponent("\(token)-err")
        defer {
            for url in [inputURL, outputURL, errorURL] { try? FileManager.default.removeItem(at: url) }
        }
        try Data(input).write(to: inputURL)
        for url in [outputURL, errorURL] {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw Failure(description: "cannot create \(url.path)")
            }
        }
        let stdin = try FileHandle(forReadingFrom: inputURL)
        let stdout = try FileHandle(forWritingTo: outputURL)
        let stderr = try FileHandle(forWritingTo: errorURL)
        defer {
            try? stdin.close()
            try? stdout.close()
            try? stderr.close()
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let watched = Watched(process)
        let watchdog = timeout.map { limit in
            Task {
                try await Task.sleep(for: limit)
                watched.stop()
            }
        }
        defer { watchdog?.cancel() }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: Failure(description: "cannot start \(executable.path): \(error)"))
            }
        }
        return Output(
            status: status,
            stdout: [UInt8]((try? Data(contentsOf: outputURL)) ?? Data()),
            stderr: ((try? String(contentsOf: errorURL, encoding: .utf8)) ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines),
            timedOut: watched.stopped
        )
    }

    /// A process the watchdog may stop; `Process` is not `Sendable`.
    private final class Watched: @unchecked Sendable {
        private let process: Process
        private let lock = NSLock()
        private var didStop = false

        init(_ process: Process) { self.process = process }

        var stopped: Bool { lock.withLock { didStop } }

        /// Kills the process (SIGKILL: a child of a test process may have SIGTERM blocked).
        func stop() {
            lock.withLock {
                guard process.isRunning else { return }
                didStop = true
                kill(process.processIdentifier, SIGKILL)
            }
        }
    }
}
