/// A bounds-checked cursor over the decoder's input. Every read checks the bytes that
/// remain first and throws ``StorageError/badCBOR(_:)`` instead of trapping, and nothing
/// is allocated from a declared length before that length is known to fit.
struct CBORByteReader {
    private let bytes: [UInt8]
    /// Offset of the next unread byte.
    private(set) var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Bytes not read yet.
    var remaining: Int { bytes.count - position }

    /// The next byte, without consuming it; nil at the end.
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// Consumes one byte.
    mutating func byte() throws(StorageError) -> UInt8 {
        guard position < bytes.count else { throw .badCBOR("truncated: input ends at byte \(position) where an item should start") }
        defer { position += 1 }
        return bytes[position]
    }

    /// Consumes a `width`-byte big-endian unsigned integer (width ≤ 8).
    mutating func fixed(_ width: Int) throws(StorageError) -> UInt64 {
        guard remaining >= width else {
            throw .badCBOR("truncated: \(width)-byte argument at byte \(position) but \(Self.only(remaining))")
        }
        var value: UInt64 = 0
        for _ in 0..<width {
            value = value << 8 | UInt64(bytes[position])
            position += 1
        }
        return value
    }

    /// Consumes `count` bytes of the string whose head is at byte `start`, refusing a count
    /// larger than what remains before copying anything.
    mutating func take(_ count: UInt64, at start: Int) throws(StorageError) -> ArraySlice<UInt8> {
        guard count <= UInt64(remaining) else {
            throw .badCBOR("byte \(start): string declares \(count) bytes but \(Self.only(remaining)) (truncated, or a bogus length)")
        }
        let start = position
        position += Int(count)
        return bytes[start..<position]
    }

    /// "only 1 byte remains", "only 7 bytes remain".
    static func only(_ count: Int) -> String {
        count == 1 ? "only 1 byte remains" : "only \(count) bytes remain"
    }
}
