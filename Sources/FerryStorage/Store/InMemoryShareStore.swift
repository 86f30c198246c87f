import FerryCore

/// A ``ShareStore`` in memory: the reference for the conformance suite and a fast store
/// for tests of the layers above. Nothing survives the process.
public actor InMemoryShareStore: ShareStore {
    private struct Bucket {
        var complete: [Int: [UInt8]] = [:]
        var incoming: [Int: (state: IncomingShare, data: [UInt8])] = [:]
        var leases: [[UInt8]: UInt64] = [:]
    }

    private var buckets: [StorageIndex: Bucket] = [:]
    private let limits: StoreCapacity
    private let now: @Sendable () -> UInt64
    /// Corruption reports received (storage index, share, reason).
    public private(set) var advisories: [(StorageIndex, Int, String)] = []

    public init(capacity: StoreCapacity = StoreCapacity(maximumShareSize: 1 << 40, availableSpace: 1 << 40),
                now: @escaping @Sendable () -> UInt64) {
        limits = capacity
        self.now = now
    }

    public func capacity() -> StoreCapacity {
        let used = buckets.values.reduce(UInt64(0)) { total, bucket in
            total + bucket.incoming.values.reduce(0) { $0 + $1.state.size } + bucket.complete.values.reduce(0) { $0 + UInt64($1.count) }
        }
        return StoreCapacity(maximumShareSize: limits.maximumShareSize, availableSpace: limits.availableSpace - min(used, limits.availableSpace))
    }

    public func allocate(_ index: StorageIndex, shares: Set<Int>, size: UInt64,
                         upload: UploadSecret, lease: LeaseSecrets) throws(StorageError) -> Allocation {
        var bucket = buckets[index] ?? Bucket()
        let plan = try UploadRules.allocate(requested: shares, size: size, complete: Set(bucket.complete.keys),
                                            incoming: bucket.incoming.mapValues(\.state), upload: upload, capacity: capacity())
        for share in plan.create {
            var state = IncomingShare(size: size, secretDigest: upload.digest, renewDigest: lease.renewDigest)
            state.touched = now()
            bucket.incoming[share] = (state, [UInt8](repeating: 0, count: Int(size)))
        }
        for share in plan.resume { bucket.incoming[share]?.state.touched = now() }
        if !plan.alreadyHave.isEmpty { bucket.leases[lease.renewDigest] = now() + UploadRules.leaseDuration }
        buckets[index] = bucket
        return Allocation(alreadyHave: plan.alreadyHave, allocated: plan.resume.union(plan.create))
    }

    /// Writes at `offset`; `durable` changes nothing here, as nothing is ever durable.
    public func write(_ index: StorageIndex, share: Int, at offset: UInt64, _ data: [UInt8],
                      upload: UploadSecret, durable: Bool) throws(StorageError) -> WriteOutcome {
        var bucket = buckets[index] ?? Bucket()
        guard var entry = bucket.incoming[share] else {
            _ = try UploadRules.checkWrite(nil, completeExists: bucket.complete[share] != nil, offset: offset, length: data.count, upload: upload)
            return .complete
        }
        for overlap in try UploadRules.checkWrite(entry.state, completeExists: false, offset: offset, length: data.count, upload: upload) {
            let existing = entry.data[Int(overlap.lowerBound)..<Int(overlap.upperBound)]
            let incoming = data[Int(overlap.lowerBound - offset)..<Int(overlap.upperBound - offset)]
            guard existing.elementsEqual(incoming) else { throw .conflict("bytes \(overlap) differ from those already written") }
        }
        entry.data.replaceSubrange(Int(offset)..<Int(offset) + data.count, with: data)
        entry.state.written.insert(offset..<offset + UInt64(data.count))
        entry.state.touched = now()
        if entry.state.isComplete {
            bucket.incoming[share] = nil
            bucket.complete[share] = entry.data
            bucket.leases[entry.state.renewDigest] = now() + UploadRules.leaseDuration
            buckets[index] = bucket
            return .complete
        }
        bucket.incoming[share] = entry
        buckets[index] = bucket
        return .partial(required: entry.state.required)
    }

    public func abort(_ index: StorageIndex, share: Int, upload: UploadSecret) throws(StorageError) {
        let bucket = buckets[index]
        try UploadRules.checkAbort(bucket?.incoming[share]?.state, completeExists: bucket?.complete[share] != nil, upload: upload)
        buckets[index]?.incoming[share] = nil
    }

    public func abandonIdle() -> Int {
        let idle = UploadRules.idle(buckets.mapValues { $0.incoming.mapValues(\.state) }, now: now())
        for (index, share) in idle { buckets[index]?.incoming[share] = nil }
        return idle.count
    }

    public func shares(of index: StorageIndex) -> Set<Int> { Set(buckets[index]?.complete.keys ?? [:].keys) }

    public func read(_ index: StorageIndex, share: Int, at offset: UInt64, length: Int) throws(StorageError) -> [UInt8] {
        try UploadRules.checkShareNumber(share)
        guard let data = buckets[index]?.complete[share] else { throw .notFound("no share \(share)") }
        guard offset < UInt64(data.count) else { return [] }
        return Array(data[Int(offset)..<min(data.count, Int(offset) + length)])
    }

    public func length(_ index: StorageIndex, share: Int) throws(StorageError) -> UInt64 {
        try UploadRules.checkShareNumber(share)
        guard let data = buckets[index]?.complete[share] else { throw .notFound("no share \(share)") }
        return UInt64(data.count)
    }

    public func adviseCorrupt(_ index: StorageIndex, share: Int, reason: String) throws(StorageError) {
        guard buckets[index]?.complete[share] != nil else { throw .notFound("no share \(share)") }
        advisories.append((index, share, reason))
    }

    public func renewLease(_ index: StorageIndex, lease: LeaseSecrets) throws(StorageError) {
        guard let bucket = buckets[index], !bucket.complete.isEmpty else { throw .notFound("no shares for this storage index") }
        buckets[index]?.leases[lease.renewDigest] = now() + UploadRules.leaseDuration
    }

    /// Lease expiry times by renew-secret digest (for tests and expiry).
    public func leases(_ index: StorageIndex) -> [[UInt8]: UInt64] { buckets[index]?.leases ?? [:] }
}
