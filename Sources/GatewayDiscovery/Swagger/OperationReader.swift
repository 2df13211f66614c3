import Foundation
import GatewayModel

/// Turns one operation of a document into a function: its name and request transformation.
struct OperationReader {
    let document: APIDocument
    /// What was skipped, for logs.
    var notes: [String]
    /// The body template of each schema reached through a reference, by that reference: operations of one
    /// document mostly send a few schemas.
    private var bodyTemplates: [String: String] = [:]

    init(document: APIDocument) {
        self.document = document
        self.notes = []
    }

    struct Function {
        var name: String
        var template: TransformationTemplate
    }

    mutating func function(
        method: String,
        path: String,
        basePath: String,
        operation: APIDocument.Located,
        pathParameters: [APIDocument.Located]
    ) -> Function {
        let upperMethod = method.uppercased()
        let name =
            operation.value["operationId"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            ?? method + path.replacingOccurrences(of: "/", with: ".")

        var queryParameters: [String] = []
        var headerParameters: [String] = []
        var bodyParameter: (parameter: APIDocument.Located, name: String)?
        for parameter in parameters(of: operation, shared: pathParameters) {
            guard let parameterName = parameter.value["name"]?.stringValue else { continue }
            switch parameter.value["in"]?.stringValue {
            case "query": queryParameters.append(parameterName)
            case "header": headerParameters.append(parameterName)
            case "body": bodyParameter = (parameter, parameterName)
            case "formData", "cookie":
                notes.append("\(name): \(parameter.value["in"]?.stringValue ?? "") parameter \(parameterName) ignored")
            default: break
            }
        }
        let dropsBody = upperMethod == "GET" || upperMethod == "HEAD"
        var body: String?
        if !dropsBody {
            if let bodyParameter {
                body = swaggerBody(bodyParameter.parameter, named: bodyParameter.name)
            } else if case .openAPI3 = document.specification {
                body = openAPIBody(of: operation)
            }
        }

        var pathTemplate = Self.template(ofPath: basePath + path)
        if !queryParameters.isEmpty {
            pathTemplate += "?" + queryParameters.map { "\($0)={{default(\($0), \"\")}}" }.joined(separator: "&")
        }
        var headers: [String: InjaTemplate] = [
            ":method": InjaTemplate(upperMethod), ":path": InjaTemplate(pathTemplate),
        ]
        for header in headerParameters {
            headers[header] = InjaTemplate("{{default(\(header), \"\")}}")
        }

        var template = TransformationTemplate()
        if dropsBody {
            // Empty values make the transformation remove the headers; the body is dropped.
            headers["content-type"] = InjaTemplate("")
            headers["content-length"] = InjaTemplate("0")
            headers["transfer-encoding"] = InjaTemplate("")
            template.body = InjaTemplate("")
        } else {
            headers["content-type"] = InjaTemplate("application/json")
            if ["POST", "PATCH", "PUT"].contains(upperMethod) { template.passthrough = .init() }
            if let body {
                template.passthrough = nil
                template.body = InjaTemplate(body)
            }
        }
        template.headers = headers
        return Function(name: name, template: template)
    }

    /// The operation's parameters, after those of its path item that it does not redeclare (same `name` and `in`),
    /// with references followed.
    private func parameters(
        of operation: APIDocument.Located,
        shared: [APIDocument.Located]
    ) -> [APIDocument.Located] {
        let own = (operation.value["parameters"]?.elements ?? []).compactMap {
            document.resolved(.init(value: $0, base: operation.base))
        }
        guard !shared.isEmpty else { return own }
        func key(_ parameter: APIDocument.Located) -> String {
            (parameter.value["in"]?.stringValue ?? "") + "\u{0}" + (parameter.value["name"]?.stringValue ?? "")
        }
        let redeclared = Set(own.map(key))
        let inherited = shared.compactMap { document.resolved($0) }.filter { !redeclared.contains(key($0)) }
        return inherited + own
    }

    /// The body template of a Swagger 2.0 `in: body` parameter: from the schema it names, else (as Gloo Edge
    /// looks it up) from the definition named like the parameter, else `{}`.
    private mutating func swaggerBody(_ parameter: APIDocument.Located, named name: String) -> String {
        if let written = parameter.value["schema"],
            let schema = document.resolved(.init(value: written, base: parameter.base)),
            schema.value["properties"] != nil
        {
            return bodyTemplate(of: schema, reference: written["$ref"]?.stringValue, base: parameter.base)
        }
        if let definition = document.root["definitions"]?[name] {
            let reference =
                "#/definitions/"
                + name.replacingOccurrences(of: "~", with: "~0")
                .replacingOccurrences(of: "/", with: "~1")
            return bodyTemplate(
                of: .init(value: definition, base: document.location),
                reference: reference,
                base: document.location
            )
        }
        return "{}"
    }

    /// The body template of `schema`, reached through `reference` (written in the document at `base`) if any;
    /// computed once per reference.
    private mutating func bodyTemplate(of schema: APIDocument.Located, reference: String?, base: String?) -> String {
        let key = reference.map { BodyTemplateBuilder.cycleKey($0, base: base) }
        if let key, let known = bodyTemplates[key] { return known }
        var builder = BodyTemplateBuilder(document: document)
        let template = builder.template(of: schema, key: key)
        if let key { bodyTemplates[key] = template }
        return template
    }

    /// The body template of an OpenAPI 3 operation's JSON `requestBody`; nil when it has none.
    private mutating func openAPIBody(of operation: APIDocument.Located) -> String? {
        guard
            let requestBody = operation.value["requestBody"].flatMap({
                document.resolved(.init(value: $0, base: operation.base))
            }),
            let content = requestBody.value["content"]?.members,
            let json = content.first(where: { Self.isJSON($0.key) }),
            let written = json.value["schema"],
            let schema = document.resolved(.init(value: written, base: requestBody.base))
        else { return nil }
        return bodyTemplate(of: schema, reference: written["$ref"]?.stringValue, base: requestBody.base)
    }

    /// `application/json`, `application/*+json` (with any parameters).
    static func isJSON(_ mediaType: String) -> Bool {
        let type = mediaType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    /// A path with each `{name}` replaced by a template that fills it from `name` (empty when missing), as Gloo
    /// Edge writes it.
    static func template(ofPath path: String) -> String {
        var result = ""
        result.reserveCapacity(path.utf8.count + 32)
        for character in path {
            switch character {
            case "{": result += "{{ default("
            case "}": result += ", \"\") }}"
            default: result.append(character)
            }
        }
        return result
    }
}
