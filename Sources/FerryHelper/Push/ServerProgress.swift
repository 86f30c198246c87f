/// One storage server's part of a push, as the progress resource shows it. Byte counts
/// cover the server's shares together and include what it `held` when the pass began.
public struct ServerProgress: Sendable, Equatable {
    /// Shares it receives.
    public var shares: Set<Int>
    /// Bytes it already had when this pass began (kept from an earlier, broken pass).
    public var held: UInt64
    /// Bytes handed to its connections so far (plus `held`).
    public var sent: UInt64
    /// Bytes it has acknowledged as stored (plus `held`).
    public var stored: UInt64
    /// Size of its shares.
    public var total: UInt64
    /// "pushing", "done" (everything stored) or "replaced".
    public var state: String

    public init(shares: Set<Int> = [], held: UInt64 = 0, sent: UInt64 = 0, stored: UInt64 = 0, total: UInt64 = 0, state: String = "pushing") {
        self.shares = shares
        self.held = held
        self.sent = sent
        self.stored = stored
        self.total = total
        self.state = state
    }
}
