internal import Foundation
internal import SwiftProtobuf

/// Walks every message of a resource, depth first, and runs the ``MessageRule``s registered for each message's
/// type wherever it appears, including inside `Any`s of a known extension type (the HTTP connection manager in
/// a listener filter, a TLS context in a transport socket, a CORS policy in `typed_per_filter_config`, …).
///
/// Two rules hold for every field and are applied here rather than per message: enum fields must hold a value
/// their enum declares (Envoy's `defined_only`, which all but a few enum fields carry), and every `Duration`
/// must be non-negative and inside protobuf's range (Envoy's `MessageUtil::validateDurationFields`).
/// `Metadata` and `Struct` content is opaque to Envoy's validation and is not walked.
struct ProtoWalker: SwiftProtobuf.Visitor {
    /// The context, moved in for the walk (swapped, so the issues and caches are never copied).
    private var context: ValidationContext
    /// The type of the message whose fields are being visited.
    private var owner: any SwiftProtobuf.Message.Type

    /// Walks `resource` as a resource of `kind` named `name`, adding what it finds to `context`.
    static func walk(
        _ resource: some SwiftProtobuf.Message,
        kind: XDSResourceType,
        name: String,
        context: inout ValidationContext
    ) {
        walking(resource, kind: kind, name: name, context: &context) { $0.visit(resource) }
    }

    /// Checks a route configuration's own rules and walks its fields, except its virtual hosts (see
    /// ``walkVirtualHosts(_:_:context:)``).
    static func walkWithoutVirtualHosts(
        _ configuration: Envoy_Config_Route_V3_RouteConfiguration,
        context: inout ValidationContext
    ) {
        walking(configuration, kind: .routeConfiguration, name: configuration.name, context: &context) { walker in
            walker.runRules(configuration)
            var rest = configuration
            rest.virtualHosts = []
            walker.walkFields(rest)
        }
    }

    /// Walks the virtual hosts at `positions` of a route configuration, with their paths in it.
    static func walkVirtualHosts(
        _ configuration: Envoy_Config_Route_V3_RouteConfiguration,
        _ positions: Range<Int>,
        context: inout ValidationContext
    ) {
        walking(configuration, kind: .routeConfiguration, name: configuration.name, context: &context) { walker in
            for position in positions {
                walker.enter(configuration.virtualHosts[position], fieldNumber: 2, index: position, key: nil)
            }
        }
    }

    private static func walking<M: SwiftProtobuf.Message>(
        _ resource: M,
        kind: XDSResourceType,
        name: String,
        context: inout ValidationContext,
        _ body: (inout ProtoWalker) -> Void
    ) {
        context.begin(kind, name)
        var walker = ProtoWalker(context: ValidationContext(index: context.index), owner: M.self)
        swap(&walker.context, &context)
        body(&walker)
        swap(&walker.context, &context)
    }

    /// Runs the rules for `message` and walks into its fields. Generic, so that walking a message of a known
    /// type runs its own `traverse` specialized for the walker.
    private mutating func visit<M: SwiftProtobuf.Message>(_ message: M) {
        let forType = MessageRules.byType[ObjectIdentifier(M.self)]
        for rule in forType?.rules ?? [] { rule.check(message, &context) }
        if forType?.isOpaque != true { walkFields(message) }
    }

    private mutating func runRules<M: SwiftProtobuf.Message>(_ message: M) {
        for rule in MessageRules.byType[ObjectIdentifier(M.self)]?.rules ?? [] { rule.check(message, &context) }
    }

    private mutating func walkFields<M: SwiftProtobuf.Message>(_ message: M) {
        let savedOwner = owner
        owner = M.self
        // The walker's own methods never throw.
        _ = try? message.traverse(visitor: &self)
        owner = savedOwner
    }

    /// Messages with nothing Envoy validates inside (wrappers are leaves; metadata and structs are opaque).
    static let opaqueTypes: Set<ObjectIdentifier> = [
        ObjectIdentifier(Envoy_Config_Core_V3_Metadata.self),
        ObjectIdentifier(Google_Protobuf_Struct.self),
        ObjectIdentifier(Google_Protobuf_Value.self),
        ObjectIdentifier(Google_Protobuf_ListValue.self),
        ObjectIdentifier(Google_Protobuf_BoolValue.self),
        ObjectIdentifier(Google_Protobuf_UInt32Value.self),
        ObjectIdentifier(Google_Protobuf_UInt64Value.self),
        ObjectIdentifier(Google_Protobuf_Int64Value.self),
        ObjectIdentifier(Google_Protobuf_DoubleValue.self),
        ObjectIdentifier(Google_Protobuf_StringValue.self),
        ObjectIdentifier(Google_Protobuf_Duration.self),
    ]

    /// Enters field `fieldNumber` of the current message, holding `message`.
    private mutating func enter<M: SwiftProtobuf.Message>(_ message: M, fieldNumber: Int, index: Int?, key: String?) {
        if let duration = message as? Google_Protobuf_Duration {
            checkDuration(duration, fieldNumber: fieldNumber, index: index)
            return
        }
        context.steps.append(PathStep(owner: owner, fieldNumber: fieldNumber, index: index, key: key))
        if let any = message as? Google_Protobuf_Any {
            unpack(any)
        } else {
            visit(message)
        }
        context.steps.removeLast()
    }

