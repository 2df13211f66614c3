/// `headerBodyTransform`: the body becomes a JSON object of the headers and the original body (with
/// `addRequestMetadata`, on a request, also the method, path and query), as envoy-gloo builds it for AWS
/// Lambda-style upstreams.
struct HeaderBodyTransformation: Sendable {
    let addsRequestMetadata: Bool

    func apply(to message: inout HTTPMessage) throws(TransformError) {
        var document = JSONObject()
        if !message.body.isEmpty { document["body"] = .string(message.body) }
        var headers = JSONObject()
        var multiValueHeaders = JSONObject()
        for field in message.headers.fields {
            let existing = headers[field.name]
            headers[field.name] = .string(field.value)
            guard addsRequestMetadata, case .string(let previous)? = existing, !previous.isEmpty else { continue }
            Self.appendMultiValue(previous: previous, field.value, for: field.name, in: &multiValueHeaders)
        }
        document["headers"] = .object(headers)
        if addsRequestMetadata && message.headers.isRequest {
            document["multiValueHeaders"] = .object(multiValueHeaders)
            let path = message.headers.first(":path") ?? []
            let queryStart = path.firstIndex(of: UInt8(ascii: "?")) ?? path.endIndex
            let query = queryStart < path.endIndex ? Array(path[(queryStart + 1)...]) : []
            document["queryString"] = .string(query)
            document["httpMethod"] = .string(message.headers.first(":method") ?? [])
            document["path"] = .string(Array(path[..<queryStart]))
            var parameters = JSONObject()
            var multiValueParameters = JSONObject()
            for (name, value) in Self.queryParameters(query) {
                guard case .string(let previous)? = parameters[name], !previous.isEmpty else {
                    parameters[name] = .string(value)
                    continue
                }
                parameters[name] = .string(value)
                Self.appendMultiValue(previous: previous, value, for: name, in: &multiValueParameters)
            }
            document["queryStringParameters"] = .object(parameters)
            document["multiValueQueryStringParameters"] = .object(multiValueParameters)
        }
        var output: [UInt8] = []
        try JSONText.dump(.object(document), into: &output)
        message.headers.remove("content-type")
        message.headers.append("content-type", "application/json")
        message.replaceBody(output)
    }

    /// Records a repeated name: its first value when first repeated, then each later one.
    private static func appendMultiValue(
        previous: [UInt8],
        _ value: [UInt8],
        for name: [UInt8],
        in multiValues: inout JSONObject
    ) {
        var values: [JSONValue] = []
        if case .array(let existing)? = multiValues[name], !existing.isEmpty {
            values = existing
        } else {
            values = [.string(previous)]
        }
        values.append(.string(value))
        multiValues[name] = .array(values)
    }

    /// Name and value of each `&`-separated parameter; with `=` both are percent-decoded, without it the name is
    /// kept as written and the value is empty.
    static func queryParameters(_ query: [UInt8]) -> [(name: [UInt8], value: [UInt8])] {
        var parameters = query.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false)
        // A final `&` ends the list without adding an empty parameter.
        if parameters.last?.isEmpty == true { parameters.removeLast() }
        return parameters.map { parameter in
            guard let equals = parameter.firstIndex(of: UInt8(ascii: "=")) else { return (Array(parameter), []) }
            return (percentDecoded(parameter[..<equals]), percentDecoded(parameter[(equals + 1)...]))
        }
    }

    /// Envoy's percent decoding: valid `%XX` sequences only; `+` stays.
    static func percentDecoded(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == UInt8(ascii: "%"), index + 2 < text.endIndex,
                let high = hexValue(text[index + 1]), let low = hexValue(text[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(text[index])
                index += 1
            }
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
