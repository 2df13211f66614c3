internal import Foundation
internal import SwiftProtobuf

/// Rules for the HTTP filter configurations GatewayXDS produces (in `http_filters` and in per-route
/// `typed_per_filter_config`): fault injection, local rate limit, AWS Lambda and the gRPC-JSON transcoder.
/// The router, CORS filter and CORS policy have nothing to check beyond the shared messages they hold.
///
/// Besides field rules, these are the checks Envoy's filter factories make when they build the filter: the
/// Lambda ARN must parse, and the transcoder's descriptor set must parse and declare every listed service.
enum HTTPFilterValidation {
    static let rules: [MessageRule] = [
        MessageRule(Envoy_Extensions_Filters_Http_Fault_V3_FaultAbort.self, checkFaultAbort),
        MessageRule(Envoy_Extensions_Filters_Common_Fault_V3_FaultDelay.self, checkFaultDelay),
        MessageRule(Envoy_Extensions_Filters_Http_LocalRatelimit_V3_LocalRateLimit.self, checkLocalRateLimit),
        MessageRule(Envoy_Extensions_Filters_Http_AwsLambda_V3_Config.self, checkLambda),
        MessageRule(Envoy_Extensions_Filters_Http_AwsLambda_V3_Credentials.self, checkLambdaCredentials),
        MessageRule(Envoy_Extensions_Filters_Http_GrpcJsonTranscoder_V3_GrpcJsonTranscoder.self, checkTranscoder),
    ]

    private static func checkFaultAbort(
        _ abort: Envoy_Extensions_Filters_Http_Fault_V3_FaultAbort,
        _ context: inout ValidationContext
    ) {
        switch abort.errorType {
        case nil: context.report("", PGV.oneofRequired("error_type"))
        case .httpStatus(let status) where !(200..<600).contains(status):
            context.report("http_status", PGV.inside(200, 600))
        default: break
        }
    }

    private static func checkFaultDelay(
        _ delay: Envoy_Extensions_Filters_Common_Fault_V3_FaultDelay,
        _ context: inout ValidationContext
    ) {
        switch delay.faultDelaySecifier {
        case nil: context.report("", PGV.oneofRequired("fault_delay_secifier"))
        case .fixedDelay(let duration) where DurationRule.isNotAbove(duration):
            context.report("fixed_delay", PGV.positiveDuration)
        default: break
        }
    }

    private static func checkLocalRateLimit(
        _ limit: Envoy_Extensions_Filters_Http_LocalRatelimit_V3_LocalRateLimit,
        _ context: inout ValidationContext
    ) {
        if limit.statPrefix.isEmpty { context.report("stat_prefix", PGV.nonEmpty) }
        if limit.responseHeadersToAdd.count > 10 { context.report("response_headers_to_add", PGV.maxItems(10)) }
        if limit.requestHeadersToAddWhenNotEnforced.count > 10 {
            context.report("request_headers_to_add_when_not_enforced", PGV.maxItems(10))
        }
    }

    /// Envoy's `parseArn`: at least seven `:`-separated parts, the first `arn`.
    private static func checkLambda(
        _ config: Envoy_Extensions_Filters_Http_AwsLambda_V3_Config,
        _ context: inout ValidationContext
    ) {
        if config.arn.isEmpty {
            context.report("arn", PGV.nonEmpty)
            return
        }
        let parts = config.arn.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count < 7 || parts[0] != "arn" {
            context.report("arn", "aws_lambda_filter: Invalid ARN: \(config.arn)")
        }
    }

    private static func checkLambdaCredentials(
        _ credentials: Envoy_Extensions_Filters_Http_AwsLambda_V3_Credentials,
        _ context: inout ValidationContext
    ) {
        if credentials.accessKeyID.isEmpty { context.report("access_key_id", PGV.nonEmpty) }
        if credentials.secretAccessKey.isEmpty { context.report("secret_access_key", PGV.nonEmpty) }
    }

    /// The descriptor set is required; an inline one must parse and declare every service to transcode (a
    /// descriptor file is read by Envoy and cannot be checked here).
    private static func checkTranscoder(
        _ transcoder: Envoy_Extensions_Filters_Http_GrpcJsonTranscoder_V3_GrpcJsonTranscoder,
        _ context: inout ValidationContext
    ) {
        if transcoder.hasMaxRequestBodySize, transcoder.maxRequestBodySize.value == 0 {
            context.report("max_request_body_size", PGV.greater(0))
        }
        if transcoder.hasMaxResponseBodySize, transcoder.maxResponseBodySize.value == 0 {
            context.report("max_response_body_size", PGV.greater(0))
        }
        switch transcoder.descriptorSet {
        case nil:
            context.report("", PGV.oneofRequired("descriptor_set"))
        case .protoDescriptorBin(let bytes):
            guard let descriptors = try? Google_Protobuf_FileDescriptorSet(serializedBytes: bytes) else {
                context.report("proto_descriptor_bin", "transcoding_filter: Unable to parse proto descriptor")
                return
            }
            var services = Set<String>()
            for file in descriptors.file {
                for service in file.service {
                    services.insert(file.package.isEmpty ? service.name : file.package + "." + service.name)
                }
            }
            for (index, service) in transcoder.services.enumerated() where !services.contains(service) {
                context.report(
                    "services[\(index)]",
                    "transcoding_filter: Could not find '\(service)' in the proto descriptor"
                )
            }
        case .protoDescriptor:
            break
        }
    }
}
