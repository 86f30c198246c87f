import FerryCore
import FerryIO

extension DirectoryShareStore {
    /// Moves a fully written share into place (the commit point), then drops its
    /// bookkeeping and records the uploader's lease. The upload is over once the rename is
    /// done, even if a later step fails: kept, its state let a retried request write into a
    /// new, empty incoming file and rename that over the finished share. (The start-up scan
    /// tidies what a failed step left.)
    func finish(_ index: StorageIndex, _ share: Int, _ state: IncomingShare) throws(StorageError) {
        let bucket = layout.bucket(index)
        try io { () throws(FileError) in
            try Directory.createDurably(bucket, under: layout.root)
            try Directory.rename(layout.incomingData(index, share), to: layout.share(index, share))
        }
        incoming[index]?[share] = nil
        stored += state.size
        let last = incoming[index]?.isEmpty == true
        if last { incoming[index] = nil }
        try io { () throws(FileError) in
            try Directory.sync(bucket)
            try Directory.remove(layout.incomingMeta(index, share))
            try Directory.remove(layout.incomingRanges(index, share))
            try Directory.sync(layout.incomingBucket(index))
        }
        if last { Directory.removeIfEmpty(layout.incomingBucket(index)) }
        try addLease(index, digest: state.renewDigest)
    }

    /// Lease expiry times by renew-secret digest.
    public func leases(_ index: StorageIndex) throws(StorageError) -> [[UInt8]: UInt64] {
        let path = layout.leases(index)
        guard Directory.fileExists(path) else { return [:] }
        let text = String(decoding: try io { () throws(FileError) in try PosixFile.openForReading(path).readAll() }, as: UTF8.self)
        var leases: [[UInt8]: UInt64] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, let digest = IncomingRecords.unhex(fields[0]), let expiry = UInt64(fields[1]) { leases[digest] = expiry }
        }
        return leases
    }

    /// Adds or renews the lease held by `digest` for 31 days from now.
    func addLease(_ index: StorageIndex, digest: [UInt8]) throws(StorageError) {
        var leases = try leases(index)
        leases[digest] = now() + UploadRules.leaseDuration
        let text = leases.sorted { $0.value < $1.value }.map { "\(IncomingRecords.hex($0.key)) \($0.value)\n" }.joined()
        try io { () throws(FileError) in try Directory.writeAtomically(Array(text.utf8), to: layout.leases(index)) }
    }
}

/// Runs file-system work, turning its failures into ``StorageError/io(_:)``; a disk that
/// filled up (or a quota) is a lack of room, 507 as for an allocation that does not fit (it
/// was a 500 carrying the server's own path), said in the node's log with the path.
func io<T>(_ body: () throws(FileError) -> T) throws(StorageError) -> T {
    do { return try body() } catch {
        guard error.isNoSpace else { throw .io(error.message) }
        NodeLog.write("storage: no room left: \(error.message)")
        throw .insufficientStorage("the server's disk filled up")
    }
}
