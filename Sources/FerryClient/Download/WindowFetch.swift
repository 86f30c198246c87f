import FerryCore

/// A window of segments and the reads made for it, possibly ahead of time: while one
/// window is decoded, verified and written, the next one's blocks are already on the way,
/// so the network and the CPU work at once.
struct WindowFetch: Sendable {
    let window: [Int]
    /// The shares it was read for (a different set after a failure makes it stale).
    let shares: [Int]
    let results: [FetchedRange]

    /// Asks the rate limit for a window's bytes, picks the window that fits, and reads it.
    static func run(_ index: StorageIndex, pending: [Int], opened: OpenedShares, active: [(shareNumber: Int, layout: ShareLayout)],
                    geometry: FileGeometry, windowBytes: Int, grant: (@Sendable (Int) async throws -> Int)?) async throws(TransferError) -> WindowFetch {
        var perShare = windowBytes
        if let grant {
            do { perShare = try await grant(perShare * active.count) / max(1, active.count) } catch { throw .cancelled }
        }
        let window = DownloadRun.window(pending, geometry: geometry, bytes: perShare)
        let requests = opened.requests(window: window, active: active, geometry: geometry)
        let results = await OpenedShares.read(index, requests, servers: opened.servers, pool: opened.pool)
        if Task.isCancelled { throw .cancelled }
        return WindowFetch(window: window, shares: active.map(\.shareNumber), results: results)
    }
}
