import Benchmark
import GatewayTransform
import HTTPTypes

// The header edits a transformation makes (read one header, replace one, remove one, append one) on a request
// with ten headers: on GatewayTransform's `HeaderMap`, and on swift-http-types' `HTTPRequest`, the currency type
// it could have used instead.

func headerBenchmarks() {
    let timing = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(2)
    )
    let lines =
        (0..<8).map { ("x-header-\($0)", "value-\($0)") } + [("content-type", "application/json"), ("x-foo", "bar")]

    var ours = HeaderMap(isRequest: true)
    for (name, value) in [(":method", "GET"), (":path", "/a/b?c=d"), (":authority", "shop")] + lines {
        ours.append(name, value)
    }
    let foo = Array("x-foo".utf8)
    let out = Array("x-out".utf8)
    let contentType = Array("content-type".utf8)
    let added = Array("x-added".utf8)
    Benchmark("HeaderEdits/GatewayTransform", configuration: timing) { benchmark in
        for _ in benchmark.scaledIterations {
            var headers = ours
            let value = headers.first(foo) ?? []
            headers.remove(out)
            headers.append(out, value)
            headers.remove(contentType)
            headers.append(added, [UInt8(ascii: "1")])
            blackHole(headers.count)
        }
    }

    var theirs = HTTPRequest(method: .get, scheme: "http", authority: "shop", path: "/a/b?c=d")
    for (name, value) in lines {
        guard let field = HTTPField.Name(name) else { fatalError("invalid header name \(name)") }
        theirs.headerFields.append(HTTPField(name: field, value: value))
    }
    guard let fooName = HTTPField.Name("x-foo"), let outName = HTTPField.Name("x-out"),
        let addedName = HTTPField.Name("x-added")
    else { fatalError("invalid header names") }
    Benchmark("HeaderEdits/HTTPTypes", configuration: timing) { benchmark in
        for _ in benchmark.scaledIterations {
            var request = theirs
            let value = request.headerFields[fooName] ?? ""
            request.headerFields[outName] = value
            request.headerFields[.contentType] = nil
            request.headerFields.append(HTTPField(name: addedName, value: "1"))
            blackHole(request.headerFields.count)
        }
    }
}
