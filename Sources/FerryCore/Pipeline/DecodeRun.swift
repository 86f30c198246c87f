/// The mutable state of one decode: which shares are in use, which are waiting, what went wrong.
struct DecodeRun {
    let opener: ShareOpener
    let uriExtension: URIExtension
    let geometry: FileGeometry
    let workers: Int
    var report = DecodeReport()
    private var waiting: [(source: any ShareSource, layout: ShareLayout?)]
    private var active: [(source: any ShareSource, share: VerifiedShare)] = []
    private var shareTree: PartialMerkleTree

    /// Finds the first share with a UEB matching the cap; primary shares (number < k) first,
    /// since they decode without arithmetic.
    init(opener: ShareOpener, sources: [any ShareSource], workers: Int) throws {
        self.opener = opener
        self.workers = workers
        var report = DecodeReport()
        var seen = Set<Int>()
        let ordered = sources.filter { seen.insert($0.shareNumber).inserted }
            .sorted { ($0.shareNumber < opener.needed ? 0 : 1, $0.shareNumber) < ($1.shareNumber < opener.needed ? 0 : 1, $1.shareNumber) }
        var waiting: [(source: any ShareSource, layout: ShareLayout?)] = []
        var found: URIExtension?
        for source in ordered {
            if found != nil { waiting.append((source, nil)); continue }
            switch try Self.attempt({ try opener.readMetadata(source) }) {
            case .success(let (layout, block)):
                found = block
                waiting.append((source, layout))
            case .failure(let failure):
                report.note(failure, share: source.shareNumber)
            }
        }
        guard let found else {
            throw CoreError.notEnoughShares(have: 0, need: opener.needed, corrupt: report.badShares.keys.sorted())
        }
        uriExtension = found
        geometry = found.geometry
        shareTree = PartialMerkleTree(leafCount: geometry.total, root: found.shareRootHash)
        self.waiting = waiting
        self.report = report
    }

    /// Verified blocks of `segment` from k shares. A share that fails is set aside and,
    /// when `replacing`, another takes its place at once; otherwise its error is thrown (a
    /// downloader must fetch the newcomer's blocks first). Blocks are fetched first, then
    /// hashed on several threads, then checked. Without `verifying`, the blocks are only
    /// read (a share that cannot supply its block is still set aside): for a caller that
    /// checks what it decodes from them against the crypttext tree, and verifies the blocks
    /// only to find the share to blame when that check fails.
    mutating func blocks(segment: Int, replacing: Bool = true, verifying: Bool = true) throws -> [(Int, ArraySlice<UInt8>)] {
        while true {
            try fillActive()
            var fetched: [(block: ArraySlice<UInt8>, hashes: [Int: [UInt8]])] = []
            var failed: Int?
            var failure: CoreError?
            for entry in active {
                let outcome = try Self.attempt { () throws -> (ArraySlice<UInt8>, [Int: [UInt8]]) in
                    let length = geometry.blockLength(segment)
                    let bytes = try entry.source.readSlice(offset: entry.share.blockOffset(segment: segment, geometry: geometry), length: length)
                    guard bytes.count == length else { throw CoreError.badShare(shareNumber: entry.source.shareNumber, reason: "truncated block \(segment)") }
                    var hashes: [Int: [UInt8]] = [:]
                    // Unverified reads skip the tree nodes altogether (not even their list is made).
                    for node in verifying ? entry.share.neededBlockHashes(segment: segment) : [] {
                        hashes[node] = try entry.source.read(offset: entry.share.blockHashOffset(node: node), length: Hashes.size)
                    }
                    return (bytes, hashes)
                }
                guard case .success(let item) = outcome else {
                    if case .failure(let reason) = outcome {
                        report.note(reason, share: entry.source.shareNumber)
                        failure = reason.error(share: entry.source.shareNumber)
                    }
                    failed = fetched.count
                    break
                }
                fetched.append(item)
            }
            if failed == nil, verifying {
                let leaves = Self.withBuffers(fetched.map(\.block)) { SegmentHashing.blockHashes($0, workers: workers) }
                for index in fetched.indices {
                    do {
                        try active[index].share.verify(blockHash: leaves[index], segment: segment, hashes: fetched[index].hashes)
                    } catch {
                        report.badShares[active[index].share.shareNumber] = error
                        failure = error
                        failed = index
                        break
                    }
                }
            }
            if let failed {
                active.remove(at: failed)
                if !replacing, let failure { throw failure }
                continue
            }
            let result = zip(active, fetched).map { ($0.share.shareNumber, $1.block) }
            report.usedShares.formUnion(result.map(\.0))
            return result
        }
    }

    /// Calls `body` with raw views of every array (or slice).
    static func withBuffers<R>(_ arrays: [ArraySlice<UInt8>], _ body: ([UnsafeRawBufferPointer]) throws -> R) rethrows -> R {
        var pointers: [UnsafeRawBufferPointer] = []
        func recurse(_ index: Int) throws -> R {
            if index == arrays.count { return try body(pointers) }
            return try arrays[index].withUnsafeBytes { buffer in
                pointers.append(buffer)
                return try recurse(index + 1)
            }
        }
        return try recurse(0)
    }

