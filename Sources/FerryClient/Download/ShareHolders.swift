import FerryCore
import FerryStorage

/// Which storage servers hold which shares of a file, asked of every server at once.
struct ShareHolders {
    let servers: [StorageClient]
    /// Share number → indexes of the servers holding it.
    var holders: [Int: [Int]]
    var anyServerFailed: Bool

    /// Asks every server which shares it holds; goes on once the answers name `needed`
    /// shares, after a grace for the rest (``EarlyGathering``): a server that has not
    /// answered by then is said and left out of this attempt.
    static func locate(_ index: StorageIndex, needed: Int, servers: [StorageClient],
                       events: @Sendable (DownloadEvent) -> Void) async throws(TransferError) -> ShareHolders {
        let gathered = await EarlyGathering<ServerListing>.gather(count: servers.count, enough: { answers in
            Set(answers.flatMap { (try? $0.value.answer.get()) ?? [] }).count >= needed
        }) { position in
            await ServerListing.ask(servers[position], at: position, for: index)
        }
        if Task.isCancelled { throw .cancelled }
        for position in gathered.leftOut {
            events(.slow(server: OpenedShares.name(servers[position]), waited: gathered.grace?.inSeconds ?? 0))
        }
        let answers = gathered.answers.map(\.value).sorted { $0.position < $1.position }
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
        let answered = answers.count - failures.count
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
    /// the first holder that answers; a share no holder gives is left out, and so is one
    /// still on its way a grace after `needed` shares are open (``EarlyGathering``).
    func open(_ index: StorageIndex, needed: Int, events: @Sendable (DownloadEvent) -> Void) async throws(TransferError) -> OpenedShares {
        let servers = servers
        let shares = holders.map { (share: $0.key, holding: $0.value.map { (position: $0, server: servers[$0]) }) }
        let gathered = await EarlyGathering<ShareOpening>.gather(count: shares.count, enough: { answers in
            answers.count { $0.value.sparse != nil } >= needed
        }) { item in
            await ShareOpening.open(index, share: shares[item].share, holding: shares[item].holding)
        }
        if Task.isCancelled { throw .cancelled }
        var opened = OpenedShares(servers: servers, anyServerFailed: anyServerFailed)
        for item in gathered.leftOut {
            let (share, holding) = shares[item]
            opened.anyServerFailed = true
            let waited = DownloadEvent.tenths(gathered.grace?.inSeconds ?? 0)
            events(.replaced(share: share, server: OpenedShares.name(holding[0].server),
                             reason: "slow: not open \(waited) s after enough other shares were"))
        }
        for result in gathered.answers.map(\.value) {
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

    /// The header, both hash trees, the share hash chain and the UEB of one share, in two
    /// reads: the header, then the rest at once (from the trees to past the UEB's usual
    /// length; reads are shortened at a share's end), so a far server costs two round trips,
    /// not the four it took read part by part, and the first window needs no tree read of its
    /// own. A file's trees too large for that (~1,000 segments and more) are left to be read
    /// a band at a time as windows need them (``SegmentDecoder/treeReads(window:band:)``), and
    /// only the block tree's root is read, apart. A UEB longer than guessed is read apart too.
    static func metadata(_ index: StorageIndex, share: Int, from server: StorageClient) async throws(StorageError) -> SparseShare {
        let sparse = SparseShare(shareNumber: share)
        let header = try await server.read(index, share: share, range: 0..<0x44)
        sparse.add(header, at: 0)
        let layout: ShareLayout
        do { layout = try ShareLayout(parsing: header, shareNumber: share) } catch { throw .badRequest("share \(share): \(error.message)") }
        let crypttextTree = layout.crypttextHashTreeOffset..<layout.blockHashesOffset
        let blockTree = layout.blockHashesOffset..<layout.shareHashesOffset
        let trees = layout.shareHashesOffset - crypttextTree.lowerBound <= Self.treesReadWhole
        let root = blockTree.lowerBound..<blockTree.lowerBound + UInt64(Hashes.size)
        if !trees, root.upperBound <= blockTree.upperBound {
            sparse.add(try await server.read(index, share: share, range: root), at: root.lowerBound)
        }
        let lengthEnd = layout.uriExtensionOffset + UInt64(layout.lengthFieldSize)
        let start = trees ? crypttextTree.lowerBound : layout.shareHashesOffset
        let tail = try await server.read(index, share: share, range: start..<lengthEnd + Self.uebGuess)
        guard UInt64(tail.count) >= lengthEnd - start else { throw .badRequest("share \(share) ends before its UEB") }
        func piece(_ range: Range<UInt64>) -> [UInt8] { Array(tail[Int(range.lowerBound - start)..<Int(range.upperBound - start)]) }
        if trees {
            for tree in [crypttextTree, blockTree] where !tree.isEmpty { sparse.add(piece(tree), at: tree.lowerBound) }
        }
        sparse.add(piece(layout.shareHashesOffset..<lengthEnd), at: layout.shareHashesOffset)
        let length = min(BigEndian.read(tail, at: Int(lengthEnd - start) - layout.lengthFieldSize, width: layout.lengthFieldSize), 64 << 10)
        let ueb = lengthEnd..<lengthEnd + length
        if length > 0 {
            let held = start + UInt64(tail.count)
            sparse.add(held >= ueb.upperBound ? piece(ueb) : try await server.read(index, share: share, range: ueb), at: lengthEnd)
        }
        return sparse
    }

    /// Reads made one after the other to open a share (of a file of up to ~1,000 segments).
    static let openingReads = 2

    /// The most bytes of hash trees (both, and the share hash chain) read whole at a share's
    /// opening: 64 KiB per tree, a file of up to ~1,000 segments (1 GiB in 1 MiB segments).
    static let treesReadWhole: UInt64 = 128 << 10

    /// Bytes read past the UEB's length field in the hope of taking the whole UEB at once:
    /// Tahoe-LAFS's UEBs are 300-500 bytes.
    static let uebGuess: UInt64 = 1024
}
