/// One share whose metadata has been checked against the cap: its offsets make sense for
/// the file, its UEB hashes to the cap's value, and its block-tree root chains up to the
/// share root in the UEB. Blocks are then checked one by one against its block hash tree.
/// Pure: the caller fetches bytes and hands them in.
public struct VerifiedShare: Sendable {
    public let shareNumber: Int
    public let layout: ShareLayout
    private var blockTree: PartialMerkleTree

    /// Checks the share's layout against `geometry`, then its hash chain (`chain`, the raw
    /// share-hashes section) and block-tree root against the trusted `shareTree`.
    public init(shareNumber: Int, layout: ShareLayout, geometry: FileGeometry, blockTreeRoot: [UInt8],
                chain: [UInt8], shareTree: inout PartialMerkleTree) throws(CoreError) {
        let treeBytes = UInt64(TreeIndex.nodeCount(leafCount: geometry.segmentCount) * Hashes.size)
        guard layout.dataSize == geometry.shareDataSize,
              layout.plaintextHashTreeOffset - layout.dataOffset >= geometry.shareDataSize,
              layout.blockHashesOffset - layout.crypttextHashTreeOffset >= treeBytes,
              layout.shareHashesOffset - layout.blockHashesOffset >= treeBytes else {
            throw .badShare(shareNumber: shareNumber, reason: "offsets do not fit a file of \(geometry.fileSize) bytes")
        }
        guard chain.count % (2 + Hashes.size) == 0 else {
            throw .badShare(shareNumber: shareNumber, reason: "share hash chain has a partial entry")
        }
        var hashes: [Int: [UInt8]] = [:]
        for start in stride(from: 0, to: chain.count, by: 2 + Hashes.size) {
            let node = Int(BigEndian.read(chain, at: start, width: 2))
            hashes[node] = Array(chain[start + 2..<start + 2 + Hashes.size])
        }
        do {
            try shareTree.add(hashes: hashes, leaves: [shareNumber: blockTreeRoot])
        } catch {
            throw .corruptShare(shareNumber: shareNumber, reason: "block tree root does not chain to the share root (\(error))")
        }
        self.shareNumber = shareNumber
        self.layout = layout
        blockTree = PartialMerkleTree(leafCount: geometry.segmentCount, root: blockTreeRoot)
    }

    /// Block-tree nodes still needed before block `segment` can be checked.
    public func neededBlockHashes(segment: Int) -> [Int] { blockTree.missingHashes(forLeaf: segment) }

    /// Forgets block-tree hashes only blocks before `segment` could need.
    public mutating func forget(segmentsBefore segment: Int) { blockTree.forget(leavesBefore: segment) }

    /// Offset of block-tree node `node` in the share.
    public func blockHashOffset(node: Int) -> UInt64 { layout.blockHashesOffset + UInt64(node * Hashes.size) }

    /// Offset of the block of `segment`.
    public func blockOffset(segment: Int, geometry: FileGeometry) -> UInt64 {
        layout.dataOffset + UInt64(segment) * UInt64(geometry.blockSize)
    }

    /// Checks a block, given its tagged hash and the tree nodes it needs, against the block hash tree.
    public mutating func verify(blockHash: [UInt8], segment: Int, hashes: [Int: [UInt8]]) throws(CoreError) {
        do {
            try blockTree.add(hashes: hashes, leaves: [segment: blockHash])
        } catch {
            throw .corruptShare(shareNumber: shareNumber, reason: "block \(segment) fails its hash check (\(error))")
        }
    }
}
