import GatewayModel

/// The JSON body template of a schema, as Gloo Edge writes it: an object with one field per property, sorted,
/// each filled from the request's value of the same name or the property's default. String properties are quoted
/// (`"name": "{{ default(name, "")}}"`), others are not (`"id": {{ default(id, "") }}`).
///
/// A property that references an object schema becomes a nested object whose fields read `parent.child`; a
/// reference back to a schema being expanded, or nesting deeper than ``maxNesting``, stops the nesting there (the
/// property is then filled as a value).
struct BodyTemplateBuilder {
    /// How many objects deep a template nests at most.
    static let maxNesting = 32

    let document: APIDocument
    /// The schemas being expanded, by their reference text and base, to stop cycles.
    private var expanding: Set<String> = []

    init(document: APIDocument) {
        self.document = document
    }

    /// The template of `schema`, reached through a reference whose ``cycleKey(_:base:)`` is `key` (if any), with
    /// field values read from `parent`'s members.
    mutating func template(of schema: APIDocument.Located, key: String? = nil, parent: String = "") -> String {
        if let key { expanding.insert(key) }
        defer { if let key { expanding.remove(key) } }
        var fields: [String] = []
        for property in schema.value["properties"]?.members ?? [] {
            let name = parent.isEmpty ? property.key : parent + "." + property.key
            let defaultText = "\"" + (property.value["default"].map(Self.defaultText) ?? "") + "\""
            let jsonKey = Self.jsonString(property.key)
            if let reference = property.value["$ref"]?.stringValue {
                let referenceKey = Self.cycleKey(reference, base: schema.base)
                if expanding.count < Self.maxNesting, !expanding.contains(referenceKey),
                    let target = document.resolved(.init(value: property.value, base: schema.base))
                {
                    if target.value["properties"] != nil {
                        fields.append("\(jsonKey): " + template(of: target, key: referenceKey, parent: name))
                        continue
                    }
                    fields.append(Self.field(jsonKey, name, defaultText, quoted: Self.isString(target.value)))
                    continue
                }
                fields.append(Self.field(jsonKey, name, defaultText, quoted: false))
                continue
            }
            fields.append(Self.field(jsonKey, name, defaultText, quoted: Self.isString(property.value)))
        }
        // Sorted like Gloo Edge, so the template does not depend on the document's property order.
        fields.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A reference written in the document at `base`, as the document and pointer it names, so that two spellings of
    /// one target are one key.
    static func cycleKey(_ reference: String, base: String?) -> String {
        guard let target = DocumentReference(reference, base: base) else { return reference }
        return (target.document ?? base ?? "") + "#" + target.pointer.joined(separator: "/")
    }

    private static func field(_ key: String, _ name: String, _ defaultText: String, quoted: Bool) -> String {
        quoted
            ? "\(key): \"{{ default(\(name), \(defaultText))}}\""
            : "\(key): {{ default(\(name), \(defaultText)) }}"
    }

    /// Whether the schema's `type` is `string` or a list that contains it (OpenAPI 3.1).
    static func isString(_ schema: ConfigValue) -> Bool {
        guard let type = schema["type"] else { return false }
        if type.stringValue == "string" { return true }
        return type.elements?.contains { $0.stringValue == "string" } ?? false
    }

    /// A default value as Go's `%v` prints it: the text of a scalar, lists and objects in Go's notation.
    static func defaultText(_ value: ConfigValue) -> String {
        switch value.content {
        case .null: "<nil>"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let text), .string(let text): text
        case .array(let values): "[" + values.map(defaultText).joined(separator: " ") + "]"
        case .object(let members):
            "map["
                + members.sorted { $0.key < $1.key }.map { "\($0.key):\(defaultText($0.value))" }
                .joined(separator: " ") + "]"
        }
    }

    /// `text` as a JSON string (quoted, escaped).
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
