/// Bounds on the JSON text ``JSONValue/parse(_:limits:)-(UnsafeRawBufferPointer,_)`` accepts.
///
/// nlohmann::json has neither limit. The parser keeps its own stack, so nesting never exhausts the thread's stack
/// while parsing, and ``JSONValue/dump()`` prints any depth. The depth limit exists because a ``JSONValue`` is
/// released, compared and hashed recursively, one stack frame per level: at the default of 512 levels that takes
/// under 128 KB of stack in an optimized build and under 512 KB in a debug build, less than any thread has (the
/// tests parse, print, compare, hash and release a value nested 512 deep on a thread with a 512 KB stack).
public struct JSONLimits: Sendable, Hashable {
    /// The deepest nesting of arrays and objects accepted: `[[1]]` has depth 2, a scalar depth 0. Deeper input
    /// fails with ``JSONError/Code-swift.struct/depthLimitExceeded`` at the bracket that goes too deep.
    public var maximumDepth: Int
    /// The longest text accepted, in bytes, or `nil` for no limit. Longer input fails with
    /// ``JSONError/Code-swift.struct/sizeLimitExceeded`` before any byte is read.
    public var maximumBytes: Int?

    /// Limits of `maximumDepth` levels (512 unless given) and `maximumBytes` bytes (none unless given).
    public init(maximumDepth: Int = 512, maximumBytes: Int? = nil) {
        self.maximumDepth = maximumDepth
        self.maximumBytes = maximumBytes
    }
}
