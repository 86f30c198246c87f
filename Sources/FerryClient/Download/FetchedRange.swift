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

    /// Reads `range` of `share` from `server` into an array from `pool`; never throws (the error is kept).
    static func read(_ index: StorageIndex, share: Int, position: Int, range: Range<UInt64>, from server: StorageClient,
                     pool: BufferPool) async -> FetchedRange {
        do {
            let bytes = try await server.read(index, share: share, range: range, into: range.count >= BufferPool.smallest ? pool.take() : [])
            return FetchedRange(share: share, position: position, offset: range.lowerBound, bytes: bytes, error: nil)
        } catch {
            return FetchedRange(share: share, position: position, offset: range.lowerBound, bytes: [], error: error)
        }
    }
}
