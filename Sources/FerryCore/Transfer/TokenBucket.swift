/// A token bucket for a byte rate: tokens accrue at `rate` per second up to `burst`; taking
/// bytes may drive the balance below zero, and the answer is how long to wait before those
/// bytes go. Pure: the caller passes the time. A rate of 0 means no limit.
public struct TokenBucket: Sendable, Equatable {
    /// Bytes per second; 0: unlimited.
    public private(set) var rate: Double
    /// Most bytes that may go at once after a quiet spell.
    public private(set) var burst: Double
    private var balance: Double
    private var updated: Double?

    /// A new bucket starts empty: its first bytes wait their time, so the first seconds keep
    /// the limit too (starting full, a transfer's first second went a quarter over it, and its
    /// smoothed speed read 15-25 % over for seconds). Only a quiet spell builds a burst.
    public init(rate: Double, burst: Double? = nil) {
        self.rate = max(0, rate)
        self.burst = burst ?? Self.defaultBurst(rate)
        balance = 0
    }

    /// A quarter of a second's worth, at least 16 KiB: smooth, yet not one wake-up per packet.
    static func defaultBurst(_ rate: Double) -> Double { max(rate / 4, 16_384) }

    public var isUnlimited: Bool { rate == 0 }

    /// Changes the rate while running; what was owed so far stays owed.
    public mutating func setRate(_ newRate: Double, now: Double) {
        refill(now: now)
        rate = max(0, newRate)
        burst = Self.defaultBurst(rate)
        balance = min(balance, burst)
    }

    /// How many of `wanted` bytes to ask for at once: a fraction of the burst, so a slow
    /// limit is met in small steps rather than long silences.
    public func quantum(_ wanted: Int) -> Int {
        isUnlimited ? wanted : max(1, min(wanted, Int(burst)))
    }

    /// Takes `count` bytes at `now`; returns the seconds to wait before sending them (0: at once).
    public mutating func take(_ count: Int, now: Double) -> Double {
        guard !isUnlimited else { return 0 }
        refill(now: now)
        balance -= Double(count)
        return balance >= 0 ? 0 : -balance / rate
    }

    private mutating func refill(now: Double) {
        if let updated, rate > 0 { balance = min(burst, balance + (now - updated) * rate) }
        updated = now
    }
}
