import SwiftProtobuf

/// The client side of one reflection stream, as a state machine: each response is matched to the oldest request
/// without an answer, and answers that name files not yet seen lead to requests for them.
struct ReflectionExchange: Sendable {
    typealias Request = Grpc_Reflection_V1_ServerReflectionRequest
    typealias Response = Grpc_Reflection_V1_ServerReflectionResponse

    let maxFiles: Int
    let maxBytes: Int
    let address: String
    /// Requests sent and not answered yet, oldest first.
    private var outstanding: [Request] = []
    private var outstandingStart = 0
    private(set) var services: [String] = []
    /// Each file received, serialized as the server sent it, with the files it imports; in order of arrival.
    private var files: [(name: String, bytes: [UInt8], dependencies: [String])] = []
    private var fileIndex: [String: Int] = [:]
    private var requestedFiles: Set<String> = []
    private var receivedBytes = 0

    init(maxFiles: Int, maxBytes: Int, address: String) {
        self.maxFiles = maxFiles
        self.maxBytes = maxBytes
        self.address = address
    }

    /// The first request: list the services.
    mutating func start() -> Request {
        var request = Request()
        request.listServices = "*"
        outstanding.append(request)
        return request
    }

    var isComplete: Bool { outstandingStart == outstanding.count }

    /// Takes the answer to the oldest outstanding request; returns the requests to send next.
    mutating func handle(_ response: Response) throws(DiscoveryError) -> [Request] {
        guard outstandingStart < outstanding.count else {
            throw failure(.rpcFailed, "the server sent an answer to no request")
        }
        let request = outstanding[outstandingStart]
        outstandingStart += 1
        var next: [Request] = []
        switch response.messageResponse {
        case .listServicesResponse(let list):
            services = list.service.map(\.name).filter { !GRPCReflectionDiscovery.reflectionServices.contains($0) }
            guard !services.isEmpty else {
                throw failure(.reflectionError, "the server lists no services besides reflection")
            }
            for service in services {
                var ask = Request()
                ask.fileContainingSymbol = service
                next.append(ask)
            }
        case .fileDescriptorResponse(let answer):
            let firstNew = files.count
            for bytes in answer.fileDescriptorProto {
                receivedBytes += bytes.count
                guard receivedBytes <= maxBytes else {
                    throw failure(.responseTooLarge, "the descriptors are larger than the limit of \(maxBytes) bytes")
                }
                let file: Google_Protobuf_FileDescriptorProto
                do {
                    file = try Google_Protobuf_FileDescriptorProto(serializedBytes: bytes)
                } catch {
                    throw failure(.malformedDocument, "a file descriptor does not decode: \(error)")
                }
                guard fileIndex[file.name] == nil else { continue }
                guard files.count < maxFiles else {
                    throw failure(.responseTooLarge, "the services need more than \(maxFiles) files")
                }
                fileIndex[file.name] = files.count
                files.append((file.name, Array(bytes), file.dependency))
            }
            // Ask for every import of the files just received that is not known yet, once.
            for dependency in files[firstNew...].flatMap(\.dependencies)
            where fileIndex[dependency] == nil && !requestedFiles.contains(dependency) {
                requestedFiles.insert(dependency)
                var ask = Request()
                ask.fileByFilename = dependency
                next.append(ask)
            }
        case .errorResponse(let error):
            throw failure(
                .reflectionError,
                "the server could not answer \(Self.describe(request)): \(error.errorCode) \(error.errorMessage)"
            )
        case .allExtensionNumbersResponse, nil:
            throw failure(.rpcFailed, "the server answered \(Self.describe(request)) with an unexpected message")
        }
        outstanding.append(contentsOf: next)
        return next
    }

    /// The result once complete: files ordered so that each comes after those it imports.
    func discovered(protocolVersion: String) throws(DiscoveryError) -> GRPCReflectionDiscovery.Discovered {
        var ordered: [Int] = []
        var state = [UInt8](repeating: 0, count: files.count)  // 0 new, 1 visiting, 2 done
        var stack: [(index: Int, nextDependency: Int)] = []
        for start in files.indices where state[start] == 0 {
            stack.append((start, 0))
            state[start] = 1
            while let top = stack.last {
                let dependencies = files[top.index].dependencies
                if top.nextDependency < dependencies.count {
                    stack[stack.count - 1].nextDependency += 1
                    guard let dependency = fileIndex[dependencies[top.nextDependency]] else {
                        throw failure(
                            .reflectionError,
                            "\(files[top.index].name) imports \(dependencies[top.nextDependency]), which the server did not send"
                        )
                    }
                    if state[dependency] == 0 {
                        state[dependency] = 1
                        stack.append((dependency, 0))
                    }
                } else {
                    stack.removeLast()
                    state[top.index] = 2
                    ordered.append(top.index)
                }
            }
        }
        // A FileDescriptorSet is `repeated FileDescriptorProto file = 1`: each file's bytes as sent, length-delimited.
        var set: [UInt8] = []
        set.reserveCapacity(receivedBytes + files.count * 4)
        for index in ordered {
            let bytes = files[index].bytes
            set.append(0x0A)
            var length = UInt64(bytes.count)
            while length >= 0x80 {
                set.append(UInt8(truncatingIfNeeded: length) | 0x80)
                length >>= 7
            }
            set.append(UInt8(length))
            set.append(contentsOf: bytes)
        }
        return .init(
            services: services,
            descriptorSet: set,
            files: ordered.map { files[$0].name },
            protocolVersion: protocolVersion
        )
    }

    private func failure(_ code: DiscoveryError.Code, _ message: String) -> DiscoveryError {
        DiscoveryError(code, "gRPC reflection at \(address): \(message)")
    }

    private static func describe(_ request: Request) -> String {
        switch request.messageRequest {
        case .fileContainingSymbol(let symbol): "file_containing_symbol \(symbol)"
        case .fileByFilename(let name): "file_by_filename \(name)"
        case .listServices: "list_services"
        default: "a request"
        }
    }
}
