/// Where a transfer is in its life. Stored in the journal by ``name``.
public enum TransferState: Sendable, Equatable, Codable {
    /// Waiting for a free slot.
    case queued
    /// Moving bytes (or asking, hashing, verifying).
    case active
    /// Waiting out a failure; goes on at `at` (seconds on the engine's clock).
    case retrying(at: Double, code: String, message: String)
    /// Stopped by the person; keeps all progress.
    case paused
    /// Given up on: a final error, or too many failures in a row.
    case failed(code: String, message: String)
    /// Finished and checked.
    case done

    /// The word shown and stored.
    public var name: String {
        switch self {
        case .queued: "queued"
        case .active: "active"
        case .retrying: "retrying"
        case .paused: "paused"
        case .failed: "failed"
        case .done: "done"
        }
    }

    /// When a retrying transfer goes on (seconds on the engine's clock); nil otherwise.
    public var retryingAt: Double? {
        if case .retrying(let at, _, _) = self { at } else { nil }
    }

    /// Holds a slot (counts against the limit on active transfers).
    public var holdsSlot: Bool {
        switch self {
        case .active, .retrying: true
        default: false
        }
    }

    /// Will not move again unless told (resume, retry).
    public var isFinished: Bool {
        switch self {
        case .done, .failed: true
        default: false
        }
    }

    /// Stopped, and a resume queues it again: paused or failed.
    public var isResumable: Bool {
        switch self {
        case .paused, .failed: true
        default: false
        }
    }

    /// The state a transfer restored from the journal starts in: what was running or
    /// waiting runs again; paused, failed and done stay.
    public var restored: TransferState {
        switch self {
        case .active, .retrying, .queued: .queued
        case .paused, .failed, .done: self
        }
    }
}
