import FerryClient
import FerryTUI
import Synchronization

/// The queue as a screen with no agent shows it, read from the journal as `ferry ls` reads
/// it: a transfer holding a slot that no process runs is interrupted. The journal is opened
/// on the first read and kept.
final class JournalQueue: Sendable {
    private let paths: ClientPaths
    private let journal = Mutex<Journal?>(nil)
    /// What was last posted, and when: the same again is not posted for `repeatAfter` seconds
    /// (a screen over 10,000 journaled transfers would take them all in every second), then
    /// is, so a frame a late message changed comes right.
    private let last = Mutex<(entries: [JournalEntry], interrupted: Set<Int64>, at: ContinuousClock.Instant)?>(nil)
    static let repeatAfter = Duration.seconds(5)

    init(paths: ClientPaths) {
        self.paths = paths
    }

    /// The queue, or nil when it is as last posted; `afresh`: posted whatever was last (the
    /// screen showed an agent's queue since).
    func message(afresh: Bool) -> Message? {
        guard let entries = try? opened().all() else { return nil }
        let claims = TransferClaims(directory: paths.claims)
        let interrupted = Set(entries.filter(claims.isInterrupted).map(\.id))
        let now = ContinuousClock.now
        let unchanged = last.withLock { last in
            let same = !afresh && last.map { $0.entries == entries && $0.interrupted == interrupted && now - $0.at < Self.repeatAfter } ?? false
            if !same { last = (entries, interrupted, now) }
            return same
        }
        guard !unchanged else { return nil }
        let transfers = entries.map { entry in
            var entry = entry
            if interrupted.contains(entry.id) { entry.state = .paused }
            return TransferSnapshot(entry: entry)
        }
        // The logs only afresh: no agent writes them while none runs.
        return .journal(transfers, interrupted: interrupted, logs: afresh ? (try? opened().logs()) ?? [] : [])
    }

    private func opened() throws -> Journal {
        try journal.withLock { journal in
            if let journal { return journal }
            let opened = try Journal(path: paths.journal)
            journal = opened
            return opened
        }
    }
}
