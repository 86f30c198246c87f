/// Everything a screen shows: the transfers in the order added, and the engine's settings.
public struct EngineSnapshot: Sendable, Equatable, Codable {
    public var transfers: [TransferSnapshot]
    public var maximumActive: Int
    /// Bytes per second for all transfers together; 0: none.
    public var rateLimit: UInt64

    public init(transfers: [TransferSnapshot], maximumActive: Int, rateLimit: UInt64) {
        self.transfers = transfers
        self.maximumActive = maximumActive
        self.rateLimit = rateLimit
    }

    /// Transfers that still want to run (queued, active or retrying): what needs the grid up.
    public var waiting: Int { transfers.filter { $0.state.restored == .queued }.count }

    /// Sum of the speeds of running transfers.
    public var speed: Double { transfers.filter { $0.state.holdsSlot }.reduce(0) { $0 + $1.speed } }
}
