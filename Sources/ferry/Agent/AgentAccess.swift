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

    /// The running agent's welcome, or nil when none answers.
    func running() async throws -> AgentClient.Welcome? {
        switch await AgentLauncher.probe(paths.socket, software: Self.software) {
        case .success(let welcome): return welcome
        case .failure(let error) where error.meansNoAgent: return nil
        case .failure(let error): throw error
        }
    }

    /// The running agent, started first if none runs.
    func ensure() async throws -> (welcome: AgentClient.Welcome, started: Bool) {
        try await AgentLauncher.ensure(paths: paths, executable: Self.executable, software: Self.software)
    }

    /// Runs `body` connected to the agent.
    func connect<Result: Sendable>(_ body: (AgentClient, AgentClient.Welcome) async throws -> Result) async throws -> Result {
        try await AgentClient.connect(socket: paths.socket, software: Self.software, body)
    }
}
