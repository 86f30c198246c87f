import FerryAgent
import FerryTUI
import Synchronization

/// Keeps the screen attached to the agent: connects and watches (a snapshot, then events,
/// all posted to the screen), and when the connection ends, attaches again — starting a
/// new agent if the old one died, or waiting for one if it was stopped on purpose.
final class AgentAttachment: Sendable {
    let access: AgentAccess
    let post: @Sendable (Message) -> Void
    private let client = Mutex<AgentClient?>(nil)

    init(access: AgentAccess, post: @escaping @Sendable (Message) -> Void) {
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
                if stopped, try await access.running() == nil {
                    try await Task.sleep(for: .seconds(1))
                    continue
                }
                if !stopped { _ = try await access.ensure() }
                stopped = try await attach()
                post(.agent(stopped ? .stopped : .attaching))
            } catch is CancellationError {
                break
            } catch {
                post(.agent(.attaching))
                post(.failed("\(error)"))
                try? await Task.sleep(for: .seconds(2))
            }
        }
        client.withLock { $0 = nil }
    }

    /// One connection, to its end; whether the agent said it was stopping.
    private func attach() async throws -> Bool {
        try await access.connect { client, welcome in
            let (snapshot, events) = try await client.watch()
            self.client.withLock { $0 = client }
            post(.snapshot(snapshot))
            post(.agent(.attached(pid: welcome.pid)))
            for await event in events { post(.engine(event)) }
            self.client.withLock { $0 = nil }
            if Task.isCancelled { throw CancellationError() }
            return client.ended?.code == AgentError.stopped.code
        }
    }
}
