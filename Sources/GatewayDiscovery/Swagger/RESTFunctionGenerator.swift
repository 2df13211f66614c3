import Foundation
public import GatewayModel

/// The REST functions of a Swagger 2.0 or OpenAPI 3 document, as Gloo Edge's Swagger discovery writes them into
/// `serviceSpec.rest.transformations`: one request transformation per operation, named by its `operationId` (or
/// `<method><path with "/" as ".">`), that sets `:method`, `:path` (the base path and the path with each `{x}`
/// filled from `x`, then the query parameters), the header parameters and the body.
///
/// Where this differs from Gloo Edge, on purpose:
/// - OpenAPI 3.0 and 3.1 are read too: `servers[0]`'s path is the base path, `requestBody`'s `application/json`
///   schema gives the body, `cookie` parameters are ignored like `formData`.
/// - Parameters declared on the path item apply to its operations (Gloo reads only the operation's own).
/// - A body parameter's schema is the one its `schema` names (Gloo looks for a definition named like the
///   parameter, which is usually none, giving `{}`); a property that references an object schema becomes a
///   nested JSON object whose fields read `parent.child` (Gloo writes a template that does not parse).
/// - A base path's trailing `/` is dropped (Gloo joins `basePath: /` and `/pets` into `//pets`).
public struct RESTFunctionGenerator: Sendable {
    /// The methods an operation may have, in the order Gloo Edge reads them.
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch"]

    /// What was read from a document.
    public struct Result: Sendable, Hashable {
        /// The request transformation of each function, by function name.
        public var functions: [String: TransformationTemplate]
        /// What was skipped and why (form data, cookie parameters, functions that share a name), for logs.
        public var notes: [String]
    }

    public init() {}

    /// The functions of `document`.
    ///
    /// - Throws: ``DiscoveryError/Code/unsupportedDocument`` when a Swagger 2.0 document does not consume JSON
    ///   (as Gloo Edge), or has no `paths`.
    public func functions(of document: APIDocument) throws(DiscoveryError) -> Result {
        let root = APIDocument.Located(value: document.root, base: document.location)
        if case .swagger2 = document.specification { try Self.checkConsumesJSON(document.root) }
        guard let paths = document.root["paths"]?.members else {
            throw DiscoveryError(.unsupportedDocument, "the \(document.specification) document has no `paths`")
        }
        let basePath = Self.basePath(of: document)
        var result = Result(functions: [:], notes: [])
        result.functions.reserveCapacity(paths.count * 2)
        var builder = OperationReader(document: document)
        for path in paths {
            guard let item = document.resolved(.init(value: path.value, base: root.base)) else {
                builder.notes.append("path \(path.key): its $ref points nowhere; skipped")
                continue
            }
            let shared = item.value["parameters"]?.elements ?? []
            for method in Self.methods {
                guard let operation = item.value[method], case .object = operation.content else { continue }
                let function = builder.function(
                    method: method,
                    path: path.key,
                    basePath: basePath,
                    operation: .init(value: operation, base: item.base),
                    pathParameters: shared.map { .init(value: $0, base: item.base) }
                )
                if result.functions.updateValue(function.template, forKey: function.name) != nil {
                    builder.notes.append("function \(function.name) is defined twice; the later operation wins")
                }
            }
        }
        result.notes = builder.notes
        return result
    }

    /// Gloo Edge generates JSON requests only: a Swagger 2.0 document must consume `application/json` or declare
    /// no `consumes`.
    static func checkConsumesJSON(_ root: ConfigValue) throws(DiscoveryError) {
        let consumes = root["consumes"]?.elements?.compactMap(\.stringValue) ?? []
        guard consumes.isEmpty || consumes.contains("application/json") else {
            throw DiscoveryError(
                .unsupportedDocument,
                "swagger function discovery uses content type application/json; available: \(consumes)"
            )
        }
    }

    /// Swagger's `basePath`; OpenAPI's first server URL's path (its variables at their defaults); without a
    /// trailing `/` (Gloo Edge joins `basePath: /` and `/pets` into `//pets`).
    static func basePath(of document: APIDocument) -> String {
        switch document.specification {
        case .swagger2:
            var path = Substring(document.root["basePath"]?.stringValue ?? "")
            while path.hasSuffix("/") { path = path.dropLast() }
            return String(path)
        case .openAPI3:
            guard let server = document.root["servers"]?.elements?.first, var url = server["url"]?.stringValue
            else { return "" }
            for variable in server["variables"]?.members ?? [] {
                url = url.replacingOccurrences(
                    of: "{\(variable.key)}",
                    with: variable.value["default"]?.scalarText ?? ""
                )
            }
            var path = Substring(url)
            if let scheme = path.range(of: "://") {
                let afterHost = path[scheme.upperBound...]
                path = afterHost.firstIndex(of: "/").map { afterHost[$0...] } ?? ""
            }
            if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<query] }
            while path.hasSuffix("/") { path = path.dropLast() }
            return String(path)
        }
    }
}
