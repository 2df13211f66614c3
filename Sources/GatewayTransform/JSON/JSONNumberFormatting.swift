extension JSONValue {
    /// Appends `value` as nlohmann::json 3.11.2 prints a float: the digits of its Grisu2 conversion (the shortest
    /// that Grisu2 finds; they read back as the same double), in fixed notation when the decimal exponent allows
    /// and always with a fraction or exponent: `1.0`, `0.1`, `-0.0`, `100000000000000.0`, `1e+15`, `0.0001`,
    /// `1e-05`, `1.7976931348623157e+308`. NaN and the infinities print as `null`.
    public static func appendNumber(_ value: Double, to output: inout [UInt8]) {
        guard value.isFinite else {
            output.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])  // null
            return
        }
        if value.sign == .minus {
            output.append(0x2D)
        }
        guard value != 0 else {
            output.append(contentsOf: [0x30, 0x2E, 0x30])  // 0.0
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digits in
            let (count, exponent) = Grisu2.digits(of: value.magnitude, into: digits)
            appendFormatted(UnsafeBufferPointer(rebasing: digits[0..<count]), exponent: exponent, to: &output)
        }
    }

    /// Appends `value` in decimal, as nlohmann prints a signed integer.
    public static func appendNumber(_ value: Int64, to output: inout [UInt8]) {
        if value < 0 {
            output.append(0x2D)
        }
        appendNumber(value.magnitude, to: &output)
    }

    /// Appends `value` in decimal, as nlohmann prints an unsigned integer.
    public static func appendNumber(_ value: UInt64, to output: inout [UInt8]) {
        if value < 10 {
            output.append(0x30 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var remaining = value
            var start = 20
            while remaining > 0 {
                let (quotient, digit) = remaining.quotientAndRemainder(dividingBy: 10)
                start -= 1
                buffer[start] = 0x30 &+ UInt8(truncatingIfNeeded: digit)
                remaining = quotient
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<20]))
        }
    }

    /// Appends the number `digits` × 10^`exponent` in nlohmann's layout. With `n` the position of the decimal
    /// point relative to the first digit: fixed notation for 10^-4 ≤ value < 10^15 (padding with zeros, and `.0`
    /// for a whole number), otherwise `d.ddde±XX` with at least two exponent digits (`1e+20`, `1.5e-07`).
    private static func appendFormatted(_ digits: UnsafeBufferPointer<UInt8>, exponent: Int, to output: inout [UInt8]) {
        let count = digits.count
        let point = count + exponent
        let zero: UInt8 = 0x30
        let dot: UInt8 = 0x2E
        if count <= point, point <= 15 {
            // 12300.0
            output.append(contentsOf: digits)
            output.append(contentsOf: repeatElement(zero, count: point - count))
            output.append(contentsOf: [dot, zero])
        } else if 0 < point, point <= 15 {
            // 12.34
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[0..<point]))
            output.append(dot)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[point...]))
        } else if -4 < point, point <= 0 {
            // 0.001234
            output.append(contentsOf: [zero, dot])
            output.append(contentsOf: repeatElement(zero, count: -point))
            output.append(contentsOf: digits)
        } else {
            // 1.234e+20, 5e-324
            output.append(digits[0])
            if count > 1 {
                output.append(dot)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[1...]))
            }
            output.append(0x65)  // e
            let decimalExponent = point - 1
            output.append(decimalExponent < 0 ? 0x2D : 0x2B)
            let magnitude = decimalExponent.magnitude
            if magnitude >= 100 {
                output.append(zero &+ UInt8(truncatingIfNeeded: magnitude / 100))
            }
            output.append(zero &+ UInt8(truncatingIfNeeded: magnitude / 10 % 10))
            output.append(zero &+ UInt8(truncatingIfNeeded: magnitude % 10))
        }
    }
}
