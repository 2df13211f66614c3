internal import Crypto

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Signs HTTP requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256` in the `Authorization` header), the
/// scheme every AWS API accepts; the gateway uses it to call the Lambda API.
///
/// It follows the rules for services other than S3: the path is normalised (dot segments resolved, empty
/// segments dropped) and each segment is URI-encoded once more on top of the encoding it is sent with. The
/// session token of temporary credentials is signed along with the other headers.
///
/// Signing is a pure function of its inputs, time included, so a request can be signed again for a retry and
/// the steps can be checked against AWS's published test suite.
public struct SigV4Signer: Sendable {
    /// The credentials requests are signed with.
    public let credentials: AWSCredentials
    /// The region of the endpoint, such as `us-east-1`; part of the credential scope.
    public let region: String
    /// The signing name of the service, such as `lambda`; part of the credential scope.
    public let service: String

    /// A signer for one service in one region.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Signs one request.
    ///
    /// Every header passed in is signed, so pass exactly the headers that will be sent, `host` included (AWS
    /// rejects a signature without it). Any `authorization`, `x-amz-date` or `x-amz-security-token` among them is
    /// ignored: the signer sets those itself.
    ///
    /// - Parameters:
    ///   - method: the HTTP method, such as `GET`.
    ///   - path: the path as it will be sent, already percent-encoded and without the query, such as
    ///     `/2015-03-31/functions/`.
    ///   - query: the query parameters, raw (not percent-encoded), in any order; names may repeat.
    ///   - headers: the headers that will be sent, in any order and case; a name may repeat.
    ///   - body: the body that will be sent; empty for none.
    ///   - time: when the request is signed; AWS refuses signatures more than five minutes off its clock.
    /// - Returns: the headers to add and the query string to send.
    public func sign(
        method: String,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)],
        body: [UInt8] = [],
        at time: SigningTime
    ) -> SignedRequest {
        let amzDate = time.amzDate
        var added: [(name: String, value: String)] = [(name: "x-amz-date", value: amzDate)]
        if let token = credentials.sessionToken, !token.isEmpty {
            added.append((name: "x-amz-security-token", value: token))
        }
        let signerOwned: Set<String> = ["authorization", "x-amz-date", "x-amz-security-token"]
        let callerHeaders = headers.filter { !signerOwned.contains(SigV4Canonical.headerName($0.name)) }

        let canonicalQuery = SigV4Canonical.query(query)
        let canonicalHeaders = SigV4Canonical.Headers(callerHeaders + added)
        let canonicalRequest = [
            method,
            SigV4Canonical.uri(path),
            canonicalQuery,
            canonicalHeaders.block,
            canonicalHeaders.signedHeaders,
            SigV4Hex.encode(SHA256.hash(data: body)),
        ].joined(separator: "\n")

        let scope = "\(time.dateStamp)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            Self.algorithm,
            amzDate,
            scope,
            SigV4Hex.encode(SHA256.hash(data: Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")

        let signature = SigV4Hex.encode(
            HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: signingKey(dateStamp: time.dateStamp))
        )
        let authorization =
            "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(canonicalHeaders.signedHeaders), Signature=\(signature)"

        return SignedRequest(
            headers: added + [(name: "authorization", value: authorization)],
            query: canonicalQuery,
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: signature
        )
    }

    /// The name of the signing algorithm, first in the string to sign and in the `Authorization` header.
    static let algorithm = "AWS4-HMAC-SHA256"

    /// The key for one day, region and service: the secret is never used directly, only through this chain of
    /// HMACs, so a leaked signing key is good for that scope alone.
    func signingKey(dateStamp: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [dateStamp, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        return key
    }
}

extension SigV4Signer {
    /// The outcome of signing: what to add to the request, and the steps that led to it.
    public struct SignedRequest: Sendable {
        /// The headers to add to the request, names in lower case: `x-amz-date`, `x-amz-security-token` when the
        /// credentials have a session token, and `authorization`.
        public var headers: [(name: String, value: String)]
        /// The query string to send, without the leading `?`: the parameters percent-encoded and sorted, exactly
        /// as they were signed. Empty when there are none.
        public var query: String
        /// The canonical request (step 1 of the algorithm).
        var canonicalRequest: String
        /// The string to sign (step 2).
        var stringToSign: String
        /// The signature, in lower-case hex (step 3).
        var signature: String

        /// The value of one of the added headers, by its lower-case name.
        public func header(_ name: String) -> String? {
            headers.first { $0.name == name }?.value
        }
    }
}

extension SigV4Signer {
    /// A moment in UTC, to the second, as signatures name it. The calendar arithmetic is done here rather than
    /// with a date formatter, so it depends on no locale or time-zone setting.
    public struct SigningTime: Sendable, Hashable {
        /// The year, 1970 to 9999 when made from a date; signatures need four digits.
        public let year: Int
        /// The month, 1 to 12.
        public let month: Int
        /// The day of the month, from 1.
        public let day: Int
        /// The hour, 0 to 23.
        public let hour: Int
        /// The minute, 0 to 59.
        public let minute: Int
        /// The second, 0 to 59.
        public let second: Int

        /// A time from its parts; nil when one is out of range (including a day past the end of its month).
        public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
            guard (0...9999).contains(year), (1...12).contains(month),
                day >= 1, day <= Self.daysIn(month: month, year: year),
                (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
            else {
                return nil
            }
            self.year = year
            self.month = month
            self.day = day
            self.hour = hour
            self.minute = minute
            self.second = second
        }

        /// The time a number of seconds after 1970-01-01T00:00:00Z, held to 1970 through 9999 (the years a
        /// signature can name).
        public init(secondsSince1970: Int64) {
            let seconds = min(max(secondsSince1970, 0), Self.latestSecond)
            let days = seconds / 86_400
            let secondOfDay = Int(seconds % 86_400)
            let (year, month, day) = Self.civilDate(daysSince1970: days)
            self.year = year
            self.month = month
            self.day = day
            self.hour = secondOfDay / 3600
            self.minute = secondOfDay / 60 % 60
            self.second = secondOfDay % 60
        }

        /// The time of a date, rounded down to the second and held to 1970 through 9999.
        public init(_ date: Date) {
            let seconds = date.timeIntervalSince1970.rounded(.down)
            // Checked before converting: `Int64(_:)` traps on NaN and on values out of its range.
            let clamped: Int64 =
                if seconds.isNaN || seconds < 0 {
                    0
                } else if seconds > Double(Self.latestSecond) {
                    Self.latestSecond
                } else {
                    Int64(seconds)
                }
            self.init(secondsSince1970: clamped)
        }

        /// `YYYYMMDD'T'HHMMSS'Z'`, the form of `x-amz-date`.
        public var amzDate: String {
            dateStamp + "T" + Self.digits(hour, 2) + Self.digits(minute, 2) + Self.digits(second, 2) + "Z"
        }

        /// `YYYYMMDD`, the date in the credential scope.
        public var dateStamp: String {
            Self.digits(year, 4) + Self.digits(month, 2) + Self.digits(day, 2)
        }

        /// 9999-12-31T23:59:59Z.
        static let latestSecond: Int64 = 253_402_300_799

        /// The number zero-padded to a width, for the fixed-width fields above.
        static func digits(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(width - text.count, 0)) + text
        }

        static func isLeap(_ year: Int) -> Bool {
            year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        }

        static func daysIn(month: Int, year: Int) -> Int {
            switch month {
            case 2: isLeap(year) ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        }

        /// The Gregorian date of a day count from 1970-01-01 (not negative).
        ///
        /// Years are counted from March here, so that the leap day is the last day of a year and the months
        /// before it have fixed lengths; the calendar repeats every 400 years (146 097 days).
        static func civilDate(daysSince1970: Int64) -> (year: Int, month: Int, day: Int) {
            // 1970-01-01 is day 719 468 counted from 0000-03-01.
            let dayNumber = Int(daysSince1970) + 719_468
            let era = dayNumber / 146_097
            let dayOfEra = dayNumber - era * 146_097
            // Each 4-year, 100-year and 400-year boundary inside the era shifts the count by one day.
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            // March through February have lengths 31 30 31 30 31 31 30 31 30 31 31 and the rest, which
            // (153 * m + 2) / 5 reproduces for m = 0 (March) through 11 (February).
            let shiftedMonth = (5 * dayOfYear + 2) / 153
            let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
            let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
            let year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0)
            return (year, month, day)
        }
    }
}

/// The canonical forms of a request's parts, as Signature Version 4 defines them for services other than S3.
enum SigV4Canonical {
    /// The canonical URI: dot segments resolved, empty segments dropped, each segment URI-encoded again.
    ///
    /// The path arrives encoded as it is sent, so a `%` in it becomes `%25`: that second encoding is what these
    /// services expect. A trailing slash is kept, and so is the one a final `.` or `..` stands for
    /// (`/a/b/..` is `/a/`, as RFC 3986 resolves it).
    static func uri(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var segments: [Substring] = []
        for part in parts {
            switch part {
            case ".":
                continue
            case "..":
                _ = segments.popLast()
            default:
                segments.append(part)
            }
        }
        guard !segments.isEmpty else {
            return "/"
        }
        let endsInDirectory = path.hasSuffix("/") || parts.last == "." || parts.last == ".."
        let encoded = segments.map { SigV4Percent.encode($0) }.joined(separator: "/")
        return "/" + encoded + (endsInDirectory ? "/" : "")
    }

    /// The canonical query string: names and values percent-encoded, sorted by name and then by value, joined
    /// with `&`. A parameter without a value keeps its `=`.
    static func query(_ items: [(name: String, value: String)]) -> String {
        items
            .map { (name: SigV4Percent.encode($0.name), value: SigV4Percent.encode($0.value)) }
            .sorted { lhs, rhs in
                lhs.name == rhs.name
                    ? lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
                    : lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
            }
            .map { "\($0.name)=\($0.value)" }
            .joined(separator: "&")
    }

    /// A header name as it is compared and signed.
    static func headerName(_ name: String) -> String {
        trimmingWhitespace(name).lowercased()
    }

    /// A header value as it is signed: whitespace trimmed from both ends and each inner run of it turned into
    /// one space. Line breaks count as whitespace, so a value folded over several lines signs as one line.
    static func headerValue(_ value: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            if isWhitespace(byte) {
                pendingSpace = !bytes.isEmpty
            } else {
                if pendingSpace {
                    bytes.append(UInt8(ascii: " "))
                    pendingSpace = false
                }
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func trimmingWhitespace(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard let first = bytes.firstIndex(where: { !isWhitespace($0) }),
            let last = bytes.lastIndex(where: { !isWhitespace($0) })
        else {
            return ""
        }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r")
    }

    /// The canonical headers block and the signed-headers list made from the same headers.
    struct Headers {
        /// One `name:value` line per header name, sorted by name, each line ending in a newline; the values of a
        /// repeated name are joined with commas in the order they were given.
        let block: String
        /// The sorted names joined with `;`.
        let signedHeaders: String

        init(_ headers: [(name: String, value: String)]) {
            var valuesByName: [String: [String]] = [:]
            for header in headers {
                valuesByName[SigV4Canonical.headerName(header.name), default: []].append(
                    SigV4Canonical.headerValue(header.value)
                )
            }
            let names = valuesByName.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            block = names.map { name in
                "\(name):\(valuesByName[name, default: []].joined(separator: ","))\n"
            }.joined()
            signedHeaders = names.joined(separator: ";")
        }
    }
}

/// Percent-encoding as Signature Version 4 defines it: every byte of the UTF-8 form except the RFC 3986
/// unreserved characters (`A-Z a-z 0-9 - . _ ~`) becomes `%` and two upper-case hex digits. A space is `%20`,
/// never `+`.
enum SigV4Percent {
    static func encode(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(upperHexDigits[Int(byte >> 4)])
                bytes.append(upperHexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    static let upperHexDigits = Array("0123456789ABCDEF".utf8)
}

/// Lower-case hex, the form of hashes and signatures in Signature Version 4.
enum SigV4Hex {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        for byte in bytes {
            text.append(lowerHexDigits[Int(byte >> 4)])
            text.append(lowerHexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static let lowerHexDigits = Array("0123456789abcdef".utf8)
}