    /// Walks into an `Any` of a known extension type. Whether the type is acceptable where the `Any` sits is
    /// for the rules of the message holding it to say; unknown types are not walked.
    private mutating func unpack(_ any: Google_Protobuf_Any) {
        guard let known = KnownExtensions.byTypeURL[any.typeURL] else { return }
        do {
            let message = try known.type.init(serializedBytes: any.value)
            visit(message)
        } catch {
            context.report("", "Unable to unpack as \(known.type.protoMessageName): \(error)")
        }
    }

    private mutating func checkDuration(_ duration: Google_Protobuf_Duration, fieldNumber: Int, index: Int?) {
        guard let problem = DurationRule.problem(duration) else { return }
        context.report(fieldNumber: fieldNumber, in: owner, index: index, problem)
    }

    private mutating func checkEnum<E: SwiftProtobuf.Enum>(_ value: E, fieldNumber: Int, index: Int?) {
        guard !context.isDefined(value),
            !Self.unrestrictedEnumFields.contains(EnumField(owner: ObjectIdentifier(owner), number: fieldNumber))
        else { return }
        context.report(fieldNumber: fieldNumber, in: owner, index: index, PGV.definedEnum)
    }

    private struct EnumField: Hashable {
        var owner: ObjectIdentifier
        var number: Int
    }

    /// The enum fields of GatewayXDS's subset that Envoy's API leaves without `defined_only` (data-plane-api
    /// `84e84367`): an unknown number there is accepted by Envoy (checked with `envoy --mode validate` for
    /// `traffic_direction` and `health_status`).
    private static let unrestrictedEnumFields: Set<EnumField> = [
        EnumField(owner: ObjectIdentifier(Envoy_Config_Listener_V3_Listener.self), number: 16),
        EnumField(owner: ObjectIdentifier(Envoy_Config_Endpoint_V3_LbEndpoint.self), number: 2),
        EnumField(
            owner: ObjectIdentifier(
                Envoy_Extensions_Filters_Network_HttpConnectionManager_V3_HttpConnectionManager.self
            ),
            number: 45
        ),
        EnumField(owner: ObjectIdentifier(Envoy_Config_Core_V3_HttpProtocolOptions.self), number: 5),
        EnumField(owner: ObjectIdentifier(Envoy_Config_Core_V3_ProxyProtocolConfig.self), number: 1),
        EnumField(owner: ObjectIdentifier(Envoy_Extensions_Clusters_Dns_V3_DnsCluster.self), number: 8),
    ]

    // MARK: - Visitor

    mutating func visitSingularMessageField<M: SwiftProtobuf.Message>(value: M, fieldNumber: Int) throws {
        enter(value, fieldNumber: fieldNumber, index: nil, key: nil)
    }

    mutating func visitRepeatedMessageField<M: SwiftProtobuf.Message>(value: [M], fieldNumber: Int) throws {
        for (index, element) in value.enumerated() {
            enter(element, fieldNumber: fieldNumber, index: index, key: nil)
        }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufMessageMap<KeyType, ValueType>.Type,
        value: _ProtobufMessageMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        // Dictionaries have no order; sort so issues come out the same on every run.
        let entries = value.map { (key: "\($0.key)", value: $0.value) }.sorted { $0.key < $1.key }
        for entry in entries {
            enter(entry.value, fieldNumber: fieldNumber, index: nil, key: entry.key)
        }
    }

    mutating func visitSingularEnumField<E: SwiftProtobuf.Enum>(value: E, fieldNumber: Int) throws {
        checkEnum(value, fieldNumber: fieldNumber, index: nil)
    }

    mutating func visitRepeatedEnumField<E: SwiftProtobuf.Enum>(value: [E], fieldNumber: Int) throws {
        for (index, element) in value.enumerated() {
            checkEnum(element, fieldNumber: fieldNumber, index: index)
        }
    }

    mutating func visitPackedEnumField<E: SwiftProtobuf.Enum>(value: [E], fieldNumber: Int) throws {
        try visitRepeatedEnumField(value: value, fieldNumber: fieldNumber)
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufEnumMap<KeyType, ValueType>.Type,
        value: _ProtobufEnumMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws where ValueType.RawValue == Int {
        for element in value.values {
            checkEnum(element, fieldNumber: fieldNumber, index: nil)
        }
    }

    // Scalars carry no rule that holds everywhere; the message rules check the ones that matter.

    mutating func visitSingularDoubleField(value: Double, fieldNumber: Int) throws {}
    mutating func visitSingularInt64Field(value: Int64, fieldNumber: Int) throws {}
    mutating func visitSingularUInt64Field(value: UInt64, fieldNumber: Int) throws {}
    mutating func visitSingularBoolField(value: Bool, fieldNumber: Int) throws {}
    mutating func visitSingularStringField(value: String, fieldNumber: Int) throws {}
    mutating func visitSingularBytesField(value: Data, fieldNumber: Int) throws {}
    mutating func visitRepeatedStringField(value: [String], fieldNumber: Int) throws {}
    mutating func visitRepeatedBytesField(value: [Data], fieldNumber: Int) throws {}
    mutating func visitRepeatedUInt32Field(value: [UInt32], fieldNumber: Int) throws {}
    mutating func visitPackedUInt32Field(value: [UInt32], fieldNumber: Int) throws {}

    mutating func visitMapField<KeyType, ValueType: MapValueType>(
        fieldType: _ProtobufMap<KeyType, ValueType>.Type,
        value: _ProtobufMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {}

    mutating func visitUnknown(bytes: Data) throws {}
}
