import AsyncHTTPClient
import FerryCore
import FerryHelperProtocol
import NIOCore

/// One upload after keying: the loop of asking, sending what is missing, and following the
/// helper's push, retrying under the uploader's policy until the shares are placed.
struct UploadRun: Sendable {
    let uploader: Uploader
    let source: UploadSource
    let index: StorageIndex
    let ticket: UploadTicket
    let cipher: CTRCipher
    let hasher: SharedHasher
    let events: @Sendable (UploadEvent) -> Void
    /// Which send is the current one: an abandoned request's body can still be pulled after
    /// the next send began, and its bytes counted on top of the new offset (a user test saw
    /// "sending 50.6 MB of 50.0 MB" after a helper was stopped and let go on).
    let sends = SendGeneration()

    var helper: HelperClient { uploader.helper }

    /// Runs until the helper reports the shares placed (or the file already in the grid);
    /// every ciphertext byte has been hashed by then.
    func untilPlaced() async throws(TransferError) -> UploadResult {
        var retry = RetryState(policy: uploader.retry)
        var heard: UInt64 = 0
        var quickAsks = 0
        while true {
            do throws(TransferError) {
                if Task.isCancelled { throw TransferError.cancelled }
                return try await attempt(&retry, heard: &heard)
            } catch .helper(.takenOver) {
                // Our request was the one taken over, so the newer one is not ours: another
                // `ferry` sends the same file. Wait while it sends, then ask again.
                try await whileAnotherSends()
            } catch {
                // The helper moved on between its answer and our request (an older connection
                // of ours was still delivering): ask again at once, a few times, then back off.
                let moved = Self.helperMovedOn(error)
                if moved, quickAsks < 3 {
                    quickAsks += 1
                    continue
                }
                quickAsks = 0
                guard let delay = retry.failed(retryable: moved || error.isRetryable, random: uploader.random()) else { throw error }
                events(.retrying(after: delay, error: error))
                do { try await uploader.sleep(delay) } catch { throw .cancelled }
            }
        }
    }

    /// Whether `error` says the helper's upload is no longer where its last answer put it: a
    /// wrong offset, every byte already in, or another request (another `ferry` sending the
    /// same file) took over: that one failed the first for good with exit 65 (a user test).
    static func helperMovedOn(_ error: TransferError) -> Bool {
        switch error {
        case .helper(.offsetMismatch), .helper(.notReceiving), .helper(.takenOver): true
        default: false
        }
    }

    /// `heard`: the furthest offset the helper has answered with. One further on is progress,
    /// however the send before it ended: a PATCH cut half-way counted for nothing, so on a
    /// link cut every few seconds the waits grew to the cap and `maximum_tries` failed an
    /// upload the helper was taking in (a user test).
    private func attempt(_ retry: inout RetryState, heard: inout UInt64) async throws(TransferError) -> UploadResult {
        let answer = try await helper.ask(index, ticket)
        events(.answered(answer))
        switch answer {
        case .inGrid(let result), .done(let result):
            try hashLocally(upTo: ticket.size)
            return result
        case .busy:
            try hashLocally(upTo: ticket.size)
            return try await followPush()
        case .receiving(let offset, _):
            if offset > heard { retry.progressed() }
            heard = max(heard, offset)
            try hashLocally(upTo: offset)
            if offset < ticket.size {
                let acknowledged = try await send(from: offset)
                if acknowledged > offset { retry.progressed() }
                events(.acknowledged(acknowledged))
                guard acknowledged == ticket.size else {
                    throw TransferError.helper(.unavailable("the helper kept \(acknowledged) of \(ticket.size) bytes"))
                }
            }
            return try await followPush()
        }
    }

