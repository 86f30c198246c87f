import ErasureCode

/// Rebuilds a file from any k of its shares, checking everything on the way: the UEB
/// against the cap, each share's hash chain against the UEB, every block against its
/// share's block tree, every decoded segment against the crypttext tree, and the whole
/// ciphertext against the UEB's flat hash. A share that fails is set aside (and named in
/// the report) and another takes its place; too few good shares is an error.
/// With a read cap the output is plaintext; with a verify cap it is checked ciphertext.
public struct CHKDecoder {
    let opener: ShareOpener
    let cipher: CTRCipher?
    /// Threads that share the hashing (default: the processors online).
    public var workers = SegmentHashing.defaultWorkers

    /// Decodes plaintext for a read cap.
    public init(cap: CHKReadCap) throws(CoreError) {
        opener = ShareOpener(uriExtensionHash: cap.uriExtensionHash, needed: cap.needed, total: cap.total, size: cap.size)
        cipher = try CTRCipher(key: cap.key)
    }

    /// Checks shares (output is ciphertext) for a verify cap.
    public init(verifyCap cap: CHKVerifyCap) {
        opener = ShareOpener(uriExtensionHash: cap.uriExtensionHash, needed: cap.needed, total: cap.total, size: cap.size)
        cipher = nil
    }

    /// Decodes from `sources`, handing `emit(offset, bytes)` each verified segment in order.
    /// Throws ``CoreError/notEnoughShares(have:need:corrupt:)`` when fewer than k survive.
    public func decode(
        sources: [any ShareSource], codec: any ErasureCodec, emit: (UInt64, [UInt8]) throws -> Void
    ) throws -> DecodeReport {
        var run = try DecodeRun(opener: opener, sources: sources, workers: workers)
        guard codec.k == run.geometry.needed, codec.n == run.geometry.total else {
            throw CoreError.badParameters("codec is \(codec.k)-of-\(codec.n), file is \(run.geometry.needed)-of-\(run.geometry.total)")
        }
        var crypttextTree = PartialMerkleTree(leafCount: run.geometry.segmentCount, root: run.uriExtension.crypttextRootHash)
        var flatHasher = TaggedHasher(tag: HashTag.crypttext)
        let geometry = run.geometry
        var output = [UInt8](repeating: 0, count: geometry.segmentSize)
        for segment in 0..<geometry.segmentCount {
            let blocks = try run.blocks(segment: segment)
            let blockLength = geometry.blockLength(segment)
            try output.withUnsafeMutableBytes { out in
                let target = UnsafeMutableRawBufferPointer(rebasing: out[0..<blockLength * geometry.needed])
                try DecodeRun.withBuffers(blocks.map(\.1)) { pointers in
                    try codec.decode(shareIDs: blocks.map(\.0), blocks: pointers, output: target, blockSize: blockLength)
                }
            }
            let ciphertext = Array(output[0..<geometry.segmentLength(segment)])
            let segmentHash = ciphertext.withUnsafeBytes {
                SegmentHashing.compute(segment: $0, blocks: [], flat: &flatHasher, workers: workers).segmentHash
            }
            try run.checkSegment(segment, hash: segmentHash, tree: &crypttextTree)
            let offset = geometry.segmentOffset(segment)
            try emit(offset, cipher.map { $0.apply(ciphertext, atOffset: offset) } ?? ciphertext)
        }
        guard flatHasher.finalize() == run.uriExtension.crypttextHash else {
            throw CoreError.integrity("ciphertext does not match the flat hash in the UEB")
        }
        return run.report
    }
}
