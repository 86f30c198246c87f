import FerryCore
import Synchronization
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
    /// The arrays block reads fill, given back once their window is decoded.
    let pool = BufferPool(limit: 8)

    init(servers: [StorageClient], anyServerFailed: Bool) {
        self.servers = servers
        self.anyServerFailed = anyServerFailed
    }

    func name(_ position: Int) -> String { Self.name(servers[position]) }

    static func name(_ server: StorageClient) -> String { "\(server.nurl.host):\(server.nurl.port)" }

    /// Bytes arriving from a server, as ``DownloadEvent/fetched(share:server:bytes:)``.
    func arrivals(_ events: @escaping @Sendable (DownloadEvent) -> Void) -> @Sendable (Int, Int, Int) -> Void {
        let names = servers.map(Self.name)
        return { share, position, count in events(.fetched(share: share, server: names[position], bytes: count)) }
    }

    /// The ranged reads `window` needs, one per active share with a holder left, less what
    /// the shares already hold (a retry, or a window read ahead, fetches only what is missing).
    /// `trees` adds the hash-tree bands the decoder asks for, those of a share near each
    /// other in one read (``NearbyRanges``).
    func requests(window: [Int], active: [(shareNumber: Int, layout: ShareLayout)], geometry: FileGeometry,
                  trees: [(shareNumber: Int, ranges: [Range<UInt64>])] = []) -> [ReadRequest] {
        let first = window[0], last = window[window.count - 1]
        let blocks = active.compactMap { share -> ReadRequest? in
            guard let position = holders[share.shareNumber]?.first else { return nil }
            let start = share.layout.dataOffset + UInt64(first) * UInt64(geometry.blockSize)
            let end = share.layout.dataOffset + UInt64(last) * UInt64(geometry.blockSize) + UInt64(geometry.blockLength(last))
            return ReadRequest(share: share.shareNumber, position: position, range: start..<end)
        }
        let bands = trees.flatMap { tree -> [ReadRequest] in
            guard let position = holders[tree.shareNumber]?.first else { return [] }
            let missing = tree.ranges.filter { shares[tree.shareNumber]?.holds($0) != true }
            return NearbyRanges.groups(missing).map { group in
                ReadRequest(share: tree.shareNumber, position: position, range: group[0].lowerBound..<group.map(\.upperBound).max()!,
                            parts: group.count > 1 ? group : [])
            }
        }
        return blocks.filter { shares[$0.share]?.holds($0.range) != true } + bands
    }

    /// Runs `requests` against their servers, the servers in parallel and each server's in
    /// turn: parallel requests to one server would each open a connection of their own
    /// (HTTP/1.1), and every connection costs memory for as long as the pool keeps it.
    /// Every byte asked for is taken from the rate limit (`grant`), less `paid` already
    /// taken: at once when one grant covers it; otherwise (a limit slower than the reads)
    /// requests go in pieces of what one grant gives, each paid for as it goes. `arrived`
    /// hears the bytes as they come (share, server position, count).
    static func read(_ index: StorageIndex, _ requests: [ReadRequest], servers: [StorageClient], pool: BufferPool,
                     grant: (@Sendable (Int) async throws -> Int)?, paid: Int = 0,
                     arrived: @escaping @Sendable (Int, Int, Int) -> Void = { _, _, _ in }) async throws(TransferError) -> [FetchedRange] {
        let owed = requests.reduce(0) { $0 + Int($1.range.count) } - paid
        var piece = UInt64.max
        let credit = Mutex(0)
        if let grant, owed > 0 {
            let granted: Int
            do { granted = max(1, try await grant(owed)) } catch { throw .cancelled }
            if granted < owed {
                piece = UInt64(max(16 << 10, granted))
                credit.withLock { $0 = paid + granted }
            }
        }
        // Each piece is paid for before it goes, from what was granted above first.
        let pay: @Sendable (Int) async throws(TransferError) -> Void = { bytes in
            let covered = credit.withLock { credit in
                let taken = min(credit, bytes)
                credit -= taken
                return taken
            }
            try await Self.pay(bytes - covered, to: grant)
        }
        let byServer = Dictionary(grouping: requests, by: \.position)
        let pieceSize = piece
        return await withTaskGroup(of: [FetchedRange].self) { group in
            for (position, requests) in byServer {
                group.addTask {
                    var results: [FetchedRange] = []
                    for request in requests {
                        let result = await FetchedRange.read(index, share: request.share, position: position, range: request.range,
                                                             from: servers[position], pool: pool, piece: pieceSize, pay: pay) {
                            arrived(request.share, position, $0)
                        }
                        results += result.split(request.parts, pool: pool)
                    }
                    return results
                }
            }
            return await group.reduce(into: [FetchedRange]()) { $0 += $1 }
        }
    }

    /// Fetches the blocks of `window` for every active share, in parallel, after taking in
    /// `ahead` (reads of this window made earlier). A server that fails is dropped for
    /// that share (its next holder takes over, or, with none left, the share is set aside);
    /// returns false when any did, so the caller fetches again.
    mutating func fetch(_ index: StorageIndex, window: [Int], active: [(shareNumber: Int, layout: ShareLayout)], geometry: FileGeometry,
                        ahead: [FetchedRange] = [], grant: (@Sendable (Int) async throws -> Int)?, decoder: inout SegmentDecoder,
                        events: @escaping @Sendable (DownloadEvent) -> Void) async throws(TransferError) -> Bool {
        for share in active { layouts[share.shareNumber] = share.layout }
        var complete = try absorb(ahead, decoder: &decoder, events: events)
        let trees = decoder.treeReads(window: window)
        let results = try await Self.read(index, requests(window: window, active: active, geometry: geometry, trees: trees), servers: servers,
                                          pool: pool, grant: grant, arrived: arrivals(events))
        complete = try absorb(results, decoder: &decoder, events: events) && complete
        return complete && active.allSatisfy { holders[$0.shareNumber]?.first != nil }
    }

    /// Takes `bytes` from the rate limit (nil: none) in the pieces it grants, each at most
    /// a burst, waiting as long as it needs.
    static func pay(_ bytes: Int, to grant: (@Sendable (Int) async throws -> Int)?) async throws(TransferError) {
        guard let grant else { return }
        var owed = bytes
        while owed > 0 {
            do { owed -= max(1, try await grant(owed)) } catch { throw .cancelled }
        }
    }

    /// Files fetched bytes into their shares; drops the server of each failed read.
    /// False when any read failed.
    private mutating func absorb(_ results: [FetchedRange], decoder: inout SegmentDecoder,
                                 events: @Sendable (DownloadEvent) -> Void) throws(TransferError) -> Bool {
        var complete = true
        for result in results {
            guard let error = result.error else {
                if let earlier = treeLevel(result.share, at: result.offset) { shares[result.share]?.drop(earlier) }  // a new band replaces the old
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

    /// The bytes of the hash-tree level a read at `offset` of `share` starts in, when it
    /// is a band of one of the share's two trees (not the block tree's root, kept).
    private func treeLevel(_ share: Int, at offset: UInt64) -> Range<UInt64>? {
        guard let layout = layouts[share], offset >= layout.crypttextHashTreeOffset, offset < layout.shareHashesOffset,
              offset != layout.blockHashesOffset else { return nil }
        let base = offset >= layout.blockHashesOffset ? layout.blockHashesOffset : layout.crypttextHashTreeOffset
        let level = TreeIndex.level(of: Int(offset - base) / Hashes.size)
        return base + UInt64(level.lowerBound * Hashes.size)..<base + UInt64(level.upperBound * Hashes.size)
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
            for array in shares[share]?.drop(start..<min(end, layout.plaintextHashTreeOffset)) ?? [] { pool.give(array) }
        }
    }
}
