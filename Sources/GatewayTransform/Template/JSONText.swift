/// How templates print values: integers in decimal, everything else as nlohmann's `dump()`.
enum JSONText {
    static func append(_ number: Int64, into output: inout [UInt8]) {
        if number < 0 {
            output.append(UInt8(ascii: "-"))
            append(number.magnitude, into: &output)
        } else {
            append(UInt64(number), into: &output)
        }
    }

    static func append(_ number: UInt64, into output: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        var rest = number
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            for index in stride(from: count - 1, through: 0, by: -1) { output.append(buffer[index]) }
        }
    }

    /// A string's bytes JSON-escaped, without quotes; invalid UTF-8 is nlohmann's type error 316.
    static func escape(_ bytes: [UInt8], into output: inout [UInt8]) throws(TransformError) {
        do {
            try JSONValue.appendEscaped(bytes, to: &output)
        } catch {
            throw TransformError(.renderFailed, error.message)
        }
    }

    static func dump(_ value: JSONValue, into output: inout [UInt8]) throws(TransformError) {
        do {
            try value.dump(into: &output)
        } catch {
            throw TransformError(.renderFailed, error.message)
        }
    }
}
