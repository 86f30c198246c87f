import FerryAgent
import FerryClient
import FerryCore
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
    /// The pid of the agent last attached to, and the global rate limit set from this screen
    /// (`l`, Tab): an agent that takes over from one that died starts with the config's, so
    /// the one set here is set again. Only a limit set here: one the agent took from its
    /// config (or another screen) was being said as "set here" and set again after the config
    /// had changed. Forgotten when the agent's limit changes otherwise, or an agent is
    /// stopped on purpose.
    private let last = Mutex<(pid: Int32?, rateLimit: UInt64?)>((nil, nil))
    /// The global limit in force as this screen last knew it (any agent's): a new agent that
    /// starts with another (its config's) is said, not silently shown (a limit set from a
    /// screen since closed went with its agent, unsaid).
    private let inForce = Mutex<UInt64?>(nil)
    /// The queue as the journal has it, posted every second while no agent runs: the rows
    /// stood as the agent left them ("3 active", "8% sending") even once another ferry had
    /// finished them.
    let journal: @Sendable (_ afresh: Bool) -> Message?

    init(access: AgentAccess, journal: @escaping @Sendable (_ afresh: Bool) -> Message?, post: @escaping @Sendable ([Message]) -> Void) {
        self.access = access
        self.journal = journal
        self.post = post
    }

    /// The person set the global rate limit from this screen.
    func setHere(rateLimit: UInt64) { last.withLock { $0.rateLimit = rateLimit } }

    /// The connection commands go through; nil while detached.
    var current: AgentClient? { client.withLock { $0 } }

    /// The pid of an agent attached to that has stopped answering pings (a key's command
    /// would wait unseen, and act whenever it goes on); nil while it answers.
    var notAnswering: Int32? { pinging.withLock { $0.silent } }
    /// The pings of the connection watched now. `generation` counts connections: what a
    /// ping of an ended one learns is dropped (it left "not answering" standing beside the
    /// next agent, whose keys were then refused).
    private struct Pinging {
        var generation = 0
        var liveness = AgentLiveness(now: 0)
        var silent: Int32?
    }
    private let pinging = Mutex(Pinging())
    private let made = ContinuousClock.now

    /// Runs until cancelled.
    func run() async {
        var stopped = false
        var shownSinceStop = false  // the journal, since the agent stopped
        while !Task.isCancelled {
            do {
                if stopped {  // wait for someone to start one
                    guard let again = try await access.ifRunning(watch) else {
                        if let queue = journal(!shownSinceStop) { post([queue]) }
                        shownSinceStop = true
                        try await Task.sleep(for: .seconds(1))
                        continue
                    }
                    stopped = again
                } else {
                    _ = try await access.ensure()
                    stopped = try await access.connect(watch)
                }
                if stopped { last.withLock { $0 = (nil, nil) } }
                shownSinceStop = false
                post([.agent(stopped ? .stopped : .attaching)])
            } catch is CancellationError {
                break
            } catch {
                post([.agent(.attaching), .unattached("\(error)", reopen: nil)])  // said until attached (it stayed after)
                try? await Task.sleep(for: .seconds(2))
            }
        }
        client.withLock { $0 = nil }
    }

    /// Watches on one connection, to its end; whether the agent said it was stopping.
    private func watch(_ client: AgentClient, _ welcome: AgentClient.Welcome) async throws -> Bool {
        let watch = try await client.watch()
        let (snapshot, events) = (watch.snapshot, watch.events)
        self.client.withLock { $0 = client }
        // Together: a frame between them would show the agent's queue beside "attaching".
        // The logs after the snapshot: they replace what this screen made of the changes.
        post([.snapshot(snapshot), .logs(watch.logs), .agent(.attached(pid: welcome.pid))])
        let (before, setHere) = last.withLock { last in
            defer { last.pid = welcome.pid }
            return (last.pid, last.rateLimit)
        }
        let known = inForce.withLock { known in
            defer { known = snapshot.rateLimit }
            return known
        }
        if let before, before != welcome.pid, let setHere, setHere != snapshot.rateLimit {
            _ = try? await client.request(.setRateLimit(id: nil, bytesPerSecond: setHere))
            inForce.withLock { $0 = setHere }
            // ("no rate limit applies again" read as a limit: a user test.)
            let limit = setHere == 0 ? "the rate limit was lifted here, and is lifted again"
                : "the rate limit set here (\(HumanFormat.rate(Double(setHere)))) applies again"
            post([.notice("a new agent took over from one that ended; \(limit)")])
        } else if let known, known != snapshot.rateLimit, before != welcome.pid {
            let words = { (limit: UInt64) in limit == 0 ? "none" : HumanFormat.rate(Double(limit)) }
            post([.notice("the new agent took its config's rate limit: \(words(snapshot.rateLimit)) (was \(words(known)))")])
        }
        let pings = Task { await ping(client, pid: welcome.pid) }
        defer {
            pings.cancel()
            pinging.withLock { state in
                state.generation += 1
                state.silent = nil
            }
        }
        for await event in events {
            if case .settings(_, let rateLimit) = event {
                inForce.withLock { $0 = rateLimit }
                last.withLock { if $0.rateLimit != rateLimit { $0.rateLimit = nil } }  // changed otherwise (the config): that one stands
            }
            post([.engine(event)])
        }
        self.client.withLock { $0 = nil }
        if Task.isCancelled { throw CancellationError() }
        return client.ended?.code == AgentError.stopped.code
    }

    /// Pings the agent on `client` until cancelled, and says when it stops answering and
    /// when it answers again.
    private func ping(_ client: AgentClient, pid: Int32) async {
        let mine = pinging.withLock { state in
            state.generation += 1
            (state.liveness, state.silent) = (AgentLiveness(now: secondsNow()), nil)
            return state.generation
        }
        while !Task.isCancelled {
            switch pinging.withLock({ $0.generation == mine ? $0.liveness.step(now: secondsNow()) : .wait }) {
            case .wait: break
            case .ask:
                // Not awaited here: a silent agent's reply may never come, and the deadline
                // is the loop's to keep.
                Task {
                    guard (try? await client.request(.status)) != nil else { return }
                    pinging.withLock { state in
                        guard state.generation == mine, state.liveness.answered(now: secondsNow()) else { return }
                        state.silent = nil
                        post([.agent(.attached(pid: pid))])
                    }
                }
            case .fellSilent(let since):
                pinging.withLock { state in
                    guard state.generation == mine else { return }
                    state.silent = pid
                    let waited = Int((secondsNow() - since).rounded())
                    post([.agent(.notAnswering(pid: pid)), .unattached(Self.silence(pid: pid, seconds: waited), reopen: nil)])
                }
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Seconds since this attachment was made, for the pings' arithmetic.
    private func secondsNow() -> Double { made.duration(to: .now) / .seconds(1) }

    /// What the status bar says of an agent that stopped answering: said until it answers.
    /// `stopped`: whether it was stopped by a signal (read from `/proc` when not given).
    static func silence(pid: Int32, seconds: Int, stopped: Bool? = nil) -> String {
        let what = stopped ?? (DetachedProcess.state(of: pid) == "T") ? "it is stopped (Ctrl-Z or SIGSTOP): `kill -CONT \(pid)` lets it go on"
            : "it may be stuck: `kill \(pid)` ends it, and this screen starts another (its transfers wait in the journal)"
        return "the agent (pid \(pid)) has not answered for over \(seconds) s; \(what). Keys are not sent until it answers"
    }
}
