import FerryCore
import FerryIO

/// The buckets a store's start-up scans walk: `<si[:2]>/<si>` directories, as `shares/` and
/// `shares/incoming/` hold them.
enum BucketTree {
    /// The storage indexes with a bucket under `directory`; anything else there is passed over.
    static func indexes(under directory: String) throws(FileError) -> [StorageIndex] {
        var found: [StorageIndex] = []
        for prefix in try Directory.list(directory) {
            let prefixPath = directory + "/" + prefix
            guard Directory.exists(prefixPath) else { continue }
            for name in try Directory.list(prefixPath) {
                if let index = try? StorageIndex(base32: name), index.base32.hasPrefix(prefix) { found.append(index) }
            }
        }
        return found
    }
}
