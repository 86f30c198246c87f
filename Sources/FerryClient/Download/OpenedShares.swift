import FerryCore
import FerryStorage

/// The shares whose metadata is in hand, each with the servers still trusted to serve it
/// (the first is asked); blocks are fetched into them a window at a time.
struct OpenedShares: Sendable {
    let servers: [StorageClient]
    var shares: [Int: SparseShare] = [:]
    var holders: [Int: [Int]] = [:]
    /// Layouts of the shares blocks were fetched for (where their blocks lie).
    var layouts: [Int: ShareLayout] = [:]
    var anyServerFailed: Bool

    init(servers: [StorageClient], anyServerFailed: Bool) {
        self.servers = servers
        self.anyServerFailed = anyServerFailed
    }

    func name(_ position: Int) -> String { "\(servers[position].nurl.host):\(servers[position].nurl.port)" }

    /// The ranged reads `window` needs, one per active share with a holder left, less what
    /// the shares already hold (a retry, or a window read ahead, fetches only what is missing).
    func requests(window: [Int], active: [(shareNumber: Int, layout: ShareLayout)], geometry: FileGeometry) -> [ReadRequest] {
        let first = window[0], last = window[window.count - 1]
        return active.compactMap { share -> ReadRequest? in
            guard let position = holders[share.shareNumber]?.first else { return nil }
            let start = share.layout.dataOffset + UInt64(first) * UInt64(geometry.blockSize)
            let end = share.layout.dataOffset + UInt64(last) * UInt64(geometry.blockSize) + UInt64(geometry.blockLength(last))
            return ReadRequest(share: share.shareNumber, position: position, range: start..<end)
        }.filter { shares[$0.share]?.holds($0.range) != true }
    }

    /// Runs `requests` against their servers in parallel.
    static func read(_ index: StorageIndex, _ requests: [ReadRequest], servers: [StorageClient]) async -> [FetchedRange] {
        await withTaskGroup(of: FetchedRange.self) { group in
            for request in requests {
                group.addTask {
                    await FetchedRange.read(index, share: request.share, position: request.position, range: request.range,
                                            from: servers[request.position])
                }
            }
            return await group.reduce(into: [FetchedRange]()) { $0.append($1) }
        }
    }

    /// Fetches the blocks of `window` for every active share, in parallel, after taking in
    /// `ahead` (reads of this window made earlier). A server that fails is dropped for
    /// that share (its next holder takes over, or, with none left, the share is set aside);
    /// returns false when any did, so the caller fetches again.
    mutating func fetch(_ index: StorageIndex, window: [Int], active: [(shareNumber: Int, layout: ShareLayout)], geometry: FileGeometry,
                        ahead: [FetchedRange] = [], decoder: inout SegmentDecoder,
                        events: @Sendable (DownloadEvent) -> Void) async throws(TransferError) -> Bool {
        for share in active { layouts[share.shareNumber] = share.layout }
        var complete = try absorb(ahead, decoder: &decoder, events: events)
        let results = await Self.read(index, requests(window: window, active: active, geometry: geometry), servers: servers)
        complete = try absorb(results, decoder: &decoder, events: events) && complete
        return complete && active.allSatisfy { holders[$0.shareNumber]?.first != nil }
    }

    /// Files fetched bytes into their shares; drops the server of each failed read.
    /// False when any read failed.
    private mutating func absorb(_ results: [FetchedRange], decoder: inout SegmentDecoder,
                                 events: @Sendable (DownloadEvent) -> Void) throws(TransferError) -> Bool {
        var complete = true
        for result in results {
            guard let error = result.error else {
                shares[result.share]?.add(result.bytes, at: result.offset)
                events(.fetched(share: result.share, server: name(result.position), bytes: result.bytes.count))
                continue
            }
            if case .transport("cancelled") = error { throw .cancelled }
            complete = false
            anyServerFailed = true
            holders[result.share]?.removeAll { $0 == result.position }
            events(.replaced(share: result.share, server: name(result.position), reason: error.description))
            if holders[result.share]?.isEmpty ?? true { decoder.drop(share: result.share, reason: "no server serves it: \(error)") }
        }
        return complete
    }

    /// A share that failed its checks (the decoder has set it aside): say so, and tell its
    /// server (best effort, as Tahoe's downloader does). False when `error` is not about
    /// one share.
    func corrupt(_ index: StorageIndex, _ error: CoreError, events: @Sendable (DownloadEvent) -> Void) async -> Bool {
        let share: Int
        switch error {
        case .corruptShare(let number, _), .badShare(let number, _): share = number
        default: return false
        }
        guard let position = holders[share]?.first else { return true }
        events(.replaced(share: share, server: name(position), reason: error.description))
        try? await servers[position].adviseCorrupt(index, share: share, reason: error.message)
        return true
    }

    /// Forgets the blocks of `window` (decoded); the header, the trailer (hash trees,
    /// chain, UEB) and blocks read ahead for later windows stay.
    func dropBlocks(_ window: [Int], geometry: FileGeometry) {
        for (share, layout) in layouts {
            let start = layout.dataOffset + UInt64(window[0]) * UInt64(geometry.blockSize)
            let end = layout.dataOffset + UInt64(window[window.count - 1] + 1) * UInt64(geometry.blockSize)
            shares[share]?.drop(start..<min(end, layout.plaintextHashTreeOffset))
        }
    }
}
