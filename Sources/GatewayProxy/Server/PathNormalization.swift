/// The path normalisation Gloo turns on for every listener (`normalize_path`, and `merge_slashes` when set), as
/// Envoy applies it before routing: backslashes become slashes, percent-encoded unreserved characters are decoded,
/// dot segments are removed (RFC 3986 section 5.2.4). The query string is left alone.
enum PathNormalization {
    /// `path` (with its query) normalised, or nil when it cannot be (Envoy answers 400).
    static func normalize(_ path: String, mergeSlashes: Bool) -> String? {
        guard path.utf8.first == UInt8(ascii: "/") else { return path == "*" ? path : nil }
        // Most paths have nothing to change, and are returned without copying.
        if !needsWork(path.utf8, mergeSlashes: mergeSlashes) { return path }
        var bytes = Array(path.utf8)
        let queryStart = bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.count
        let query = bytes[queryStart...]
        bytes.removeSubrange(queryStart...)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                decoded.append(UInt8(ascii: "/"))
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]),
                isUnreserved(high << 4 | low)
            {
                decoded.append(high << 4 | low)
                index += 2
            } else {
                decoded.append(byte)
            }
            index += 1
        }
        var output = removingDotSegments(decoded)
        if mergeSlashes {
            var merged: [UInt8] = []
            merged.reserveCapacity(output.count)
            for byte in output where !(byte == UInt8(ascii: "/") && merged.last == UInt8(ascii: "/")) {
                merged.append(byte)
            }
            output = merged
        }
        output.append(contentsOf: query)
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether anything before the query could change: a backslash, a percent sign, a dot after a slash, or
    /// (when merging) two slashes in a row.
    private static func needsWork(_ bytes: String.UTF8View, mergeSlashes: Bool) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "?"): return false
            case UInt8(ascii: "\\"), UInt8(ascii: "%"): return true
            case UInt8(ascii: ".") where previous == UInt8(ascii: "/"): return true
            case UInt8(ascii: "/") where mergeSlashes && previous == UInt8(ascii: "/"): return true
            default: break
            }
            previous = byte
        }
        return false
    }

    /// RFC 3986's algorithm on a path that starts with `/`.
    private static func removingDotSegments(_ path: [UInt8]) -> [UInt8] {
        var segments: [ArraySlice<UInt8>] = []
        let parts = path.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            if part.elementsEqual([UInt8(ascii: ".")]) {
                if isLast { segments.append([]) }
            } else if part.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                if !segments.isEmpty { segments.removeLast() }
                if isLast { segments.append([]) }
            } else {
                segments.append(part)
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(path.count)
        for segment in segments {
            output.append(UInt8(ascii: "/"))
            output.append(contentsOf: segment)
        }
        return output.isEmpty ? [UInt8(ascii: "/")] : output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }
}
