import FerryCore
import FerryHelperProtocol
import Synchronization

/// Turns one run's uploader or downloader events into ``RunnerEvent``s: phases, byte
/// counts, notes, and the detail the screen shows (storage index, offsets, servers).
final class RunTally: Sendable {
    private let bytes = Mutex((done: UInt64(0), total: UInt64(0)))
    /// An upload's file size, from its key pass.
    private let fileSize = Mutex(UInt64(0))
    private let detail = Mutex(TransferDetail())
    /// The furthest an upload got (sent, or acknowledged): an answer below it means bytes go twice.
    private let furthest = Mutex(UInt64(0))
    /// The helper has the whole ciphertext: hashing it here checks its answer ("verifying"),
    /// where otherwise it re-reads a resumed upload's prefix ("hashing").
    private let helperHasAll = Mutex(false)
    /// A download's block bytes fetched and not yet written: counted in its progress, so a
    /// slow link or limit moves it as bytes come rather than a window at a time.
    private let unwritten = Mutex(UInt64(0))

    init(encoding: EncodingParameters? = nil) {
        detail.withLock { $0.encoding = encoding }
    }

    private func set(_ done: UInt64, _ total: UInt64? = nil) -> RunnerEvent {
        let (done, total) = bytes.withLock { bytes in
            bytes.done = done
            if let total { bytes.total = total }
            return bytes
        }
        return .progress(done: done, total: total)
    }

    /// Bytes sent: never more than the total.
    private func add(_ count: Int) -> RunnerEvent {
        let (done, total) = bytes.withLock { bytes in
            bytes.done += UInt64(count)
            if bytes.total > 0 { bytes.done = min(bytes.done, bytes.total) }
            return bytes
        }
        return .progress(done: done, total: total)
    }

    /// A download's progress: written, and fetched on the way to being written.
    private func downloaded(writing count: UInt64 = 0, fetched: UInt64 = 0) -> RunnerEvent {
        let pending = unwritten.withLock { pending in
            pending = (pending > count ? pending - count : 0) + fetched
            return pending
        }
        let (done, total) = bytes.withLock { bytes in
            bytes.done += count
            return bytes
        }
        return .progress(done: total > 0 ? min(total, done + pending) : done, total: total)
    }

    /// Changes the detail and reports the result.
    private func detail(_ report: (RunnerEvent) -> Void, _ change: (inout TransferDetail) -> Void) {
        report(.detail(detail.withLock { detail in
            change(&detail)
            return detail
        }))
    }

    /// A finished transfer counts the file's bytes, whatever its last phase counted (an
    /// upload's push counts share bytes, 3.3 times the file with k=3 N=10).
    func finished(size: UInt64, _ report: (RunnerEvent) -> Void) {
        report(set(size, size))
    }

    /// A download that stopped short counts what it wrote: blocks fetched and never written
    /// (a segment that failed its check) counted in its progress, and a download that failed
    /// on integrity with nothing in its part file said 100 %.
    /// One that stopped before it knew its size (no server answered) says nothing: its
    /// total, the cap's size, stays (it became 0).
    func stopped(_ report: (RunnerEvent) -> Void) {
        unwritten.withLock { $0 = 0 }
        guard bytes.withLock({ $0.total }) > 0 else { return }
        report(downloaded())
    }

    /// What a download knows from its cap before anything moves.
    func start(storageIndex: String, encoding: EncodingParameters, _ report: (RunnerEvent) -> Void) {
        detail(report) {
            $0.storageIndex = storageIndex
            $0.encoding = encoding
        }
    }

