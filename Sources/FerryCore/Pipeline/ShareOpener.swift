/// Reads and checks a share's metadata (offset table, UEB, hash chain) from a source.
struct ShareOpener {
    /// Largest UEB accepted; real ones are a few hundred bytes.
    static let maximumUEBSize = 64 * 1024
    let uriExtensionHash: [UInt8]
    let needed: Int
    let total: Int
    let size: UInt64

    /// The share's layout and its UEB, checked against the cap.
    func readMetadata(_ source: any ShareSource) throws -> (ShareLayout, URIExtension) {
        let number = source.shareNumber
        guard number >= 0, number < total else { throw CoreError.badShare(shareNumber: number, reason: "share number outside 0..<\(total)") }
        let layout = try ShareLayout(parsing: try source.read(offset: 0, length: 0x44), shareNumber: number)
        let lengthBytes = try source.read(offset: layout.uriExtensionOffset, length: layout.lengthFieldSize)
        guard lengthBytes.count == layout.lengthFieldSize else { throw CoreError.badShare(shareNumber: number, reason: "truncated before the UEB") }
        let length = BigEndian.read(lengthBytes, at: 0, width: layout.lengthFieldSize)
        guard length <= UInt64(Self.maximumUEBSize) else { throw CoreError.badShare(shareNumber: number, reason: "UEB length \(length) is absurd") }
        let serialized = try source.read(offset: layout.uriExtensionOffset + UInt64(layout.lengthFieldSize), length: Int(length))
        guard serialized.count == Int(length) else { throw CoreError.badShare(shareNumber: number, reason: "truncated UEB") }
        guard Hashes.uriExtension(serialized) == uriExtensionHash else {
            throw CoreError.corruptShare(shareNumber: number, reason: "UEB does not match the cap's hash")
        }
        let block = try URIExtension(parsing: serialized)
        guard block.neededShares == needed, block.totalShares == total, block.size == size else {
            throw CoreError.badURIExtension("UEB says \(block.neededShares)-of-\(block.totalShares), \(block.size) bytes; the cap disagrees")
        }
        return (layout, block)
    }

    /// Opens a share fully: metadata plus its block-tree root chained into `shareTree`.
    func open(_ source: any ShareSource, layout: ShareLayout, geometry: FileGeometry, shareTree: inout PartialMerkleTree) throws -> VerifiedShare {
        let number = source.shareNumber
        let root = try source.read(offset: layout.blockHashesOffset, length: Hashes.size)
        let chainLength = layout.uriExtensionOffset - layout.shareHashesOffset
        guard root.count == Hashes.size, chainLength <= 257 * 34 else {
            throw CoreError.badShare(shareNumber: number, reason: "truncated or oversized hash sections")
        }
        let chain = try source.read(offset: layout.shareHashesOffset, length: Int(chainLength))
        guard chain.count == Int(chainLength) else { throw CoreError.badShare(shareNumber: number, reason: "truncated share hash chain") }
        return try VerifiedShare(shareNumber: number, layout: layout, geometry: geometry, blockTreeRoot: root,
                                 chain: chain, shareTree: &shareTree)
    }
}
