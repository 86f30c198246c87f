import FerryCore
import FerryHelperProtocol
import FerryIO

/// What a (re)starting helper finds in its spool: uploads still receiving, and complete
/// ciphertext waiting to be encoded and pushed. Leftovers of an interrupted move or abort
/// (a sidecar without its data) are removed. Ciphertext whose meta file is missing or does
/// not parse (a disk fault, or a meta from a later version) is moved to `damaged/` with
/// whatever sidecars it has, not deleted: the helper says so and an operator decides.
struct SpoolScan {
    let layout: SpoolLayout

    struct Found {
        var incoming: [StorageIndex: IncomingCiphertext] = [:]
        var encoding: [StorageIndex: UploadTicket] = [:]
        var lastSeen: [StorageIndex: UInt64] = [:]
        /// Where ciphertext without a readable meta file was moved.
        var setAside: [String] = []
    }

    func run() throws(FileError) -> Found {
        var found = Found()
        for (index, ticket, lastSeen) in try uploads(in: layout.encodingDirectory, meta: layout.encodingMeta, setAside: &found.setAside) {
            found.encoding[index] = ticket
            found.lastSeen[index] = lastSeen
        }
        for (index, ticket, lastSeen) in try uploads(in: layout.incomingDirectory, meta: layout.incomingMeta, setAside: &found.setAside) {
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

    /// Uploads in `directory` with a readable meta file; orphans are removed, ciphertext
    /// without a readable meta is moved aside (its new place added to `setAside`).
    private func uploads(in directory: String, meta: (StorageIndex) -> String,
                         setAside: inout [String]) throws(FileError) -> [(StorageIndex, UploadTicket, UInt64)] {
        var result: [(StorageIndex, UploadTicket, UInt64)] = []
        let names = Set(try Directory.list(directory))
        var aside: [String] = []
        for name in names {
            let base = String(name.split(separator: ".", maxSplits: 1)[0])
            guard let index = try? StorageIndex(base32: base), index.base32 == base else { continue }
            guard name == base else {
                if !names.contains(base) { try Directory.remove("\(directory)/\(name)") }
                continue
            }
            guard names.contains(base + ".meta"),
                  let parsed = SpoolRecords.parseMeta(try PosixFile.openForReading(meta(index)).readAll()) else {
                // An empty data file and no meta: a start cut short (the meta is written
                // last), nothing acknowledged. Anything else is set aside.
                let path = "\(directory)/\(name)"
                if !names.contains(base + ".meta"), try PosixFile.openForReading(path).size() == 0 {
                    try Directory.remove(path)
                } else {
                    aside.append(base)
                }
                continue
            }
            result.append((index, parsed.ticket, parsed.lastSeen))
        }
        for base in aside {
            setAside.append(try moveAside(base, from: directory, with: names.filter { $0.hasPrefix(base + ".") }))
        }
        return result
    }

    /// Moves `base` and its sidecars from `directory` into a new folder under `damaged/`
    /// (named after the spool directory and the storage index; a number added when one of
    /// that name is there from before), durably. Answers the folder.
    private func moveAside(_ base: String, from directory: String, with sidecars: Set<String>) throws(FileError) -> String {
        let kind = directory.split(separator: "/").last.map(String.init) ?? "spool"
        var folder = "\(layout.damagedDirectory)/\(kind)-\(base)"
        var number = 1
        while Directory.fileExists(folder) {
            number += 1
            folder = "\(layout.damagedDirectory)/\(kind)-\(base).\(number)"
        }
        try Directory.createDurably(folder, under: layout.root)
        for name in [base] + sidecars.sorted() { try Directory.rename("\(directory)/\(name)", to: "\(folder)/\(name)") }
        try Directory.sync(folder)
        try Directory.sync(directory)
        return folder
    }
}
