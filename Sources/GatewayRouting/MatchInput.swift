/// A request while routes are matched against it: the bytes of its path, cut at the query once.
struct MatchInput {
    /// The request, borrowed for the lookup.
    private let requestPointer: UnsafePointer<RouteRequest>
    var request: RouteRequest { requestPointer.pointee }
    /// `:path` up to its first `?` or `#`: what path specifiers compare.
    let path: UnsafeBufferPointer<UInt8>
    /// `:path` whole: query parameters are read from it.
    let fullPath: UnsafeBufferPointer<UInt8>
    /// The method's bit, empty for other methods.
    let method: MethodSet

    /// Calls `body` with the input for `request`; the buffers live only as long as the call.
    static func with<Result>(_ request: RouteRequest, _ body: (MatchInput) -> Result) -> Result {
        var request = request
        return with(&request, body)
    }

    /// Calls `body` with the input for `request`, borrowed in place.
    static func with<Result>(_ request: inout RouteRequest, _ body: (MatchInput) -> Result) -> Result {
        withUnsafePointer(to: &request) { requestPointer in
            withBytes(of: requestPointer.pointee.path) { fullPath in
                let end = ASCII.firstQueryOrFragment(in: fullPath)
                return body(
                    MatchInput(
                        requestPointer: requestPointer,
                        path: .init(rebasing: fullPath[..<end]),
                        fullPath: fullPath,
                        method: MethodSet(method: requestPointer.pointee.method)
                    )
                )
            }
        }
    }
}

/// Calls `body` with the UTF-8 bytes of `text`, copying only a string that is not stored as contiguous UTF-8.
@inline(__always)
func withBytes<Result>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = text
    return copy.withUTF8(body)
}
