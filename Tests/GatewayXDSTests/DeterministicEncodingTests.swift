import Foundation
import SwiftProtobuf
import Testing

@testable import GatewayXDS

/// GatewayXDS encodes resources with its own encoder; its bytes must be exactly SwiftProtobuf's
/// deterministic encoding, for every kind of field, or versions and Envoy's view of a resource would differ.
@Suite("Deterministic encoding")
struct DeterministicEncodingTests {
    static func expectSameBytes(
        _ message: some SwiftProtobuf.Message,
        sourceLocation: SourceLocation = #_sourceLocation
    )
        throws
    {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        let expected: [UInt8] = try message.serializedBytes(options: options)
        let actual = message.deterministicBytes()
        #expect(
            actual == expected,
            "\(type(of: message)): \(actual.count) bytes, expected \(expected.count)",
            sourceLocation: sourceLocation
        )
    }

    @Test("Every resource of a snapshot touching every type encodes as SwiftProtobuf encodes it")
    func resources() throws {
        let resources = ValidatorFixture.resources()
        for listener in resources.listeners { try Self.expectSameBytes(listener) }
        for configuration in resources.routeConfigurations { try Self.expectSameBytes(configuration) }
        for cluster in resources.clusters { try Self.expectSameBytes(cluster) }
        for assignment in resources.clusterLoadAssignments { try Self.expectSameBytes(assignment) }
        for secret in resources.secrets { try Self.expectSameBytes(secret) }
    }

    @Test("Maps (in key order), structs, negative numbers, enums outside their cases and packed fields")
    func fieldKinds() throws {
        var route = Envoy_Config_Route_V3_Route()
        route.name = "ünïcode-route"
        for key in ["zeta", "alpha", "mid", ""] {
            var any = Google_Protobuf_Any()
            any.typeURL = "type.googleapis.com/\(key)"
            any.value = Data(key.utf8)
            route.typedPerFilterConfig[key] = any
        }
        var retry = Envoy_Config_Route_V3_RetryPolicy()
        retry.retriableStatusCodes = [0, 1, 127, 128, 16_383, 16_384, UInt32.max]
        retry.numRetries = Google_Protobuf_UInt32Value(0)
        var action = Envoy_Config_Route_V3_RouteAction()
        action.retryPolicy = retry
        action.cluster = "orders"
        action.timeout = Google_Protobuf_Duration(seconds: -3, nanos: -500)
        route.route = action
        var metadata = Envoy_Config_Core_V3_Metadata()
        var null = Google_Protobuf_Value()
        null.nullValue = .nullValue
        var structure = Google_Protobuf_Struct()
        structure.fields = [
            "number": Google_Protobuf_Value(numberValue: -0.5),
            "text": Google_Protobuf_Value(stringValue: "x"),
            "flag": Google_Protobuf_Value(boolValue: true),
            "null": null,
            "list": Google_Protobuf_Value(listValue: [1, "two", false]),
            "nested": Google_Protobuf_Value(structValue: ["inner": 2]),
        ]
        metadata.filterMetadata = ["b": structure, "a": Google_Protobuf_Struct()]
        route.metadata = metadata
        try Self.expectSameBytes(route)

        var redirect = Envoy_Config_Route_V3_RedirectAction()
        redirect.responseCode = .UNRECOGNIZED(-7)
        redirect.portRedirect = 65_535
        try Self.expectSameBytes(redirect)
    }

    @Test("proto2 messages, packed signed integers and unknown fields")
    func descriptorsAndUnknownFields() throws {
        var location = Google_Protobuf_SourceCodeInfo.Location()
        location.path = [4, 0, -1, 2, Int32.min, Int32.max]
        location.span = [0, 1]
        location.leadingComments = "comment"
        var info = Google_Protobuf_SourceCodeInfo()
        info.location = [location, location]
        var field = Google_Protobuf_FieldDescriptorProto()
        field.name = "value"
        field.number = 1
        field.label = .optional
        field.type = .int64
        field.defaultValue = "-1"
        var message = Google_Protobuf_DescriptorProto()
        message.name = "Message"
        message.field = [field]
        var file = Google_Protobuf_FileDescriptorProto()
        file.name = "message.proto"
        file.messageType = [message]
        file.sourceCodeInfo = info
        file.options.javaMultipleFiles = false
        var set = Google_Protobuf_FileDescriptorSet()
        set.file = [file, file]
        try Self.expectSameBytes(set)

        // Field 99 of a Cluster is not in GatewayXDS's subset: it stays as unknown bytes and is written back.
        let unknown: [UInt8] = [0x0A, 0x01, 0x63, 0x9A, 0x06, 0x03, 0x61, 0x62, 0x63]
        let cluster = try Envoy_Config_Cluster_V3_Cluster(serializedBytes: unknown)
        #expect(!cluster.unknownFields.data.isEmpty)
        try Self.expectSameBytes(cluster)
        #expect(cluster.deterministicBytes() == unknown)
    }

    @Test("Nested messages of every length size: one, two and three bytes, several levels deep")
    func nestedLengths() throws {
        var host = Envoy_Config_Route_V3_VirtualHost()
        host.name = "lengths"
        for length in [0, 1, 100, 127, 128, 300, 16_383, 16_384, 20_000] {
            var response = Envoy_Config_Route_V3_DirectResponseAction()
            response.status = 200
            response.body.inlineString = String(repeating: "x", count: length)
            var route = Envoy_Config_Route_V3_Route()
            route.name = "body-\(length)"
            route.directResponse = response
            host.routes.append(route)
        }
        var configuration = Envoy_Config_Route_V3_RouteConfiguration()
        configuration.virtualHosts = [host, host]
        try Self.expectSameBytes(configuration)
    }

    @Test("An empty message encodes to no bytes")
    func empty() {
        #expect(Envoy_Config_Route_V3_RouteConfiguration().deterministicBytes() == [])
    }
}
