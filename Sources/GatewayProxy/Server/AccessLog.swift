public import Logging
import NIOCore

/// An access log line per answered request, in Envoy's default format, through swift-log; the same fields are
/// also the line's metadata, for structured log handlers:
///
/// ```
/// [2026-11-27T16:17:46.268Z] "GET /echo?q=1 HTTP/1.1" 200 - 0 207 5 5 "-" "curl/7.88.1" "c5e0…" "localhost:8080" "127.0.0.1:9001"
/// ```
public struct AccessLog: RequestObserver {
    public let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func requestCompleted(_ record: RequestRecord) {
        logger.info(
            "\(Self.line(record))",
            metadata: [
                "start_time": "\(Self.timestamp(record.startWallClock))",
                "method": "\(record.method)",
                "path": "\(record.path)",
                "protocol": "\(record.protocolVersion)",
                "response_code": "\(record.status)",
                "response_flags": "\(record.responseFlags)",
                "bytes_received": "\(record.bytesReceived)",
                "bytes_sent": "\(record.bytesSent)",
                "duration_ms": "\(record.duration.nanoseconds / 1_000_000)",
                "upstream_service_time_ms":
                    "\(record.upstreamServiceTime.map { "\($0.nanoseconds / 1_000_000)" } ?? "-")",
                "x_forwarded_for": "\(record.forwardedFor ?? "-")",
                "user_agent": "\(record.userAgent ?? "-")",
                "request_id": "\(record.requestID ?? "-")",
                "authority": "\(record.authority ?? "-")",
                "upstream_host": "\(record.upstreamHost ?? "-")",
            ]
        )
    }

    /// The record in Envoy's default access log format (without the newline).
    public static func line(_ record: RequestRecord) -> String {
        func quoted(_ value: String?) -> String { "\"\(value ?? "-")\"" }
        let method = record.method.isEmpty ? "-" : record.method
        let path = record.path.isEmpty ? "-" : record.path
        let upstreamTime = record.upstreamServiceTime.map { String($0.nanoseconds / 1_000_000) } ?? "-"
        return "[\(timestamp(record.startWallClock))] \"\(method) \(path) \(record.protocolVersion)\" "
            + "\(record.status) \(record.responseFlags) \(record.bytesReceived) \(record.bytesSent) "
            + "\(record.duration.nanoseconds / 1_000_000) \(upstreamTime) \(quoted(record.forwardedFor)) "
            + "\(quoted(record.userAgent)) \(quoted(record.requestID)) \(quoted(record.authority)) "
            + quoted(record.upstreamHost)
    }

    /// `2026-11-27T16:17:46.268Z`.
    static func timestamp(_ seconds: Double) -> String {
        let milliseconds = Int64((seconds * 1000).rounded(.down))
        let days = milliseconds / 86_400_000
        let dayMilliseconds = milliseconds % 86_400_000
        let (year, month, day) = civilDate(daysSince1970: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(width - text.count, 0)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(dayMilliseconds / 3_600_000, 2)):"
            + "\(pad(dayMilliseconds / 60_000 % 60, 2)):\(pad(dayMilliseconds / 1000 % 60, 2))."
            + "\(pad(dayMilliseconds % 1000, 3))Z"
    }

    /// Year, month and day of a day count since 1970-01-01 (proleptic Gregorian calendar).
    private static func civilDate(daysSince1970 days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Several observers as one.
public struct RequestObservers: RequestObserver {
    public var observers: [any RequestObserver]

    public init(_ observers: [any RequestObserver]) {
        self.observers = observers
    }

    public func requestCompleted(_ record: RequestRecord) {
        for observer in observers { observer.requestCompleted(record) }
    }
}
