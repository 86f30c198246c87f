import Dispatch
import ErasureCode

/// Decodes a file one segment at a time, in any order, for a downloader that fetches as it
/// goes and resumes at the first missing segment: every block is checked against its
/// share's block tree and every segment against the crypttext tree (so each segment is
/// proven by the cap on its own). The caller learns which shares to fetch blocks from
/// (``activeShares``), drops shares whose server failed, and checks the whole file's flat
/// hash at the end with ``flatHashMatches(_:)``.
public struct SegmentDecoder {
    private var run: DecodeRun
    private var crypttextTree: PartialMerkleTree
    private let codec: any ErasureCodec
    private var output: [UInt8]
    /// Crypttext hashes of segments computed ahead by ``prehash(_:)``, not yet checked.
    private var prehashed: [Int: [UInt8]] = [:]

    /// Opens the shares' metadata (each source must already hold its header and trailer).
    public init(cap: CHKReadCap, sources: [any ShareSource], codec: any ErasureCodec, workers: Int = SegmentHashing.defaultWorkers) throws {
        let opener = ShareOpener(uriExtensionHash: cap.uriExtensionHash, needed: cap.needed, total: cap.total, size: cap.size)
        run = try DecodeRun(opener: opener, sources: sources, workers: workers)
        guard codec.k == run.geometry.needed, codec.n == run.geometry.total else {
            throw CoreError.badParameters("codec is \(codec.k)-of-\(codec.n), file is \(run.geometry.needed)-of-\(run.geometry.total)")
        }
        crypttextTree = PartialMerkleTree(leafCount: run.geometry.segmentCount, root: run.uriExtension.crypttextRootHash)
        self.codec = codec
        output = [UInt8](repeating: 0, count: run.geometry.segmentSize)
    }

    public var geometry: FileGeometry { run.geometry }
    public var uriExtension: URIExtension { run.uriExtension }
    public var report: DecodeReport { run.report }

    /// The k shares the next segments decode from (opening more if some were dropped);
    /// throws when fewer than k good shares are left.
    public mutating func activeShares() throws -> [(shareNumber: Int, layout: ShareLayout)] {
        try run.fillActive()
        return run.activeShares
    }

    /// Byte ranges of hash-tree nodes the active shares must supply (and do not hold) for
    /// `window`, in bands of `band` nodes per level (see ``TreeBand``; 128 nodes are 4 KiB).
    public func treeReads(window: [Int], band: Int = 128) -> [(shareNumber: Int, ranges: [Range<UInt64>])] {
        run.treeReads(window: window, crypttext: crypttextTree, band: band)
    }

    /// Forgets trusted hashes that only segments before `segment` need (memory stays flat
    /// however long the file).
    public mutating func forget(segmentsBefore segment: Int) {
        crypttextTree.forget(leavesBefore: segment)
        run.forget(segmentsBefore: segment)
    }

    /// Sets a share aside (its server failed or lied); another takes its place.
    public mutating func drop(share: Int, reason: String) {
        prehashed = [:]
        run.drop(share: share, reason: reason)
    }

    /// Hashes the segments of `window` that decode from the primary shares (their blocks
    /// are the segment) on several threads at once, a segment per thread, for ``decode`` to
    /// check: a segment's own hash is one SHA-256 stream, so hashing them one after another
    /// used one core (docs/DECISIONS.md, session 13). Segments from other shares (which
    /// need decoding) are left to ``decode``. Call it for each window once its blocks are in,
    /// right before decoding it: hashes from an earlier call are dropped, so a hash is only
    /// ever used for the very blocks it was made from. Throws what ``decode`` would for a
    /// segment whose blocks cannot be read (its share set aside, as there), so handle it
    /// the same way.
    public mutating func prehash(_ window: [Int]) throws {
        prehashed = [:]
        let geometry = run.geometry
        var jobs: [(segment: Int, blocks: [ArraySlice<UInt8>])] = []
        for segment in window {
            let blocks = try run.blocks(segment: segment, replacing: false, verifying: false).sorted { $0.0 < $1.0 }
            guard blocks.map(\.0) == Array(0..<geometry.needed) else { continue }
            jobs.append((segment, blocks.map(\.1)))
        }
        guard jobs.count > 1 else { return }
        let work = jobs, threads = min(run.workers, jobs.count)
        var hashes = [[UInt8]](repeating: [], count: jobs.count)
        hashes.withUnsafeMutableBufferPointer { output in
            let slots = Slots(output: output)
            DispatchQueue.concurrentPerform(iterations: threads) { worker in
                for job in stride(from: worker, to: work.count, by: threads) {
                    var hasher = TaggedHasher(tag: HashTag.crypttextSegment)
                    DecodeRun.withBuffers(work[job].blocks) { blocks in
                        for piece in Self.segmentPieces(blocks, length: geometry.segmentLength(work[job].segment)) { hasher.update(buffer: piece) }
                    }
                    slots.output[job] = hasher.finalize()
                }
            }
        }
        for (job, hash) in hashes.enumerated() { prehashed[jobs[job].segment] = hash }
    }

