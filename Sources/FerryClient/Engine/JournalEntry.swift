import FerryCore

/// One transfer as the journal keeps it: enough to show it after a restart and to run it
/// again. Progress here is for display; where to go on is always asked of the other side.
public struct JournalEntry: Sendable, Equatable, Codable {
    public var id: Int64
    public var request: TransferRequest
    public var priority: Int
    public var state: TransferState
    /// The cap: the result of an upload, the source of a download.
    public var cap: String?
    public var phase: String
    public var done: UInt64
    public var total: UInt64
    /// Bytes per second for this transfer alone; 0: none.
    public var rateLimit: UInt64
    /// Seconds since 1970 when it was added.
    public var added: Double

    public init(id: Int64, request: TransferRequest, priority: Int = 0, state: TransferState = .queued, cap: String? = nil,
                phase: String = "", done: UInt64 = 0, total: UInt64 = 0, rateLimit: UInt64 = 0, added: Double) {
        self.id = id
        self.request = request
        self.priority = priority
        self.state = state
        self.cap = cap
        self.phase = phase
        self.done = done
        self.total = total
        self.rateLimit = rateLimit
        self.added = added
    }
}
