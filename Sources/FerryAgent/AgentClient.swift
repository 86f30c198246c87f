import FerryClient
import NIOCore
import NIOPosix
import Synchronization

/// A connection to the agent, for as long as a closure runs: the hello and welcome,
/// requests answered by id (sent in the order asked), and a watch (a snapshot, then the
/// engine's events). When the connection ends — the agent stopped or died — requests
/// still waiting fail with `agent.gone` and the watch's events end.
public final class AgentClient: Sendable {
    /// What the agent said when it let this client in.
    public struct Welcome: Sendable, Equatable {
        public let protocolVersion: Int
        public let software: String
        public let pid: Int32

        public init(protocolVersion: Int, software: String, pid: Int32) {
            self.protocolVersion = protocolVersion
            self.software = software
            self.pid = pid
        }
    }

    private struct State {
        var nextID = 0
        var pending: [Int: CheckedContinuation<AgentResult, any Error>] = [:]
        var welcome: CheckedContinuation<Welcome, any Error>?
        var greeted: Welcome?
        var events: AsyncStream<EngineEvent>.Continuation?
        var ended: AgentError?
    }

    private let state = Mutex(State())
    private let outgoing: AsyncStream<[UInt8]>.Continuation

    private init(outgoing: AsyncStream<[UInt8]>.Continuation) {
        self.outgoing = outgoing
    }

    /// Connects to the agent at `socket`, says hello as `software`, and runs `body` with the
    /// connection once welcomed. `agent.not-running` when nobody listens there;
    /// `agent.unresponsive` when no welcome comes within `answerWithin` (an agent stopped
    /// with SIGSTOP, or stuck, whose socket still takes connections: every command hung);
    /// a refusal (another protocol version, say) is thrown as the agent worded it.
    public static func connect<Result: Sendable>(
        socket: String, software: String, answerWithin: Duration = .seconds(10), _ body: (AgentClient, Welcome) async throws -> Result
    ) async throws -> Result {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(unixDomainSocketPath: socket) { channel in
                    channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                }
        } catch {
            throw AgentError.notRunning(socket)
        }
        return try await channel.executeThenClose { inbound, outbound in
            let (frames, outgoing) = AsyncStream.makeStream(of: [UInt8].self)
            let client = AgentClient(outgoing: outgoing)
            return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
                group.addTask {
                    for await frame in frames { try await outbound.write(ByteBuffer(bytes: frame)) }
                }
                group.addTask {
                    var reader = FrameReader()
                    do {
                        for try await bytes in inbound {
                            for line in try reader.take(bytes.readableBytesView) { client.receive(line) }
                        }
                        client.end(.gone)
                    } catch let error as AgentError {
                        client.end(error)
                    } catch {
                        client.end(.gone)
                    }
                }
                defer {
                    client.end(.gone)
                    group.cancelAll()
                }
                outgoing.yield(FrameCodec.encode(.hello(protocolVersion: AgentProtocol.current, software: software)))
                let deadline = Task {
                    try await Task.sleep(for: answerWithin)
                    client.end(.unresponsive(socket, after: answerWithin))
                }
                let welcome: Welcome
                do {
                    welcome = try await client.welcomed()
                    deadline.cancel()
                } catch {
                    deadline.cancel()
                    throw error
                }
                return try await body(client, welcome)
            }
        }
    }

    /// Why the connection ended (`agent.stopped` when the agent was stopped on purpose),
    /// or nil while it lasts.
    public var ended: AgentError? { state.withLock { $0.ended } }

    /// Runs `command` on the agent; its reply's result, or its error (an ``AgentError``).
    public func request(_ command: AgentCommand) async throws -> AgentResult {
        try await withCheckedThrowingContinuation { continuation in
            let refused: AgentError? = state.withLock { state in
                if let ended = state.ended { return ended }
                state.nextID += 1
                state.pending[state.nextID] = continuation
                outgoing.yield(FrameCodec.encode(.request(id: state.nextID, command: command)))  // in the lock: ids go out in order
                return nil
            }
            if let refused { continuation.resume(throwing: refused) }
        }
    }

    /// The queue now, and every change from then on, until the connection ends (the stream
    /// then finishes). One watch per connection.
    public func watch() async throws -> AgentWatch {
        let (events, continuation) = AsyncStream.makeStream(of: EngineEvent.self)
        state.withLock { $0.events = continuation }  // events follow the reply: caught from here
        let reply = try await request(.watch)
        guard let snapshot = reply.snapshot else {
            throw AgentError.malformed("a watch's reply without a snapshot")
        }
        return AgentWatch(snapshot: snapshot, logs: reply.logs ?? [], events: events)
    }

    private func welcomed() async throws -> Welcome {
        try await withCheckedThrowingContinuation { continuation in
            let known: Swift.Result<Welcome, AgentError>? = state.withLock { state in
                if let greeted = state.greeted { return .success(greeted) }
                if let ended = state.ended { return .failure(ended) }
                state.welcome = continuation
                return nil
            }
            if let known { continuation.resume(with: known) }
        }
    }

    private func receive(_ line: [UInt8]) {
        let frame: AgentFrame
        do { frame = try FrameCodec.decode(line) } catch { return end(error) }
        switch frame {
        case .welcome(let version, let software, let pid):
            let welcome = Welcome(protocolVersion: version, software: software, pid: pid)
            let waiting = state.withLock { state in
                state.greeted = welcome
                defer { state.welcome = nil }
                return state.welcome
            }
            waiting?.resume(returning: welcome)
        case .reply(let id, let outcome):
            let waiting = state.withLock { $0.pending.removeValue(forKey: id) }
            waiting?.resume(with: outcome.mapError { $0 as any Error })
        case .event(let event):
            _ = state.withLock { $0.events }?.yield(event)
        case .unknownEvent:
            break
        case .refused(let error):
            end(error)
        case .hello, .request:
            end(.malformed("the agent sent a client's message"))
        }
    }

    /// Ends the connection's business: whatever still waits fails with `reason`.
    private func end(_ reason: AgentError) {
        let (pending, welcome, events) = state.withLock { state in
            if state.ended == nil { state.ended = reason }
            defer { (state.pending, state.welcome, state.events) = ([:], nil, nil) }
            return (state.pending, state.welcome, state.events)
        }
        let ended = state.withLock { $0.ended } ?? reason
        for continuation in pending.values { continuation.resume(throwing: ended) }
        welcome?.resume(throwing: ended)
        events?.finish()
        outgoing.finish()
    }
}
