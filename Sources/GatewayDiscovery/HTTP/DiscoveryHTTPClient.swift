public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// How long a discovery request may take and how much it may read.
public struct DiscoveryLimits: Sendable, Hashable {
    /// The whole request, connection to last byte.
    public var timeout: Duration
    /// The largest response body read; a larger one fails the request instead of filling memory.
    public var maxResponseBytes: Int

    /// Limits of `timeout` and `maxResponseBytes`; by default 10 seconds and 16 MiB.
    public init(timeout: Duration = .seconds(10), maxResponseBytes: Int = 16 << 20) {
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }
}

/// The HTTP GETs discovery makes (Swagger documents, the Lambda API), bounded in time and size, with failures
/// turned into ``DiscoveryError``s that name the URL.
public struct DiscoveryHTTPClient: Sendable {
    /// An answer: its status, headers and body.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]

        /// The first value of header `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    private let client: HTTPClient
    /// The limits every request keeps to.
    public var limits: DiscoveryLimits

    /// A client on `client` (AsyncHTTPClient's shared one by default).
    public init(client: HTTPClient = .shared, limits: DiscoveryLimits = DiscoveryLimits()) {
        self.client = client
        self.limits = limits
    }

    /// GETs `url` and reads the whole body, whatever the status.
    public func get(
        _ url: String,
        headers: [(name: String, value: String)] = []
    ) async throws(DiscoveryError)
        -> Response
    {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        let limit = limits.maxResponseBytes
        do {
            let response = try await client.execute(request, timeout: TimeAmount(limits.timeout))
            if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > limit {
                throw DiscoveryError(
                    .responseTooLarge,
                    "GET \(url): the response is \(length) bytes, more than the limit of \(limit)"
                )
            }
            let body = try await response.body.collect(upTo: limit)
            return Response(
                status: Int(response.status.code),
                headers: response.headers.map { ($0.name, $0.value) },
                body: Array(buffer: body)
            )
        } catch let error as DiscoveryError {
            throw error
        } catch is NIOTooManyBytesError {
            throw DiscoveryError(
                .responseTooLarge,
                "GET \(url): the response is larger than the limit of \(limit) bytes"
            )
        } catch let error as HTTPClientError {
            throw Self.error(error, url: url, timeout: limits.timeout)
        } catch let error as IOError {
            // The system's reason ("Connection refused"), without NIO's wrapping.
            throw DiscoveryError(.unreachable, "GET \(url): \(String(cString: strerror(error.errnoCode)))")
        } catch {
            throw DiscoveryError(.unreachable, "GET \(url): \(error)")
        }
    }

    private static func error(_ error: HTTPClientError, url: String, timeout: Duration) -> DiscoveryError {
        if [.deadlineExceeded, .connectTimeout, .readTimeout, .writeTimeout].contains(error) {
            return DiscoveryError(.timeout, "GET \(url): no complete answer within \(timeout)")
        }
        if error == .remoteConnectionClosed {
            return DiscoveryError(
                .unreachable,
                "GET \(url): the server closed the connection before the answer was complete"
            )
        }
        if [.invalidURL, .emptyHost, .emptyScheme].contains(error) {
            return DiscoveryError(.invalidInput, "GET \(url): not a valid http or https URL")
        }
        return DiscoveryError(.unreachable, "GET \(url): \(error)")
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
