/// An immutable file's verify cap: `URI:CHK-Verifier:<SI>:<UEB hash>:<k>:<N>:<size>`.
/// Enough to check shares and ciphertext, not to decrypt.
public struct CHKVerifyCap: Sendable, Hashable, CustomStringConvertible {
    public let storageIndex: StorageIndex
    public let uriExtensionHash: [UInt8]
    public let needed: Int
    public let total: Int
    public let size: UInt64

    public init(storageIndex: StorageIndex, uriExtensionHash: [UInt8], needed: Int, total: Int, size: UInt64) {
        self.storageIndex = storageIndex
        self.uriExtensionHash = uriExtensionHash
        self.needed = needed
        self.total = total
        self.size = size
    }

    /// Parses the string form; errors name the bad field.
    public init(parsing text: String) throws(CoreError) {
        let fields = try CapFields.split(text, prefix: "URI:CHK-Verifier:", count: 5)
        let index = try StorageIndex(bytes: try CapFields.bytes(fields[0], name: "storage index", length: 16))
        let hash = try CapFields.bytes(fields[1], name: "UEB hash", length: 32)
        let shape = try CapFields.shape(fields[2...])
        self.init(storageIndex: index, uriExtensionHash: hash, needed: shape.needed, total: shape.total, size: shape.size)
    }

    public var description: String {
        "URI:CHK-Verifier:\(storageIndex.base32):\(Base32.encode(uriExtensionHash)):\(needed):\(total):\(size)"
    }
}
