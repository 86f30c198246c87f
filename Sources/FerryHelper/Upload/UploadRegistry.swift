import FerryCore
import FerryHelperProtocol
import FerryIO

/// Every upload the helper knows, and the only owner of their spool files. Writers hold a
/// ``WriteToken``; a newer writer for the same upload supersedes the older one, whose next
/// piece is refused, so two requests never write into one upload at once.
public actor UploadRegistry {
    /// A claim to append to one upload, issued by ``beginWrite(_:at:)``.
    public struct WriteToken: Sendable, Equatable {
        let index: StorageIndex
        let generation: UInt64
    }

    /// Bytes staged between commits while a request streams in.
    static let commitInterval: UInt64 = 8 << 20

    let layout: SpoolLayout
    /// Folders under `damaged/` where this start moved ciphertext whose meta file was missing
    /// or unreadable.
    public nonisolated let setAside: [String]
    let limits: HelperLimits
    let now: @Sendable () -> UInt64
    private var incoming: [StorageIndex: IncomingCiphertext]
    private var complete: [StorageIndex: (ticket: UploadTicket, phase: UploadPhase)]
    private var results: [StorageIndex: UploadResult] = [:]
    private var failures: [StorageIndex: HelperError] = [:]
    private var pushProgress: [StorageIndex: PushProgress] = [:]
    /// The ciphertext hashes of uploads completed in this run, hashed while they arrived.
    private var hashers: [StorageIndex: SpoolHasher] = [:]
    private var writers: [StorageIndex: UInt64] = [:]
    private var generation: UInt64 = 0
    private var revision: UInt64 = 0
    /// When each incoming upload's client was last heard from.
    private var lastSeen: [StorageIndex: UInt64] = [:]
    /// Called when an upload's ciphertext is complete in `CHK_encoding` (and when a failed
    /// push should be tried again).
    private var onComplete: @Sendable (StorageIndex, UploadTicket) -> Void

    /// Opens the spool under `root` (creating it), finding uploads left by an earlier run.
    public init(root: String, limits: HelperLimits, now: @escaping @Sendable () -> UInt64) throws(HelperError) {
        let layout = SpoolLayout(root: root)
        let found = try Self.io { () throws(FileError) in
            // Durable entries up to the spool's own in its parent: acknowledged ciphertext
            // goes in them.
            try Directory.createDurably(layout.incomingDirectory, under: Directory.parent(of: root))
            try Directory.createDurably(layout.encodingDirectory, under: Directory.parent(of: root))
            return try SpoolScan(layout: layout).run()
        }
        self.layout = layout
        setAside = found.setAside
        self.limits = limits
        self.now = now
        onComplete = { _, _ in }
        incoming = found.incoming
        lastSeen = found.lastSeen
        complete = found.encoding.mapValues { ($0, UploadPhase.encoding) }
    }

    /// Sets who encodes and pushes complete uploads, and hands it those already waiting
    /// (found at start, or completed before it was set), so none is missed.
    public func whenComplete(_ handler: @escaping @Sendable (StorageIndex, UploadTicket) -> Void) {
        onComplete = handler
        for (index, entry) in complete where entry.phase == .encoding || entry.phase == .failed { handler(index, entry.ticket) }
    }

    /// Starts or resumes an upload; answers where the client should go on.
    public func ask(_ index: StorageIndex, _ ticket: UploadTicket) throws(HelperError) -> AskAnswer {
        if let done = complete[index] {
            let rehappy = try UploadRules.resume(ticket, existing: done.ticket)
            if let result = results[index] { return .done(result) }
            if rehappy {
                // Kept with the ciphertext, and the push runs again with it (at once if the
                // last one failed; after the pass under way, if that one fails).
                try Self.io { () throws(FileError) in try Directory.writeAtomically(SpoolRecords.meta(ticket, lastSeen: now()), to: layout.encodingMeta(index)) }
                complete[index]?.ticket = ticket
                onComplete(index, ticket)
            } else if done.phase == .failed {
                onComplete(index, done.ticket)
            }
            return .busy(done.phase, size: done.ticket.size)
        }
        if let upload = receiving(index) {
            let rehappy = try UploadRules.resume(ticket, existing: upload.ticket)
            try Self.io { () throws(FileError) in rehappy ? try upload.adopt(ticket, now: now()) : try upload.touch(now: now()) }
            lastSeen[index] = now()
            return .receiving(offset: upload.durable, size: ticket.size)
        }
        let free = try Self.io { () throws(FileError) in try Directory.availableBytes(layout.root) }
        let promised = incoming.values.reduce(UInt64(0)) { $0 + ($1.ticket.size - $1.staged) }
        try UploadRules.admit(ticket, limits: limits, receiving: incoming.count, freeSpace: free, promised: promised)
        let upload = try Self.io { () throws(FileError) in try IncomingCiphertext.create(index, ticket: ticket, layout: layout, now: now()) }
        incoming[index] = upload
        lastSeen[index] = now()
        if ticket.size == 0 { try finish(index, upload) }
        return complete[index].map { .busy($0.phase, size: 0) } ?? .receiving(offset: 0, size: ticket.size)
    }

    /// Whether the helper has an upload of `index` in any phase.
    public func knows(_ index: StorageIndex) -> Bool { incoming[index] != nil || complete[index] != nil }

    /// The durable offset, the size, and whether every byte is in.
    public func offset(_ index: StorageIndex) throws(HelperError) -> (offset: UInt64, size: UInt64, complete: Bool) {
        let state = try status(index)
        return (state.received, state.size, state.phase != .receiving)
    }

    /// Claims the upload for a new request starting at `offset`: an older writer is cut off
    /// and what it wrote made durable first; then the offset must match.
    public func beginWrite(_ index: StorageIndex, at offset: UInt64) throws(HelperError) -> WriteToken {
        guard let upload = receiving(index) else {
            if complete[index] != nil { throw .notReceiving("all ciphertext for this upload is already in") }
            throw .notFound("no upload for storage index \(index.base32); ask first")
        }
        try commit(upload)
        generation += 1
        writers[index] = generation
        lastSeen[index] = now()
        guard offset == upload.durable else { throw .offsetMismatch(expected: upload.durable) }
        return WriteToken(index: index, generation: generation)
    }

    /// Appends a piece for the holder of `token`; bytes past the declared size are refused
    /// after the part that fits is written. Every ``commitInterval`` bytes it hands back a
    /// commit for the caller to run off the actor (see ``PendingCommit``).
    @discardableResult
    public func write(_ token: WriteToken, _ bytes: [UInt8]) throws(HelperError) -> PendingCommit? {
        let upload = try current(token)
        let fits = UploadRules.fitting(bytes.count, at: upload.staged, size: upload.ticket.size)
        try Self.io { () throws(FileError) in
            try upload.append(fits == bytes.count ? bytes : Array(bytes[..<fits]))
        }
        guard fits == bytes.count else {
            throw .tooLarge("the body runs past the declared size of \(upload.ticket.size) bytes")
        }
        guard upload.staged - upload.requested >= Self.commitInterval else { return nil }
        return claimStaged(upload)
    }

    /// A commit of every byte the request has staged and no commit has claimed yet, for the
    /// request to run off the actor just before ``endWrite(_:)``, which then finds them
    /// durable. Without it each request's last fdatasync ran on the actor, so twenty uploads
    /// ending at once were answered one fsync after another. Nil when there is nothing to
    /// commit or the token was superseded. Safe: staged bytes are written and never cut back
    /// within a process (a takeover commits them first).
    public func finalCommit(_ token: WriteToken) -> PendingCommit? {
        guard let upload = try? current(token), upload.staged > upload.requested else { return nil }
        return claimStaged(upload)
    }

    /// Hands out the commit of everything `upload` has staged, so no later one claims it again.
    private func claimStaged(_ upload: IncomingCiphertext) -> PendingCommit {
        upload.requested = upload.staged
        return PendingCommit(upload: upload, offset: upload.staged)
    }

    /// Notes that a ``PendingCommit`` finished (the received count moved).
    public func committed() {
        revision += 1
    }

    /// Ends a request: makes its bytes durable and, if the ciphertext is complete, commits
    /// it to `CHK_encoding`. Returns the new offset and whether the upload is complete.
    /// Harmless for a superseded token (its bytes were made durable by the takeover).
    public func endWrite(_ token: WriteToken) throws(HelperError) -> (offset: UInt64, complete: Bool) {
        if writers[token.index] == token.generation, let upload = incoming[token.index] {
            writers[token.index] = nil
            try commit(upload)
            revision += 1
            if upload.durable == upload.ticket.size { try finish(token.index, upload) }
        }
        let state = try offset(token.index)
        return (state.offset, state.complete)
    }

    /// Makes what `upload` staged durable. A failed commit is never tried again on the same
    /// file (a second fdatasync would vouch for lost pages): the upload is reopened from its
    /// log, so what was not acknowledged is cut off and asked for again.
    private func commit(_ upload: IncomingCiphertext) throws(HelperError) {
        do { try upload.commit() } catch {
            if upload.failed { rewind(upload) }
            throw .io(error.message)
        }
    }

    /// The upload of `index` still receiving, reopened from its log first if a commit of it
    /// failed.
    private func receiving(_ index: StorageIndex) -> IncomingCiphertext? {
        if let upload = incoming[index], upload.failed { rewind(upload) }
        return incoming[index]
    }

    /// Puts a freshly reopened upload (cut back to its logged offset) in the place of one
    /// whose commit failed. If reopening fails too (the disk still failing), the failed one
    /// stays: its commits fail at once, and the next look tries again.
    private func rewind(_ upload: IncomingCiphertext) {
        guard incoming[upload.index] === upload,
              let fresh = try? IncomingCiphertext.reopen(upload.index, ticket: upload.ticket, layout: layout) else { return }
        upload.discard()
        writers[upload.index] = nil
        incoming[upload.index] = fresh
    }

    /// Removes partial uploads whose client has not been heard from for the configured age
    /// (never one a request is writing to). Returns the storage indexes removed.
    @discardableResult
    public func expire() throws(HelperError) -> [StorageIndex] {
        let cutoff = now() > limits.expireAfter ? now() - limits.expireAfter : 0
        let stale = incoming.keys.filter { writers[$0] == nil && (lastSeen[$0] ?? 0) < cutoff }
        for index in stale { try abort(index) }
        return stale
    }

    /// Stops and deletes an upload.
    public func abort(_ index: StorageIndex) throws(HelperError) {
        hashers.removeValue(forKey: index)?.stop()
        results[index] = nil
        failures[index] = nil
        pushProgress[index] = nil
        if let upload = incoming.removeValue(forKey: index) {
            writers[index] = nil
            lastSeen[index] = nil
            try Self.io { () throws(FileError) in try upload.remove() }
        } else if complete.removeValue(forKey: index) != nil {
            try removeEncoding(index)
        } else {
            throw .notFound("no upload for storage index \(index.base32)")
        }
    }

    /// Sets the phase of a complete upload (the encoder and pusher report here).
    public func setPhase(_ index: StorageIndex, _ phase: UploadPhase) {
        complete[index]?.phase = phase
        revision += 1
    }

    /// Records a finished push: the spooled ciphertext is removed, the result kept.
    public func markDone(_ index: StorageIndex, _ result: UploadResult) throws(HelperError) {
        guard complete[index] != nil else { return }
        complete[index]?.phase = .done
        results[index] = result
        failures[index] = nil
        hashers.removeValue(forKey: index)?.stop()
        revision += 1
        try removeEncoding(index)
    }

    /// Records a failed push; the ciphertext stays spooled for the next attempt.
    public func markFailed(_ index: StorageIndex, _ error: HelperError) {
        guard complete[index] != nil else { return }
        complete[index]?.phase = .failed
        failures[index] = error
        revision += 1
    }

    /// Notes push progress for the progress resource.
    func record(_ index: StorageIndex, _ event: PushEvent) {
        var progress = pushProgress[index, default: PushProgress()]
        switch event {
        case .encoded(let segments, let total):
            progress.encoded = max(progress.encoded, segments)
            progress.segments = total
        case .sent(let server, let bytes):
            progress.servers[server, default: ServerProgress()].sent += bytes
        case .stored(let server, let bytes):
            progress.servers[server, default: ServerProgress()].stored += bytes
            if let entry = progress.servers[server], entry.stored >= entry.total { progress.servers[server]?.state = "done" }
        case .planned(let server, let shares, let total, let held):
            progress.servers[server] = ServerProgress(shares: shares, held: held, sent: held, stored: held, total: total,
                                                      state: held >= total ? "done" : "pushing")
        case .replaced(let server):
            progress.servers[server, default: ServerProgress()].state = "replaced"
        }
        pushProgress[index] = progress
        revision += 1
    }

    /// The flat and segment hashes of a complete upload's ciphertext, once hashed, if it
    /// arrived in this run (nil for one found in `CHK_encoding` at start, or if hashing
    /// failed): then the encoder hashes the ciphertext itself.
    func crypttextHashes(_ index: StorageIndex) async -> CrypttextHashes? {
        await hashers[index]?.hashes()
    }

    /// The result, failure and push progress of a complete upload, if any.
    public func outcome(_ index: StorageIndex) -> (result: UploadResult?, failure: HelperError?, progress: PushProgress?) {
        (results[index], failures[index], pushProgress[index])
    }

    /// Returns once the revision passes `after`, or after `seconds`, or when the upload is gone.
    public func waitForChange(_ index: StorageIndex, after: UInt64, seconds: Int) async throws(HelperError) {
        let deadline = ContinuousClock.now + .seconds(max(0, seconds))
        while revision <= after, ContinuousClock.now < deadline, knows(index) {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Phase, size, bytes received, and a revision that grows with every change.
    /// Where an upload stands: `received` is durable, `arrived` counts the bytes taken in
    /// whether or not they are durable yet (it grows with every piece; the revision does not).
    public func status(_ index: StorageIndex) throws(HelperError) -> (phase: UploadPhase, size: UInt64, received: UInt64, arrived: UInt64, revision: UInt64) {
        if let upload = incoming[index] { return (.receiving, upload.ticket.size, upload.durable, upload.staged, revision) }
        if let done = complete[index] { return (done.phase, done.ticket.size, done.ticket.size, done.ticket.size, revision) }
        throw .notFound("no upload for storage index \(index.base32)")
    }

    private func current(_ token: WriteToken) throws(HelperError) -> IncomingCiphertext {
        guard writers[token.index] == token.generation, let upload = incoming[token.index] else {
            throw .takenOver
        }
        return upload
    }

    /// Deletes the complete ciphertext of `index` and its meta file.
    private func removeEncoding(_ index: StorageIndex) throws(HelperError) {
        try Self.io { () throws(FileError) in
            try Directory.remove(layout.encoding(index))
            try Directory.remove(layout.encodingMeta(index))
            try Directory.sync(layout.encodingDirectory)
        }
    }

    private func finish(_ index: StorageIndex, _ upload: IncomingCiphertext) throws(HelperError) {
        try Self.io { () throws(FileError) in try upload.moveToEncoding(now: now()) }
        incoming[index] = nil
        complete[index] = (upload.ticket, .encoding)
        hashers[index] = upload.hasher
        onComplete(index, upload.ticket)
    }

    static func io<T>(_ body: () throws(FileError) -> T) throws(HelperError) -> T {
        do { return try body() } catch { throw .io(error.message) }
    }
}
