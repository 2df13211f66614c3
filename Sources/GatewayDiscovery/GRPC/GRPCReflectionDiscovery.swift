import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
public import GatewayModel
import SwiftProtobuf

/// gRPC function discovery through server reflection: lists a server's services, fetches the files that define
/// them with every file they import, and writes them as the `FileDescriptorSet` of a `grpcJsonTranscoder`.
///
/// Speaks reflection `v1` and falls back to `v1alpha` when the server does not implement it (the two have the same
/// messages on the wire; Gloo Edge speaks only `v1alpha`).
public struct GRPCReflectionDiscovery: Sendable {
    /// The reflection services, which are never functions.
    static let reflectionServices: Set<String> = [
        "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection",
    ]

    /// How the connection is secured.
    public enum Security: Sendable, Hashable {
        /// No TLS (Gloo Edge's choice for `tcp://` and `http://` addresses).
        case plaintext
        /// TLS (the host name is sent as SNI), verifying the server against the system's roots or the PEM file
        /// `trustRoots`, or not at all.
        case tls(trustRoots: String? = nil, verify: Bool = true)
    }

    /// What a server offers.
    public struct Discovered: Sendable, Hashable {
        /// The services, fully qualified (`package.Service`), in the order the server lists them.
        public var services: [String]
        /// A serialized `FileDescriptorSet` with every file the services need, each file after those it imports.
        public var descriptorSet: [UInt8]
        /// The names of the files in ``descriptorSet``, in order.
        public var files: [String]
        /// The reflection protocol version that answered: `v1` or `v1alpha`.
        public var protocolVersion: String

        /// The transcoder settings Gloo Edge writes: the descriptor set in base64, the services, and routes matched
        /// on the incoming path.
        public var transcoder: GrpcJsonTranscoder {
            var transcoder = GrpcJsonTranscoder(
                protoDescriptorBin: Data(descriptorSet).base64EncodedString(),
                services: services
            )
            transcoder.matchIncomingRequestRoute = true
            return transcoder
        }
    }

    /// Bounds on time and size; `maxResponseBytes` bounds each message and the descriptor set as a whole.
    public var limits: DiscoveryLimits
    /// The most files fetched.
    public var maxFiles = 10_000

    /// Discovery with these limits.
    public init(limits: DiscoveryLimits = DiscoveryLimits()) {
        self.limits = limits
    }

    /// The services of the server at `host`:`port`.
    public func discover(
        host: String,
        port: Int,
        security: Security = .plaintext
    ) async throws(DiscoveryError)
        -> Discovered
    {
        let address = "\(host):\(port)"
        do {
            let transport = try HTTP2ClientTransport.Posix(
                target: Self.target(host: host, port: port),
                transportSecurity: Self.transportSecurity(security)
            )
            return try await withGRPCClient(transport: transport) { client in
                do {
                    return try await exchange(client, version: "v1", address: address)
                } catch let error as RPCError where error.code == .unimplemented {
                    return try await exchange(client, version: "v1alpha", address: address)
                }
            }
        } catch let error as DiscoveryError {
            throw error
        } catch let error as RPCError {
            throw Self.error(error, address: address, timeout: limits.timeout)
        } catch {
            throw DiscoveryError(.unreachable, "gRPC reflection at \(address): \(error)")
        }
    }

    /// An address literal is connected to as such (TLS then sends no server name, which must not be an IP
    /// address); a name is resolved and sent as the server name.
    private static func target(host: String, port: Int) -> any ResolvableTarget {
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ $0.count <= 3 && UInt8($0) != nil }) {
            return .ipv4(address: host, port: port)
        }
        let unbracketed = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if unbracketed.contains(":") { return .ipv6(address: unbracketed, port: port) }
        return .dns(host: host, port: port)
    }

    private static func transportSecurity(_ security: Security) -> HTTP2ClientTransport.Posix.TransportSecurity {
        switch security {
        case .plaintext:
            return .plaintext
        case .tls(let trustRoots, let verify):
            return .tls { config in
                if let trustRoots { config.trustRoots = .certificates([.file(path: trustRoots, format: .pem)]) }
                config.serverCertificateVerification = verify ? .fullVerification : .noVerification
            }
        }
    }

    private static func error(_ error: RPCError, address: String, timeout: Duration) -> DiscoveryError {
        switch error.code {
        case .deadlineExceeded:
            DiscoveryError(.timeout, "gRPC reflection at \(address): no complete answer within \(timeout)")
        case .unavailable:
            DiscoveryError(.unreachable, "gRPC reflection at \(address): unavailable: \(error.message)")
        case .unimplemented:
            DiscoveryError(
                .rpcFailed,
                "gRPC reflection at \(address): the server implements neither reflection v1 nor v1alpha"
            )
        default:
            DiscoveryError(.rpcFailed, "gRPC reflection at \(address): \(error.code): \(error.message)")
        }
    }

    /// One reflection stream: lists the services, then asks for the files until every import is known.
    private func exchange(
        _ client: GRPCClient<HTTP2ClientTransport.Posix>,
        version: String,
        address: String
    ) async throws -> Discovered {
        typealias Request = Grpc_Reflection_V1_ServerReflectionRequest
        typealias Response = Grpc_Reflection_V1_ServerReflectionResponse
        let (requests, requestSink) = AsyncStream.makeStream(of: Request.self)
        var state = ReflectionExchange(maxFiles: maxFiles, maxBytes: limits.maxResponseBytes, address: address)
        requestSink.yield(state.start())
        let streaming = StreamingClientRequest(of: Request.self) { writer in
            for await request in requests { try await writer.write(request) }
        }
        var options = CallOptions.defaults
        options.timeout = limits.timeout
        options.waitForReady = false
        options.maxResponseMessageBytes = limits.maxResponseBytes
        let descriptor = MethodDescriptor(
            fullyQualifiedService: "grpc.reflection.\(version).ServerReflection",
            method: "ServerReflectionInfo"
        )
        let finalState = try await client.bidirectionalStreaming(
            request: streaming,
            descriptor: descriptor,
            serializer: ProtobufSerializer<Request>(),
            deserializer: ProtobufDeserializer<Response>(),
            options: options
        ) { [state] response in
            var state = state
            defer { requestSink.finish() }
            for try await message in response.messages {
                for request in try state.handle(message) { requestSink.yield(request) }
                if state.isComplete { return state }
            }
            throw DiscoveryError(
                .rpcFailed,
                "gRPC reflection at \(address): the server ended the stream before answering every request"
            )
        }
        state = finalState
        return try state.discovered(protocolVersion: version)
    }
}
