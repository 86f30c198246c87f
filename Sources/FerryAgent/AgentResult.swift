import FerryClient

/// What a successful command answers: one field is set (none for commands that only act),
/// e.g. `{"snapshot": {…}}` or `{}`; a watch's reply has its `logs` beside the snapshot.
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
    /// With a watch's snapshot: each transfer's log as the agent kept it (its most recent
    /// lines). Absent from older agents.
    public var logs: [TransferLog]?

    public init(status: AgentStatus? = nil, snapshot: EngineSnapshot? = nil, transfer: TransferSnapshot? = nil, transfers: [TransferSnapshot]? = nil) {
        self.status = status
        self.snapshot = snapshot
        self.transfer = transfer
        self.transfers = transfers
    }

    public static let none = AgentResult()
}
