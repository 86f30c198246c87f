import FerryClient

/// A refusal or a failed command, with a stable code a script can match
/// (docs/PROTOCOL.md lists them).
public struct AgentError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code)]" }

    public static func malformed(_ why: String) -> AgentError { AgentError(code: "protocol.malformed", message: "malformed message: \(why)") }
    public static let tooLong = AgentError(code: "protocol.too-long", message: "message longer than \(AgentProtocol.maximumMessage) bytes")
    public static let notGreeted = AgentError(code: "protocol.hello-first", message: "the first message must be a hello")
    public static let foreignUser = AgentError(code: "agent.foreign-user", message: "the agent serves only the user who started it")
}

extension AgentError {
    /// Nobody listens (`agent.not-running`), or the agent there is on its way out
    /// (`agent.stopped`): either way, no agent to talk to.
    public var meansNoAgent: Bool { code == "agent.not-running" || code == AgentError.stopped.code }

    public static func notRunning(_ socket: String) -> AgentError {
        AgentError(code: "agent.not-running", message: "no agent answers at \(socket) (start one with `ferry agent start`)")
    }

    /// Something holds the agent's socket but says nothing (`code` `agent.unresponsive`).
    public static func unresponsive(_ socket: String, after wait: Duration) -> AgentError {
        AgentError(code: "agent.unresponsive", message: "the agent at \(socket) did not answer within \(wait.components.seconds) s")
    }

    /// An unresponsive agent's error with its pid (from its lock) and what to do; any other
    /// error as it is.
    public func naming(lock: String) -> AgentError {
        guard code == "agent.unresponsive", let pid = AgentLock.holder(lock) else { return self }
        return AgentError(code: code, message: "\(message): the agent (pid \(pid)) may be stopped (`kill -CONT \(pid)` lets it go on) "
                          + "or stuck (`kill \(pid)`, and the next ferry starts another; its transfers wait in the journal)")
    }

    public static let gone = AgentError(code: "agent.gone", message: "the connection to the agent ended")

    public static let slowWatcher = AgentError(
        code: "agent.slow-watcher", message: "more than \(TransferEngine.watcherBuffer) events waited unread; connect again and watch from a fresh snapshot")

    public static let stopped = AgentError(code: "agent.stopped", message: "the agent was stopped (`ferry agent stop`); transfers wait in the journal")
}
