/// Everything about a CHK file's shape that follows from its size and encoding:
/// segment and block sizes, the padded tail, share data size, codec parameter strings.
public struct FileGeometry: Sendable, Equatable {
    public let fileSize: UInt64
    public let needed: Int
    public let total: Int
    /// Bytes per full segment (a multiple of k).
    public let segmentSize: Int
    public let segmentCount: Int
    /// Bytes per block of a full segment (segmentSize / k).
    public let blockSize: Int
    /// Real (unpadded) bytes in the last segment.
    public let tailSize: Int
    /// Last segment padded with zeros up to a multiple of k.
    public let paddedTailSize: Int
    /// Bytes per block of the last segment.
    public let tailBlockSize: Int
    /// Bytes of block data in each share: ceil(fileSize / k).
    public let shareDataSize: UInt64

    /// Geometry of a file of `fileSize` (≥ 1) bytes under `parameters`.
    public init(fileSize: UInt64, parameters: EncodingParameters) throws(CoreError) {
        let parameters = try parameters.validated()
        guard fileSize >= 1 else { throw .badParameters("a CHK file must hold at least one byte") }
        self.init(fileSize: fileSize, needed: parameters.needed, total: parameters.total,
                  segmentSize: parameters.segmentSize(forFileSize: fileSize))
    }

    /// Geometry with an explicit segment size (as read from a URI extension block).
    public init(fileSize: UInt64, needed: Int, total: Int, segmentSize: Int) {
        self.fileSize = fileSize
        self.needed = needed
        self.total = total
        self.segmentSize = segmentSize
        let segment = UInt64(segmentSize)
        segmentCount = Int((fileSize + segment - 1) / segment)
        blockSize = segmentSize / needed
        let remainder = Int(fileSize % segment)
        tailSize = remainder == 0 ? segmentSize : remainder
        paddedTailSize = (tailSize + needed - 1) / needed * needed
        tailBlockSize = paddedTailSize / needed
        shareDataSize = (fileSize + UInt64(needed) - 1) / UInt64(needed)
    }

    /// Byte offset of segment `index` in the file.
    public func segmentOffset(_ index: Int) -> UInt64 { UInt64(index) * UInt64(segmentSize) }

    /// Real bytes in segment `index`.
    public func segmentLength(_ index: Int) -> Int { index == segmentCount - 1 ? tailSize : segmentSize }

    /// Block size of segment `index` in every share.
    public func blockLength(_ index: Int) -> Int { index == segmentCount - 1 ? tailBlockSize : blockSize }

    /// Tahoe's `codec_params` string for full segments: "segsize-k-N".
    public var codecParams: String { "\(segmentSize)-\(needed)-\(total)" }
    /// Tahoe's `tail_codec_params` string: "paddedtail-k-N".
    public var tailCodecParams: String { "\(paddedTailSize)-\(needed)-\(total)" }
}
