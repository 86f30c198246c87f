/// The 16-byte name of a file's shares on storage servers, derived from its AES key.
/// Anyone may know it: it reveals nothing about the plaintext.
public struct StorageIndex: Sendable, Hashable, CustomStringConvertible {
    /// The raw 16 bytes.
    public let bytes: [UInt8]

    /// Wraps raw bytes; they must be 16.
    public init(bytes: [UInt8]) throws(CoreError) {
        guard bytes.count == 16 else { throw .badCap(field: "storage index", reason: "must be 16 bytes, got \(bytes.count)") }
        self.bytes = bytes
    }

    /// The storage index of the file encrypted with `key`.
    public init(key: [UInt8]) {
        bytes = Hashes.storageIndex(key: key)
    }

    /// Parses the base32 form (26 characters).
    public init(base32 text: String) throws(CoreError) {
        let decoded: [UInt8]
        do { decoded = try Base32.decode(text) } catch { throw .badCap(field: "storage index", reason: error.message) }
        try self.init(bytes: decoded)
    }

    /// Tahoe's printed form: 26 base32 characters.
    public var base32: String { Base32.encode(bytes) }
    public var description: String { base32 }
}
