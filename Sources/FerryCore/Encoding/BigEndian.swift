/// Fixed-width big-endian integers, as in share offset tables.
public enum BigEndian {
    /// `value` as `width` big-endian bytes (the high bytes are dropped if it does not fit).
    public static func bytes(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64(width - 1 - $0))) }
    }

    /// Reads `width` bytes at `offset` as a big-endian integer.
    public static func read<Bytes: RandomAccessCollection>(_ bytes: Bytes, at offset: Int, width: Int) -> UInt64
    where Bytes.Element == UInt8, Bytes.Index == Int {
        var value: UInt64 = 0
        for index in 0..<width { value = value << 8 | UInt64(bytes[bytes.startIndex + offset + index]) }
        return value
    }
}
