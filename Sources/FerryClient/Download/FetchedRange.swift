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

    /// Reads `range` of `share` from `server` into an array from `pool`; never throws (the
    /// error is kept). Under a limit (`piece` given), the range is read in requests of at
    /// most `piece` bytes, each paid for (`pay`) just before it goes, so a slow rate limit
    /// is met by a steady flow rather than a long wait and then a burst; a range no longer
    /// than a piece is paid for too (it was read unpaid: with a burst over a block, two
    /// downloads under 3M ran at 3.8 MiB/s). `arrived` hears each request's bytes.
    static func read(_ index: StorageIndex, share: Int, position: Int, range: Range<UInt64>, from server: StorageClient,
                     pool: BufferPool, piece: UInt64 = .max, pay: @Sendable (Int) async throws(TransferError) -> Void = { _ in },
                     arrived: @Sendable (Int) -> Void = { _ in }) async -> FetchedRange {
        let buffer = range.count >= BufferPool.smallest ? pool.take() : []
        do {
            guard piece != .max else {
                let bytes = try await server.read(index, share: share, range: range, into: buffer)
                arrived(bytes.count)
                return FetchedRange(share: share, position: position, offset: range.lowerBound, bytes: bytes, error: nil)
            }
            var bytes = buffer
            bytes.removeAll(keepingCapacity: true)
            var start = range.lowerBound
            while start < range.upperBound {
                let end = min(range.upperBound, start + piece)
                try await pay(Int(end - start))
                let part = try await server.read(index, share: share, range: start..<end)
                bytes.append(contentsOf: part)
                arrived(part.count)
                if part.count < Int(end - start) { break }  // the share ends here
                start = end
            }
            return FetchedRange(share: share, position: position, offset: range.lowerBound, bytes: bytes, error: nil)
        } catch let error as StorageError {
            return FetchedRange(share: share, position: position, offset: range.lowerBound, bytes: [], error: error)
        } catch {
            return FetchedRange(share: share, position: position, offset: range.lowerBound, bytes: [], error: .transport("cancelled"))
        }
    }

    /// This read as the `parts` it was made for (itself when there are none), each with
    /// its own bytes; what a shortened read did not bring is short or empty in them. The
    /// joined array goes back to `pool`.
    func split(_ parts: [Range<UInt64>], pool: BufferPool) -> [FetchedRange] {
        guard !parts.isEmpty, error == nil else { return [self] }
        let pieces = parts.map { part in
            let from = Int(min(part.lowerBound - offset, UInt64(bytes.count)))
            let to = Int(min(part.upperBound - offset, UInt64(bytes.count)))
            return FetchedRange(share: share, position: position, offset: part.lowerBound, bytes: Array(bytes[from..<to]), error: nil)
        }
        pool.give(bytes)
        return pieces
    }
}
