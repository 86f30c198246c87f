/// What changed, as it happens.
public enum EngineEvent: Sendable, Equatable {
    /// A transfer was added or changed (state, phase, progress — at most ten a second each).
    case updated(TransferSnapshot)
    /// A transfer was removed from the queue.
    case removed(Int64)
    /// The limit on active transfers or the global rate limit changed.
    case settings(maximumActive: Int, rateLimit: UInt64)
    /// Something every screen should say (the agent followed a change to the config, or
    /// started the embedded grid again).
    case notice(String)
}
