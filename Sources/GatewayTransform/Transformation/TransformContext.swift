#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process environment `env()` reads: a snapshot taken when the transformation is configured, as envoy-gloo
/// takes it. An allow-list, when given, limits which variables templates may read (others read as unset).
public struct TransformEnvironment: Sendable, Hashable {
    public let variables: [[UInt8]: [UInt8]]
    /// Names templates may read; `nil` allows all (envoy-gloo's behaviour).
    public let allowed: Set<String>?

    public init(_ variables: [String: String], allowed: Set<String>? = nil) {
        var bytes: [[UInt8]: [UInt8]] = [:]
        for (name, value) in variables { bytes[Array(name.utf8)] = Array(value.utf8) }
        self.variables = bytes
        self.allowed = allowed
    }

    /// The current process environment.
    public static func snapshot(allowed: Set<String>? = nil) -> TransformEnvironment {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "="), equals != text.startIndex {
                variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return TransformEnvironment(variables, allowed: allowed)
    }

    func value(of name: [UInt8]) -> [UInt8]? {
        if let allowed, !allowed.contains(String(decoding: name, as: UTF8.self)) { return nil }
        return variables[name]
    }
}

/// Envoy metadata the `*_metadata` functions read, as JSON: for each filter namespace (e.g.
/// `io.solo.transformation`), an object. Values hold what a protobuf `Value` can: numbers are doubles.
public struct TransformMetadata: Sendable, Hashable {
    public static let defaultNamespace = "io.solo.transformation"

    /// The request's dynamic metadata; `nil` when there is none.
    public var dynamic: [String: JSONValue]?
    /// The route's cluster metadata; `nil` when there is no cluster.
    public var cluster: [String: JSONValue]?
    /// The upstream host's metadata; only upstream (post-routing) transformations have it.
    public var host: [String: JSONValue]?
    /// The separator of nested keys (`string_delimiter`, `:` by default).
    public var delimiter: UInt8 = UInt8(ascii: ":")

    public init(
        dynamic: [String: JSONValue]? = [:],
        cluster: [String: JSONValue]? = nil,
        host: [String: JSONValue]? = nil
    ) {
        self.dynamic = dynamic
        self.cluster = cluster
        self.host = host
    }

    /// `dynamic_metadata(key[, namespace])` and its siblings: the value at `key` split on the delimiter.
    func value(in source: [String: JSONValue], namespace: String, key: [UInt8]) -> JSONValue {
        var current = source[namespace] ?? .null
        for part in key.split(separator: delimiter, omittingEmptySubsequences: false) {
            guard case .object(let object) = current, let member = object[part] else { return .string([]) }
            current = member
        }
        switch current {
        case .string: return current
        case .int, .uint, .double: return .double(current.doubleValue ?? 0)
        case .bool(let flag): return .string(flag ? "true" : "false")
        case .object, .array: return .string(Self.protobufJSON(current))
        case .null: return .string([])
        }
    }

    /// The deprecated `clusterMetadata(key)`: no nested keys; a list joined with commas; an object empty.
    func deprecatedClusterValue(_ key: [UInt8]) -> JSONValue {
        guard let cluster, case .object(let object)? = cluster[Self.defaultNamespace], let value = object[key] else {
            return .string([])
        }
        switch value {
        case .string: return value
        case .int, .uint, .double: return .double(value.doubleValue ?? 0)
        case .bool(let flag): return .string(flag ? "true" : "false")
        case .array(let items):
            guard !items.isEmpty else { return .string([]) }
            var output: [UInt8] = []
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                switch item {
                case .string(let bytes): output += bytes
                case .int, .uint, .double: output += Array(Self.streamFormat(item.doubleValue ?? 0).utf8)
                case .bool(let flag): output += Array((flag ? "true" : "false").utf8)
                default: break
                }
            }
            return .string(output)
        default: return .string([])
        }
    }

    /// A double as C++ streams print it by default (`%g`, six significant digits).
    static func streamFormat(_ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBufferPointer { pointer in
            withVaList([value]) { vsnprintf(pointer.baseAddress, 64, "%g", $0) }
        }
        return String(decoding: buffer.prefix(Int(max(0, min(count, 63)))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A struct or list as protobuf's JSON printer writes it: compact, integral numbers without a fraction.
    static func protobufJSON(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        write(value, into: &output)
        return output
    }

    private static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (index, member) in object.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(.string(member.key), into: &output)
                output.append(UInt8(ascii: ":"))
                write(member.value, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(item, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .int, .uint, .double:
            let number = value.doubleValue ?? 0
            if number == number.rounded(), abs(number) < 1e15 {
                output += Array(String(Int64(number)).utf8)
            } else {
                output += Array("\(number)".utf8)
            }
        case .string(let bytes):
            output.append(UInt8(ascii: "\""))
            do { try JSONValue.appendEscaped(bytes, to: &output) } catch { output += bytes }
            output.append(UInt8(ascii: "\""))
        case .bool(let flag):
            output += Array((flag ? "true" : "false").utf8)
        case .null:
            output += Array("null".utf8)
        }
    }
}
