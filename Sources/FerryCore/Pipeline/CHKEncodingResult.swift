/// What an encoder knows once every segment is in: the URI extension block and the hash
/// trees, from which each share's tail (everything after its blocks) is built.
public struct CHKEncodingResult: Sendable {
    public let geometry: FileGeometry
    public let layout: ShareLayout
    public let uriExtension: URIExtension
    let crypttextTree: MerkleTree
    let blockTrees: [MerkleTree]
    let shareTree: MerkleTree

    /// Hash of the UEB, as the cap carries it.
    public var uriExtensionHash: [UInt8] { uriExtension.hash }

    /// The verify cap of the encoded file.
    public func verifyCap(storageIndex: StorageIndex) -> CHKVerifyCap {
        CHKVerifyCap(storageIndex: storageIndex, uriExtensionHash: uriExtensionHash,
                     needed: geometry.needed, total: geometry.total, size: geometry.fileSize)
    }

    /// The read cap, given the key the ciphertext was made with.
    public func readCap(key: [UInt8]) -> CHKReadCap {
        CHKReadCap(key: key, uriExtensionHash: uriExtensionHash, needed: geometry.needed, total: geometry.total, size: geometry.fileSize)
    }

    /// Offset in every share where ``tail(forShare:)`` starts.
    public var tailOffset: UInt64 { layout.plaintextHashTreeOffset }

    /// Bytes of share `share` after its blocks: the unused plaintext-tree area (zeros), the
    /// crypttext hash tree, this share's block hash tree, its share hash chain (in Tahoe's
    /// order) and the length-prefixed UEB.
    public func tail(forShare share: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(layout.crypttextHashTreeOffset - layout.plaintextHashTreeOffset))
        out += crypttextTree.serialized
        out += blockTrees[share].serialized
        for node in shareTree.neededHashes(leaf: share, includeLeaf: true) {
            out += BigEndian.bytes(UInt64(node), width: 2)
            out += shareTree.nodes[node]
        }
        let serialized = uriExtension.serialized()
        out += BigEndian.bytes(UInt64(serialized.count), width: layout.lengthFieldSize)
        out += serialized
        return out
    }
}
