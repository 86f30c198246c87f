import FerryCore
import FerryIO

extension DirectoryShareStore {
    /// Moves a fully written share into place (the commit point), then drops its
    /// bookkeeping and records the uploader's lease.
    func finish(_ index: StorageIndex, _ share: Int, _ state: IncomingShare) throws(StorageError) {
        try io { () throws(FileError) in
            let bucket = layout.bucket(index)
            try Directory.createDurably(bucket, under: layout.root)
            try Directory.rename(layout.incomingData(index, share), to: layout.share(index, share))
            try Directory.sync(bucket)
            try Directory.remove(layout.incomingMeta(index, share))
            try Directory.remove(layout.incomingRanges(index, share))
            try Directory.sync(layout.incomingBucket(index))
        }
        incoming[index]?[share] = nil
        if incoming[index]?.isEmpty == true { incoming[index] = nil; Directory.removeIfEmpty(layout.incomingBucket(index)) }
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

/// Runs file-system work, turning its failures into ``StorageError/io(_:)``.
func io<T>(_ body: () throws(FileError) -> T) throws(StorageError) -> T {
    do { return try body() } catch { throw .io(error.message) }
}
