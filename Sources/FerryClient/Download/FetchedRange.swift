import FerryCore
import FerryStorage

/// What one ranged read of a window brought back: the bytes, or the server's error.
///
/// A struct, not a tuple: Swift 6.3.1's optimizer garbled the share numbers of
/// `(Int, Int, UInt64, Result<[UInt8], StorageError>)` child-task results in release
/// builds (blocks were filed under the wrong share; seen as `Missing(shareNumber:…)`).
struct FetchedRange: Sendable {
    let share: Int
    let position: Int
    let offset: UInt64
    let bytes: [UInt8]
    let error: StorageError?

    /// Reads `request` from `server` into an array from `pool` (blocks through `streams`);
    /// never throws (the error is kept).
    static func read(_ index: StorageIndex, _ request: ReadRequest, from server: StorageClient, pool: BufferPool,
                     streams: ReadStreams) async -> FetchedRange {
        let (share, position, range) = (request.share, request.position, request.range)
        do {
            let buffer = range.count >= BufferPool.smallest ? pool.take() : []
            let bytes = if let end = request.blocksEnd {
                try await streams.read(index, share: share, position: position, range: range, limit: end, from: server, into: buffer)
            } else {
                try await server.read(index, share: share, range: range, into: buffer)
            }
            return FetchedRange(share: share, position: position, offset: range.lowerBound, bytes: bytes, error: nil)
        } catch {
            return FetchedRange(share: share, position: position, offset: range.lowerBound, bytes: [], error: error)
        }
    }
}
