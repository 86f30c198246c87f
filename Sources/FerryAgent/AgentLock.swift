import FerryIO

/// One agent per user (per journal): a ``PidLock`` on `agent.lock`, held for the agent's
/// life, with its pid inside for `ferry agent status`. Whoever holds it may remove a socket
/// file left behind: no other agent can be listening on it.
public enum AgentLock {
    /// Takes the lock, or answers nil when another process holds it.
    public static func take(_ path: String) throws(AgentError) -> PidLock? {
        do { return try PidLock.take(path) } catch {
            throw AgentError(code: "agent.directory", message: "cannot open \(path): \(error.message)")
        }
    }

    /// The pid written by the process holding the lock, if one holds it.
    public static func holder(_ path: String) -> Int32? { PidLock.holder(path) }

    /// Waits up to `seconds` for whoever holds the lock to let go (its agent has ended);
    /// whether it did.
    public static func waitForRelease(_ path: String, seconds: Double) async throws -> Bool {
        try await PidLock.waitForRelease(path, seconds: seconds)
    }
}
