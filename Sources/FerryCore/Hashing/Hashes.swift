/// The tagged hashes of the CHK format, named as Tahoe-LAFS names them.
public enum Hashes {
    /// Size of every full hash value.
    public static let size = 32

    /// Storage index: tagged hash of the AES key, truncated to 16 bytes.
    public static func storageIndex(key: [UInt8]) -> [UInt8] {
        TaggedHasher.hash(tag: HashTag.storageIndex, key, truncateTo: 16)
    }

    /// Hash of one erasure-coded block (a leaf of a share's block hash tree).
    public static func block(_ data: [UInt8]) -> [UInt8] { TaggedHasher.hash(tag: HashTag.block, data) }

    /// Hash of one block given as a raw buffer.
    public static func block(buffer: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = TaggedHasher(tag: HashTag.block)
        hasher.update(buffer: buffer)
        return hasher.finalize()
    }

    /// Hash of the serialized URI extension block; it is what the read cap carries.
    public static func uriExtension(_ data: [UInt8]) -> [UInt8] { TaggedHasher.hash(tag: HashTag.uriExtension, data) }

    /// Empty-leaf padding value for leaf position `index` of a Merkle tree.
    public static func emptyLeaf(_ index: Int) -> [UInt8] {
        TaggedHasher.hash(tag: HashTag.merkleEmptyLeaf, Array(String(index).utf8))
    }

    /// Interior node of a Merkle tree.
    public static func merklePair(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        TaggedHasher.pairHash(tag: HashTag.merkleInternalNode, left, right)
    }
}
