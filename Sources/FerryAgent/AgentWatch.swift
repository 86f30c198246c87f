import FerryClient

/// A watch as a client holds it: the queue when it began, each transfer's log as the agent
/// kept it, and every change from then on (until the connection ends).
public struct AgentWatch: Sendable {
    public let snapshot: EngineSnapshot
    public let logs: [TransferLog]
    public let events: AsyncStream<EngineEvent>
}
