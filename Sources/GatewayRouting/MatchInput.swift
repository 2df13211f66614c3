/// A request while routes are matched against it: the bytes of its path, cut at the query once.
struct MatchInput {
    /// The request's fields; the lookup borrows the request for its whole run, so no reference is counted.
    unowned(unsafe) let request: RouteRequest.Storage
    /// `:path` up to its first `?` or `#`: what path specifiers compare.
    let path: UnsafeBufferPointer<UInt8>
    /// `:path` whole: query parameters are read from it.
    let fullPath: UnsafeBufferPointer<UInt8>
    /// The method's bit, empty for other methods.
    let method: MethodSet
    /// Every byte of `path` is `/` or a template glob character.
    let pathIsGlobbable: Bool

    /// Calls `body` with the input for `request`; the buffers live only as long as the call.
    static func with<Result>(_ request: RouteRequest, _ body: (MatchInput) -> Result) -> Result {
        let storage = request.storage
        return withBytes(of: storage.path) { fullPath in
            body(
                MatchInput(
                    request: storage,
                    path: .init(rebasing: fullPath[..<storage.pathEnd]),
                    fullPath: fullPath,
                    method: storage.methodBit,
                    pathIsGlobbable: storage.pathIsGlobbable
                )
            )
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
