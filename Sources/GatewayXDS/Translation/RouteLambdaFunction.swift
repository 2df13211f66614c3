internal import GatewayModel

/// Calls to AWS Lambda functions through vanilla Envoy's `envoy.filters.http.aws_lambda` filter, from a
/// destination's `destinationSpec.aws` and its Upstream's `lambdaFunctions` (Gloo's aws plugin picks the
/// function the same way; Gloo's own Envoy build runs `io.solo.aws_lambda` instead).
///
/// Envoy's filter needs a full ARN, `arn:aws:lambda:<region>:<awsAccountId>:function:<name>[:<qualifier>]`,
/// so the Upstream must name its region and account. Static credentials come from the Upstream's `secretRef`;
/// without one Envoy uses its default credential chain.
enum RouteLambdaFunction {
    /// The filter's name, also the `typed_per_filter_config` key.
    static let filterName = "envoy.filters.http.aws_lambda"

    /// The invoke config for a call to `destination`; nil when the destination is not a Lambda call, or (with
    /// an error) when it cannot be expressed.
    static func invokeConfig(
        for destination: Destination,
        resources: ResourceSet,
        report: inout ListenerPartReport
    ) -> Envoy_Extensions_Filters_Http_AwsLambda_V3_Config? {
        guard let ref = destination.upstream else { return nil }
        let upstream = resources.upstream(ref)
        let requested = destination.destinationSpec?.aws
        guard let lambda = upstream?.spec.aws else {
            if requested != nil {
                report.fail("\(ref.namespace ?? "").\(ref.name) is not an AWS upstream")
            }
            return nil
        }
        guard var spec = requested else {
            report.warn(
                "the route sends to AWS Lambda upstream \(ref.namespace ?? "").\(ref.name) without destinationSpec.aws; no function is invoked"
            )
            return nil
        }
        if let overrides = lambda.destinationOverrides { spec = merged(spec, defaults: overrides) }
        let logicalName = spec.logicalName ?? ""
        guard let function = (lambda.lambdaFunctions ?? []).first(where: { $0.logicalName == logicalName }) else {
            report.fail(
                (lambda.lambdaFunctions ?? []).isEmpty
                    ? "lambda points to upstream with no functions \(logicalName)"
                    : "unknown lambda function \(logicalName)"
            )
            return nil
        }
        guard let arn = arn(of: function, in: lambda, report: &report) else { return nil }

        var config = Envoy_Extensions_Filters_Http_AwsLambda_V3_Config()
        config.arn = arn
        config.invocationMode = spec.invocationStyle == .async ? .asynchronous : .synchronous
        // Envoy either passes the body through untouched (Gloo's default) or wraps the request in a JSON event
        // and reads the function's answer as a status, headers and body (Gloo's requestTransformation with
        // unwrapAsApiGateway). Other combinations have no Envoy equivalent.
        let wraps = spec.requestTransformation == true
        let unwraps = spec.unwrapAsApiGateway == true || spec.responseTransformation == true
        config.payloadPassthrough = !wraps
        if wraps != unwraps || spec.unwrapAsAlb == true || spec.wrapAsApiGateway == true {
            report.warn(
                "destinationSpec.aws: Envoy's aws_lambda filter either passes the payload through or wraps the request and unwraps the response together; requestTransformation, unwrapAsApiGateway, unwrapAsAlb and wrapAsApiGateway are sent as payload_passthrough: \(!wraps)"
            )
        }
        if let roleArn = lambda.roleArn, !roleArn.isEmpty {
            report.warn(ListenerPartReport.notSent("roleArn", at: "the AWS Upstream \(ref.name)", expressible: false))
        }
        if let secretRef = lambda.secretRef {
            guard let secret = resources.secret(secretRef.resolved(in: ref.namespace ?? "default")),
                let keys = secret.spec.aws
            else {
                report.fail(
                    "the AWS secret \(secretRef.namespace ?? "").\(secretRef.name) was not found or is not an aws Secret"
                )
                return nil
            }
            guard let accessKey = keys.accessKey, !accessKey.isEmpty, let secretKey = keys.secretKey, !secretKey.isEmpty
            else {
                report.fail(
                    "the AWS secret \(secretRef.namespace ?? "").\(secretRef.name) needs both accessKey and secretKey"
                )
                return nil
            }
            config.credentials.accessKeyID = accessKey
            config.credentials.secretAccessKey = secretKey
            config.credentials.sessionToken = keys.sessionToken ?? ""
        }
        return config
    }

    /// The function's ARN, from the Upstream's region and account (or the function name when it is an ARN).
    static func arn(
        of function: AwsLambdaUpstream.LambdaFunction,
        in lambda: AwsLambdaUpstream,
        report: inout ListenerPartReport
    ) -> String? {
        let name = function.lambdaFunctionName ?? ""
        guard !name.isEmpty else {
            report.fail("lambda function \(function.logicalName ?? "") has no lambdaFunctionName")
            return nil
        }
        var arn: String
        if name.hasPrefix("arn:") {
            arn = name
        } else {
            guard let region = lambda.region, !region.isEmpty, let account = lambda.awsAccountId, !account.isEmpty
            else {
                report.fail(
                    "Envoy's aws_lambda filter needs the function's ARN: the AWS upstream needs region and awsAccountId (or a lambdaFunctionName that is an ARN)"
                )
                return nil
            }
            arn = "arn:aws:lambda:\(region):\(account):function:\(name)"
        }
        if let qualifier = function.qualifier, !qualifier.isEmpty { arn += ":\(qualifier)" }
        // Envoy parses the ARN and rejects the filter config when it has fewer than seven parts.
        guard arn.split(separator: ":", omittingEmptySubsequences: false).count >= 7 else {
            report.fail("'\(arn)' is not a Lambda function ARN Envoy accepts")
            return nil
        }
        return arn
    }

    /// `spec` with its unset fields taken from the Upstream's `destinationOverrides` (Gloo merges the non-zero
    /// values of the overrides into unset ones).
    private static func merged(_ spec: DestinationSpec.Aws, defaults: DestinationSpec.Aws) -> DestinationSpec.Aws {
        var merged = spec
        if (merged.logicalName ?? "").isEmpty { merged.logicalName = defaults.logicalName }
        if merged.invocationStyle == nil || merged.invocationStyle == .sync {
            merged.invocationStyle = defaults.invocationStyle ?? merged.invocationStyle
        }
        func fill(_ keyPath: WritableKeyPath<DestinationSpec.Aws, Bool?>) {
            if merged[keyPath: keyPath] != true, defaults[keyPath: keyPath] == true { merged[keyPath: keyPath] = true }
        }
        fill(\.requestTransformation)
        fill(\.responseTransformation)
        fill(\.unwrapAsAlb)
        fill(\.unwrapAsApiGateway)
        fill(\.wrapAsApiGateway)
        return merged
    }
}
