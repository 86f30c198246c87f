import FerryCore

/// A window of segments and the reads made for it, possibly ahead of time: while one
/// window is decoded, verified and written, the next one's blocks are already on the way,
/// so the network and the CPU work at once.
struct WindowFetch: Sendable {
    let window: [Int]
    /// The shares it was read for (a different set after a failure makes it stale).
    let shares: [Int]
    let results: [FetchedRange]

    /// Whether every read came back (a failed one is refetched, from another holder).
    var complete: Bool { results.allSatisfy { $0.error == nil } }

    /// Asks the rate limit for the first segment's blocks: granted less (its burst is
    /// smaller), the window is that one segment, else up to `windowBytes` per share. The
    /// read pays for the rest of the window (see ``OpenedShares/read``), so every byte read
    /// is paid for, once. Bytes are reported as they arrive.
    static func run(_ index: StorageIndex, pending: [Int], opened: OpenedShares, active: [(shareNumber: Int, layout: ShareLayout)],
                    geometry: FileGeometry, windowBytes: Int, grant: (@Sendable (Int) async throws -> Int)?,
                    events: @escaping @Sendable (DownloadEvent) -> Void) async throws(TransferError) -> WindowFetch {
        let first = geometry.blockLength(pending[0]) * active.count
        var granted = first
        if let grant {
            do { granted = try await grant(first) } catch { throw .cancelled }
        }
        let window = DownloadRun.window(pending, geometry: geometry, bytes: granted < first ? 0 : windowBytes)
        let requests = opened.requests(window: window, active: active, geometry: geometry)
        let results = try await OpenedShares.read(index, requests, servers: opened.servers, pool: opened.pool, grant: grant, paid: granted,
                                                  arrived: opened.arrivals(events))
        if Task.isCancelled { throw .cancelled }
        return WindowFetch(window: window, shares: active.map(\.shareNumber), results: results)
    }
}
