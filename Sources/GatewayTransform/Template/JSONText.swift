/// nlohmann's printing for templates, with its errors as render failures.
enum JSONText {
    /// A string's bytes JSON-escaped, without quotes; invalid UTF-8 is nlohmann's type error 316.
    static func escape(_ bytes: [UInt8], into output: inout [UInt8]) throws(TransformError) {
        do {
            try JSONValue.appendEscaped(bytes, to: &output)
        } catch {
            throw TransformError(.renderFailed, error.message)
        }
    }

    static func dump(_ value: JSONValue, into output: inout [UInt8]) throws(TransformError) {
        do {
            try value.dump(into: &output)
        } catch {
            throw TransformError(.renderFailed, error.message)
        }
    }
}
