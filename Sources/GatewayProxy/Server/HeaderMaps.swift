import GatewayTransform
import NIOHTTP1

/// Conversions between NIO's request and response heads and the header maps transformations work on (with
/// pseudo-headers).
enum HeaderMaps {
    static func request(_ head: HTTPRequestHead, scheme: String = "http") -> HeaderMap {
        var map = HeaderMap(isRequest: true)
        map.append(":authority", head.headers.first(name: "host") ?? "")
        map.append(":path", head.uri)
        map.append(":method", head.method.rawValue)
        map.append(":scheme", scheme)
        for (name, value) in head.headers where !name.elementsEqualIgnoringCase("host") {
            map.append(name.lowercased(), value)
        }
        return map
    }

    static func requestHead(_ map: HeaderMap, version: HTTPVersion) -> HTTPRequestHead {
        var method = HTTPMethod.GET
        var path = "/"
        var headers = HTTPHeaders()
        for field in map.fields {
            let value = String(decoding: field.value, as: UTF8.self)
            switch field.name {
            case Array(":method".utf8): method = HTTPMethod(rawValue: value)
            case Array(":path".utf8): path = value
            case Array(":authority".utf8): headers.replaceOrAdd(name: "host", value: value)
            case Array(":scheme".utf8): break
            default: headers.add(name: String(decoding: field.name, as: UTF8.self), value: value)
            }
        }
        return HTTPRequestHead(version: version, method: method, uri: path, headers: headers)
    }

    static func response(_ head: HTTPResponseHead) -> HeaderMap {
        var map = HeaderMap(isRequest: false)
        map.append(":status", String(head.status.code))
        for (name, value) in head.headers { map.append(name.lowercased(), value) }
        return map
    }

    static func responseHead(_ map: HeaderMap, version: HTTPVersion) -> HTTPResponseHead {
        var status = 200
        var headers = HTTPHeaders()
        for field in map.fields {
            let value = String(decoding: field.value, as: UTF8.self)
            if field.name == Array(":status".utf8) {
                status = Int(value) ?? 200
            } else if field.name.first != UInt8(ascii: ":") {
                headers.add(name: String(decoding: field.name, as: UTF8.self), value: value)
            }
        }
        return HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status), headers: headers)
    }
}

extension String {
    /// ASCII case-insensitive equality, for header names.
    func elementsEqualIgnoringCase(_ other: String) -> Bool {
        utf8.count == other.utf8.count
            && zip(utf8, other.utf8).allSatisfy { a, b in
                a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= UInt8(ascii: "a") && (a | 0x20) <= UInt8(ascii: "z"))
            }
    }
}
