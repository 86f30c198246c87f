/// Argument checks shared by every codec, so that bad input throws instead of trapping.
enum CodecValidation {
    /// `count * blockSize`, throwing on a negative block size or overflow.
    static func bytes(_ count: Int, blockSize: Int) throws(ErasureCodeError) -> Int {
        guard blockSize >= 0 else { throw .badBlockSize(blockSize) }
        let (total, overflow) = count.multipliedReportingOverflow(by: blockSize)
        guard !overflow else { throw .badBlockSize(blockSize) }
        return total
    }

    /// Checks that a buffer named `name` holds exactly `count` blocks.
    static func buffer(_ name: String, size: Int, blocks count: Int, blockSize: Int) throws(ErasureCodeError) {
        let expected = try bytes(count, blockSize: blockSize)
        guard size == expected else { throw .bufferSizeMismatch(buffer: name, expected: expected, actual: size) }
    }

    /// Checks a full-parity encode request.
    static func encode(k: Int, n: Int, input: Int, parity: Int, blockSize: Int) throws(ErasureCodeError) {
        try buffer("input", size: input, blocks: k, blockSize: blockSize)
        try buffer("parity", size: parity, blocks: n - k, blockSize: blockSize)
    }

    /// Checks a selected-shares encode request.
    static func encode(k: Int, n: Int, input: Int, shareIDs: [Int], output: Int,
                       blockSize: Int) throws(ErasureCodeError) {
        try buffer("input", size: input, blocks: k, blockSize: blockSize)
        for id in shareIDs where id < 0 || id >= n { throw .shareIDOutOfRange(id: id, n: n) }
        try buffer("output", size: output, blocks: shareIDs.count, blockSize: blockSize)
    }
}
