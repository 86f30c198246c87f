import FerryCore

/// A window of segments and the reads made for it, possibly ahead of time: while one
/// window is decoded, verified and written, the next one's blocks are already on the way,
/// so the network and the CPU work at once.
struct WindowFetch: Sendable {
    let window: [Int]
    /// The shares it was read for (a different set after a failure makes it stale).
    let shares: [Int]
    let results: [FetchedRange]
    /// Whether its blocks come through the shares' open streams (``ReadStreams``): unless a
    /// rate limit shrank the window. Under a limit that slow each window is its own request,
    /// so no stream sits unread long enough for the idle timeout to take it for a stall.
    let streamed: Bool

    /// Asks the rate limit for a window's bytes, picks the window that fits, and reads it.
    static func run(_ index: StorageIndex, pending: [Int], opened: OpenedShares, active: [(shareNumber: Int, layout: ShareLayout)],
                    geometry: FileGeometry, windowBytes: Int, grant: (@Sendable (Int) async throws -> Int)?) async throws(TransferError) -> WindowFetch {
        var perShare = windowBytes
        if let grant {
            do { perShare = try await grant(perShare * active.count) / max(1, active.count) } catch { throw .cancelled }
        }
        let window = DownloadRun.window(pending, geometry: geometry, bytes: perShare)
        let streamed = perShare >= windowBytes
        let requests = opened.requests(window: window, active: active, geometry: geometry, streamed: streamed)
        let results = await OpenedShares.read(index, requests, servers: opened.servers, pool: opened.pool, streams: opened.streams)
        if Task.isCancelled { throw .cancelled }
        return WindowFetch(window: window, shares: active.map(\.shareNumber), results: results, streamed: streamed)
    }
}
