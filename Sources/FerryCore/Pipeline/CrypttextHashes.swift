/// The ciphertext hashes a URI extension block commits to, as they come out of hashing the
/// ciphertext in order: the flat crypttext hash and every segment's crypttext hash (the
/// leaves of the crypttext hash tree).
public struct CrypttextHashes: Sendable, Equatable {
    public let flat: [UInt8]
    public let segments: [[UInt8]]

    public init(flat: [UInt8], segments: [[UInt8]]) {
        self.flat = flat
        self.segments = segments
    }

    /// The root of the crypttext hash tree.
    public var rootHash: [UInt8] { MerkleTree(leaves: segments).root }
}
