import FerryCore

/// Everything a screen shows of one transfer.
public struct TransferSnapshot: Sendable, Equatable {
    public var entry: JournalEntry
    /// Smoothed bytes per second of the current phase.
    public var speed: Double
    /// Seconds left at that speed; nil when nothing moves.
    public var eta: Double?
    /// Bytes per second, one sample per second, oldest first (the last minute).
    public var history: [Double]
    /// The last notable thing that happened.
    public var note: String?
    /// Seconds until the next try, while retrying.
    public var retryIn: Double?

    public var id: Int64 { entry.id }
    public var state: TransferState { entry.state }
}

/// Everything a screen shows: the transfers in the order added, and the engine's settings.
public struct EngineSnapshot: Sendable, Equatable {
    public var transfers: [TransferSnapshot]
    public var maximumActive: Int
    /// Bytes per second for all transfers together; 0: none.
    public var rateLimit: UInt64

    /// Sum of the speeds of running transfers.
    public var speed: Double { transfers.filter { $0.state.holdsSlot }.reduce(0) { $0 + $1.speed } }
}

/// What changed, as it happens.
public enum EngineEvent: Sendable, Equatable {
    /// A transfer was added or changed (state, phase, progress — at most ten a second each).
    case updated(TransferSnapshot)
    /// A transfer was removed from the queue.
    case removed(Int64)
    /// The limit on active transfers or the global rate limit changed.
    case settings(maximumActive: Int, rateLimit: UInt64)
}
