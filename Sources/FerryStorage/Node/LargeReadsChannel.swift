import HummingbirdCore
import Logging
import NIOCore

/// A node's connections read up to `largestRead` bytes per socket read instead of NIO's
/// default 64 KiB. A storage server takes shares as long bodies, and every read costs a
/// wake-up, a TLS pass and a body part through the HTTP pipeline: megabyte reads cut its
/// CPU per 1 GiB put by a fifth (docs/BENCHMARKS.md, issue 6). With nil the channel keeps
/// NIO's reads.
struct LargeReadsChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let largestRead: Int?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard let largestRead else { return base.setup(channel: channel, logger: logger) }
        let allocator = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 64 << 10, maximum: largestRead)
        return channel.setOption(ChannelOptions.recvAllocator, value: allocator).flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
