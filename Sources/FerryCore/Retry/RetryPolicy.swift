/// When to try again after a failure: exponential backoff with full jitter (a random wait
/// between zero and the current ceiling, so many clients cut by one outage do not come
/// back in step), a cap on the ceiling, and an optional limit on tries. Pure: the caller
/// supplies the random number, so it is tested without sleeping.
public struct RetryPolicy: Sendable, Equatable {
    /// Ceiling of the first wait, in seconds.
    public var initialDelay: Double
    /// Largest ceiling, in seconds.
    public var maximumDelay: Double
    /// How much the ceiling grows per failure.
    public var multiplier: Double
    /// Failures in a row (without progress between) after which to give up; nil: never.
    public var maximumTries: Int?

    /// Defaults for flaky links: first wait up to 1 s, doubling to at most 30 s, forever
    /// (a transfer waits out an outage; the person can pause or remove it).
    public init(initialDelay: Double = 1, maximumDelay: Double = 30, multiplier: Double = 2, maximumTries: Int? = nil) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = multiplier
        self.maximumTries = maximumTries
    }

    /// The ceiling of the wait after `failures` failures in a row (1 for the first).
    public func ceiling(afterFailures failures: Int) -> Double {
        guard failures > 0 else { return 0 }
        var ceiling = initialDelay
        for _ in 1..<failures where ceiling < maximumDelay { ceiling *= multiplier }
        return min(ceiling, maximumDelay)
    }

    /// Seconds to wait after `failures` failures in a row, given `random` in 0..<1; nil when
    /// it is time to give up.
    public func delay(afterFailures failures: Int, random: Double) -> Double? {
        if let maximumTries, failures >= maximumTries { return nil }
        return ceiling(afterFailures: failures) * min(max(random, 0), 1)
    }
}
