import FerryAgent
import FerryTUI
import Synchronization

/// Keeps the screen attached to the agent: connects and watches (a snapshot, then events,
/// all posted to the screen), and when the connection ends, attaches again — starting a
/// new agent if the old one died, or waiting for one if it was stopped on purpose.
final class AgentAttachment: Sendable {
    let access: AgentAccess
    /// Messages posted together are taken in together: the screen never draws between them.
    let post: @Sendable ([Message]) -> Void
    private let client = Mutex<AgentClient?>(nil)
    /// The last agent's pid and global limits (from its snapshot and events): an agent that
    /// takes over from one that died gets the limits the person set back, since it starts
    /// with the config's. Forgotten when an agent is stopped on purpose.
    private let last = Mutex<(pid: Int32, maximumActive: Int, rateLimit: UInt64)?>(nil)

    init(access: AgentAccess, post: @escaping @Sendable ([Message]) -> Void) {
        self.access = access
        self.post = post
    }

    /// The connection commands go through; nil while detached.
    var current: AgentClient? { client.withLock { $0 } }

    /// Runs until cancelled.
    func run() async {
        var stopped = false
        while !Task.isCancelled {
            do {
                if stopped {  // wait for someone to start one
                    guard let again = try await access.ifRunning(watch) else {
                        try await Task.sleep(for: .seconds(1))
                        continue
                    }
                    stopped = again
                } else {
                    _ = try await access.ensure()
                    stopped = try await access.connect(watch)
                }
                if stopped { last.withLock { $0 = nil } }
                post([.agent(stopped ? .stopped : .attaching)])
            } catch is CancellationError {
                break
            } catch {
                post([.agent(.attaching), .failed("\(error)")])
                try? await Task.sleep(for: .seconds(2))
            }
        }
        client.withLock { $0 = nil }
    }

    /// Watches on one connection, to its end; whether the agent said it was stopping.
    private func watch(_ client: AgentClient, _ welcome: AgentClient.Welcome) async throws -> Bool {
        let (snapshot, events) = try await client.watch()
        self.client.withLock { $0 = client }
        // Together: a frame between them would show the agent's queue beside "attaching".
        post([.snapshot(snapshot), .agent(.attached(pid: welcome.pid))])
        let before = last.withLock { last in
            defer { last = (welcome.pid, snapshot.maximumActive, snapshot.rateLimit) }
            return last
        }
        if let before, before.pid != welcome.pid, (before.maximumActive, before.rateLimit) != (snapshot.maximumActive, snapshot.rateLimit) {
            _ = try? await client.request(.setRateLimit(id: nil, bytesPerSecond: before.rateLimit))
            _ = try? await client.request(.setMaximumActive(count: before.maximumActive))
            post([.notice("a new agent took over from one that ended; the limits set here apply again")])
        }
        for await event in events {
            if case .settings(let maximumActive, let rateLimit) = event { last.withLock { $0 = (welcome.pid, maximumActive, rateLimit) } }
            post([.engine(event)])
        }
        self.client.withLock { $0 = nil }
        if Task.isCancelled { throw CancellationError() }
        return client.ended?.code == AgentError.stopped.code
    }
}
