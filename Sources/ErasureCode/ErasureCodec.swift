/// A k-of-n systematic erasure code whose output is byte-identical to zfec's.
///
/// Shares `0..<k` are the primary blocks themselves; share `j >= k` is a parity block
/// computed with row `j` of ``ZfecMatrix``. Any `k` distinct shares recover the data.
///
/// The pointer-based methods never allocate block-sized memory: callers own and reuse
/// every buffer. Buffers passed as outputs must not overlap inputs. Codecs are
/// immutable (apart from internal, locked caches) and safe to share across tasks.
public protocol ErasureCodec: Sendable {
    /// Number of primary blocks, i.e. shares needed to decode.
    var k: Int { get }
    /// Total number of shares.
    var n: Int { get }
    /// Which implementation this is.
    var kind: ErasureCodecKind { get }

    /// Computes every parity block.
    /// - Parameters:
    ///   - input: the `k` primary blocks, in order, `k * blockSize` bytes.
    ///   - parity: receives blocks `k..<n` in order, exactly `(n - k) * blockSize` bytes.
    ///   - blockSize: bytes per block (0 is allowed and does nothing).
    func encode(input: UnsafeRawBufferPointer, parity: UnsafeMutableRawBufferPointer,
                blockSize: Int) throws(ErasureCodeError)

    /// Computes only the shares listed in `shareIDs` (each in `0..<n`, primary ids are
    /// copied), writing them in the order given.
    /// - Parameters:
    ///   - input: the `k` primary blocks, in order, `k * blockSize` bytes.
    ///   - shareIDs: the shares wanted; repeats are allowed.
    ///   - output: exactly `shareIDs.count * blockSize` bytes.
    ///   - blockSize: bytes per block.
    func encode(input: UnsafeRawBufferPointer, shareIDs: [Int], output: UnsafeMutableRawBufferPointer,
                blockSize: Int) throws(ErasureCodeError)

    /// Recovers the `k` primary blocks from exactly `k` distinct shares, in any order.
    /// - Parameters:
    ///   - shareIDs: the share number of each block in `blocks`.
    ///   - blocks: `k` blocks of `blockSize` bytes each.
    ///   - output: receives the primary blocks `0..<k` in order, exactly `k * blockSize` bytes.
    ///   - blockSize: bytes per block.
    func decode(shareIDs: [Int], blocks: [UnsafeRawBufferPointer], output: UnsafeMutableRawBufferPointer,
                blockSize: Int) throws(ErasureCodeError)
}
