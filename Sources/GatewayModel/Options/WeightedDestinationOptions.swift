/// Options of one destination of a multi-destination route or UpstreamGroup
/// (`gloo.solo.io.WeightedDestinationOptions`), applied when that destination is chosen.
public struct WeightedDestinationOptions: Codable, Hashable, Sendable {
    public var headerManipulation: HeaderManipulation?
    /// Deprecated single-stage transformations; ignored when `stagedTransformations.regular` is set.
    public var transformations: LegacyTransformations?
    /// Gloo's untyped plugin extensions.
    public var extensions: ConfigValue?
    /// External authentication.
    public var extauth: ConfigValue?
    public var bufferPerRoute: BufferPerRoute?
    public var csrf: CsrfPolicy?
    public var stagedTransformations: TransformationStages?

    public init() {}
}

extension WeightedDestinationOptions {
    /// Every field and whether the suite enforces it.
    static let optionFields = OptionFieldTable<WeightedDestinationOptions>([
        OptionField("headerManipulation", \.headerManipulation),
        OptionField("transformations", \.transformations),
        OptionField("extensions", \.extensions, enforced: false),
        OptionField("extauth", \.extauth, enforced: false),
        OptionField("bufferPerRoute", \.bufferPerRoute),
        OptionField("csrf", \.csrf),
        OptionField("stagedTransformations", \.stagedTransformations),
    ])

    /// The YAML names of the fields set here that no module of this suite will act on: `extauth` and
    /// `extensions`. Header manipulation, transformations, buffering and CSRF are implemented.
    public var unenforcedOptionNames: [String] {
        Self.optionFields.unenforcedNames(in: self)
    }
}
