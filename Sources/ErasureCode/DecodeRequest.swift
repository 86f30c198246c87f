/// A validated decode call: which output blocks are plain copies and which must be
/// recomputed from the given shares.
struct DecodeRequest {
    /// The share ids exactly as given (the order of `blocks`).
    let shareIDs: [Int]
    /// For each primary id `0..<k`, the index in `blocks` holding it, or `nil` if missing.
    let primarySource: [Int?]
    /// Primary ids that must be reconstructed, ascending.
    let missing: [Int]

    /// Validates a decode call for a `k`-of-`n` code.
    init(k: Int, n: Int, shareIDs: [Int], blocks: [UnsafeRawBufferPointer], output: Int,
         blockSize: Int) throws(ErasureCodeError) {
        guard shareIDs.count == k else { throw .wrongBlockCount(expected: k, actual: shareIDs.count) }
        guard blocks.count == k else { throw .wrongBlockCount(expected: k, actual: blocks.count) }
        try CodecValidation.buffer("output", size: output, blocks: k, blockSize: blockSize)
        var seen = [Bool](repeating: false, count: n)
        var source = [Int?](repeating: nil, count: k)
        for (index, id) in shareIDs.enumerated() {
            guard id >= 0, id < n else { throw .shareIDOutOfRange(id: id, n: n) }
            guard !seen[id] else { throw .duplicateShareID(id) }
            seen[id] = true
            guard blocks[index].count == blockSize else {
                throw .blockLengthMismatch(shareID: id, expected: blockSize, actual: blocks[index].count)
            }
            if id < k { source[id] = index }
        }
        self.shareIDs = shareIDs
        primarySource = source
        missing = (0..<k).filter { source[$0] == nil }
    }

    /// Copies the primary blocks that were given straight into `output`.
    func copyPresent(blocks: [UnsafeRawBufferPointer], output: UnsafeMutableRawBufferPointer, blockSize: Int) {
        guard blockSize > 0, let base = output.baseAddress else { return }
        for (id, index) in primarySource.enumerated() {
            guard let index, let from = blocks[index].baseAddress else { continue }
            (base + id * blockSize).copyMemory(from: from, byteCount: blockSize)
        }
    }
}
