internal import GatewayModel
internal import SwiftProtobuf

/// A Gateway's `routeOptions` (Gloo's `RouteConfigurationOptions`): settings of every route configuration of
/// its listener.
struct RouteConfigurationLimits {
    /// `maxDirectResponseBodySizeBytes`, when set.
    var maxDirectResponseBodySize: UInt32?
    /// `mostSpecificHeaderMutationsWins`, when set.
    var mostSpecificHeaderMutationsWins: Bool?

    /// Reads `options`; a value of the wrong type is an error.
    init(_ options: ConfigValue?, report: inout ListenerPartReport) {
        if let size = options?["maxDirectResponseBodySizeBytes"] {
            let text: String? =
                switch size.content {
                case .number(let number): number
                case .string(let string): string
                case .object: size["value"].flatMap { $0.stringValue ?? Self.numberText($0) }
                default: nil
                }
            if let text, let value = UInt32(text) {
                maxDirectResponseBodySize = value
            } else {
                report.fail("routeOptions.maxDirectResponseBodySizeBytes must be an unsigned 32-bit integer")
            }
        }
        if let flag = options?["mostSpecificHeaderMutationsWins"] {
            switch flag.content {
            case .bool(let value): mostSpecificHeaderMutationsWins = value
            case .object:
                if case .bool(let value)? = flag["value"]?.content { mostSpecificHeaderMutationsWins = value }
            default: report.fail("routeOptions.mostSpecificHeaderMutationsWins must be a boolean")
            }
        }
    }

    private static func numberText(_ value: ConfigValue) -> String? {
        if case .number(let number) = value.content { return number }
        return nil
    }

    /// The largest direct response body the configuration accepts.
    var maxDirectResponseBodyBytes: Int {
        maxDirectResponseBodySize.map(Int.init) ?? RouteConfigurationTranslation.defaultMaxDirectResponseBodyBytes
    }

    /// Sets the limits on `configuration`.
    func apply(to configuration: inout Envoy_Config_Route_V3_RouteConfiguration) {
        if let size = maxDirectResponseBodySize {
            configuration.maxDirectResponseBodySizeBytes = Google_Protobuf_UInt32Value(size)
        }
        if let wins = mostSpecificHeaderMutationsWins { configuration.mostSpecificHeaderMutationsWins = wins }
    }
}
