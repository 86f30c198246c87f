/// One transfer's failures in a row under a ``RetryPolicy``: progress (bytes that moved
/// and stuck) resets the count, so a link that cuts every few minutes is never given up
/// on while it still carries data.
public struct RetryState: Sendable, Equatable {
    public let policy: RetryPolicy
    /// Failures since the last progress.
    public private(set) var failures = 0

    public init(policy: RetryPolicy) {
        self.policy = policy
    }

    /// What to do after an error: wait this many seconds and try again, or give up
    /// (errors that retrying cannot mend, and the policy's limit).
    public mutating func failed(retryable: Bool, random: Double) -> Double? {
        guard retryable else { return nil }
        failures += 1
        return policy.delay(afterFailures: failures, random: random)
    }

    /// Notes that the transfer moved forward.
    public mutating func progressed() {
        failures = 0
    }
}
