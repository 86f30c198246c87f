import Foundation
import Glibc
import Synchronization

/// Which process runs which transfer: a running transfer holds an exclusive lock
/// (`flock`) on `DIR/<id>.lock`. The kernel drops the lock when the process dies, even by
/// `kill -9`, so a transfer is never run twice at once and one whose process died is seen
/// to be free again.
public final class TransferClaims: Sendable {
    public let directory: String
    private let held = Mutex<[Int64: Int32]>([:])

    public init(directory: String) {
        self.directory = directory
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { held.withLock { for descriptor in $0.values { close(descriptor) } } }

    private func path(_ id: Int64) -> String { "\(directory)/\(id).lock" }

    /// Takes the lock of `id`; false when another process (or this one) holds it.
    public func claim(_ id: Int64) -> Bool {
        held.withLock { held in
            guard held[id] == nil else { return false }
            let descriptor = open(path(id), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { return false }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                close(descriptor)
                return false
            }
            held[id] = descriptor
            return true
        }
    }

    /// Whether this process holds the lock of `id`.
    public func holds(_ id: Int64) -> Bool {
        held.withLock { $0[id] != nil }
    }

    /// Lets go of `id`. (The file stays: removing it could let two processes lock two
    /// different files of the same name.)
    public func release(_ id: Int64) {
        held.withLock { held in
            if let descriptor = held.removeValue(forKey: id) { close(descriptor) }
        }
    }

    /// Removes the lock file of a transfer that is gone from the journal.
    public func forget(_ id: Int64) {
        release(id)
        unlink(path(id))
    }

    /// Whether the journal says `entry` holds a slot (active or retrying) that no process
    /// runs: `ferry ls` and a screen with no agent call it interrupted.
    public func isInterrupted(_ entry: JournalEntry) -> Bool {
        entry.state.holdsSlot && !isClaimed(entry.id)
    }

    /// Whether some process holds the lock of `id` (this one included).
    public func isClaimed(_ id: Int64) -> Bool {
        if held.withLock({ $0[id] != nil }) { return true }
        let descriptor = open(path(id), O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return true }
        flock(descriptor, LOCK_UN)
        return false
    }
}
