import FerryAgent
import FerryClient
import Foundation

/// How this ferry reaches its agent: where it listens, what this program calls itself in a
/// hello, and the program to start when none runs.
struct AgentAccess: Sendable {
    /// Names this build in hellos, welcomes and `ferry agent status`.
    static let software = "ferry 0.1"

    let paths: AgentPaths

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        paths = AgentPaths(client: ClientPaths(environment: environment), environment: environment)
    }

    /// This very program (so the agent started is the same build).
    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Runs `body` connected to the running agent, on one connection; nil when no agent
    /// answers (nothing listens, it is stopping, or it ended before its welcome). What
    /// `body` throws is thrown: an agent lost midway is an error, not "none running".
    func ifRunning<Result: Sendable>(_ body: (AgentClient, AgentClient.Welcome) async throws -> Result) async throws -> Result? {
        var welcomed = false
        do {
            return try await connect { client, welcome in
                welcomed = true
                return try await body(client, welcome)
            }
        } catch let error as AgentError where !welcomed && (error.meansNoAgent || error.code == AgentError.gone.code) {
            return nil
        }
    }

    /// The running agent, started first if none runs.
    func ensure() async throws -> (welcome: AgentClient.Welcome, started: Bool) {
        try await AgentLauncher.ensure(paths: paths, executable: Self.executable, software: Self.software)
    }

    /// Runs `body` connected to the agent. One that does not answer is named by its pid,
    /// with what to do about it.
    func connect<Result: Sendable>(_ body: (AgentClient, AgentClient.Welcome) async throws -> Result) async throws -> Result {
        do {
            return try await AgentClient.connect(socket: paths.socket, software: Self.software, body)
        } catch let error as AgentError {
            throw error.naming(lock: paths.lock)
        }
    }
}