    /// A new phase's first figures go before the phase itself: the engine shows (and saves) a
    /// phase change at once, and with the figures the other way round it carried the last
    /// phase's ("sending 100%" at 17%, kept in the journal when the agent was killed then).
    func upload(_ event: UploadEvent, _ report: (RunnerEvent) -> Void) {
        switch event {
        case .keying(let done, let total):
            fileSize.withLock { $0 = total }
            report(set(done, total))
            report(.phase("keying"))
        case .keyed(let index):
            // Asking (or waiting for another upload of the same contents) moves no bytes: an
            // empty bar, not the key pass's full one ("asking 120 MiB of 120 MiB" at 30 %).
            report(set(0, 0))
            report(.phase("asking"))
            detail(report) { $0.storageIndex = index.base32 }
        case .waiting:
            report(.phase("waiting"))
            report(.note("the same contents are being uploaded by another transfer; this one goes on once they are in"))
        case .answered(let answer):
            switch answer {
            case .receiving(let offset, _):
                // No phase yet: the part the helper has is hashed here first, then sending
                // starts (each says so with its figures); "sending" here read sending,
                // hashing, sending on a resume. What goes twice is counted when the send
                // starts: a helper that had not yet committed the last bytes it took answers
                // less, then more, and each answer added the gap (a user test: 16.6 MiB
                // "re-sent" of 12.4 MiB sent in all).
                helperHasAll.withLock { $0 = false }
                detail(report) { $0.confirmed = offset }
                if offset > 0 { report(.note("the helper already has \(HumanFormat.bytes(offset))")) }
            case .busy(let phase, _):
                helperHasAll.withLock { $0 = true }
                // A push that failed is pushed again now: "failed" read as the transfer's end,
                // mid-way through an upload that then finished (operator test).
                report(.phase(phase == .failed ? "pushing" : phase.rawValue))
            case .done, .inGrid:
                helperHasAll.withLock { $0 = true }
                report(.phase("verifying"))
                let size = fileSize.withLock { $0 }
                detail(report) { $0.confirmed = size }  // the helper (or the grid) has it all
                report(.note("already in the grid; nothing to send"))
            }
        case .hashing(let done, let total):
            report(set(done, total))
            report(.phase(helperHasAll.withLock { $0 } ? "verifying" : "hashing"))
        case .sending(let offset, let total):
            // Again after a resumed upload's local hashing, which had the phase and bytes.
            // Bytes sent before, from here on, go again.
            let again = furthest.withLock { furthest in
                defer { furthest = offset }
                return furthest > offset ? furthest - offset : 0
            }
            if again > 0 { detail(report) { $0.resent += again } }
            report(.countAfresh)  // the jump to the offset is not speed
            report(set(offset, total))
            report(.phase("sending"))
        case .sent(let count):
            let event = add(count)
            if case .progress(let done, _) = event { furthest.withLock { $0 = max($0, done) } }
            report(event)
        case .acknowledged(let offset):
            report(set(offset))
            detail(report) { $0.confirmed = offset }
        case .kept(let offset):
            detail(report) { $0.confirmed = max($0.confirmed ?? 0, offset) }
        case .retrying(let delay, let error):
            detail(report) { $0.retries += 1 }
            report(.retrying(after: delay, error: error))
        case .pushing(let progress):
            let sent = progress.servers.reduce(0) { $0 + $1.sent }
            let encoding = detail.withLock { $0.encoding }
            var total = Self.pushTotal(progress, shares: encoding?.total)
            // Before a server is placed, the shares' data by the encoding (the trees come on
            // top when the first is placed): the segment counts said here before read as
            // bytes ("pushing 2 B of 1 B").
            if total == 0, let encoding, let geometry = try? FileGeometry(fileSize: fileSize.withLock { $0 }, parameters: encoding) {
                total = geometry.shareDataSize * UInt64(encoding.total)
            }
            report(total > 0 ? set(sent, total) : set(UInt64(progress.encoded), UInt64(max(progress.segments, 1))))
            // The helper's "done" is its push; the upload is done once its result is checked
            // here (a file changed meanwhile fails then), so it reads "verifying", not "done".
            // A push that failed is retried, and the error says why: the step is still the
            // push ("retrying 0% failed" read as a contradiction).
            report(.phase(progress.phase == .done ? "verifying" : progress.phase == .failed ? "pushing" : progress.phase.rawValue))
            let before = Set(detail.withLock { $0.servers }.filter { $0.state == .replaced }.map(\.name))
            detail(report) { Self.absorb(progress, into: &$0) }
            // Said as it happens: a push held up by one server showed nothing of which
            // (a user test with a storage node frozen).
            for server in progress.servers where server.state == "replaced" && !before.contains(server.id) {
                report(.note("the helper set storage server \(server.address ?? String(server.id.prefix(8))) aside; its shares go to others"))
            }
        }
    }

