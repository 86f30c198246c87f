/// A small file carried inside its own cap: `URI:LIT:<base32 of the bytes>`.
/// Tahoe-LAFS uses it for files of at most ``threshold`` bytes; no server is involved.
public struct LiteralCap: Sendable, Hashable, CustomStringConvertible {
    /// Largest file Tahoe-LAFS stores as a literal (`URI_LIT_SIZE_THRESHOLD`).
    public static let threshold = 55

    /// Whether a file of `size` bytes is kept in its cap.
    public static func holds(size: UInt64) -> Bool { size <= UInt64(threshold) }

    public let data: [UInt8]

    public init(data: [UInt8]) { self.data = data }

    /// Parses the string form.
    public init(parsing text: String) throws(CoreError) {
        guard text.hasPrefix("URI:LIT:") else { throw .badCap(field: "prefix", reason: "expected URI:LIT:") }
        do { data = try Base32.decode(text.dropFirst(8)) } catch { throw .badCap(field: "data", reason: error.message) }
    }

    public var description: String { "URI:LIT:\(Base32.encode(data))" }
}
