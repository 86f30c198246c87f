import FerryCore

/// Where the helper keeps uploads, as Tahoe's helper does (ticket #218):
///
///     BASEDIR/helper/CHK_incoming/<si>          ciphertext being received
///     BASEDIR/helper/CHK_incoming/<si>.meta     size and encoding, last-seen time
///     BASEDIR/helper/CHK_incoming/<si>.offsets  log of durable offsets (8-byte records)
///     BASEDIR/helper/CHK_encoding/<si>          complete ciphertext (the rename commits it)
///     BASEDIR/helper/CHK_encoding/<si>.meta
///     BASEDIR/helper/damaged/                   set aside at start: a meta file missing or unreadable
struct SpoolLayout: Sendable {
    let root: String

    var incomingDirectory: String { root + "/CHK_incoming" }
    var encodingDirectory: String { root + "/CHK_encoding" }
    var damagedDirectory: String { root + "/damaged" }

    func incoming(_ index: StorageIndex) -> String { "\(incomingDirectory)/\(index.base32)" }
    func incomingMeta(_ index: StorageIndex) -> String { incoming(index) + ".meta" }
    func incomingOffsets(_ index: StorageIndex) -> String { incoming(index) + ".offsets" }
    func encoding(_ index: StorageIndex) -> String { "\(encodingDirectory)/\(index.base32)" }
    func encodingMeta(_ index: StorageIndex) -> String { encoding(index) + ".meta" }
}
