/// Whether the screen is attached to the agent that runs the transfers, as the header
/// shows it.
public enum AgentLink: Sendable, Equatable {
    /// Connecting (at start, or again after the agent went away).
    case attaching
    case attached(pid: Int32)
    /// Connected, but the agent has let a ping go unanswered for seconds (stopped with
    /// SIGSTOP, or stuck): what the screen shows of it is stale, and keys are not sent.
    case notAnswering(pid: Int32)
    /// No agent: it was stopped (`ferry agent stop`), so the screen waits for one to start
    /// rather than starting it again itself.
    case stopped
}
