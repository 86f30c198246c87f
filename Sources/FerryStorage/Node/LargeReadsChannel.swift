import HummingbirdCore
import Logging
import NIOCore

/// A node's connections read up to `largestRead` bytes per socket read (``LargeReads``)
/// instead of NIO's default 64 KiB: a storage server's CPU per 1 GiB put fell by a fifth
/// (docs/BENCHMARKS.md, issue 6). With nil the channel keeps NIO's reads.
struct LargeReadsChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let largestRead: Int?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard let largestRead else { return base.setup(channel: channel, logger: logger) }
        return channel.setOption(ChannelOptions.recvAllocator, value: LargeReads.allocator(upTo: largestRead)).flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
