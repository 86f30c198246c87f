/// One storage server's part in a transfer: the shares it stores (upload, through the
/// helper) or serves (download), bytes done and, when known, the total.
public struct ServerPart: Sendable, Equatable, Codable {
    /// How the server is named: the helper's id for it, or host:port.
    public var name: String
    public var shares: [Int]
    public var done: UInt64
    /// 0 when not known (a download reads only what it still needs).
    public var total: UInt64
    public var state: State

    public enum State: String, Sendable, Equatable, Codable {
        /// Shares still moving.
        case working
        /// Everything stored.
        case done
        /// It failed or lied; another server took its shares over.
        case replaced
    }

    public init(name: String, shares: [Int] = [], done: UInt64 = 0, total: UInt64 = 0, state: State = .working) {
        self.name = name
        self.shares = shares
        self.done = done
        self.total = total
        self.state = state
    }

    /// 0…1 when the total is known.
    public var fraction: Double? {
        total > 0 ? min(1, Double(done) / Double(total)) : nil
    }
}
