/// IEEE 754 binary16 ("half") conversions, done by hand because `Float16` is not
/// available on every platform Swift supports (e.g. macOS on Intel).
enum CBORHalfFloat {
    /// The value of half-precision `bits` (exact: every half is a `Float`).
    static func decode(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int((bits >> 10) & 0x1f)
        let fraction = Float(bits & 0x3ff)
        switch exponent {
        case 0: return sign * fraction * Float(sign: .plus, exponent: -24, significand: 1)
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    /// The half-precision bits holding exactly `value`, or nil when a half cannot.
    /// Every NaN becomes the quiet NaN `0x7e00` (RFC 8949 §4.2.2's deterministic NaN).
    static func encode(exactly value: Float) -> UInt16? {
        if value.isNaN { return 0x7e00 }
        let sign: UInt16 = value.sign == .minus ? 0x8000 : 0
        if value.isInfinite { return sign | 0x7c00 }
        if value == 0 { return sign }
        let magnitude = value.magnitude
        let exponent = Int(magnitude.exponent)
        let candidate: UInt16
        if exponent >= -14 && exponent <= 15 {
            // Normal half: 10 fraction bits, the rest of the Float's fraction must be zero.
            let fraction = magnitude.significandBitPattern
            guard fraction & 0x1fff == 0 else { return nil }
            candidate = UInt16(exponent + 15) << 10 | UInt16(fraction >> 13)
        } else if exponent >= -24 && exponent < -14 {
            // Subnormal half: the value is an integer multiple of 2⁻²⁴ below 2⁻¹⁴.
            let scaled = magnitude * Float(sign: .plus, exponent: 24, significand: 1)
            guard scaled == scaled.rounded(.towardZero), scaled < 1024 else { return nil }
            candidate = UInt16(scaled)
        } else {
            return nil
        }
        // Belt and braces: only claim exactness that decodes back bit for bit.
        return decode(sign | candidate).bitPattern == value.bitPattern ? sign | candidate : nil
    }
}
