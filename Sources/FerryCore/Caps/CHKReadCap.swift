/// An immutable file's read cap: `URI:CHK:<key>:<UEB hash>:<k>:<N>:<size>`.
/// Whoever holds it can find, verify and decrypt the file.
public struct CHKReadCap: Sendable, Hashable, CustomStringConvertible {
    public let key: [UInt8]
    public let uriExtensionHash: [UInt8]
    public let needed: Int
    public let total: Int
    public let size: UInt64

    public init(key: [UInt8], uriExtensionHash: [UInt8], needed: Int, total: Int, size: UInt64) {
        self.key = key
        self.uriExtensionHash = uriExtensionHash
        self.needed = needed
        self.total = total
        self.size = size
    }

    /// Parses the string form; errors name the bad field.
    public init(parsing text: String) throws(CoreError) {
        let fields = try CapFields.split(text, prefix: "URI:CHK:", count: 5)
        let key = try CapFields.bytes(fields[0], name: "key", length: 16)
        let hash = try CapFields.bytes(fields[1], name: "UEB hash", length: 32)
        let shape = try CapFields.shape(fields[2...])
        self.init(key: key, uriExtensionHash: hash, needed: shape.needed, total: shape.total, size: shape.size)
    }

    /// Where the shares live.
    public var storageIndex: StorageIndex { StorageIndex(key: key) }

    /// The matching verify cap (can check, cannot decrypt).
    public var verifyCap: CHKVerifyCap {
        CHKVerifyCap(storageIndex: storageIndex, uriExtensionHash: uriExtensionHash, needed: needed, total: total, size: size)
    }

    public var description: String {
        "URI:CHK:\(Base32.encode(key)):\(Base32.encode(uriExtensionHash)):\(needed):\(total):\(size)"
    }
}