    /// Streams the ciphertext from `offset` to the end in one PATCH.
    private func send(from offset: UInt64) async throws(TransferError) -> UInt64 {
        let (events, sends) = (events, sends)
        let mine = sends.next()
        events(.sending(from: offset, total: ticket.size))
        let body = CiphertextBody(source: source, cipher: cipher, hasher: hasher, range: offset..<ticket.size, chunk: uploader.chunkSize,
                                  sent: { if sends.isCurrent(mine) { events(.sent($0)) } }, grant: uploader.grant)
        let length = ticket.size - offset
        let watch = Task { await whileSending(from: offset) }
        let sent: Result<UInt64, TransferError>
        do { sent = .success(try await helper.append(index, at: offset, length: length, complete: true, body: body)) } catch { sent = .failure(error) }
        // Ended before the send's answer is told: a late read of the helper's progress came after it.
        watch.cancel()
        await watch.value
        do {
            return try sent.get()
        } catch {
            // A file cut short under the body failed its read, which reached here as a broken
            // connection, retried without end: said as what it is, which is final.
            try source.checkUnchanged()
            throw error
        }
    }

    /// Reads how much the helper keeps, every few seconds while a send runs, until
    /// cancelled: "helper has at least 0 B" stood through a whole upload (one request, whose
    /// answer comes at its end). A failed read is skipped: the send's own errors count.
    private func whileSending(from offset: UInt64) async {
        var said = offset
        while true {
            do { try await uploader.sleep(Self.keptInterval) } catch { return }
            guard !Task.isCancelled else { return }
            guard let progress = try? await helper.progress(index), progress.phase == .receiving else { continue }
            if progress.received > said, !Task.isCancelled {
                said = progress.received
                events(.kept(said))
            }
        }
    }

    /// Seconds between two reads of what the helper keeps while sending.
    static let keptInterval = 2.0

    /// Waits while another client's bytes keep reaching the helper's upload; returns once it
    /// is complete, gone, or has taken nothing in for the idle timeout (that client
    /// stopped: this one goes on from where it left off).
    private func whileAnotherSends() async throws(TransferError) {
        events(.waiting)
        let quiet = Double(helper.transport.idleTimeout.nanoseconds) / 1e9
        var last: UInt64?
        var still = 0.0
        while still < quiet {
            if Task.isCancelled { throw TransferError.cancelled }
            guard let progress = try? await helper.progress(index), progress.phase == .receiving, let arrived = progress.arrived else { return }
            still = arrived == last ? still + 1 : 0
            last = arrived
            do { try await uploader.sleep(1) } catch { throw .cancelled }
        }
    }

    /// Follows the helper's progress (long-polling) until the push is done.
    private func followPush() async throws(TransferError) -> UploadResult {
        var revision: UInt64?
        while true {
            if Task.isCancelled { throw TransferError.cancelled }
            let progress = try await helper.progress(index, after: revision)
            events(.pushing(progress))
            if let result = progress.result, progress.phase == .done { return result }
            if progress.phase == .failed { throw TransferError.helper(progress.error ?? .unavailable("the helper's push failed")) }
            if progress.phase == .receiving { throw TransferError.helper(.notFound("the helper is still receiving this upload")) }
            revision = progress.revision
        }
    }

    /// Hashes, from the local file, the ciphertext the helper already has (a resumed upload,
    /// or one that needs no sending).
    private func hashLocally(upTo end: UInt64) throws(TransferError) {
        var offset = hasher.position
        guard offset < end else { return }
        var chunk = [UInt8](repeating: 0, count: uploader.chunkSize)
        while offset < end {
            let length = Int(min(UInt64(uploader.chunkSize), end - offset))
            try TransferError.typed {
                try chunk.withUnsafeMutableBytes { raw in
                    let area = UnsafeMutableRawBufferPointer(rebasing: raw[0..<length])
                    try source.read(into: area, at: offset)
                    cipher.apply(UnsafeRawBufferPointer(area), atOffset: offset, into: area)
                    try hasher.feed(UnsafeRawBufferPointer(area), at: offset)
                }
            }
            offset += UInt64(length)
            events(.hashing(done: offset, total: end))
        }
    }
}
