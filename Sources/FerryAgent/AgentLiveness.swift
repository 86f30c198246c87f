/// Whether an agent still answers, from pings a client sends it while connected (pure: the
/// caller gives the time and sends the ping). An agent stopped with SIGSTOP, or stuck, keeps
/// its socket open and says nothing: a screen showed "attached" with its last speeds, and
/// took keys that acted only once the agent went on (a user test).
public struct AgentLiveness: Sendable, Equatable {
    /// Seconds between one answer and the next ping.
    public let every: Double
    /// Seconds a ping may go unanswered before the agent counts as silent.
    public let deadline: Double
    /// When the ping still unanswered was sent.
    public private(set) var askedAt: Double?
    /// When the agent last answered (or the connection began).
    public private(set) var answeredAt: Double
    /// The agent has let a ping go unanswered past the deadline, and has not answered since.
    public private(set) var silent = false

    public init(every: Double = 2, deadline: Double = 6, now: Double) {
        self.every = every
        self.deadline = deadline
        self.answeredAt = now
    }

    /// What to do at `now`.
    public enum Step: Sendable, Equatable {
        case wait
        /// Send a ping, and call ``answered(now:)`` when its reply comes.
        case ask
        /// The ping went unanswered past the deadline: say so (once).
        case fellSilent(since: Double)
    }

    public mutating func step(now: Double) -> Step {
        if let askedAt {
            guard !silent, now - askedAt >= deadline else { return .wait }
            silent = true
            return .fellSilent(since: askedAt)
        }
        guard now - answeredAt >= every else { return .wait }
        askedAt = now
        return .ask
    }

    /// A reply came at `now`; whether the agent had been silent until it.
    public mutating func answered(now: Double) -> Bool {
        defer { (askedAt, answeredAt, silent) = (nil, now, false) }
        return silent
    }
}