    /// Checks a decoded segment's hash against the crypttext tree, reading the chain from
    /// active shares until one supplies a good one; shares whose chain was bad are set aside.
    mutating func checkSegment(_ segment: Int, hash: [UInt8], tree: inout PartialMerkleTree) throws {
        var failed: [Int] = []
        for (index, entry) in active.enumerated() {
            let base = entry.share.layout.crypttextHashTreeOffset
            var hashes: [Int: [UInt8]] = [:]
            for node in tree.missingHashes(forLeaf: segment) {
                hashes[node] = try entry.source.read(offset: base + UInt64(node * Hashes.size), length: Hashes.size)
            }
            if (try? tree.add(hashes: hashes, leaves: [segment: hash])) != nil {
                for bad in failed.reversed() {
                    let number = active.remove(at: bad).share.shareNumber
                    report.badShares[number] = .corruptShare(shareNumber: number, reason: "its crypttext hash tree is wrong")
                }
                return
            }
            failed.append(index)
        }
        throw CoreError.integrity("segment \(segment) does not match the crypttext hash tree")
    }

    /// The byte ranges of hash-tree nodes each active share must supply before `window`
    /// can be checked and that its source does not hold yet, as bands of `band` nodes per
    /// level (``TreeBand``): block-tree nodes, and crypttext-tree nodes
    /// from every active share (a share whose copy is wrong is then set aside at once).
    func treeReads(window: [Int], crypttext: PartialMerkleTree, band: Int) -> [(shareNumber: Int, ranges: [Range<UInt64>])] {
        let crypttextNodes = Set(window.flatMap { crypttext.missingHashes(forLeaf: $0) })
        return active.map { entry in
            func unheld(_ nodes: Set<Int>, base: UInt64) -> [Range<UInt64>] {
                let held = { (node: Int) in (try? entry.source.read(offset: base + UInt64(node * Hashes.size), length: Hashes.size)) != nil }
                return TreeBand.runs(nodes, band: band, held: held).map {
                    base + UInt64($0.lowerBound * Hashes.size)..<base + UInt64($0.upperBound * Hashes.size)
                }
            }
            let blockNodes = Set(window.flatMap { entry.share.neededBlockHashes(segment: $0) })
            return (entry.share.shareNumber, unheld(blockNodes, base: entry.share.layout.blockHashesOffset)
                        + unheld(crypttextNodes, base: entry.share.layout.crypttextHashTreeOffset))
        }.filter { !$0.ranges.isEmpty }
    }

    /// Forgets the active shares' block-tree hashes only segments before `segment` need.
    mutating func forget(segmentsBefore segment: Int) {
        for index in active.indices { active[index].share.forget(segmentsBefore: segment) }
    }

    /// The shares decoding uses now, in order.
    var activeShares: [(shareNumber: Int, layout: ShareLayout)] {
        active.map { ($0.share.shareNumber, $0.share.layout) }
    }

    /// Sets a share aside for good (its server failed or lied), active or waiting.
    mutating func drop(share: Int, reason: String) {
        active.removeAll { $0.share.shareNumber == share }
        waiting.removeAll { $0.source.shareNumber == share }
        report.unreadableShares[share] = reason
    }

    mutating func fillActive() throws {
        while active.count < geometry.needed {
            guard !waiting.isEmpty else {
                throw CoreError.notEnoughShares(have: active.count, need: geometry.needed, corrupt: report.badShares.keys.sorted())
            }
            let (source, known) = waiting.removeFirst()
            var tree = shareTree
            let outcome = try Self.attempt { () throws -> VerifiedShare in
                let layout = try known ?? opener.readMetadata(source).0
                return try opener.open(source, layout: layout, geometry: geometry, shareTree: &tree)
            }
            switch outcome {
            case .success(let opened):
                shareTree = tree
                active.append((source, opened))
            case .failure(let failure):
                report.note(failure, share: source.shareNumber)
            }
        }
    }

    /// Runs `body`; a share-level failure comes back as `.failure`, anything else is rethrown.
    private static func attempt<T>(_ body: () throws -> T) throws -> Result<T, ShareFailure> {
        do {
            return .success(try body())
        } catch let error as CoreError {
            switch error {
            case .badShare, .corruptShare: return .failure(.bad(error))
            default: throw error
            }
        } catch let missing as SparseShare.Missing {
            throw missing  // not fetched yet: the share is not at fault
        } catch {
            return .failure(.unreadable("\(error)"))
        }
    }
}

/// Why one share dropped out of a decode.
enum ShareFailure: Error {
    case bad(CoreError)
    case unreadable(String)
}

extension ShareFailure {
    /// The failure as an error naming its share.
    func error(share: Int) -> CoreError {
        switch self {
        case .bad(let error): error
        case .unreadable(let text): .badShare(shareNumber: share, reason: text)
        }
    }
}

extension DecodeReport {
    mutating func note(_ failure: ShareFailure, share: Int) {
        switch failure {
        case .bad(let error): badShares[share] = error
        case .unreadable(let text): unreadableShares[share] = text
        }
    }
}
