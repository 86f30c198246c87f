import FerryCore
import FerryIO
import NIOCore

/// A ``ShareStore`` in a directory tree (see ``StoreLayout``). The directory is the state:
/// an incoming share is its data file, a meta file written once at allocation, and an
/// append-only log of written ranges; data is fdatasynced, then its ranges logged and
/// synced, before a write is acknowledged. Completion is a rename into `shares/`. After a crash or a
/// restart, incoming shares are found again and resumed with the same upload secret.
public actor DirectoryShareStore: ShareStore {
    let layout: StoreLayout
    private let reservedSpace: UInt64
    private let maximumShareSize: UInt64
    /// Most bytes of shares, complete and incoming, the store holds (nil: as many as the
    /// file system's free space allows).
    private let sizeLimit: UInt64?
    /// Bytes of complete shares, kept only under a size limit.
    var stored: UInt64
    let now: @Sendable () -> UInt64
    var incoming: [StorageIndex: [Int: IncomingShare]]
    /// Share bytes not aligned in memory are copied through this on their way around the
    /// page cache (``DirectWrites``); one for the store, whose writes run one at a time.
    private(set) lazy var writeBounce = AlignedBuffer(capacity: 1 << 20)

    /// Opens (creating if needed) a store rooted at `root`, keeping `reservedSpace` bytes of
    /// the file system free, holding at most `sizeLimit` bytes of shares and refusing
    /// shares over `maximumShareSize`.
    public init(root: String, reservedSpace: UInt64 = 0, sizeLimit: UInt64? = nil, maximumShareSize: UInt64 = 1 << 40,
                now: @escaping @Sendable () -> UInt64) throws(StorageError) {
        let layout = StoreLayout(root: root)
        let found = try io { () throws(FileError) in
            // Durable entries up to the store's own in its parent (buckets are synced up to the
            // root as they are made).
            try Directory.createDurably(layout.incoming, under: Directory.parent(of: root))
            try Directory.create(layout.advisories)
            return (try IncomingScan(layout: layout).run(), sizeLimit == nil ? 0 : try StoredScan(layout: layout).run())
        }
        self.layout = layout
        self.reservedSpace = reservedSpace
        self.maximumShareSize = maximumShareSize
        self.sizeLimit = sizeLimit
        self.now = now
        incoming = found.0.mapValues { $0.mapValues { var state = $0; state.touched = now(); return state } }
        stored = found.1
    }

    public func capacity() throws(StorageError) -> StoreCapacity {
        let free = try io { () throws(FileError) in try Directory.availableBytes(layout.root) }
        let promised = incoming.values.flatMap(\.values).reduce(UInt64(0)) { $0 + ($1.size - $1.present.count) }
        var available = free > reservedSpace + promised ? free - reservedSpace - promised : 0
        if let sizeLimit {
            let held = incoming.values.flatMap(\.values).reduce(stored) { $0 + $1.size }
            available = min(available, sizeLimit > held ? sizeLimit - held : 0)
        }
        return StoreCapacity(maximumShareSize: maximumShareSize, availableSpace: available)
    }

    public func allocate(_ index: StorageIndex, shares: Set<Int>, size: UInt64,
                         upload: UploadSecret, lease: LeaseSecrets) throws(StorageError) -> Allocation {
        let complete = try self.shares(of: index)
        let room = try capacity()
        let fresh = Set(UploadRules.newShares(shares, complete: complete, incoming: incoming[index] ?? [:]))
        let plan: (alreadyHave: Set<Int>, resume: Set<Int>, create: Set<Int>)
        do {
            plan = try UploadRules.allocate(requested: shares, size: size, complete: complete,
                                            incoming: incoming[index] ?? [:], upload: upload, capacity: room)
        } catch {
            if case .insufficientStorage = error { Self.sayNoRoom(index, fresh, size: size, room: room, took: []) }
            throw error
        }
        if plan.create.count < fresh.count { Self.sayNoRoom(index, fresh.subtracting(plan.create), size: size, room: room, took: plan.create) }
        for share in plan.create.sorted() {
            var state = IncomingShare(size: size, secretDigest: upload.digest, renewDigest: lease.renewDigest)
            state.touched = now()
            try io { () throws(FileError) in
                try Directory.createDurably(layout.incomingBucket(index), under: layout.root)
                try PosixFile.create(layout.incomingData(index, share)).sync()
                try PosixFile.create(layout.incomingRanges(index, share)).sync()
                try Directory.writeAtomically(IncomingRecords.meta(state), to: layout.incomingMeta(index, share))
            }
            incoming[index, default: [:]][share] = state
        }
        for share in plan.resume { incoming[index]?[share]?.touched = now() }
        if !plan.alreadyHave.isEmpty { try addLease(index, digest: lease.renewDigest) }
        return Allocation(alreadyHave: plan.alreadyHave, allocated: plan.resume.union(plan.create))
    }

    /// Says in the node's log which shares found no room (an operator saw nothing of it).
    private static func sayNoRoom(_ index: StorageIndex, _ refused: Set<Int>, size: UInt64, room: StoreCapacity, took: Set<Int>) {
        let list = { (shares: Set<Int>) in shares.sorted().map(String.init).joined(separator: ", ") }
        NodeLog.write("storage: \(index.base32): no room for share\(refused.count == 1 ? "" : "s") \(list(refused)) of \(HumanFormat.bytes(size)) "
            + "(\(HumanFormat.bytes(room.availableSpace)) available)" + (took.isEmpty ? "" : "; took \(list(took))"))
    }

    public func abort(_ index: StorageIndex, share: Int, upload: UploadSecret) throws(StorageError) {
        try UploadRules.checkAbort(incoming[index]?[share], completeExists: try exists(index, share), upload: upload)
        try removeIncoming(index, share)
    }

    public func abandonIdle() throws(StorageError) -> Int {
        let idle = UploadRules.idle(incoming, now: now())
        for (index, share) in idle { try removeIncoming(index, share) }
        return idle.count
    }

    private func removeIncoming(_ index: StorageIndex, _ share: Int) throws(StorageError) {
        try io { () throws(FileError) in
            try Directory.remove(layout.incomingMeta(index, share))
            try Directory.remove(layout.incomingRanges(index, share))
            try Directory.remove(layout.incomingData(index, share))
            try Directory.sync(layout.incomingBucket(index))
        }
        incoming[index]?[share] = nil
        if incoming[index]?.isEmpty == true { incoming[index] = nil; Directory.removeIfEmpty(layout.incomingBucket(index)) }
    }

    public func shares(of index: StorageIndex) throws(StorageError) -> Set<Int> {
        guard Directory.exists(layout.bucket(index)) else { return [] }
        return Set(try io { () throws(FileError) in try Directory.list(layout.bucket(index)) }.compactMap(StoreLayout.shareNumber))
    }

    public func read(_ index: StorageIndex, share: Int, at offset: UInt64, length: Int) throws(StorageError) -> [UInt8] {
        Array(try readBuffer(index, share: share, at: offset, length: length).readableBytesView)  // one read path, the server's
    }

    public func readBuffer(_ index: StorageIndex, share: Int, at offset: UInt64, length: Int) throws(StorageError) -> ByteBuffer {
        try UploadRules.checkShareNumber(share)
        guard try exists(index, share) else { throw .notFound("no share \(share)") }
        return try io { () throws(FileError) in
            let file = try PosixFile.openForReading(layout.share(index, share))
            defer { try? file.close() }
            let size = try file.size()
            guard offset < size else { return ByteBuffer() }
            let count = Int(min(UInt64(length), size - offset))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            var failure: FileError?
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { area in
                do throws(FileError) {
                    return try file.read(into: UnsafeMutableRawBufferPointer(rebasing: area[0..<count]), at: offset)
                } catch {
                    failure = error
                    return 0
                }
            }
            if let failure { throw failure }
            return buffer
        }
    }

    public func length(_ index: StorageIndex, share: Int) throws(StorageError) -> UInt64 {
        try UploadRules.checkShareNumber(share)
        guard try exists(index, share) else { throw .notFound("no share \(share)") }
        return try io { () throws(FileError) in try PosixFile.openForReading(layout.share(index, share)).size() }
    }

    public func adviseCorrupt(_ index: StorageIndex, share: Int, reason: String) throws(StorageError) {
        guard try exists(index, share) else { throw .notFound("no share \(share)") }
        let report = "storage index: \(index.base32)\nshare: \(share)\nreason: \(reason)\n"
        try io { () throws(FileError) in
            try Directory.writeAtomically(Array(report.utf8), to: "\(layout.advisories)/\(now())-\(index.base32)-\(share)")
        }
    }

    public func renewLease(_ index: StorageIndex, lease: LeaseSecrets) throws(StorageError) {
        guard !(try shares(of: index)).isEmpty else { throw .notFound("no shares for this storage index") }
        try addLease(index, digest: lease.renewDigest)
    }

    func exists(_ index: StorageIndex, _ share: Int) throws(StorageError) -> Bool {
        try UploadRules.checkShareNumber(share)
        return Directory.fileExists(layout.share(index, share))
    }
}
