import FerryClient

/// What a client asks of the agent (one request, one reply).
public enum AgentCommand: Sendable, Equatable, Codable {
    /// The agent's pid, version, socket and queue size.
    case status
    /// Digests of the grid settings new transfers run with, by kind (``AgentResult/grid``).
    case grid
    /// The whole queue and the settings.
    case snapshot
    /// A snapshot, then every engine event as it happens until the connection closes.
    case watch
    case add(request: TransferRequest, priority: Int)
    case pause(id: Int64)
    case resume(id: Int64)
    case pauseAll
    case resumeAll
    case remove(id: Int64)
    /// `remove`, and a download's `DEST.part` and `DEST.part.ferry` are deleted.
    case discard(id: Int64)
    case setPriority(id: Int64, priority: Int)
    /// A transfer's limit, or with no id the global one; bytes per second, 0 for none.
    case setRateLimit(id: Int64?, bytesPerSecond: UInt64)
    case setMaximumActive(count: Int)
    /// Waits for the given transfers to end (done, failed, or removed) and answers with
    /// their last snapshots.
    case settle(ids: [Int64])
    /// Stops the agent (transfers stay in the journal and resume at its next start).
    case stop
}
