import FerryCore
import Synchronization

/// Uploads of the same contents (one storage index) take turns within a process. The helper
/// keeps one writer per upload, so a second file with the same bytes, sent at the same time,
/// took the upload over from the first, which then failed (`put a.iso copy-of-a.iso`). Once
/// the first is in, the second finds the file already in the grid and sends nothing.
public final class UploadTurns: Sendable {
    private let busy = Mutex(Set<StorageIndex>())
    private let interval: Duration

    public init(interval: Duration = .milliseconds(100)) {
        self.interval = interval
    }

    /// Waits until no other upload of `index` runs here, then takes the turn; `waiting` is
    /// called once if it has to wait. Cancellation (a pause) ends the wait.
    public func take(_ index: StorageIndex, waiting: () -> Void) async throws(TransferError) {
        var said = false
        while !busy.withLock({ $0.insert(index).inserted }) {
            if !said { waiting() }
            said = true
            do { try await Task.sleep(for: interval) } catch { throw .cancelled }
        }
    }

    /// Ends the turn taken for `index`.
    public func give(_ index: StorageIndex) {
        _ = busy.withLock { $0.remove(index) }
    }
}
