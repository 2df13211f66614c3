public import GatewayModel

/// A Swagger 2.0 or OpenAPI 3.x document, parsed, with the other documents its `$ref`s point into.
public struct APIDocument: Sendable {
    /// The specification a document follows.
    public enum Specification: Hashable, Sendable, CustomStringConvertible {
        /// Swagger 2.0 (`swagger: "2.0"`), the only one Gloo Edge reads.
        case swagger2
        /// OpenAPI 3.x (`openapi: 3.0.x` or `3.1.x`), with the version as written.
        case openAPI3(String)

        public var description: String {
            switch self {
            case .swagger2: "Swagger 2.0"
            case .openAPI3(let version): "OpenAPI \(version)"
            }
        }
    }

    /// Which specification the root document follows.
    public let specification: Specification
    /// Where the root document came from (its URL), or nil for an inline document.
    public let location: String?
    /// The root document.
    public let root: ConfigValue
    /// Other documents, by their location without fragment, that references in these documents point into.
    public private(set) var externalDocuments: [String: ConfigValue] = [:]

    /// Parses a document (JSON or YAML) that was read from `location` (nil for inline text).
    ///
    /// - Throws: ``DiscoveryError/Code/malformedDocument`` naming `file:line:column` when the text is not JSON
    ///   or YAML; ``DiscoveryError/Code/unsupportedDocument`` when it is not Swagger 2.0 or OpenAPI 3.
    public init(bytes: [UInt8], location: String?) throws(DiscoveryError) {
        let root = try Self.parse(bytes, location: location)
        guard case .object = root.content else {
            throw DiscoveryError(
                .unsupportedDocument,
                "\(location ?? "the inline document") is \(root.kindDescription), not a Swagger or OpenAPI object"
            )
        }
        if root["swagger"]?.scalarText == "2.0" {
            specification = .swagger2
        } else if let version = root["openapi"]?.scalarText, version.hasPrefix("3.") {
            specification = .openAPI3(version)
        } else {
            throw DiscoveryError(
                .unsupportedDocument,
                "\(location ?? "the inline document") is not a Swagger 2.0 or OpenAPI 3 document "
                    + "(it has neither `swagger: \"2.0\"` nor `openapi: 3.x`)"
            )
        }
        self.location = location
        self.root = root
    }

    /// Parses the text of any JSON or YAML document (the first one of a YAML stream).
    static func parse(_ bytes: [UInt8], location: String?) throws(DiscoveryError) -> ConfigValue {
        do {
            guard let first = try ConfigSyntax.parseDocuments(bytes, file: location ?? "inline").first else {
                throw DiscoveryError(.malformedDocument, "\(location ?? "the inline document") is empty")
            }
            return first
        } catch let error as ConfigSyntaxError {
            throw DiscoveryError(.malformedDocument, "\(error)")
        } catch let error as DiscoveryError {
            throw error
        } catch {
            throw DiscoveryError(.malformedDocument, "\(error)")
        }
    }

    /// Adds a document that references point into, read from `location` (an absolute URL without fragment).
    public mutating func addExternalDocument(_ document: ConfigValue, at location: String) {
        externalDocuments[location] = document
    }

    /// The locations of documents that references in the loaded documents name but that are not loaded yet.
    public var missingDocuments: [String] {
        var missing: Set<String> = []
        var visit: [(ConfigValue, String?)] = [(root, location)]
        visit += externalDocuments.map { ($0.value, $0.key) }
        for (document, base) in visit {
            document.forEachReference { reference in
                guard let target = DocumentReference(reference, base: base), let url = target.document else { return }
                if url != location, externalDocuments[url] == nil { missing.insert(url) }
            }
        }
        return missing.sorted()
    }
}

extension ConfigValue {
    /// The text of a string, number or boolean scalar (YAML may write `2.0` unquoted).
    var scalarText: String? {
        switch content {
        case .string(let text), .number(let text): text
        case .bool(let value): value ? "true" : "false"
        default: nil
        }
    }

    /// The elements of an array value.
    var elements: [ConfigValue]? {
        if case .array(let values) = content { return values }
        return nil
    }

    /// Calls `body` with the target of every `$ref` in this value, depth first.
    func forEachReference(_ body: (String) -> Void) {
        switch content {
        case .object(let members):
            for member in members {
                if member.key == "$ref", let target = member.value.stringValue {
                    body(target)
                } else {
                    member.value.forEachReference(body)
                }
            }
        case .array(let values):
            for value in values { value.forEachReference(body) }
        default:
            break
        }
    }
}
