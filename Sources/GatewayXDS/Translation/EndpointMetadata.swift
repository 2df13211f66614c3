internal import GatewayModel
internal import SwiftProtobuf

/// Envoy endpoint metadata from configuration values: `google.protobuf.Struct`s keyed by filter name.
enum EndpointMetadata {
    /// The filter-metadata key of the transport socket a static host's TLS server name selects (Gloo's
    /// `TransportSocketMatchKey`, Envoy's `envoy.transport_socket_match`).
    static let transportSocketMatchKey = "envoy.transport_socket_match"

    /// The filter-metadata key under which Gloo puts a host's own health-check path and method, read by Gloo
    /// Enterprise's `advanced_http` health checker.
    static let advancedHttpCheckerKey = "io.solo.health_checkers.advanced_http"

    /// An object value as a `Struct`; nil when `value` is not an object.
    static func structValue(_ value: ConfigValue) -> Google_Protobuf_Struct? {
        guard let members = value.members else { return nil }
        var result = Google_Protobuf_Struct()
        for member in members {
            result.fields[member.key] = protobufValue(member.value)
        }
        return result
    }

    /// Any value as a `google.protobuf.Value` (numbers become doubles, as in protobuf's JSON mapping).
    static func protobufValue(_ value: ConfigValue) -> Google_Protobuf_Value {
        switch value.content {
        case .null: return Google_Protobuf_Value(nilLiteral: ())
        case .bool(let flag): return Google_Protobuf_Value(boolValue: flag)
        case .number(let text): return Google_Protobuf_Value(numberValue: Double(text) ?? 0)
        case .string(let text): return Google_Protobuf_Value(stringValue: text)
        case .array(let values): return Google_Protobuf_Value(listValue: .init(values: values.map(protobufValue)))
        case .object: return Google_Protobuf_Value(structValue: structValue(value) ?? .init())
        }
    }
}
