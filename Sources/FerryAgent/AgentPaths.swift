import FerryClient
import FerryIO
#if canImport(Glibc)
import Glibc
#endif

/// Where the agent listens and keeps its lock and log (pure, from the environment).
///
/// The socket and lock live in `run/` under the state directory, beside the journal they
/// serve: one agent per journal, whatever the shell's environment. Not in
/// `$XDG_RUNTIME_DIR`, which the system removes at the user's last logout while the agent,
/// made to outlive the login, runs on: the next login found no socket and started a second
/// agent on the same journal (and `su` or cron shells, with another or no runtime
/// directory, did the same). `FERRY_AGENT_DIR` overrides. The log is `agent.log` in the
/// state directory.
public struct AgentPaths: Sendable, Equatable {
    public var directory: String
    public var log: String

    public init(directory: String, log: String) {
        self.directory = directory
        self.log = log
    }

    public init(client: ClientPaths, environment: [String: String]) {
        func absolute(_ name: String) -> String? { environment[name].flatMap { $0.hasPrefix("/") ? $0 : nil } }
        directory = absolute("FERRY_AGENT_DIR") ?? client.stateDirectory + "/run"
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
