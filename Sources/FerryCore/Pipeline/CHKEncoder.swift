import ErasureCode

/// Turns a file's ciphertext, one segment at a time, into N Tahoe-LAFS shares with bounded
/// memory: each segment is split into k blocks, erasure-coded, and every block handed to
/// the caller with its share number and offset; only hashes are kept. ``finish()`` then
/// yields each share's trailing hash trees and the URI extension block.
/// Pure: no I/O; the caller decides where the bytes go.
public struct CHKEncoder {
    public let geometry: FileGeometry
    public let layout: ShareLayout
    private let codec: any ErasureCodec
    private var crypttextHasher = TaggedHasher(tag: HashTag.crypttext)
    private var segmentHashes: [[UInt8]] = []
    private var blockHashes: [[[UInt8]]]
    private var segmentBuffer: [UInt8]
    private var parityBuffer: [UInt8]
    private let workers: Int
    /// The ciphertext's hashes when the caller already has them (a helper hashes the
    /// ciphertext as it arrives); then a segment's own hashing is only its blocks'.
    private let known: CrypttextHashes?

    /// An encoder for a file of `fileSize` bytes; `codec` must match the parameters' k and N.
    /// `workers` threads share the hashing of each segment (default: the processors online).
    /// `crypttext`, when given, must be the hashes of the very ciphertext that will be
    /// encoded (one per segment); the encoder then takes them instead of hashing it again.
    public init(fileSize: UInt64, parameters: EncodingParameters, codec: any ErasureCodec, forceV2Layout: Bool = false,
                workers: Int = SegmentHashing.defaultWorkers, crypttext: CrypttextHashes? = nil) throws(CoreError) {
        let geometry = try FileGeometry(fileSize: fileSize, parameters: parameters)
        guard codec.k == geometry.needed, codec.n == geometry.total else {
            throw .badParameters("codec is \(codec.k)-of-\(codec.n), file is \(geometry.needed)-of-\(geometry.total)")
        }
        self.geometry = geometry
        self.codec = codec
        self.workers = max(1, workers)
        if let crypttext, crypttext.segments.count != geometry.segmentCount || crypttext.flat.count != 32 {
            throw .badParameters("\(crypttext.segments.count) crypttext segment hashes given for \(geometry.segmentCount) segments")
        }
        known = crypttext
        let shareHashCount = TreeIndex.siblingChain(of: TreeIndex.roundUpPowerOfTwo(geometry.total) - 1).count + 1
        layout = ShareLayout.plan(geometry: geometry, shareHashCount: shareHashCount,
                                  uriExtensionSize: URIExtension.serializedSize(geometry: geometry), forceV2: forceV2Layout)
        blockHashes = Array(repeating: [], count: geometry.total)
        segmentBuffer = [UInt8](repeating: 0, count: geometry.segmentSize)
        parityBuffer = [UInt8](repeating: 0, count: (geometry.total - geometry.needed) * geometry.blockSize)
    }

    /// Segments encoded so far.
    public var segmentsDone: Int { segmentHashes.count }

    /// Total length of every share.
    public var shareSize: UInt64 { layout.shareSize(uriExtensionSize: URIExtension.serializedSize(geometry: geometry)) }

    /// Encodes the next segment, which must hold exactly ``FileGeometry/segmentLength(_:)``
    /// bytes of ciphertext. `emit(share, offsetInShare, block)` receives every block; the
    /// buffer is only valid during the call.
    public mutating func encodeSegment(
        _ ciphertext: UnsafeRawBufferPointer,
        emit: (Int, UInt64, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let index = segmentHashes.count
        guard index < geometry.segmentCount else { throw CoreError.sizeMismatch(expected: geometry.fileSize, actual: geometry.fileSize + UInt64(ciphertext.count)) }
        let length = geometry.segmentLength(index)
        guard ciphertext.count == length else {
            throw CoreError.sizeMismatch(expected: UInt64(length), actual: UInt64(ciphertext.count))
        }

        let block = geometry.blockLength(index)
        let padded = block * geometry.needed
        let offset = layout.dataOffset + UInt64(index) * UInt64(geometry.blockSize)
        let k = geometry.needed
        let codec = codec
        let geometry = geometry
        // Take the buffers out of self so the closures below do not overlap access to it.
        var segmentBuffer = self.segmentBuffer, parityBuffer = self.parityBuffer, blockHashes = self.blockHashes
        (self.segmentBuffer, self.parityBuffer, self.blockHashes) = ([], [], [])
        defer { (self.segmentBuffer, self.parityBuffer, self.blockHashes) = (segmentBuffer, parityBuffer, blockHashes) }
        try segmentBuffer.withUnsafeMutableBytes { input in
            input.copyMemory(from: ciphertext)
            if padded > length { input[length..<padded].initializeMemory(as: UInt8.self, repeating: 0) }
            let data = UnsafeRawBufferPointer(rebasing: input[0..<padded])
            try parityBuffer.withUnsafeMutableBytes { parity in
                let parityArea = UnsafeMutableRawBufferPointer(rebasing: parity[0..<(geometry.total - k) * block])
                try codec.encode(input: data, parity: parityArea, blockSize: block)
                let blocks = (0..<geometry.total).map { share in
                    share < k
                        ? UnsafeRawBufferPointer(rebasing: data[share * block..<(share + 1) * block])
                        : UnsafeRawBufferPointer(rebasing: parityArea[(share - k) * block..<(share - k + 1) * block])
                }
                let hashes: (segmentHash: [UInt8], blockHashes: [[UInt8]])
                if let known {
                    hashes = (known.segments[index], SegmentHashing.blockHashes(blocks, workers: workers))
                } else {
                    hashes = SegmentHashing.compute(segment: ciphertext, blocks: blocks, flat: &crypttextHasher, workers: workers)
                }
                segmentHashes.append(hashes.segmentHash)
                for share in 0..<geometry.total {
                    blockHashes[share].append(hashes.blockHashes[share])
                    try emit(share, offset, blocks[share])
                }
            }
        }
    }

    /// After the last segment: the UEB and, per share, the bytes that follow its blocks.
    public func finish() throws(CoreError) -> CHKEncodingResult {
        guard segmentHashes.count == geometry.segmentCount else {
            throw .sizeMismatch(expected: geometry.fileSize, actual: geometry.segmentOffset(segmentHashes.count))
        }
        let crypttextTree = MerkleTree(leaves: segmentHashes)
        let blockTrees = blockHashes.map { MerkleTree(leaves: $0) }
        let shareTree = MerkleTree(leaves: blockTrees.map(\.root))
        let extensionBlock = URIExtension(geometry: geometry, crypttextHash: known?.flat ?? crypttextHasher.finalize(),
                                          crypttextRootHash: crypttextTree.root, shareRootHash: shareTree.root)
        return CHKEncodingResult(geometry: geometry, layout: layout, uriExtension: extensionBlock,
                                 crypttextTree: crypttextTree, blockTrees: blockTrees, shareTree: shareTree)
    }
}
