import FerryCore
import FerryStorage

/// The shares whose metadata is in hand, each with the servers still trusted to serve it
/// (the first is asked); blocks are fetched into them a window at a time.
struct OpenedShares {
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

    /// Fetches the blocks of `window` for every active share, in parallel. A server that
    /// fails is dropped for that share (its next holder takes over, or, with none left, the
    /// share is set aside); returns false when any did, so the caller fetches again.
    mutating func fetch(_ index: StorageIndex, window: [Int], active: [(shareNumber: Int, layout: ShareLayout)], geometry: FileGeometry,
                        decoder: inout SegmentDecoder, events: @Sendable (DownloadEvent) -> Void) async throws(TransferError) -> Bool {
        let first = window[0], last = window[window.count - 1]
        for share in active { layouts[share.shareNumber] = share.layout }
        let requests = active.compactMap { share -> (Int, Int, Range<UInt64>)? in
            guard let position = holders[share.shareNumber]?.first else { return nil }
            let start = share.layout.dataOffset + UInt64(first) * UInt64(geometry.blockSize)
            let end = share.layout.dataOffset + UInt64(last) * UInt64(geometry.blockSize) + UInt64(geometry.blockLength(last))
            return (share.shareNumber, position, start..<end)
        }.filter { shares[$0.0]?.holds($0.2) != true }  // a retry fetches only what is missing
        let servers = servers
        let results = await withTaskGroup(of: FetchedRange.self) { group in
            for (share, position, range) in requests {
                group.addTask { await FetchedRange.read(index, share: share, position: position, range: range, from: servers[position]) }
            }
            return await group.reduce(into: [FetchedRange]()) { $0.append($1) }
        }
        var complete = active.allSatisfy { holders[$0.shareNumber]?.first != nil }
        for result in results {
            guard let error = result.error else {
                shares[result.share]?.add(result.bytes, at: result.offset)
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

    /// Forgets the fetched blocks (a window is decoded); the header and the trailer
    /// (hash trees, chain, UEB) stay, so a share can still be opened later.
    func dropBlocks() {
        for (share, layout) in layouts {
            shares[share]?.drop(layout.dataOffset..<layout.plaintextHashTreeOffset)
        }
    }
}
