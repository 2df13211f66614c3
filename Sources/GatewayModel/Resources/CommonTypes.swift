/// A reference to another resource by name and namespace (`core.solo.io.ResourceRef`).
///
/// A reference without a namespace means the namespace of the resource that holds it.
public struct ResourceRef: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var name: String
    public var namespace: String?

    public init(name: String, namespace: String? = nil) {
        self.name = name
        self.namespace = namespace
    }

    /// This reference with the namespace filled in from `owner` when it has none.
    public func resolved(in owner: String) -> ResourceRef {
        ResourceRef(name: name, namespace: namespace.flatMap { $0.isEmpty ? nil : $0 } ?? owner)
    }

    /// `namespace.name`, the form Gloo uses in messages.
    public var description: String { "\(namespace ?? "").\(name)" }

    public static func < (lhs: ResourceRef, rhs: ResourceRef) -> Bool {
        (lhs.namespace ?? "", lhs.name) < (rhs.namespace ?? "", rhs.name)
    }
}

/// A protobuf `google.protobuf.Duration` in its JSON form: decimal seconds with an `s` suffix (`"1.5s"`).
public struct ProtoDuration: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var seconds: Int64
    /// Nanoseconds, with the sign of `seconds` (0 ..< ±1_000_000_000).
    public var nanos: Int32

    public init(seconds: Int64, nanos: Int32 = 0) {
        self.seconds = seconds
        self.nanos = nanos
    }

    /// Parses the JSON form; nil when `text` is not one.
    public init?(parsing text: String) {
        guard text.hasSuffix("s") else { return nil }
        var body = Substring(text.dropLast())
        let negative = body.hasPrefix("-")
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit),
            let seconds = Int64(whole), seconds <= 315_576_000_000
        else { return nil }
        var nanos: Int32 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= 9, fraction.allSatisfy(\.isASCIIDigit),
                let digits = Int32(fraction)
            else { return nil }
            nanos = digits
            for _ in fraction.count..<9 { nanos *= 10 }
        }
        self.seconds = negative ? -seconds : seconds
        self.nanos = negative ? -nanos : nanos
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = ProtoDuration(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "invalid duration '\(text)' (expected e.g. \"1.5s\")"
                )
            )
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The JSON form with 0, 3, 6 or 9 fractional digits, as protobuf prints it.
    public var description: String {
        let sign = seconds < 0 || nanos < 0 ? "-" : ""
        let wholeSeconds = seconds.magnitude
        var fraction = nanos.magnitude
        guard fraction != 0 else { return "\(sign)\(wholeSeconds)s" }
        var digits = 9
        while digits > 3, fraction % 1000 == 0 {
            fraction /= 1000
            digits -= 3
        }
        let text = String(fraction)
        return "\(sign)\(wholeSeconds).\(String(repeating: "0", count: digits - text.count))\(text)s"
    }

    /// The duration in seconds.
    public var timeInterval: Double { Double(seconds) + Double(nanos) / 1e9 }

    /// As a Swift `Duration`.
    public var duration: Duration { .seconds(seconds) + .nanoseconds(Int64(nanos)) }

    public static func < (lhs: ProtoDuration, rhs: ProtoDuration) -> Bool {
        (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

/// A protobuf enum in its JSON form: the value's name, or (on input) its number.
///
/// Conforming enums list their cases in the order of their protobuf numbers starting at 0, or implement
/// ``protoNumber`` when the numbers have gaps.
public protocol ProtoEnum: RawRepresentable<String>, CaseIterable, Codable, Hashable, Sendable {
    /// The protobuf number of the value.
    var protoNumber: Int { get }
}

extension ProtoEnum {
    public var protoNumber: Int {
        Array(Self.allCases).firstIndex(of: self) ?? 0
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if let value = Self(rawValue: text) {
            self = value
        } else if let number = Int(text), let value = Self.allCases.first(where: { $0.protoNumber == number }) {
            self = value
        } else {
            let names = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "unknown value '\(text)' (expected one of \(names))"
                )
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
