/// The zfec-compatible codec backed by Intel ISA-L (`ec_encode_data`), which uses the
/// same field as zfec and runs SIMD kernels. The parity tables are built once; decode
/// tables are built per share list and the last ones cached.
public final class ISALCodec: ErasureCodec, KernelBackedCodec {
    let codec: KernelCodec<ISALKernel>
    /// The zfec encoding matrix in use.
    public var matrix: ZfecMatrix { codec.matrix }

    /// A `k`-of-`n` codec.
    /// - Throws: ``ErasureCodeError/badParameters(k:n:)`` unless `1 <= k <= n <= 256`.
    public init(k: Int, n: Int) throws(ErasureCodeError) {
        codec = try KernelCodec(k: k, n: n)
    }
}
