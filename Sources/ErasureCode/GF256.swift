/// Arithmetic in GF(2^8) as used by zfec and Intel ISA-L: polynomial basis modulo
/// x^8 + x^4 + x^3 + x^2 + 1 (0x11d), with generator alpha = 2.
///
/// Addition is XOR. All tables are immutable and computed once.
public enum GF256 {
    /// The reduction polynomial, including the x^8 term.
    public static let polynomial = 0x11d

    /// `exp[i] == alpha^i` for `0 <= i < 510` (doubled so `exp[log a + log b]` needs no reduction).
    static let exp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for i in 0..<255 {
            table[i] = UInt8(value)
            table[i + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= polynomial }
        }
        return table
    }()

    /// `log[alpha^i] == i`; `log[0]` is meaningless (0).
    static let log: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for i in 0..<255 { table[Int(exp[i])] = i }
        return table
    }()

    /// Full 256x256 product table, row-major: `mulTable[a << 8 | b] == a * b`.
    /// Row `a` is the 256-entry "multiply by a" lookup used by the byte kernels.
    static let mulTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 65536)
        for a in 1..<256 {
            for b in 1..<256 {
                table[a << 8 | b] = exp[log[a] + log[b]]
            }
        }
        return table
    }()

    /// The product `a * b`.
    @inlinable
    public static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        product(a, b)
    }

    /// The multiplicative inverse of `a`; `nil` for zero.
    public static func inverse(_ a: UInt8) -> UInt8? {
        a == 0 ? nil : exp[(255 - log[Int(a)]) % 255]
    }

    /// `alpha^exponent` for any non-negative exponent.
    public static func power(ofGenerator exponent: Int) -> UInt8 {
        exp[exponent % 255]
    }

    @usableFromInline
    static func product(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exp[log[Int(a)] + log[Int(b)]]
    }

    /// The quotient `a / b`; `b` must be non-zero (internal callers guarantee it).
    static func divide(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 { return 0 }
        return exp[log[Int(a)] + 255 - log[Int(b)]]
    }
}
