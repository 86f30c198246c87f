/// The portable, pure-Swift zfec-compatible codec.
///
/// Encoding multiplies the k primary blocks by zfec's parity rows with table-driven
/// byte kernels (see ``GFKernel``), in cache-sized strides. Decoding inverts only the
/// system for the missing blocks and caches the result for the last share list.
public final class SwiftCodec: ErasureCodec, KernelBackedCodec {
    let codec: KernelCodec<GFKernel>
    /// The zfec encoding matrix in use.
    public var matrix: ZfecMatrix { codec.matrix }

    /// A `k`-of-`n` codec.
    /// - Throws: ``ErasureCodeError/badParameters(k:n:)`` unless `1 <= k <= n <= 256`.
    public init(k: Int, n: Int) throws(ErasureCodeError) {
        codec = try KernelCodec(k: k, n: n)
    }
}
