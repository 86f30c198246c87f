import AsyncHTTPClient
import NIOCore

/// One ranged read of a share kept open and consumed in order, a piece at a time
/// (``StorageClient/openRead(_:share:range:)``). A download reads each share's blocks
/// window after window; one request for many windows saves the server and the client a
/// request's work per window (docs/DECISIONS.md, session 13). AsyncHTTPClient reads no
/// further from the socket than one body part ahead of the reader, so little waits in
/// memory; dropping the stream before its end cancels the request.
///
/// Read by one task at a time (its owner takes it out of a shared place while it reads).
public final class ShareReadStream: @unchecked Sendable {
    public let share: Int
    /// The share offset the next read starts at.
    public private(set) var position: UInt64
    /// Where the range asked for ends.
    public let end: UInt64
    /// Whether the body has ended (nothing more will come).
    public private(set) var ended: Bool
    private var iterator: HTTPClientResponse.Body.AsyncIterator?
    private var leftover: ByteBuffer?

    init(share: Int, range: Range<UInt64>, body: HTTPClientResponse.Body?) {
        self.share = share
        position = range.lowerBound
        end = range.upperBound
        iterator = body?.makeAsyncIterator()
        ended = body == nil
    }

    /// Appends the next `count` bytes (fewer only where the body ends) to `bytes`.
    public func read(count: Int, appendingTo bytes: inout [UInt8]) async throws(StorageError) {
        let wanted = bytes.count + count
        bytes.reserveCapacity(wanted)
        do {
            while bytes.count < wanted, !ended {
                var chunk: ByteBuffer
                if let kept = leftover {
                    chunk = kept
                    leftover = nil
                } else if let next = try await iterator?.next() {
                    chunk = next
                } else {
                    ended = true
                    iterator = nil
                    break
                }
                let take = min(wanted - bytes.count, chunk.readableBytes)
                bytes.append(contentsOf: chunk.readableBytesView.prefix(take))
                chunk.moveReaderIndex(forwardBy: take)
                if chunk.readableBytes > 0 { leftover = chunk }
            }
            // At the end of the range: take the body's end too, so the connection goes back to
            // the pool (a body dropped before its end closes the connection).
            if position + UInt64(count) >= end, leftover == nil, !ended, try await iterator?.next() == nil {
                ended = true
                iterator = nil
            }
        } catch {
            ended = true
            iterator = nil
            throw StorageClient.classify(error)
        }
        position += UInt64(count - (wanted - bytes.count))
    }
}
