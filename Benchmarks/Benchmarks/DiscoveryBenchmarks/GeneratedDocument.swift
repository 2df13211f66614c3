/// The documents the discovery benchmarks read, built in memory so that no Python is needed to run them.
///
/// `openAPI(operations:)` writes, byte for byte, what `Tests/IntegrationTests/Goldens/peers/make_openapi.py`
/// writes for the same count (compact JSON, members in the same order): ceil(N / 4) paths
/// `/resources{NNNNN}/{id}` with GET, POST, PUT and DELETE, each operation with the path parameter `id`, the query
/// parameters `page` and `filter`, the header parameter `X-Trace-Id` and a JSON request body referring to one of
/// 20 component schemas of 6 properties, two of which refer to other schemas (`parent` directly, `children` as
/// the items of an array). `swagger(operations:)` is the same API in Swagger 2.0: the body is an `in: body`
/// parameter, the schemas are `definitions`, and the base path is `basePath`.
enum GeneratedDocument {
    static let schemaCount = 20
    static let methods = ["get", "post", "put", "delete"]

    /// The OpenAPI 3.0.3 document with `operations` operations, as UTF-8 JSON.
    static func openAPI(operations count: Int) -> [UInt8] {
        var json = "{\"openapi\":\"3.0.3\","
        json += info(count)
        json += ",\"servers\":[{\"url\":\"http://generated.local/base\"}],"
        json += paths(count, swagger: false)
        json += ",\"components\":{\"schemas\":" + schemas(prefix: "#/components/schemas/") + "}}"
        return Array(json.utf8)
    }

    /// The same operations and schemas as a Swagger 2.0 document, as UTF-8 JSON.
    static func swagger(operations count: Int) -> [UInt8] {
        var json = "{\"swagger\":\"2.0\","
        json += info(count)
        json += ",\"host\":\"generated.local\",\"basePath\":\"/base\",\"schemes\":[\"http\"],"
        json += "\"consumes\":[\"application/json\"],\"produces\":[\"application/json\"],"
        json += paths(count, swagger: true)
        json += ",\"definitions\":" + schemas(prefix: "#/definitions/") + "}"
        return Array(json.utf8)
    }

    /// `Model00` ... `Model19`: the name of schema `index` modulo 20.
    static func model(_ index: Int) -> String {
        "Model" + twoDigits(index % schemaCount)
    }

    private static func info(_ count: Int) -> String {
        "\"info\":{\"title\":\"Generated document with \(count) operations\",\"version\":\"1.0.0\"}"
    }

    private static func paths(_ count: Int, swagger: Bool) -> String {
        var json = "\"paths\":{"
        json.reserveCapacity(count * 700)
        let pathCount = (count + methods.count - 1) / methods.count
        for pathIndex in 0..<pathCount {
            if pathIndex > 0 { json += "," }
            json += "\"/resources\(fiveDigits(pathIndex))/{id}\":{"
            let methodCount = min(methods.count, count - pathIndex * methods.count)
            for (position, method) in methods.prefix(methodCount).enumerated() {
                if position > 0 { json += "," }
                json += "\"\(method)\":" + operation(pathIndex: pathIndex, position: position, swagger: swagger)
            }
            json += "}"
        }
        return json + "}"
    }

    private static func operation(pathIndex: Int, position: Int, swagger: Bool) -> String {
        let method = methods[position]
        let number = pathIndex * methods.count + position
        var json = "{\"operationId\":\"\(method)Resource\(fiveDigits(pathIndex))\","
        json += "\"summary\":\"Operation \(number) of the generated document.\",\"parameters\":["
        if swagger {
            json += "{\"name\":\"id\",\"in\":\"path\",\"required\":true,\"type\":\"string\"},"
            json += "{\"name\":\"page\",\"in\":\"query\",\"required\":false,\"type\":\"integer\",\"format\":\"int32\"},"
            json += "{\"name\":\"filter\",\"in\":\"query\",\"required\":false,\"type\":\"string\"},"
            json += "{\"name\":\"X-Trace-Id\",\"in\":\"header\",\"required\":false,\"type\":\"string\"},"
            json += "{\"name\":\"body\",\"in\":\"body\",\"required\":true,"
            json += "\"schema\":{\"$ref\":\"#/definitions/\(model(number))\"}}],"
        } else {
            json += "{\"name\":\"id\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\"}},"
            json += "{\"name\":\"page\",\"in\":\"query\",\"required\":false,"
            json += "\"schema\":{\"type\":\"integer\",\"format\":\"int32\"}},"
            json += "{\"name\":\"filter\",\"in\":\"query\",\"required\":false,\"schema\":{\"type\":\"string\"}},"
            json += "{\"name\":\"X-Trace-Id\",\"in\":\"header\",\"required\":false,\"schema\":{\"type\":\"string\"}}],"
            json += "\"requestBody\":{\"required\":true,\"content\":{\"application/json\":"
            json += "{\"schema\":{\"$ref\":\"#/components/schemas/\(model(number))\"}}}},"
        }
        return json + "\"responses\":{\"200\":{\"description\":\"Done.\"}}}"
    }

    /// The 20 schemas, each referring to others through `prefix` (`#/components/schemas/` or `#/definitions/`).
    private static func schemas(prefix: String) -> String {
        var json = "{"
        for index in 0..<schemaCount {
            if index > 0 { json += "," }
            json += "\"\(model(index))\":{\"type\":\"object\",\"required\":[\"id\",\"label\"],\"properties\":{"
            json += "\"id\":{\"type\":\"integer\",\"format\":\"int64\"},\"label\":{\"type\":\"string\"},"
            json += "\"score\":{\"type\":\"number\",\"format\":\"double\",\"default\":\(index)},"
            json += "\"active\":{\"type\":\"boolean\"},"
            json += "\"parent\":{\"$ref\":\"\(prefix)\(model(index + 1))\"},"
            json += "\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"\(prefix)\(model(index * 7 + 3))\"}}}}"
        }
        return json + "}"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func fiveDigits(_ value: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, 5 - text.count)) + text
    }
}
