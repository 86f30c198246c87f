import FerryClient
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// The agent's listening side: a Unix socket (mode 0600, in a 0700 directory), one task per
/// connection. A connection from another uid, one that does not start with a hello in a
/// version spoken here, or one that sends anything that is not a message is answered with
/// `refused` and closed; the engine and the other connections are not touched.
public final class AgentServer: Sendable {
    public let socketPath: String
    let engine: TransferEngine
    let software: String
    let started: Double
    /// Why the config file in use is not the one on disk (it does not parse), for the status.
    let configProblem: @Sendable () -> String?
    /// Digests of the grid settings new transfers run with (``AgentCommand/grid``).
    let grid: @Sendable () -> [String: String]?
    /// Each transfer's log, kept in the journal, for the screens that attach.
    let logs: TransferLogKeeper
    private let listener = NIOLockedValueBox<Listener>(.starting)
    /// Every open connection's way to send it a frame (for the farewell when the agent
    /// stops; their count is the status's `clients`), and whether it is stopping.
    private let connections = NIOLockedValueBox<(next: Int, senders: [Int: @Sendable (AgentFrame) async throws -> Void], stopping: Bool)>((0, [:], false))

    private enum Listener {
        case starting
        case listening(any Channel)
        case stopping
    }

    /// With `journal` (the engine's), the transfers' logs are kept there, across agents.
    public init(socketPath: String, engine: TransferEngine, journal: Journal? = nil, software: String, started: Double,
                configProblem: @escaping @Sendable () -> String? = { nil }, grid: @escaping @Sendable () -> [String: String]? = { nil }) {
        logs = TransferLogKeeper(journal: journal)
        self.configProblem = configProblem
        self.grid = grid
        self.socketPath = socketPath
        self.engine = engine
        self.software = software
        self.started = started
    }

    /// Listens until a client sends `stop` (or the task is cancelled).
    public func run() async throws {
        let engine = engine, logs = logs
        logs.restore()  // before any screen can ask for them
        let following = Task { await logs.follow(engine) }
        do {
            try await listen()
        } catch {
            following.cancel()
            await following.value
            throw error
        }
        following.cancel()
        await following.value  // its last lines written
    }

    private func listen() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .bind(unixDomainSocketPath: socketPath, cleanupExistingSocketFile: true) { child in
                child.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child) }
            }
        chmod(socketPath, 0o600)
        let stopped = listener.withLockedValue { state in
            if case .stopping = state { return true }
            state = .listening(server.channel)
            return false
        }
        if stopped { server.channel.close(promise: nil) }  // stop() came while binding
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { inbound in
                for try await connection in inbound {
                    group.addTask { await self.serve(connection) }
                }
            }
            group.cancelAll()  // the listener closed: end every connection too
        }
    }

    /// Tells every client the agent is stopping (`refused` with `agent.stopped`, so a
    /// screen knows not to start another), then closes the listener; ``run()`` returns once
    /// the connections have ended. Called before ``run()`` has bound, it stops it right after.
    public func stop() {
        // The logs written first: a screen told the agent stops reads them from the journal.
        logs.write()
        let senders = connections.withLockedValue { state in
            state.stopping = true  // from here a new connection is refused the same way
            return Array(state.senders.values)
        }
        Task {
            for send in senders { try? await send(.refused(.stopped)) }
            if !senders.isEmpty { try? await Task.sleep(for: .milliseconds(100)) }  // written out before the close
            let channel: (any Channel)? = listener.withLockedValue { state in
                defer { state = .stopping }
                if case .listening(let channel) = state { return channel }
                return nil
            }
            channel?.close(promise: nil)
        }
    }

    private func status() async -> AgentStatus {
        let snapshot = await engine.snapshot()
        return AgentStatus(pid: getpid(), software: software, protocolVersion: AgentProtocol.current, socket: socketPath, started: started,
                           transfers: snapshot.transfers.count, active: snapshot.transfers.filter { $0.state.holdsSlot }.count,
                           clients: connections.withLockedValue { $0.senders.count }, maximumActive: snapshot.maximumActive,
                           rateLimit: snapshot.rateLimit, configProblem: configProblem())
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let channel = connection.channel
        let foreign = (try? await PeerCredentials.of(channel))?.uid != getuid()
        try? await connection.executeThenClose { inbound, outbound in
            let send: @Sendable (AgentFrame) async throws -> Void = { try await outbound.write(ByteBuffer(bytes: FrameCodec.encode($0))) }
            let (number, stopping) = connections.withLockedValue { state in
                state.next += 1
                state.senders[state.next] = send
                return (state.next, state.stopping)
            }
            defer { _ = connections.withLockedValue { $0.senders.removeValue(forKey: number) } }
            var session = AgentSession(software: software, pid: getpid())
            let runner = CommandRunner(engine: engine, status: { await self.status() }, grid: grid, logs: { self.logs.recent() })
            try await withThrowingDiscardingTaskGroup { tasks in
                defer { tasks.cancelAll() }  // a closed connection ends its watch and pending commands
                // A refusal is followed by reading (and dropping) whatever the peer still
                // sends, for up to a second, before closing: on Linux, closing a socket with
                // unread bytes resets the peer, which could then lose the refusal unread.
                func refuse(_ frame: AgentFrame) async throws {
                    try await send(frame)
                    tasks.addTask { try? await Task.sleep(for: .seconds(1)); channel.close(promise: nil) }
                }
                if foreign { try await refuse(.refused(.foreignUser)) } else if stopping { try await refuse(.refused(.stopped)) }
                for try await bytes in inbound where !foreign && !stopping {
                    for step in session.take(bytes.readableBytesView) {
                        switch step {
                        case .send(let frame):
                            try await send(frame)
                        case .close(let frame):
                            try await refuse(frame)
                        case .run(let id, .watch):
                            // Subscribed before the snapshot, so nothing falls between; the
                            // snapshot stands for the engine's replay of every transfer.
                            let events = await engine.events(replaying: false)
                            try await send(.reply(id: id, outcome: await runner.run(.watch)))
                            tasks.addTask {
                                for await event in events { try await send(.event(event)) }
                                // Ended while the connection lasts: the client fell too far behind.
                                if !Task.isCancelled, !self.connections.withLockedValue(\.stopping) {
                                    try await send(.refused(.slowWatcher))
                                    try? await Task.sleep(for: .seconds(1))  // drained, as in refuse()
                                    channel.close(promise: nil)
                                }
                            }
                        case .run(let id, .stop):
                            try await send(.reply(id: id, outcome: .success(.none)))
                            stop()
                        case .run(let id, let command):
                            tasks.addTask { try await send(.reply(id: id, outcome: await runner.run(command))) }
                        }
                    }
                }
            }
        }
    }
}
