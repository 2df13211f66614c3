internal import SwiftProtobuf

/// What the validator knows while it walks one resource: where it is (the resource and the field path), the
/// names of everything else in the snapshot (for reference checks), and the issues found so far.
struct ValidationContext {
    /// Names and shapes of every resource in the snapshot, built before any resource is walked.
    let index: ResourceIndex
    /// The issues found so far, in the order they were found.
    private(set) var issues: [XDSValidationIssue] = []
    /// The resource being walked.
    private(set) var kind: XDSResourceType = .listener
    private(set) var resourceName = ""
    /// The steps from the resource down to the message being checked.
    var steps: [PathStep] = []
    private var fieldNames = FieldNameCache()
    private var definedEnumValues: [ObjectIdentifier: Set<Int>] = [:]
    /// The verdict on each regex checked so far (nil: valid; else Envoy's message): configurations repeat the
    /// same patterns across many routes, and compiling is the costly part of checking one.
    var regexVerdicts: [String: String?] = [:]

    init(index: ResourceIndex) {
        self.index = index
    }

    /// Starts a new resource; paths are relative to it from now on.
    mutating func begin(_ kind: XDSResourceType, _ name: String) {
        self.kind = kind
        resourceName = name
        steps.removeAll(keepingCapacity: true)
    }

    /// Whether the message being checked is the resource itself (not a message nested in it).
    var isAtResourceRoot: Bool {
        steps.isEmpty
    }

    /// The type of the message that holds the message being checked, if it is not the resource itself.
    var parentType: (any SwiftProtobuf.Message.Type)? {
        steps.last?.owner
    }

    /// Records an issue in the message being checked. `field` is a path relative to that message in Envoy's
    /// spelling (`virtual_hosts[0].domains`), or empty for the message itself.
    mutating func report(_ field: String, _ message: String) {
        var path = renderedPath()
        if !field.isEmpty {
            path = path.isEmpty ? field : path + "." + field
        }
        issues.append(XDSValidationIssue(kind: kind, resourceName: resourceName, fieldPath: path, message: message))
    }

    /// Records an issue about a whole resource, outside a walk (duplicate names, for example).
    mutating func report(_ kind: XDSResourceType, _ name: String, _ field: String, _ message: String) {
        issues.append(XDSValidationIssue(kind: kind, resourceName: name, fieldPath: field, message: message))
    }

    /// Records an issue in field number `fieldNumber` of the message being checked, whose type is `owner`.
    mutating func report(
        fieldNumber: Int,
        in owner: any SwiftProtobuf.Message.Type,
        index: Int? = nil,
        _ message: String
    ) {
        var field = fieldNames.name(of: fieldNumber, in: owner)
        if let index { field += "[\(index)]" }
        report(field, message)
    }

    /// Whether `value` is one of the values its enum declares (proto3 decodes unknown numbers as
    /// `UNRECOGNIZED`, which Envoy's `defined_only` rules reject).
    mutating func isDefined<E: SwiftProtobuf.Enum>(_ value: E) -> Bool {
        let key = ObjectIdentifier(E.self)
        if let values = definedEnumValues[key] { return values.contains(value.rawValue) }
        guard let iterable = E.self as? any CaseIterable.Type else { return true }
        let values = Self.rawValues(of: iterable)
        definedEnumValues[key] = values
        return values.contains(value.rawValue)
    }

    private static func rawValues<C: CaseIterable>(of _: C.Type) -> Set<Int> {
        Set(C.allCases.compactMap { ($0 as? any SwiftProtobuf.Enum)?.rawValue })
    }

    private mutating func renderedPath() -> String {
        var path = ""
        for step in steps {
            if !path.isEmpty { path += "." }
            path += fieldNames.name(of: step.fieldNumber, in: step.owner)
            if let index = step.index { path += "[\(index)]" }
            if let key = step.key { path += "[\"\(key)\"]" }
        }
        return path
    }
}

/// One step from a message into a message-valued field of it.
struct PathStep {
    /// The message type that has the field.
    var owner: any SwiftProtobuf.Message.Type
    var fieldNumber: Int
    /// The element, for a repeated field.
    var index: Int?
    /// The entry, for a map field.
    var key: String?
}
