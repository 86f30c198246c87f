import FerryClient
import FerryIO
#if canImport(Glibc)
import Glibc
#endif

/// Where the agent listens and keeps its lock and log (pure, from the environment).
///
/// The socket and lock live in `$XDG_RUNTIME_DIR/ferry` when that is set (a per-user
/// directory the system empties at logout or reboot), otherwise in `run/` under the state
/// directory. When `FERRY_STATE_DIR` names another journal, its agent is another agent:
/// the directory is then always that state directory's `run/` (`FERRY_AGENT_DIR` overrides
/// both). The log is `agent.log` in the state directory.
public struct AgentPaths: Sendable, Equatable {
    public var directory: String
    public var log: String

    public init(directory: String, log: String) {
        self.directory = directory
        self.log = log
    }

    public init(client: ClientPaths, environment: [String: String]) {
        func absolute(_ name: String) -> String? { environment[name].flatMap { $0.hasPrefix("/") ? $0 : nil } }
        if let chosen = absolute("FERRY_AGENT_DIR") {
            directory = chosen
        } else if absolute("FERRY_STATE_DIR") == nil, let runtime = absolute("XDG_RUNTIME_DIR") {
            directory = runtime + "/ferry"
        } else {
            directory = client.stateDirectory + "/run"
        }
        log = client.stateDirectory + "/agent.log"
    }

    public var socket: String { directory + "/agent.sock" }
    public var lock: String { directory + "/agent.lock" }

    /// The longest socket path Linux binds (`sun_path` less its terminating zero).
    public static let longestSocketPath = 107

    /// Creates the directory (mode 0700, ours); the state directory for the log too.
    public func prepare() throws(AgentError) {
        guard socket.utf8.count <= Self.longestSocketPath else {
            throw AgentError(code: "agent.path-too-long", message: "the agent's socket path \(socket) is longer than \(Self.longestSocketPath) bytes; set FERRY_AGENT_DIR to a shorter directory")
        }
        for path in [directory, String(log[..<(log.lastIndex(of: "/") ?? log.endIndex)])] {
            do { try Directory.create(path) } catch {
                throw AgentError(code: "agent.directory", message: "cannot create \(path): \(error)")
            }
        }
        var info = stat()
        guard stat(directory, &info) == 0, info.st_uid == getuid() else {
            throw AgentError(code: "agent.directory", message: "\(directory) is not owned by this user; set FERRY_AGENT_DIR to a directory of yours")
        }
        chmod(directory, 0o700)
    }
}
