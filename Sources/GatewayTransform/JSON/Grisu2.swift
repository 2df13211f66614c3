/// Florian Loitsch's Grisu2 (“Printing Floating-Point Numbers Quickly and Accurately with Integers”, PLDI 2010),
/// the conversion nlohmann::json prints floats with.
///
/// Grisu2 scales the double and the two boundaries of its rounding interval by a cached power of ten, in 64-bit
/// arithmetic with one rounding per product. The scaled interval is narrowed by one unit at each end to absorb
/// those errors, so every number it yields reads back as the same double, but it is not always the shortest one
/// (or, among the shortest, the closest): its digits can differ from Swift's `description`, and printing must
/// match nlohmann's, so the algorithm is reproduced step for step: the boundaries, the cached powers and how one is
/// chosen, the exponent window α = -60 … γ = -32, digit generation from the upper bound, and the final rounding
/// of the last digit towards the exact value.
enum Grisu2 {
    /// A number `significand` × 2^`exponent` (the paper's “do-it-yourself floating point”).
    struct Float {
        var significand: UInt64
        var exponent: Int

        /// The same number with the significand's top bit set.
        func normalized() -> Float {
            let shift = significand.leadingZeroBitCount
            return Float(significand: significand << shift, exponent: exponent - shift)
        }

        /// The product, with the upper 64 bits of the 128-bit significand product rounded half up.
        static func * (left: Float, right: Float) -> Float {
            let (high, low) = left.significand.multipliedFullWidth(by: right.significand)
            return Float(significand: high &+ (low >> 63), exponent: left.exponent + right.exponent + 64)
        }
    }

    /// How many digits were written, and the power of ten of the last one.
    typealias Digits = (count: Int, exponent: Int)

    /// The smallest and largest binary exponents of the scaled upper boundary (the paper's α and γ).
    static let alpha = -60
    static let gamma = -32

    /// Writes the decimal digits of the positive finite `value` to `digits` (room for 17 is enough) and returns
    /// how many there are and the power of ten of the last one: `value` ≈ digits × 10^exponent.
    static func digits(of value: Double, into digits: UnsafeMutableBufferPointer<UInt8>) -> Digits {
        let (lower, exact, upper) = boundaries(of: value)
        let power = cachedPower(forBinaryExponent: upper.exponent)
        let scale = Float(significand: power.significand, exponent: power.binaryExponent)
        let scaledExact = exact * scale
        let scaledLower = lower * scale
        let scaledUpper = upper * scale
        // Each product is within one unit of the truth: keep only what is certainly inside the interval.
        let low = scaledLower.significand &+ 1
        let high = scaledUpper.significand &- 1
        return generate(
            low: low,
            exact: scaledExact.significand,
            high: high,
            binaryExponent: scaledUpper.exponent,
            decimalExponent: -power.decimalExponent,
            into: digits
        )
    }

    /// The value and the midpoints to its neighbours, all normalized to the upper midpoint's exponent. The lower
    /// neighbour is closer when the significand is a power of two and the exponent is not the smallest normal one.
    static func boundaries(of value: Double) -> (lower: Float, exact: Float, upper: Float) {
        let bits = value.bitPattern
        let fraction = bits & (1 << 52 - 1)
        let biasedExponent = Int(bits >> 52)
        let exact =
            biasedExponent == 0
            ? Float(significand: fraction, exponent: -1074)
            : Float(significand: fraction | 1 << 52, exponent: biasedExponent - 1075)
        let upper = Float(significand: exact.significand << 1 + 1, exponent: exact.exponent - 1).normalized()
        let lowerIsCloser = fraction == 0 && biasedExponent > 1
        let lower =
            lowerIsCloser
            ? Float(significand: exact.significand << 2 - 1, exponent: exact.exponent - 2)
            : Float(significand: exact.significand << 1 - 1, exponent: exact.exponent - 1)
        let aligned = Float(
            significand: lower.significand << (lower.exponent - upper.exponent),
            exponent: upper.exponent
        )
        return (aligned, exact.normalized(), upper)
    }

    /// The first cached power 10^k whose k is at least ⌈(α - e - 1) · log10 2⌉, which brings a normalized number of
    /// binary exponent `e` into the window α … γ. log10 2 is taken as 78913 / 2^18.
    static func cachedPower(forBinaryExponent exponent: Int) -> CachedPower {
        let scaled = (alpha - exponent - 1) * 78913
        let minimumDecimalExponent = (scaled + (1 << 18) - 1) >> 18  // ceiling, for either sign
        let step = CachedPower.decimalExponentStep
        let index = (minimumDecimalExponent - CachedPower.smallestDecimalExponent + step - 1) / step
        return CachedPower.table[min(max(index, 0), CachedPower.table.count - 1)]
    }

    /// Generates digits of `high` (all three numbers share the scale 2^`binaryExponent`, between α and γ) until
    /// the number they spell lies within `low` … `high`, then moves the last digit towards `exact`.
    static func generate(
        low: UInt64,
        exact: UInt64,
        high: UInt64,
        binaryExponent: Int,
        decimalExponent: Int,
        into digits: UnsafeMutableBufferPointer<UInt8>
    ) -> Digits {
        let shift = UInt64(-binaryExponent)
        let one: UInt64 = 1 << shift
        var width = high &- low  // how far below `high` the digits may end
        var distance = high &- exact  // how far below `high` the exact value is
        var integral = high >> shift  // below 2^32, as the exponent is at most γ
        var fraction = high & (one &- 1)
        var count = 0
        var exponent = decimalExponent

        // The integral part, most significant digit first.
        var divisor: UInt64 = 1
        var remainingDigits = 1
        while divisor * 10 <= integral {
            divisor *= 10
            remainingDigits += 1
        }
        while remainingDigits > 0 {
            digits[count] = 0x30 &+ UInt8(truncatingIfNeeded: integral / divisor)
            count += 1
            integral %= divisor
            remainingDigits -= 1
            let rest = integral << shift &+ fraction
            if rest <= width {
                exponent += remainingDigits
                roundTowardsExact(
                    digits,
                    count: count,
                    distance: distance,
                    width: width,
                    rest: rest,
                    unit: divisor << shift
                )
                return (count, exponent)
            }
            divisor /= 10
        }

        // The fraction, one digit at a time, scaling the interval with it.
        repeat {
            fraction = fraction &* 10
            digits[count] = 0x30 &+ UInt8(truncatingIfNeeded: fraction >> shift)
            count += 1
            fraction &= one &- 1
            width = width &* 10
            distance = distance &* 10
            exponent -= 1
        } while fraction > width
        roundTowardsExact(digits, count: count, distance: distance, width: width, rest: fraction, unit: one)
        return (count, exponent)
    }

    /// Lowers the last digit while the number stays within the interval and gets closer to the exact value. All
    /// quantities are distances below the upper bound: `rest` of the digits, `distance` of the exact value, `width`
    /// of the lower bound; `unit` is one in the last digit.
    static func roundTowardsExact(
        _ digits: UnsafeMutableBufferPointer<UInt8>,
        count: Int,
        distance: UInt64,
        width: UInt64,
        rest: UInt64,
        unit: UInt64
    ) {
        var rest = rest
        while rest < distance, width &- rest >= unit {
            let lowered = rest &+ unit
            // Lower if the result is still above the exact value, or below it but closer.
            guard lowered < distance || distance &- rest > lowered &- distance else {
                break
            }
            digits[count - 1] &-= 1
            rest = lowered
        }
    }
}
