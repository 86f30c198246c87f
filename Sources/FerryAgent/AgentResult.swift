import FerryClient

/// What a successful command answers: at most one field is set (none for commands that
/// only act), e.g. `{"snapshot": {…}}` or `{}`.
public struct AgentResult: Sendable, Equatable, Codable {
    public var status: AgentStatus?
    public var snapshot: EngineSnapshot?
    public var transfer: TransferSnapshot?
    public var transfers: [TransferSnapshot]?
    /// An add answered with a transfer already queued for the same request (true), not a
    /// new one. Absent from older agents.
    public var existing: Bool?
    /// The answer to ``AgentCommand/grid``: a digest per transfer kind ("upload", "download").
    public var grid: [String: String]?

    public init(status: AgentStatus? = nil, snapshot: EngineSnapshot? = nil, transfer: TransferSnapshot? = nil, transfers: [TransferSnapshot]? = nil) {
        self.status = status
        self.snapshot = snapshot
        self.transfer = transfer
        self.transfers = transfers
    }

    public static let none = AgentResult()
}
