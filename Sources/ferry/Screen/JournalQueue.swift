import FerryClient
import FerryTUI
import Synchronization

/// The queue as a screen with no agent shows it, read from the journal as `ferry ls` reads
/// it: a transfer holding a slot that no process runs is interrupted. The journal is opened
/// on the first read and kept.
final class JournalQueue: Sendable {
    private let paths: ClientPaths
    private let journal = Mutex<Journal?>(nil)

    init(paths: ClientPaths) {
        self.paths = paths
    }

    func message() -> Message? {
        guard let entries = try? opened().all() else { return nil }
        let claims = TransferClaims(directory: paths.claims)
        var interrupted = Set<Int64>()
        let transfers = entries.map { entry in
            var entry = entry
            if entry.state.holdsSlot, !claims.isClaimed(entry.id) {
                interrupted.insert(entry.id)
                entry.state = .paused
            }
            return TransferSnapshot(entry: entry)
        }
        return .journal(transfers, interrupted: interrupted)
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
