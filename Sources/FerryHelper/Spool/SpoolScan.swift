import FerryCore
import FerryHelperProtocol
import FerryIO

/// What a (re)starting helper finds in its spool: uploads still receiving, and complete
/// ciphertext waiting to be encoded and pushed. Leftovers of an interrupted move or abort
/// (a sidecar without its data, a data file without its meta) are removed.
struct SpoolScan {
    let layout: SpoolLayout

    struct Found {
        var incoming: [StorageIndex: IncomingCiphertext] = [:]
        var encoding: [StorageIndex: UploadTicket] = [:]
        var lastSeen: [StorageIndex: UInt64] = [:]
    }

    func run() throws(FileError) -> Found {
        var found = Found()
        for (index, ticket, lastSeen) in try uploads(in: layout.encodingDirectory, meta: layout.encodingMeta) {
            found.encoding[index] = ticket
            found.lastSeen[index] = lastSeen
        }
        for (index, ticket, lastSeen) in try uploads(in: layout.incomingDirectory, meta: layout.incomingMeta) {
            if found.encoding[index] != nil {
                // Moved to CHK_encoding, crashed before the incoming sidecars were removed.
                for path in [layout.incoming(index), layout.incomingMeta(index), layout.incomingOffsets(index)] { try Directory.remove(path) }
                continue
            }
            guard Directory.fileExists(layout.incomingOffsets(index)) else {
                try Directory.remove(layout.incoming(index))
                try Directory.remove(layout.incomingMeta(index))
                continue
            }
            found.incoming[index] = try IncomingCiphertext.reopen(index, ticket: ticket, layout: layout)
            found.lastSeen[index] = lastSeen
        }
        return found
    }

    /// Uploads in `directory` with a readable meta file; orphans are removed.
    private func uploads(in directory: String, meta: (StorageIndex) -> String) throws(FileError) -> [(StorageIndex, UploadTicket, UInt64)] {
        var result: [(StorageIndex, UploadTicket, UInt64)] = []
        let names = Set(try Directory.list(directory))
        for name in names {
            let base = String(name.split(separator: ".", maxSplits: 1)[0])
            guard let index = try? StorageIndex(base32: base), index.base32 == base else { continue }
            guard name == base else {
                if !names.contains(base) { try Directory.remove("\(directory)/\(name)") }
                continue
            }
            guard names.contains(base + ".meta"),
                  let parsed = SpoolRecords.parseMeta(try PosixFile.openForReading(meta(index)).readAll()) else {
                try Directory.remove("\(directory)/\(name)")
                continue
            }
            result.append((index, parsed.ticket, parsed.lastSeen))
        }
        return result
    }
}
