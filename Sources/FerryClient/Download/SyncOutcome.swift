import FerryIO
import Synchronization

/// How a part file's background sync ended, set by the syncing thread and taken by the
/// download's.
final class SyncOutcome: Sendable {
    private let result = Mutex<Result<Void, FileError>?>(nil)

    func set(_ outcome: Result<Void, FileError>) { result.withLock { $0 = outcome } }

    /// The outcome, once (nil while the sync runs).
    func take() -> Result<Void, FileError>? { result.withLock { $0.take() } }
}
