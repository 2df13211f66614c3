/// The functions a template may call besides the built-in ones, by name and number of arguments (envoy-gloo
/// registers `header/1`, `substring/2`, `substring/3`, variadic `dynamic_metadata`, ...). Calls are resolved when
/// a template is parsed, so an unknown function is a configuration error, as in Inja.
public struct TemplateFunctions: Sendable, Hashable {
    /// A function's name and how many arguments it takes (`nil`: any number, at least one).
    public struct Signature: Sendable, Hashable {
        public var name: String
        public var arity: Int?

        public init(_ name: String, arity: Int?) {
            self.name = name
            self.arity = arity
        }
    }

    /// In order; a call is resolved to its position here.
    public let signatures: [Signature]
    private let exact: [[UInt8]: [Int: Int]]
    private let variadic: [[UInt8]: Int]

    public init(_ signatures: [Signature] = []) {
        self.signatures = signatures
        var exact: [[UInt8]: [Int: Int]] = [:]
        var variadic: [[UInt8]: Int] = [:]
        for (index, signature) in signatures.enumerated() {
            let name = Array(signature.name.utf8)
            // The first registration of a name and arity wins, as in Inja.
            if let arity = signature.arity {
                if exact[name]?[arity] == nil { exact[name, default: [:]][arity] = index }
            } else if variadic[name] == nil {
                variadic[name] = index
            }
        }
        self.exact = exact
        self.variadic = variadic
    }

    /// The function a call of `name` with `arguments` arguments resolves to: the exact arity first, then a
    /// variadic function when there is at least one argument.
    func index(of name: [UInt8], arguments: Int) -> Int? {
        if let index = exact[name]?[arguments] { return index }
        return arguments > 0 ? variadic[name] : nil
    }
}

/// Answers the calls a template makes to its ``TemplateFunctions``.
public protocol TemplateCallbacks {
    /// Calls the function at `index` in the template's ``TemplateFunctions/signatures``. A thrown error ends the
    /// render with it.
    func call(_ index: Int, _ arguments: [JSONValue]) throws(TransformError) -> JSONValue
}

/// Callbacks for templates that call no functions of their own.
public struct NoTemplateCallbacks: TemplateCallbacks {
    public init() {}

    public func call(_ index: Int, _ arguments: [JSONValue]) throws(TransformError) -> JSONValue { .null }
}
