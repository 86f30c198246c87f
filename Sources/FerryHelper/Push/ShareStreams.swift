import AsyncAlgorithms
import FerryCore
import FerryStorage
import NIOCore
import Synchronization

/// The streaming PATCHes of one push pass: for every share, one request per required range,
/// each reading from its own channel. Feeding a channel waits until the request has taken
/// the previous piece, which bounds memory and paces the encoder to the slowest server. A
/// request that fails finishes its channel (so the encoder never waits on it) and is
/// reported at the end.
struct ShareStreams {
    private struct Stream {
        let server: String
        let range: Range<UInt64>
        let channel: AsyncChannel<ByteBuffer>
        let task: Task<Void, any Error>
        let ended: Ended
    }

    /// Set once a request has failed: what is fed to it after goes nowhere and is not
    /// counted (a frozen server's share read "sent" to 100 % once its request had timed
    /// out, and the push's bar stood at 100 % until the pass ended).
    private final class Ended: Sendable {
        let value = Atomic(false)
    }

    private var streams: [Int: [Stream]] = [:]

    /// Starts the requests for `share`'s required `ranges`.
    mutating func open(share: Int, ranges: [Range<UInt64>], target: PushTarget, pusher: SharePusher,
                       report: @escaping @Sendable (PushEvent) async -> Void) {
        streams[share] = ranges.map { range in
            let channel = AsyncChannel<ByteBuffer>()
            let ended = Ended()
            let (index, upload) = (pusher.index, pusher.secrets.upload)
            let task = Task {
                do throws(StorageError) {
                    _ = try await target.client.write(index, share: share, range: range, streaming: channel, upload: upload)
                    await report(.stored(server: target.id, bytes: UInt64(range.count)))
                } catch {
                    ended.value.store(true, ordering: .releasing)
                    channel.finish()
                    throw PushFailure(server: target.id, error: error)
                }
            }
            return Stream(server: target.id, range: range, channel: channel, task: task, ended: ended)
        }
    }

    /// Hands `runs` of `share` to the requests whose ranges hold them, closing each request's
    /// channel once its range is complete; reports the bytes each request took.
    func feed(_ share: Int, _ runs: [(UInt64, ByteBuffer)], report: @Sendable (PushEvent) async -> Void) async {
        for (offset, bytes) in runs {
            guard let stream = streams[share]?.first(where: { $0.range.contains(offset) }),
                  !stream.ended.value.load(ordering: .acquiring) else { continue }
            let count = UInt64(bytes.readableBytes)
            await stream.channel.send(bytes)
            if stream.ended.value.load(ordering: .acquiring) { continue }  // failed while this piece waited
            await report(.sent(server: stream.server, bytes: count))
            if offset + count == stream.range.upperBound { stream.channel.finish() }
        }
    }

    /// Waits for every request; the first failure is thrown.
    func finish() async throws {
        var failure: (any Error)?
        for stream in streams.values.joined() {
            stream.channel.finish()
            do { try await stream.task.value } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }

    /// Stops every request (after a failure elsewhere).
    func cancelAll() {
        for stream in streams.values.joined() {
            stream.channel.finish()
            stream.task.cancel()
        }
    }
}
