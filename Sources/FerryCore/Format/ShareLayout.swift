/// The offset table at the head of an immutable share, in Tahoe's two versions:
/// v1 (4-byte fields, header 0x24) for shares under 4 GiB, v2 (8-byte fields, header 0x44).
/// After the header come the blocks, an unused plaintext-hash-tree area, the crypttext hash
/// tree, the block hash tree, the share hash chain (2-byte index + 32-byte hash each), and
/// the UEB preceded by its length.
public struct ShareLayout: Sendable, Equatable {
    public let version: Int
    public let blockSize: UInt64
    public let dataSize: UInt64
    public let dataOffset: UInt64
    public let plaintextHashTreeOffset: UInt64
    public let crypttextHashTreeOffset: UInt64
    public let blockHashesOffset: UInt64
    public let shareHashesOffset: UInt64
    public let uriExtensionOffset: UInt64

    /// Bytes of the offset table.
    public var headerSize: Int { version == 1 ? 0x24 : 0x44 }
    /// Bytes of the UEB length field.
    public var lengthFieldSize: Int { version == 1 ? 4 : 8 }

    /// Plans a share as Tahoe's uploader does (`make_write_bucket_proxy`): v1 unless a size
    /// or offset reaches 2^32, or `forceV2`.
    public static func plan(geometry: FileGeometry, shareHashCount: Int, uriExtensionSize: Int, forceV2: Bool = false) -> ShareLayout {
        let treeBytes = UInt64(TreeIndex.nodeCount(leafCount: geometry.segmentCount) * Hashes.size)
        func build(version: Int) -> ShareLayout {
            let data = UInt64(version == 1 ? 0x24 : 0x44)
            let plaintext = data + geometry.shareDataSize
            let crypttext = plaintext + treeBytes
            let blocks = crypttext + treeBytes
            let shares = blocks + treeBytes
            return ShareLayout(version: version, blockSize: UInt64(geometry.blockSize), dataSize: geometry.shareDataSize,
                               dataOffset: data, plaintextHashTreeOffset: plaintext, crypttextHashTreeOffset: crypttext,
                               blockHashesOffset: blocks, shareHashesOffset: shares,
                               uriExtensionOffset: shares + UInt64(shareHashCount * (2 + Hashes.size)))
        }
        let small = build(version: 1)
        let limit: UInt64 = 1 << 32
        if forceV2 || small.blockSize >= limit || small.dataSize >= limit || small.uriExtensionOffset >= limit {
            return build(version: 2)
        }
        return small
    }

    /// Total share length once a UEB of `uriExtensionSize` bytes is written.
    public func shareSize(uriExtensionSize: Int) -> UInt64 {
        uriExtensionOffset + UInt64(lengthFieldSize + uriExtensionSize)
    }

    /// The offset table bytes.
    public var header: [UInt8] {
        var out = BigEndian.bytes(UInt64(version), width: 4)
        let width = lengthFieldSize
        for value in [blockSize, dataSize, dataOffset, plaintextHashTreeOffset, crypttextHashTreeOffset,
                      blockHashesOffset, shareHashesOffset, uriExtensionOffset] {
            out += BigEndian.bytes(value, width: width)
        }
        return out
    }

    /// Parses an offset table from the first bytes of a share (at least 0x44 bytes, or the
    /// whole share if shorter). Checks the version and that sections are in order.
    public init(parsing prefix: [UInt8], shareNumber: Int) throws(CoreError) {
        guard prefix.count >= 4 else { throw .badShare(shareNumber: shareNumber, reason: "shorter than its version field") }
        let version = Int(BigEndian.read(prefix, at: 0, width: 4))
        guard version == 1 || version == 2 else { throw .badShare(shareNumber: shareNumber, reason: "unknown share version \(version)") }
        let width = version == 1 ? 4 : 8
        let headerSize = version == 1 ? 0x24 : 0x44
        guard prefix.count >= headerSize else { throw .badShare(shareNumber: shareNumber, reason: "truncated offset table") }
        let fields = (0..<8).map { BigEndian.read(prefix, at: 4 + $0 * width, width: width) }
        self.init(version: version, blockSize: fields[0], dataSize: fields[1], dataOffset: fields[2],
                  plaintextHashTreeOffset: fields[3], crypttextHashTreeOffset: fields[4], blockHashesOffset: fields[5],
                  shareHashesOffset: fields[6], uriExtensionOffset: fields[7])
        let order = Array(fields[2...7])
        guard dataOffset == UInt64(headerSize), zip(order, order.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw .badShare(shareNumber: shareNumber, reason: "offset table out of order")
        }
        // Far beyond any real share; keeps every later offset sum clear of overflow.
        guard uriExtensionOffset < 1 << 56, blockSize < 1 << 56 else {
            throw .badShare(shareNumber: shareNumber, reason: "offsets beyond any possible share")
        }
    }

    public init(version: Int, blockSize: UInt64, dataSize: UInt64, dataOffset: UInt64, plaintextHashTreeOffset: UInt64,
                crypttextHashTreeOffset: UInt64, blockHashesOffset: UInt64, shareHashesOffset: UInt64, uriExtensionOffset: UInt64) {
        self.version = version
        self.blockSize = blockSize
        self.dataSize = dataSize
        self.dataOffset = dataOffset
        self.plaintextHashTreeOffset = plaintextHashTreeOffset
        self.crypttextHashTreeOffset = crypttextHashTreeOffset
        self.blockHashesOffset = blockHashesOffset
        self.shareHashesOffset = shareHashesOffset
        self.uriExtensionOffset = uriExtensionOffset
    }
}
