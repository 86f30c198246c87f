import FerryCore
import FerryIO

/// Adds up the bytes of the complete shares on disk at start-up, for a store with a size
/// limit (incoming shares are counted from their own records).
struct StoredScan {
    let layout: StoreLayout

    func run() throws(FileError) -> UInt64 {
        var total: UInt64 = 0
        // `incoming/` sits beside the prefixes; it holds prefixes, not buckets, so nothing in
        // it is taken for one.
        for index in try BucketTree.indexes(under: layout.shares) {
            for share in try Directory.list(layout.bucket(index)).compactMap(StoreLayout.shareNumber) {
                let file = try PosixFile.openForReading(layout.share(index, share))
                defer { try? file.close() }
                total += try file.size()
            }
        }
        return total
    }
}
