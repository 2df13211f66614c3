import ArgumentParser
import Foundation
import GatewayModel
import GatewayProxy
import GatewayTransform

/// `gatewayctl transform`: runs the transformations of an options block on a request and a response.
struct TransformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transform",
        abstract: "Run the transformation an options block would apply to a request and a response.",
        discussion: """
            The options file holds a VirtualHost or Route `options` block with `transformations` or \
            `stagedTransformations` (YAML or JSON). The request file is {"method", "path", "authority", \
            "headers": [[name, value], ...], "body"}; the response file {"status", "headers", "body"}. Prints \
            {"request": {...}, "response": {...}}. Exit status: 0 when transformed; 4 when the transformation fails \
            the request as Envoy would (then {"error": {"status", "message"}} is printed); 1 when the options are \
            invalid; 2 when an input cannot be read or parsed.
            """
    )

    @Option(name: .long, help: "The options block (YAML or JSON).")
    var options: String

    @Option(name: .long, help: "The request (JSON).")
    var request: String?

    @Option(name: .long, help: "The response (JSON).")
    var response: String?

    /// The fields of an options block this command reads.
    struct TransformOptions: Decodable {
        var transformations: LegacyTransformations?
        var stagedTransformations: TransformationStages?
    }

    func run() throws {
        let block = try Self.options(at: options)
        let staged: StagedTransformations
        do {
            staged = try StagedTransformations(
                staged: block.stagedTransformations,
                legacy: block.transformations,
                matching: RoutingMatching()
            )
        } catch {
            printError("\(options): \(error.message)")
            throw ExitStatus.rejected
        }
        var message =
            try request.map { try Self.message(at: $0, isRequest: true) }
            ?? .request(method: "GET", path: "/", authority: "localhost")
        var reply = try response.map { try Self.message(at: $0, isRequest: false) }
        var output: [JSONObject.Member] = []
        let selection = staged.select(for: message.headers)
        do throws(TransformError) {
            for transformation in selection.requestTransformations { try transformation.apply(to: &message) }
            output.append(.init(key: Array("request".utf8), value: Self.json(message)))
            if var transformed = reply {
                for transformation in selection.responseTransformations(for: transformed.headers) {
                    try transformation.apply(to: &transformed, requestHeaders: message.headers)
                }
                reply = transformed
                output.append(.init(key: Array("response".utf8), value: Self.json(transformed)))
            }
        } catch {
            let failure = JSONValue.object(
                JSONObject([
                    .init(key: Array("status".utf8), value: .int(Int64(error.httpStatus))),
                    .init(key: Array("message".utf8), value: .string(error.httpBody)),
                ])
            )
            try Self.print(.object(JSONObject([.init(key: Array("error".utf8), value: failure)])))
            throw ExitStatus.transformFailed
        }
        try Self.print(.object(JSONObject(output)))
    }

    private static func print(_ value: JSONValue) throws {
        var bytes = try value.dump()
        bytes.append(UInt8(ascii: "\n"))
        FileHandle.standardOutput.write(Data(bytes))
    }

    private static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("\(path): cannot read the file")
            throw ExitStatus.unreadable
        }
        return [UInt8](data)
    }

    private static func options(at path: String) throws -> TransformOptions {
        do {
            guard let document = try ConfigSyntax.parseDocuments(read(path), file: path).first else {
                printError("\(path): no options block")
                throw ExitStatus.unreadable
            }
            let decoded = try ConfigDecoder().decode(TransformOptions.self, from: document)
            return decoded.value
        } catch let error as ConfigSyntaxError {
            printError(error.description)
            throw ExitStatus.unreadable
        } catch let error as ConfigDecodingError {
            printError("\(path): \(error.description)")
            throw ExitStatus.rejected
        }
    }

    /// A request or response file as a message.
    private static func message(at path: String, isRequest: Bool) throws -> HTTPMessage {
        let document: JSONValue
        do {
            document = try JSONValue.parse(read(path))
        } catch let error as JSONError {
            printError("\(path): \(error.message)")
            throw ExitStatus.unreadable
        }
        guard case .object(let object) = document else {
            printError("\(path): expected a JSON object")
            throw ExitStatus.unreadable
        }
        func text(_ key: String, default fallback: String) throws -> String {
            switch object[key] {
            case nil: return fallback
            case .string(let bytes)?: return String(decoding: bytes, as: UTF8.self)
            default:
                printError("\(path): \"\(key)\" must be a string")
                throw ExitStatus.unreadable
            }
        }
        var headers: [(name: String, value: String)] = []
        if let list = object["headers"] {
            guard case .array(let lines) = list else {
                printError("\(path): \"headers\" must be a list of [name, value] pairs")
                throw ExitStatus.unreadable
            }
            for line in lines {
                guard case .array(let pair) = line, pair.count == 2, case .string(let name) = pair[0],
                    case .string(let value) = pair[1]
                else {
                    printError("\(path): \"headers\" must be a list of [name, value] pairs")
                    throw ExitStatus.unreadable
                }
                headers.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
            }
        }
        var body: [UInt8] = []
        if case .string(let bytes)? = object["body"] { body = bytes }
        if isRequest {
            return .request(
                method: try text("method", default: "GET"),
                path: try text("path", default: "/"),
                authority: try text("authority", default: "localhost"),
                headers: headers,
                body: body
            )
        }
        var status = 200
        switch object["status"] {
        case nil: break
        case .int(let value)?: status = Int(value)
        case .uint(let value)?: status = Int(clamping: value)
        default:
            printError("\(path): \"status\" must be an integer")
            throw ExitStatus.unreadable
        }
        return .response(status: status, headers: headers, body: body)
    }

    /// The message in the file format: pseudo-headers as fields, the other headers as pairs.
    private static func json(_ message: HTTPMessage) -> JSONValue {
        var object = JSONObject()
        var headers: [JSONValue] = []
        for field in message.headers.fields {
            switch String(decoding: field.name, as: UTF8.self) {
            case ":method": object["method"] = .string(field.value)
            case ":path": object["path"] = .string(field.value)
            case ":authority": object["authority"] = .string(field.value)
            case ":status":
                object["status"] =
                    Int64(String(decoding: field.value, as: UTF8.self)).map(JSONValue.int) ?? .string(field.value)
            case ":scheme": break
            default: headers.append(.array([.string(field.name), .string(field.value)]))
            }
        }
        object["headers"] = .array(headers)
        object["body"] = .string(message.body)
        return .object(object)
    }
}
