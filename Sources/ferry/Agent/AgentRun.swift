import ArgumentParser
import FerryAgent
import FerryClient
import FerryStorage
import Foundation

/// `ferry agent run`: the agent in the foreground (what `ferry agent start` runs in the
/// background): the engine over the journal, the socket, until `ferry agent stop`,
/// SIGTERM or SIGINT. SIGHUP is ignored: a closed terminal does not stop transfers.
struct AgentRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the agent in the foreground (logs to standard error)."
    )

    func run() async throws {
        do {
            try await serve()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
    }

    private func serve() async throws {
        let environment = ProcessInfo.processInfo.environment
        let paths = AgentAccess(environment: environment).paths
        try paths.prepare()
        guard let lock = try AgentLock.take(paths.lock) else {
            let holder = AgentLock.holder(paths.lock).map { " (pid \($0))" } ?? ""
            throw AgentError(code: "agent.running", message: "an agent is already running\(holder); `ferry agent stop` stops it")
        }
        let setup = try await ClientSetup.load(environment: environment)
        let http = StorageClient.makeHTTPClient(idleTimeout: setup.idleTimeout)
        do {
            let turns = UploadTurns()
            let (engine, journal, _) = try setup.makeEngine(runner: setup.makeRunner(http: http, turns: turns), scope: nil)
            let follower = ConfigFollower(setup: setup, engine: engine, http: http, turns: turns, environment: environment) { Self.log($0) }
            let server = AgentServer(socketPath: paths.socket, engine: engine, journal: journal, software: AgentAccess.software, started: Date().timeIntervalSince1970,
                                     configProblem: { [problem = follower.problem] in problem.current },
                                     grid: { [grid = follower.grid] in grid.current })
            signal(SIGHUP, SIG_IGN)
            let signals = SignalWatch([SIGINT, SIGTERM]) { server.stop() }
            await engine.start()
            let upkeep = Task { await Self.upkeep(follower, engine: engine) }
            log("agent \(getpid()) listening on \(paths.socket) (\(AgentAccess.software), protocol \(AgentProtocol.current))")
            try await server.run()
            signals.cancel()
            upkeep.cancel()
            await engine.shutdown()
            unlink(paths.socket)
            log("agent \(getpid()) stopped")
            try? await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw error
        }
        withExtendedLifetime(lock) {}
    }

    /// Every second, the config file is looked at (``ConfigFollower``); every two, with the
    /// embedded grid in use, a grid stopped while transfers wait for it (`ferry grid stop`) is
    /// started again, as any command that needs it does.
    private static func upkeep(_ follower: ConfigFollower, engine: TransferEngine) async {
        var follower = follower
        var looks = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            await follower.look()
            looks += 1
            if looks % 2 == 0, follower.setup.config.helper == nil {
                await keepGridUp(engine: engine, directory: follower.setup.paths.gridDirectory)
            }
        }
    }

    private static func keepGridUp(engine: TransferEngine, directory: String) async {
        let grid = EmbeddedGrid(directory: directory)
        guard grid.status().contains(where: { !$0.running }) else { return }
        guard await engine.snapshot().waiting > 0, let started = try? await grid.start().started, started > 0 else { return }
        // No count: a look during a `grid stop` finds some nodes still running, and "4 nodes"
        // read wrong beside the 6 the stop had named.
        let text = "started the local grid again for the transfers waiting on it"
        log(text)
        await engine.announce(text)
    }

    private func log(_ line: String) { Self.log(line) }

    private static func log(_ line: String) {
        printError("\(Date().formatted(.iso8601)) \(line)")
    }
}