    /// A segment's `length` bytes as they lie in its primary shares' blocks, in order: the
    /// blocks cut where the segment ends (the last ones hold padding, or nothing of it).
    private static func segmentPieces(_ blocks: [UnsafeRawBufferPointer], length: Int) -> [UnsafeRawBufferPointer] {
        var left = length
        return blocks.map { block in
            defer { left -= min(left, block.count) }
            return UnsafeRawBufferPointer(rebasing: block[..<min(left, block.count)])
        }
    }

    /// The result slots the hashing threads of ``prehash(_:)`` write, one each.
    private struct Slots: @unchecked Sendable {
        let output: UnsafeMutableBufferPointer<[UInt8]>
    }

    /// The verified ciphertext of `segment`, from blocks already added to the active shares'
    /// sources (decrypt with the cap's key at ``FileGeometry/segmentOffset(_:)``). A corrupt
    /// block sets its share aside and throws ``CoreError``; fetch the segment's blocks for
    /// the new active set and call again. When `hashFlat`, the segment is also added to
    /// `flat` (the whole ciphertext's hash, fed in order by the caller) on another thread
    /// beside the segment's own hash; `flat` changes only when the segment checks.
    public mutating func decode(segment: Int, flat: inout TaggedHasher, hashFlat: Bool) throws -> [UInt8] {
        try decode(segment: segment, flat: &flat, hashFlat: hashFlat) { pieces in pieces.flatMap { Array($0) } }
    }

    /// As ``decode(segment:flat:hashFlat:)``, without a copy: `body` gets the checked
    /// ciphertext as pieces, its bytes in order. From the primary shares (the usual case)
    /// the pieces are their blocks as fetched: a systematic code's first k blocks are the
    /// segment itself, so nothing is decoded. Otherwise one piece in the decoder's own
    /// buffer. `body` must not keep them: the next segment reuses the memory.
    public mutating func decode<R>(segment: Int, flat: inout TaggedHasher, hashFlat: Bool,
                                   _ body: ([UnsafeRawBufferPointer]) throws -> R) throws -> R {
        // The blocks are not hashed one by one: the segment they decode to is checked against
        // the crypttext tree, which the cap fixes, and that proves every byte used. Only when
        // that check fails are the blocks verified against their shares' trees, to find the
        // share to set aside (docs/DECISIONS.md: a third less hashing per download).
        let blocks = try run.blocks(segment: segment, replacing: false, verifying: false).sorted { $0.0 < $1.0 }
        let geometry = run.geometry
        let blockLength = geometry.blockLength(segment)
        let length = geometry.segmentLength(segment)
        if blocks.map(\.0) == Array(0..<geometry.needed) {
            return try DecodeRun.withBuffers(blocks.map(\.1)) { pointers in
                let pieces = Self.segmentPieces(pointers, length: length)
                try check(segment, pieces: pieces, flat: &flat, hashFlat: hashFlat, hashed: prehashed.removeValue(forKey: segment))
                return try body(pieces.filter { !$0.isEmpty })
            }
        }
        prehashed[segment] = nil  // made from the primary shares' blocks, and these are others
        let codec = codec
        var output: [UInt8] = []
        swap(&output, &self.output)  // taken out (not copied) while the codec writes into it
        defer { swap(&output, &self.output) }
        return try output.withUnsafeMutableBytes { out in
            let target = UnsafeMutableRawBufferPointer(rebasing: out[0..<blockLength * geometry.needed])
            try DecodeRun.withBuffers(blocks.map(\.1)) { pointers in
                try codec.decode(shareIDs: blocks.map(\.0), blocks: pointers, output: target, blockSize: blockLength)
            }
            let ciphertext = UnsafeRawBufferPointer(rebasing: out[0..<length])
            try check(segment, pieces: [ciphertext], flat: &flat, hashFlat: hashFlat)
            return try body([ciphertext])
        }
    }

    /// Checks a segment against the crypttext tree (and feeds `flat` when it passes).
    /// `hashed`: the segment's hash made ahead from the very `pieces` (``prehash(_:)``).
    private mutating func check(_ segment: Int, pieces: [UnsafeRawBufferPointer], flat: inout TaggedHasher, hashFlat: Bool,
                                hashed: [UInt8]? = nil) throws {
        var running = flat
        let segmentHash = if let hashed, !hashFlat {
            hashed
        } else {
            SegmentHashing.compute(pieces: pieces, blocks: [], flat: &running, workers: run.workers, hashFlat: hashFlat).segmentHash
        }
        do {
            try run.checkSegment(segment, hash: segmentHash, tree: &crypttextTree)
        } catch CoreError.integrity(let message) {
            prehashed = [:]  // a share is about to be set aside: the next blocks may be others
            _ = try run.blocks(segment: segment, replacing: false)  // a bad block: its share is set aside, and named
            throw CoreError.integrity(message)  // every block is its share's: the file itself is inconsistent
        }
        flat = running
    }

    /// Whether `hashes` (the flat crypttext hash of the whole file, computed by the caller
    /// from what it wrote) is the UEB's.
    public func flatHashMatches(_ hash: [UInt8]) -> Bool { hash == run.uriExtension.crypttextHash }
}
