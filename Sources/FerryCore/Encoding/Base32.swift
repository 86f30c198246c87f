/// Tahoe-LAFS base32: RFC 4648 alphabet in lower case, no padding.
/// Decoding is strict: only canonical encodings are accepted (no upper case, no padding,
/// no impossible lengths, unused trailing bits must be zero), as Tahoe's cap regexes demand.
public enum Base32 {
    static let alphabet: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
    static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, char) in alphabet.enumerated() { table[Int(char)] = Int8(index) }
        return table
    }()

    /// Encodes bytes as lower-case unpadded base32.
    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int((buffer >> UInt32(bits)) & 31)])
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Number of base32 characters that encode `byteCount` bytes.
    public static func encodedLength(byteCount: Int) -> Int { (byteCount * 8 + 4) / 5 }

    /// Decodes canonical Tahoe base32; throws ``CoreError/badBase32(_:)`` otherwise.
    public static func decode<S: StringProtocol>(_ text: S) throws(CoreError) -> [UInt8] {
        let chars = Array(text.utf8)
        let byteCount = chars.count * 5 / 8
        guard encodedLength(byteCount: byteCount) == chars.count else {
            throw .badBase32("length \(chars.count) is not a possible encoded length")
        }
        var out = [UInt8]()
        out.reserveCapacity(byteCount)
        var buffer: UInt32 = 0
        var bits = 0
        for (position, char) in chars.enumerated() {
            let value = values[Int(char)]
            guard value >= 0 else {
                throw .badBase32("character \(position + 1) is not in the base32 alphabet")
            }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        guard buffer & ((1 << UInt32(bits)) - 1) == 0 else {
            throw .badBase32("the last character has non-zero unused bits")
        }
        return out
    }
}
