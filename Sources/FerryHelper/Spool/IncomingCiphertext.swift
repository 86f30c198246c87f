import FerryCore
import FerryHelperProtocol
import FerryIO
import Glibc
import Synchronization

/// The ciphertext of one upload being received, in `CHK_incoming`. Appends go to the page
/// cache (`staged`); ``commit(upTo:)`` fdatasyncs them and only then logs the new durable
/// offset, so the logged offset never covers bytes a crash could lose.
///
/// The ``UploadRegistry`` actor owns every instance and is the only caller of everything
/// but ``commit(upTo:)`` and ``durable``: those are safe from any thread (commits run one at
/// a time under a lock), so a request can sync on a blocking-I/O thread while the next
/// bytes arrive. Reading ``durable`` never waits for a commit: the actor answers asks and
/// progress for every upload, and waiting there for one upload's fdatasync held them all.
final class IncomingCiphertext: @unchecked Sendable {
    let index: StorageIndex
    /// Changes only in happiness (``adopt(_:now:)``), on the registry's actor.
    private(set) var ticket: UploadTicket
    private let layout: SpoolLayout
    private let data: PosixFile
    /// Bytes acknowledged: fsynced, and in the offset log. Stored under `commits`.
    private let committed: Atomic<UInt64>
    /// Held while a commit runs. `closed` once the file is closed (moved or removed): a
    /// commit still waiting then does nothing. `failed` once a commit failed: every later one
    /// fails too, without a sync. Linux reports a lost write-back once and marks the pages
    /// clean, so a second fdatasync would succeed and vouch for bytes never on the disk. The
    /// registry reopens the upload from its log instead (``reopen(_:ticket:layout:)``).
    private let commits = Mutex((closed: false, failed: false))
    /// Bytes written, durable or not (actor-confined).
    private(set) var staged: UInt64
    /// The offset of the last commit handed out to run off the actor (actor-confined).
    var requested: UInt64
    /// Hashes the ciphertext as it is appended, for the push; nil if it could not start.
    let hasher: SpoolHasher?

    private init(index: StorageIndex, ticket: UploadTicket, layout: SpoolLayout, data: PosixFile, durable: UInt64) {
        self.index = index
        self.ticket = ticket
        self.layout = layout
        self.data = data
        committed = Atomic(durable)
        staged = durable
        requested = durable
        hasher = (try? FileGeometry(fileSize: ticket.size, parameters: ticket.encoding)).flatMap { geometry in
            try? SpoolHasher(path: layout.incoming(index), geometry: geometry)
        }
        hasher?.written(upTo: durable)  // after a restart: the durable prefix is hashed again
    }

    /// Bytes acknowledged: fsynced, and in the offset log.
    var durable: UInt64 { committed.load(ordering: .acquiring) }

    /// Starts an upload: empty data file, empty offset log, meta file; all synced.
    static func create(_ index: StorageIndex, ticket: UploadTicket, layout: SpoolLayout, now: UInt64) throws(FileError) -> IncomingCiphertext {
        let data = try PosixFile.create(layout.incoming(index))
        try data.sync()
        try PosixFile.create(layout.incomingOffsets(index)).sync()
        try Directory.writeAtomically(SpoolRecords.meta(ticket, lastSeen: now), to: layout.incomingMeta(index))
        return IncomingCiphertext(index: index, ticket: ticket, layout: layout, data: data, durable: 0)
    }

