internal import Foundation
internal import GatewayModel
internal import SwiftProtobuf

/// JSON-to-gRPC transcoding through Envoy's `envoy.filters.http.grpc_json_transcoder` filter, from an
/// Upstream's `serviceSpec.grpcJsonTranscoder` (Gloo's grpcjson plugin) or a listener's
/// `options.grpcJsonTranscoder`. Routes to such an Upstream get the Upstream's config in
/// `typed_per_filter_config`.
enum RouteGrpcTranscoding {
    /// The filter's name, also the `typed_per_filter_config` key.
    static let filterName = "envoy.filters.http.grpc_json_transcoder"

    /// The Envoy config for `transcoder`: nil when it names no descriptor set (discovery writes such empty
    /// specs, which need no filter) or, with an error, when Envoy would reject it.
    static func translate(
        _ transcoder: GrpcJsonTranscoder,
        report: inout ListenerPartReport
    )
        -> Envoy_Extensions_Filters_Http_GrpcJsonTranscoder_V3_GrpcJsonTranscoder?
    {
        var config = Envoy_Extensions_Filters_Http_GrpcJsonTranscoder_V3_GrpcJsonTranscoder()
        let services = transcoder.services ?? []
        switch transcoder.descriptorSet {
        case nil:
            if transcoder.protoDescriptor != nil || transcoder.protoDescriptorBin != nil
                || transcoder.protoDescriptorConfigMap != nil
            {
                report.fail(
                    "grpcJsonTranscoder: only one of protoDescriptor, protoDescriptorBin and protoDescriptorConfigMap may be set"
                )
            }
            return nil
        case .protoDescriptor(let path)?:
            guard !path.isEmpty else {
                report.fail("grpcJsonTranscoder.protoDescriptor is empty")
                return nil
            }
            config.protoDescriptor = path
        case .protoDescriptorBin(let encoded)?:
            guard let bytes = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                report.fail("grpcJsonTranscoder.protoDescriptorBin is not valid base64")
                return nil
            }
            // Envoy loads the descriptors when it accepts the config: a set it cannot read, or one without a
            // listed service, is rejected with the whole listener.
            guard let set = try? Google_Protobuf_FileDescriptorSet(serializedBytes: bytes) else {
                report.fail("protoDescriptorBin is not a valid FileDescriptorSet")
                return nil
            }
            let known = serviceNames(in: set)
            for service in services where !known.contains(service) {
                report.fail("Could not find '\(service)' in the proto descriptor of grpcJsonTranscoder")
                return nil
            }
            config.protoDescriptorBin = bytes
        case .protoDescriptorConfigMap?:
            report.fail(
                "grpcJsonTranscoder.protoDescriptorConfigMap reads a Kubernetes ConfigMap, which this gateway does not load; use protoDescriptorBin"
            )
            return nil
        }
        config.services = services
        if let print = transcoder.printOptions {
            config.printOptions.addWhitespace = print.addWhitespace ?? false
            config.printOptions.alwaysPrintPrimitiveFields = print.alwaysPrintPrimitiveFields ?? false
            config.printOptions.alwaysPrintEnumsAsInts = print.alwaysPrintEnumsAsInts ?? false
            config.printOptions.preserveProtoFieldNames = print.preserveProtoFieldNames ?? false
        }
        config.matchIncomingRequestRoute = transcoder.matchIncomingRequestRoute ?? false
        config.ignoredQueryParameters = transcoder.ignoredQueryParameters ?? []
        config.autoMapping = transcoder.autoMapping ?? false
        config.ignoreUnknownQueryParameters = transcoder.ignoreUnknownQueryParameters ?? false
        config.convertGrpcStatus = transcoder.convertGrpcStatus ?? false
        return config
    }

    /// The fully qualified names (`package.Service`) of the services in `set`.
    static func serviceNames(in set: Google_Protobuf_FileDescriptorSet) -> Set<String> {
        var names = Set<String>()
        for file in set.file {
            for service in file.service {
                names.insert(file.package.isEmpty ? service.name : "\(file.package).\(service.name)")
            }
        }
        return names
    }
}
