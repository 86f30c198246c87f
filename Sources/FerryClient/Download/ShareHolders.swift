import FerryCore
import FerryStorage

/// Which storage servers hold which shares of a file, asked of every server at once.
struct ShareHolders {
    let servers: [StorageClient]
    /// Share number → indexes of the servers holding it.
    var holders: [Int: [Int]]
    var anyServerFailed: Bool

    static func locate(_ index: StorageIndex, needed: Int, servers: [StorageClient],
                       events: @Sendable (DownloadEvent) -> Void) async throws(TransferError) -> ShareHolders {
        let answers = await withTaskGroup(of: ServerListing.self) { group in
            for (position, server) in servers.enumerated() {
                group.addTask { await ServerListing.ask(server, at: position, for: index) }
            }
            return await group.reduce(into: [ServerListing]()) { $0.append($1) }
        }.sorted { $0.position < $1.position }
        var holders: [Int: [Int]] = [:]
        var failures: [(server: String, error: StorageError)] = []
        for listing in answers {
            switch listing.answer {
            case .success(let shares): for share in shares { holders[share, default: []].append(listing.position) }
            case .failure(let error):
                let name = OpenedShares.name(servers[listing.position])
                failures.append((name, error))
                events(.unanswered(server: name, error: error))
            }
        }
        let answered = servers.count - failures.count
        events(.located(shares: holders.count, servers: answered, of: servers.count))
        guard holders.count >= needed else {
            throw Self.tooFew(holders.count, needed: needed, answered: answered, failures: failures)
        }
        return ShareHolders(servers: servers, holders: holders, anyServerFailed: !failures.isEmpty)
    }

    /// Why too few shares were found. Every server answered: the file is not in this grid.
    /// Some refused Ferry for good (a wrong swissnum or TLS key in their NURLs): a final
    /// error naming them, as retrying cannot mend a config (it retried for ever, saying only
    /// "did not answer"). Otherwise some may answer later: a retryable one, naming them.
    static func tooFew(_ found: Int, needed: Int, answered: Int, failures: [(server: String, error: StorageError)]) -> TransferError {
        let what = "\(found) of the \(needed) shares needed \(found == 1 ? "is" : "are") on "
            + (answered == 1 ? "the one storage server that answered" : "the \(answered) storage servers that answered")
        guard !failures.isEmpty else { return .notFound("\(what) (all of them); is the file in this grid?") }
        // Servers grouped by what they said, in the order met: a wrong secret in every
        // NURL is one reason and a list of servers, not the reason over and over.
        let reasons = failures.map(\.error.message).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let named = reasons.map { reason in
            "\(failures.filter { $0.error.message == reason }.map(\.server).joined(separator: ", ")) (\(reason))"
        }.joined(separator: "; ")
        if failures.allSatisfy({ !$0.error.isRetryable }) {
            let refused = failures.allSatisfy { $0.error == .wrongServerKey } ? "are not the servers their NURLs name" : "refused Ferry"
            return .refused(code: failures[0].error.code, message: "\(what); \(failures.count) \(refused): \(named). "
                            + "Check their NURLs (grid.storage in the config, or FERRY_STORAGE)")
        }
        return .storage(.transport("\(what); \(failures.count) did not answer: \(named)"))
    }

    /// Fetches every share's metadata (header, hash trees, share hash chain, UEB), from
    /// the first holder that answers; a share no holder gives is left out.
    func open(_ index: StorageIndex, events: @Sendable (DownloadEvent) -> Void) async throws(TransferError) -> OpenedShares {
        let servers = servers
        let results = await withTaskGroup(of: ShareOpening.self) { group in
            for (share, holding) in holders {
                let holding = holding.map { (position: $0, server: servers[$0]) }
                group.addTask { await ShareOpening.open(index, share: share, holding: holding) }
            }
            return await group.reduce(into: [ShareOpening]()) { $0.append($1) }
        }
        var opened = OpenedShares(servers: servers, anyServerFailed: anyServerFailed)
        for result in results {
            for failure in result.failures {
                opened.anyServerFailed = true
                events(.replaced(share: result.share, server: OpenedShares.name(servers[failure.position]), reason: failure.reason))
            }
            if let sparse = result.sparse {
                opened.shares[result.share] = sparse
                opened.holders[result.share] = result.remaining
            }
        }
        return opened
    }

    /// The header, the block tree's root, the share hash chain and the UEB of one share, in
    /// four reads. The hash trees themselves (their size grows with the file's) are read a
    /// band at a time as windows need them (``SegmentDecoder/treeReads(window:band:)``).
    static func metadata(_ index: StorageIndex, share: Int, from server: StorageClient) async throws(StorageError) -> SparseShare {
        let sparse = SparseShare(shareNumber: share)
        let header = try await server.read(index, share: share, range: 0..<0x44)
        sparse.add(header, at: 0)
        let layout: ShareLayout
        do { layout = try ShareLayout(parsing: header, shareNumber: share) } catch { throw .badRequest("share \(share): \(error.message)") }
        let root = layout.blockHashesOffset..<layout.blockHashesOffset + UInt64(Hashes.size)
        if root.upperBound <= layout.shareHashesOffset { sparse.add(try await server.read(index, share: share, range: root), at: root.lowerBound) }
        let lengthEnd = layout.uriExtensionOffset + UInt64(layout.lengthFieldSize)
        let trailer = try await server.read(index, share: share, range: layout.shareHashesOffset..<lengthEnd)
        sparse.add(trailer, at: layout.shareHashesOffset)
        guard trailer.count >= layout.lengthFieldSize else { throw .badRequest("share \(share) ends before its UEB") }
        let length = min(BigEndian.read(trailer, at: trailer.count - layout.lengthFieldSize, width: layout.lengthFieldSize), 64 << 10)
        if length > 0 { sparse.add(try await server.read(index, share: share, range: lengthEnd..<lengthEnd + length), at: lengthEnd) }
        return sparse
    }
}
