/// Which queued transfers to start, and which running ones to send back to the queue,
/// for a limit on active transfers. Pure. Higher priority first, then the order they
/// were added; a running transfer is never stopped for a newcomer (that would throw away
/// a connection and its momentum), only when the limit is lowered.
public enum QueuePlanner {
    public struct Entry: Sendable, Equatable {
        public let id: Int64
        public let priority: Int
        public let state: TransferState

        public init(id: Int64, priority: Int, state: TransferState) {
            self.id = id
            self.priority = priority
            self.state = state
        }
    }

    /// `entries` in any order; ids are in the order added.
    public static func plan(_ entries: [Entry], maximumActive: Int) -> (start: [Int64], requeue: [Int64]) {
        let ranked = entries.sorted { ($0.priority, -$0.id) > ($1.priority, -$1.id) }
        let running = ranked.filter { $0.state.holdsSlot }
        let limit = max(0, maximumActive)
        if running.count > limit {
            return ([], running.suffix(running.count - limit).map(\.id))
        }
        let waiting = ranked.filter { $0.state == .queued }
        return (waiting.prefix(limit - running.count).map(\.id), [])
    }
}
