import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 response read by ``LoopbackHTTP``.
struct LoopbackResponse: Sendable {
    var status: Int
    /// The header fields in order, names lower-cased.
    var headers: [(name: String, value: String)]
    var body: String

    /// The first value of a header (the name in any case), or nil.
    func header(_ name: String) -> String? {
        let name = name.lowercased()
        return headers.first { $0.name == name }?.value
    }

    /// The body as a JSON object (the echo upstream's answers), or nil.
    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
    }
}

/// A minimal HTTP/1.1 client for 127.0.0.1: one connection per request (`connection: close`), the request sent
/// exactly as given, bodies delimited by `content-length`, chunked encoding or the end of the connection.
///
/// The blocking socket work runs on a Dispatch queue, never on the Swift concurrency pool, which the in-process
/// control plane needs (on a 2-core machine the pool has 2 threads).
enum LoopbackHTTP {
    private static let queue = DispatchQueue(label: "loopback-http", attributes: .concurrent)

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Sends `method target` to `127.0.0.1:port`. Without a `Host` in `headers`, `Host: localhost` is sent.
    static func send(
        port: Int,
        method: String = "GET",
        target: String,
        headers: [(String, String)] = [],
        timeout: Int = 5
    ) async throws -> LoopbackResponse {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(
                    with: Result {
                        try exchange(port: port, method: method, target: target, headers: headers, timeout: timeout)
                    }
                )
            }
        }
    }

    /// Whether something accepts TCP connections on `127.0.0.1:port`.
    static func accepts(port: Int) -> Bool {
        guard let socket = try? connect(port: port, timeout: 1) else { return false }
        close(socket)
        return true
    }

    /// A port that was free a moment ago (bound to 0 and released).
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure("socket() failed") }
        defer { close(socket) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw Failure("bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard named == 0 else { throw Failure("getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    // MARK: - Blocking parts

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private static func connect(port: Int, timeout: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure("socket() failed") }
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw Failure("cannot connect to 127.0.0.1:\(port)")
        }
        // A response that never comes fails the request instead of hanging the test.
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        return socket
    }

    private static func exchange(
        port: Int,
        method: String,
        target: String,
        headers: [(String, String)],
        timeout: Int
    ) throws -> LoopbackResponse {
        let socket = try connect(port: port, timeout: timeout)
        defer { close(socket) }
        var request = "\(method) \(target) HTTP/1.1\r\n"
        if !headers.contains(where: { $0.0.lowercased() == "host" }) { request += "Host: localhost\r\n" }
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "Connection: close\r\n\r\n"
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw Failure("send() to port \(port) failed") }
            sent += count
        }
        // Read everything: the server closes the connection after the response.
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            guard count > 0 else {
                if received.isEmpty { throw Failure("no response from port \(port) for \(method) \(target)") }
                break
            }
            received += chunk[..<count]
            if let response = try? complete(received) { return response }
        }
        guard let response = try complete(received, atEnd: true) else {
            throw Failure("incomplete response from port \(port) for \(method) \(target)")
        }
        return response
    }

    /// The response in `bytes`, or nil when more bytes are needed (`atEnd`: the connection is closed).
    private static func complete(_ bytes: [UInt8], atEnd: Bool = false) throws -> LoopbackResponse? {
        guard let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else {
            if atEnd { throw Failure("truncated response head") }
            return nil
        }
        let lines = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw Failure("bad status line: \(lines[0])")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                (
                    line[..<colon].lowercased(),
                    line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                )
            )
        }
        let head = LoopbackResponse(status: status, headers: headers, body: "")
        let rest = Array(bytes[end.upperBound...])
        if let length = head.header("content-length").flatMap(Int.init) {
            guard rest.count >= length else { return nil }
            return LoopbackResponse(
                status: status,
                headers: headers,
                body: String(decoding: rest[..<length], as: UTF8.self)
            )
        }
        if head.header("transfer-encoding")?.lowercased() == "chunked" {
            guard let body = dechunk(rest) else { return nil }
            return LoopbackResponse(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
        }
        if status == 204 || status == 304 || (100..<200).contains(status) {
            return head
        }
        guard atEnd else { return nil }
        return LoopbackResponse(status: status, headers: headers, body: String(decoding: rest, as: UTF8.self))
    }

    /// The body of a complete chunked encoding, or nil when it is not complete yet.
    private static func dechunk(_ bytes: [UInt8]) -> [UInt8]? {
        var body: [UInt8] = []
        var index = 0
        let crlf = Array("\r\n".utf8)
        while true {
            guard let lineEnd = bytes[index...].firstRange(of: crlf) else { return nil }
            let sizeText = String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self)
            let sizeField = sizeText.split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeField.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
            index = lineEnd.upperBound
            if size == 0 { return body }
            guard bytes.count >= index + size + 2 else { return nil }
            body += bytes[index..<index + size]
            index += size + 2
        }
    }
}
