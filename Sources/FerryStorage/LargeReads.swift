import NIOCore

/// Socket reads of up to a megabyte instead of NIO's default 64 KiB, for connections that
/// carry long bodies: each read is a wake-up, a TLS pass and a body part through the HTTP
/// pipeline (docs/BENCHMARKS.md, issue 6). A storage server takes shares this way
/// (``LargeReadsChannel``) and a client reads answers this way (``StorageClient``).
enum LargeReads {
    /// The largest read for bodies of shares and blocks.
    static let megabyte = 1 << 20

    /// NIO's adaptive allocator, starting at 64 KiB and growing up to `largest` bytes.
    static func allocator(upTo largest: Int) -> AdaptiveRecvByteBufferAllocator {
        AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 64 << 10, maximum: largest)
    }
}
