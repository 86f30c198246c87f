/// A public codec class that is a thin shell around a ``KernelCodec``: this extension
/// supplies its ``ErasureCodec`` requirements by forwarding to `codec`.
///
/// Swift lets public members of an internal protocol's extension witness the
/// requirements of a public protocol, so the shells keep their public API while the
/// implementation, and this protocol, stay internal.
protocol KernelBackedCodec: ErasureCodec {
    associatedtype Kernel: CodecKernel
    /// The implementation every requirement forwards to.
    var codec: KernelCodec<Kernel> { get }
}

extension KernelBackedCodec {
    public var k: Int { codec.k }
    public var n: Int { codec.n }
    public var kind: ErasureCodecKind { Kernel.kind }

    public func encode(input: UnsafeRawBufferPointer, parity: UnsafeMutableRawBufferPointer,
                       blockSize: Int) throws(ErasureCodeError) {
        try codec.encode(input: input, parity: parity, blockSize: blockSize)
    }

    public func encode(input: UnsafeRawBufferPointer, shareIDs: [Int], output: UnsafeMutableRawBufferPointer,
                       blockSize: Int) throws(ErasureCodeError) {
        try codec.encode(input: input, shareIDs: shareIDs, output: output, blockSize: blockSize)
    }

    public func decode(shareIDs: [Int], blocks: [UnsafeRawBufferPointer], output: UnsafeMutableRawBufferPointer,
                       blockSize: Int) throws(ErasureCodeError) {
        try codec.decode(shareIDs: shareIDs, blocks: blocks, output: output, blockSize: blockSize)
    }
}