    /// Reopens an upload found after a restart, or after a failed commit: the durable offset
    /// is the last logged one (never past the file's end); anything written after it is cut
    /// off. A log holding more than its rising run (a tail a power cut left: zeros, older
    /// values, which ``SpoolRecords/lastOffset(_:)`` stops at) or more than the data is
    /// written again as that one offset: kept, the tail would stay before the next commits'
    /// records and hide them at the next start. A clean log is left as it is.
    static func reopen(_ index: StorageIndex, ticket: UploadTicket, layout: SpoolLayout) throws(FileError) -> IncomingCiphertext {
        let data = try PosixFile.openForUpdate(layout.incoming(index))
        let log = try PosixFile.openForReading(layout.incomingOffsets(index)).readAll()
        let run = SpoolRecords.risingRun(log)
        let durable = min(run.offset, try data.size(), ticket.size)
        if try data.size() != durable {
            try data.truncate(to: durable)
            try data.dataSync()
        }
        if log.count / 8 > run.records || durable != run.offset {
            try Directory.writeAtomically(durable > 0 ? SpoolRecords.offset(durable) : [], to: layout.incomingOffsets(index))
        }
        return IncomingCiphertext(index: index, ticket: ticket, layout: layout, data: data, durable: durable)
    }

    /// Appends after the staged bytes (not yet durable). The caller keeps within the size.
    func append(_ bytes: [UInt8]) throws(FileError) {
        try data.write(bytes, at: staged)
        staged += UInt64(bytes.count)
        hasher?.written(upTo: staged)
    }

    /// Makes every staged byte durable and logs the new offset.
    func commit() throws(FileError) {
        guard staged > durable else { return }
        try commit(upTo: staged)
    }

    /// Makes the bytes up to `offset` (already staged) durable and logs it. Blocks on the
    /// disk: off the actor, run it on a thread meant for blocking I/O.
    func commit(upTo offset: UInt64) throws(FileError) {
        try commits.withLock { (state: inout (closed: Bool, failed: Bool)) throws(FileError) in
            guard !state.closed, offset > durable else { return }
            guard !state.failed else { throw FileError("fdatasync (an earlier one failed)", path: data.path, errno: EIO) }
            do throws(FileError) {
                try data.dataSync()
                let log = try PosixFile.openForUpdate(layout.incomingOffsets(index))
                try log.write(SpoolRecords.offset(offset), at: try log.size() / 8 * 8)
                try log.dataSync()
                try log.close()
            } catch {
                state.failed = true
                throw error
            }
            committed.store(offset, ordering: .releasing)
        }
    }

    /// Takes a ticket that differs in happiness only, recorded with the upload.
    func adopt(_ changed: UploadTicket, now: UInt64) throws(FileError) {
        ticket = changed
        try touch(now: now)
    }

    /// Records that the client was seen now (keeps the upload from expiring).
    func touch(now: UInt64) throws(FileError) {
        try Directory.writeAtomically(SpoolRecords.meta(ticket, lastSeen: now), to: layout.incomingMeta(index))
    }

    /// Moves the complete ciphertext to `CHK_encoding` (the commit point) and drops the
    /// incoming sidecars.
    func moveToEncoding(now: UInt64) throws(FileError) {
        try commit()
        try close()
        try Directory.writeAtomically(SpoolRecords.meta(ticket, lastSeen: now), to: layout.encodingMeta(index))
        try Directory.rename(layout.incoming(index), to: layout.encoding(index))
        try Directory.sync(layout.encodingDirectory)
        try Directory.remove(layout.incomingMeta(index))
        try Directory.remove(layout.incomingOffsets(index))
        try Directory.sync(layout.incomingDirectory)
    }

    /// Closes the file once no commit runs; none runs after (it would sync a closed
    /// descriptor, or recreate the offset log of an upload removed).
    private func close() throws(FileError) {
        try commits.withLock { (state: inout (closed: Bool, failed: Bool)) throws(FileError) in
            guard !state.closed else { return }
            state.closed = true
            try data.close()
        }
    }

    /// Whether a commit failed (see ``commits``).
    var failed: Bool { commits.withLock { $0.failed } }

    /// Lets go of the files without a commit (the upload is reopened from its log).
    func discard() {
        hasher?.stop()
        try? close()
    }

    /// Deletes the upload and its sidecars.
    func remove() throws(FileError) {
        hasher?.stop()
        try? close()
        for path in [layout.incoming(index), layout.incomingMeta(index), layout.incomingOffsets(index)] { try Directory.remove(path) }
        try Directory.sync(layout.incomingDirectory)
    }
}
