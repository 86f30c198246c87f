import FerryCore

/// Where a ``DirectoryShareStore`` keeps things under its root (`BASEDIR/storage`):
///
///     shares/<si[:2]>/<si>/<n>                 complete share data
///     shares/<si[:2]>/<si>/leases              lease records
///     shares/incoming/<si[:2]>/<si>/<n>        data of an incoming share (sparse)
///     shares/incoming/<si[:2]>/<si>/<n>.meta   its size and secret digests
///     shares/incoming/<si[:2]>/<si>/<n>.ranges append-only log of written ranges
///     corruption-advisories/<time>-<si>-<n>    reports from clients
struct StoreLayout: Sendable {
    let root: String

    var shares: String { root + "/shares" }
    var incoming: String { shares + "/incoming" }
    var advisories: String { root + "/corruption-advisories" }

    func bucket(_ index: StorageIndex) -> String { "\(shares)/\(prefix(index))/\(index.base32)" }
    func share(_ index: StorageIndex, _ number: Int) -> String { "\(bucket(index))/\(number)" }
    func leases(_ index: StorageIndex) -> String { bucket(index) + "/leases" }
    func incomingBucket(_ index: StorageIndex) -> String { "\(incoming)/\(prefix(index))/\(index.base32)" }
    func incomingData(_ index: StorageIndex, _ number: Int) -> String { "\(incomingBucket(index))/\(number)" }
    func incomingMeta(_ index: StorageIndex, _ number: Int) -> String { incomingData(index, number) + ".meta" }
    func incomingRanges(_ index: StorageIndex, _ number: Int) -> String { incomingData(index, number) + ".ranges" }

    private func prefix(_ index: StorageIndex) -> String { String(index.base32.prefix(2)) }

    /// Parses a share-number file name ("0"–"255"); nil for anything else.
    static func shareNumber(_ name: String) -> Int? {
        guard (1...3).contains(name.utf8.count), name.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              name == "0" || !name.hasPrefix("0"), let number = Int(name), number < UploadRules.maximumShares else { return nil }
        return number
    }
}
