/// Array-based conveniences for tests and small callers. Each call allocates; hot paths
/// should use the pointer-based requirements with reused buffers.
extension ErasureCodec {
    /// The parity blocks `k..<n` for `blocks` (`k` blocks of equal length).
    public func encode(blocks: [[UInt8]]) throws(ErasureCodeError) -> [[UInt8]] {
        try encode(blocks: blocks, shareIDs: Array(k..<n))
    }

    /// The shares `shareIDs` (each in `0..<n`) for `blocks` (`k` blocks of equal length).
    public func encode(blocks: [[UInt8]], shareIDs: [Int]) throws(ErasureCodeError) -> [[UInt8]] {
        guard blocks.count == k else { throw .wrongBlockCount(expected: k, actual: blocks.count) }
        let blockSize = blocks[0].count
        for (id, block) in blocks.enumerated() where block.count != blockSize {
            throw .blockLengthMismatch(shareID: id, expected: blockSize, actual: block.count)
        }
        let input = Array(blocks.joined())
        var output = [UInt8](repeating: 0, count: try CodecValidation.bytes(shareIDs.count, blockSize: blockSize))
        try Self.bridge(input, &output) { (input, output) throws(ErasureCodeError) in
            try encode(input: input, shareIDs: shareIDs, output: output, blockSize: blockSize)
        }
        return Self.split(output, count: shareIDs.count, blockSize: blockSize)
    }

    /// The `k` primary blocks recovered from exactly `k` distinct shares.
    public func decode(shares: [(id: Int, block: [UInt8])]) throws(ErasureCodeError) -> [[UInt8]] {
        guard shares.count == k else { throw .wrongBlockCount(expected: k, actual: shares.count) }
        let blockSize = shares[0].block.count
        for share in shares where share.block.count != blockSize {
            throw .blockLengthMismatch(shareID: share.id, expected: blockSize, actual: share.block.count)
        }
        let input = Array(shares.map(\.block).joined())
        var output = [UInt8](repeating: 0, count: try CodecValidation.bytes(k, blockSize: blockSize))
        try Self.bridge(input, &output) { (input, output) throws(ErasureCodeError) in
            let blocks = (0..<k).map { UnsafeRawBufferPointer(rebasing: input[$0 * blockSize..<($0 + 1) * blockSize]) }
            try decode(shareIDs: shares.map(\.id), blocks: blocks, output: output, blockSize: blockSize)
        }
        return Self.split(output, count: k, blockSize: blockSize)
    }

    /// Runs `body` over the bytes of `input` and `output`, keeping the typed error.
    private static func bridge(
        _ input: [UInt8], _ output: inout [UInt8],
        _ body: (UnsafeRawBufferPointer, UnsafeMutableRawBufferPointer) throws(ErasureCodeError) -> Void
    ) throws(ErasureCodeError) {
        let result: Result<Void, ErasureCodeError> = input.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { output in
                Result { () throws(ErasureCodeError) in try body(input, output) }
            }
        }
        try result.get()
    }

    private static func split(_ bytes: [UInt8], count: Int, blockSize: Int) -> [[UInt8]] {
        (0..<count).map { Array(bytes[$0 * blockSize..<($0 + 1) * blockSize]) }
    }
}
