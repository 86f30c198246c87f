import Crypto

/// Tahoe's tagged SHA-256d: SHA-256(SHA-256(netstring(tag) || data)), optionally truncated.
/// Incremental, so a whole file can be hashed in one streaming pass.
public struct TaggedHasher: Sendable {
    private var inner = SHA256()
    private let truncation: Int?

    /// Starts a hash whose input begins with `netstring(tag)`.
    public init(tag: [UInt8], truncateTo: Int? = nil) {
        truncation = truncateTo
        inner.update(data: Netstring.encode(tag))
    }

    /// Starts a hash with no tag prefix (used where Tahoe feeds netstrings itself).
    init(untaggedTruncateTo: Int?) {
        truncation = untaggedTruncateTo
    }

    /// Feeds more input.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { inner.update(bufferPointer: $0) }
    }

    /// Feeds more input from a raw buffer.
    public mutating func update(buffer: UnsafeRawBufferPointer) {
        inner.update(bufferPointer: buffer)
    }

    /// The SHA-256d digest, truncated if requested at creation.
    public func finalize() -> [UInt8] {
        let first = inner.finalize()
        let second = Array(SHA256.hash(data: Array(first)))
        if let truncation { return Array(second.prefix(truncation)) }
        return second
    }

    /// One-shot tagged hash.
    public static func hash(tag: [UInt8], _ data: [UInt8], truncateTo: Int? = nil) -> [UInt8] {
        var hasher = TaggedHasher(tag: tag, truncateTo: truncateTo)
        hasher.update(data)
        return hasher.finalize()
    }

    /// Tahoe's `tagged_pair_hash`: netstrings of tag, first and second value.
    public static func pairHash(tag: [UInt8], _ first: [UInt8], _ second: [UInt8]) -> [UInt8] {
        var hasher = TaggedHasher(tag: tag)
        hasher.update(Netstring.encode(first))
        hasher.update(Netstring.encode(second))
        return hasher.finalize()
    }
}
