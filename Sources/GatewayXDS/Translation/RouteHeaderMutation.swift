internal import GatewayModel

/// Header additions and removals for a virtual host, route or weighted cluster, from Gloo's
/// `headerManipulation` (Gloo's headers plugin): `append: false` becomes `OVERWRITE_IF_EXISTS_OR_ADD`, anything
/// else Envoy's default `APPEND_IF_EXISTS_OR_ADD`; a request header may come from a header Secret.
struct RouteHeaderMutation {
    var requestHeadersToAdd: [Envoy_Config_Core_V3_HeaderValueOption] = []
    var requestHeadersToRemove: [String] = []
    var responseHeadersToAdd: [Envoy_Config_Core_V3_HeaderValueOption] = []
    var responseHeadersToRemove: [String] = []

    /// The mutation `manipulation` asks for, or nil (with errors) when Envoy would reject it: Envoy refuses to
    /// add or remove `:`-prefixed and `host` headers.
    static func translate(
        _ manipulation: HeaderManipulation,
        resources: ResourceSet,
        report: inout ListenerPartReport
    ) -> RouteHeaderMutation? {
        var mutation = RouteHeaderMutation()
        var valid = true
        for option in manipulation.requestHeadersToAdd ?? [] {
            let action = appendAction(option.append)
            if let header = option.header, option.headerSecretRef == nil {
                guard let added = headerOption(header, action, report: &report) else {
                    valid = false
                    continue
                }
                mutation.requestHeadersToAdd.append(added)
            } else if let ref = option.headerSecretRef, option.header == nil {
                guard let secret = resources.secret(ref), let headers = secret.spec.header?.headers else {
                    report.fail(
                        "header secret \(ref.namespace ?? "").\(ref.name) was not found or is not a header Secret"
                    )
                    valid = false
                    continue
                }
                // A map: sorted, so the output does not depend on the order it was read in.
                for (key, value) in headers.sorted(by: { $0.key < $1.key }) {
                    guard let added = headerOption(HeaderValue(key: key, value: value), action, report: &report) else {
                        valid = false
                        continue
                    }
                    mutation.requestHeadersToAdd.append(added)
                }
            } else {
                report.fail("a request header to add needs exactly one of header and headerSecretRef")
                valid = false
            }
        }
        for option in manipulation.responseHeadersToAdd ?? [] {
            guard let header = option.header else {
                report.fail("header section of header value option cannot be nil")
                valid = false
                continue
            }
            guard let added = headerOption(header, appendAction(option.append), report: &report) else {
                valid = false
                continue
            }
            mutation.responseHeadersToAdd.append(added)
        }
        for name in manipulation.requestHeadersToRemove ?? [] {
            valid = checkModifiable(name, "removed", report: &report) && valid
            mutation.requestHeadersToRemove.append(name)
        }
        for name in manipulation.responseHeadersToRemove ?? [] {
            valid = checkModifiable(name, "removed", report: &report) && valid
            mutation.responseHeadersToRemove.append(name)
        }
        return valid ? mutation : nil
    }

    /// Gloo's mapping of `append`: only an explicit `false` overwrites.
    static func appendAction(_ append: Bool?) -> Envoy_Config_Core_V3_HeaderValueOption.HeaderAppendAction {
        append == false ? .overwriteIfExistsOrAdd : .appendIfExistsOrAdd
    }

    /// `key: value` to add, checked as Envoy checks custom headers.
    static func headerOption(
        _ header: HeaderValue,
        _ action: Envoy_Config_Core_V3_HeaderValueOption.HeaderAppendAction,
        report: inout ListenerPartReport
    ) -> Envoy_Config_Core_V3_HeaderValueOption? {
        let key = header.key ?? ""
        let value = header.value ?? ""
        guard checkModifiable(key, "added", report: &report) else { return nil }
        guard MatcherTranslation.isHeaderValue(value) else {
            report.fail("the value of header '\(key)' contains NUL, CR or LF")
            return nil
        }
        var option = Envoy_Config_Core_V3_HeaderValueOption()
        option.header.key = key
        option.header.value = value
        option.appendAction = action
        return option
    }

    /// Envoy lets configuration add or remove any header except pseudo-headers and `host`.
    private static func checkModifiable(_ name: String, _ verb: String, report: inout ListenerPartReport) -> Bool {
        guard MatcherTranslation.isHeaderName(name) else {
            report.fail("'\(name)' is not a valid header name")
            return false
        }
        guard !name.hasPrefix(":"), name.lowercased() != "host" else {
            report.fail(":-prefixed or host headers may not be \(verb): '\(name)'")
            return false
        }
        return true
    }
}

extension Envoy_Config_Route_V3_VirtualHost {
    /// Adds the headers of `mutation`.
    mutating func apply(_ mutation: RouteHeaderMutation) {
        requestHeadersToAdd += mutation.requestHeadersToAdd
        requestHeadersToRemove += mutation.requestHeadersToRemove
        responseHeadersToAdd += mutation.responseHeadersToAdd
        responseHeadersToRemove += mutation.responseHeadersToRemove
    }
}

extension Envoy_Config_Route_V3_Route {
    /// Adds the headers of `mutation`.
    mutating func apply(_ mutation: RouteHeaderMutation) {
        requestHeadersToAdd += mutation.requestHeadersToAdd
        requestHeadersToRemove += mutation.requestHeadersToRemove
        responseHeadersToAdd += mutation.responseHeadersToAdd
        responseHeadersToRemove += mutation.responseHeadersToRemove
    }
}

extension Envoy_Config_Route_V3_WeightedCluster.ClusterWeight {
    /// Adds the headers of `mutation`.
    mutating func apply(_ mutation: RouteHeaderMutation) {
        requestHeadersToAdd += mutation.requestHeadersToAdd
        requestHeadersToRemove += mutation.requestHeadersToRemove
        responseHeadersToAdd += mutation.responseHeadersToAdd
        responseHeadersToRemove += mutation.responseHeadersToRemove
    }
}