    func download(_ event: DownloadEvent, _ report: (RunnerEvent) -> Void) {
        switch event {
        case .located(let shares, let servers, let asked):
            report(.phase("fetching"))
            if servers < asked { report(.note("\(shares) share\(shares == 1 ? "" : "s") on the \(servers) of \(asked) storage servers that answered")) }
        case .resuming(let have, let total):
            unwritten.withLock { $0 = 0 }
            report(set(have, total))
            detail(report) { $0.confirmed = have }
            if have > 0 { report(.note("\(HumanFormat.bytes(have)) of \(HumanFormat.bytes(total)) already here; fetching the rest")) }
        case .wrote(let count):
            report(downloaded(writing: UInt64(count)))
            detail(report) { $0.confirmed = ($0.confirmed ?? 0) + UInt64(count) }
        case .fetched(let share, let server, let count):
            report(downloaded(fetched: UInt64(count)))
            detail(report) { detail in
                Self.part(server, in: &detail) { part in
                    if !part.shares.contains(share) { part.shares = (part.shares + [share]).sorted() }
                    part.done += UInt64(count)
                    // Read from again (back after a restart, or for another share): it is
                    // one of the servers the download uses, not one it gave up on.
                    part.state = .working
                }
            }
        case .unanswered(let server, let error):
            detail(report) { detail in Self.part(server, in: &detail) { $0.state = .replaced } }
            report(.note(DownloadEvent.unansweredText(server: server, error: error)))
        case .slow(let server, let waited):
            detail(report) { detail in Self.part(server, in: &detail) { $0.state = .replaced } }
            report(.note(DownloadEvent.slowText(server: server, waited: waited)))
        case .replaced(let share, let server, let reason):
            unwritten.withLock { $0 = 0 }  // what was fetched may be fetched again
            detail(report) { detail in Self.part(server, in: &detail) { $0.state = .replaced } }
            report(.note("share \(share) from \(server) set aside: \(reason)"))
        case .retrying(let delay, let error):
            detail(report) { $0.retries += 1 }
            report(.retrying(after: delay, error: error))
        case .verifying:
            report(.phase("verifying"))
        case .startingOver(let reason):
            unwritten.withLock { $0 = 0 }
            report(set(0))
            detail(report) { $0.confirmed = 0 }
            report(.note(reason))
        case .waitingForReader:
            break  // the engine's downloads are files, never streams
        }
    }

    /// The helper's view of its push: what it holds, segments encoded, each server's shares.
    static func absorb(_ progress: HelperProgress, into detail: inout TransferDetail) {
        detail.confirmed = progress.received
        if progress.segments > 0 {
            detail.segmentsEncoded = progress.encoded
            detail.segmentCount = progress.segments
        }
        guard !progress.servers.isEmpty else { return }
        detail.servers = progress.servers.map { server in
            ServerPart(name: server.id, shares: server.shares.sorted(), done: server.stored, total: server.total,
                       state: server.state == "done" ? .done : server.state == "replaced" ? .replaced : .working)
        }
    }

    /// The share bytes a push stores: every planned server's total, and while the helper is
    /// still placing shares, at least one share's size (seen on a server placed already) times
    /// the shares to place. The servers are placed one after another: the total alone grew
    /// under the bar ("2 B of 133 MiB", then "120 MiB of 667 MiB").
    static func pushTotal(_ progress: HelperProgress, shares: Int?) -> UInt64 {
        let planned = progress.servers.reduce(0) { $0 + $1.total }
        guard let shares, let placed = progress.servers.first(where: { $0.total > 0 && !$0.shares.isEmpty }) else { return planned }
        return max(planned, placed.total / UInt64(placed.shares.count) * UInt64(shares))
    }

    /// Changes the part of the server named `name` (added when new).
    static func part(_ name: String, in detail: inout TransferDetail, _ change: (inout ServerPart) -> Void) {
        if let index = detail.servers.firstIndex(where: { $0.name == name }) {
            change(&detail.servers[index])
        } else {
            var part = ServerPart(name: name)
            change(&part)
            detail.servers.append(part)
        }
    }
}
