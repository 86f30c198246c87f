import FerryCore
import FerryIO

/// Adds up the bytes of the complete shares on disk at start-up, for a store with a size
/// limit (incoming shares are counted from their own records).
struct StoredScan {
    let layout: StoreLayout

    func run() throws(FileError) -> UInt64 {
        var total: UInt64 = 0
        for prefix in try Directory.list(layout.shares) where prefix != "incoming" {
            let prefixPath = layout.shares + "/" + prefix
            guard Directory.exists(prefixPath) else { continue }
            for name in try Directory.list(prefixPath) {
                guard let index = try? StorageIndex(base32: name), index.base32.hasPrefix(prefix) else { continue }
                for entry in try Directory.list(layout.bucket(index)) where StoreLayout.shareNumber(entry) != nil {
                    let file = try PosixFile.openForReading(layout.bucket(index) + "/" + entry)
                    defer { try? file.close() }
                    total += try file.size()
                }
            }
        }
        return total
    }
}
