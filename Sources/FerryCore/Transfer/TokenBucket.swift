/// A byte rate limit as a bucket that never holds tokens ahead: taking bytes drives the
/// balance below zero, the answer is how long to wait before those bytes go, and time pays
/// the debt back at `rate` up to zero, never beyond. So no second goes over the limit, not
/// the first nor one after a quiet spell (a bucket that filled up while idle let a quarter
/// second more through, and the header read over the limit). Bytes are asked for in pieces
/// of `burst`. Pure: the caller passes the time. A rate of 0 means no limit.
public struct TokenBucket: Sendable, Equatable {
    /// Bytes per second; 0: unlimited.
    public private(set) var rate: Double
    /// Most bytes asked for at once (see ``quantum(_:)``).
    public private(set) var burst: Double
    private var balance: Double
    private var updated: Double?

    public init(rate: Double, burst: Double? = nil) {
        self.rate = max(0, rate)
        self.burst = burst ?? Self.defaultBurst(rate)
        balance = 0
    }

    /// A quarter of a second's worth, at least 16 KiB: smooth, yet not one wake-up per packet.
    static func defaultBurst(_ rate: Double) -> Double { max(rate / 4, 16_384) }

    public var isUnlimited: Bool { rate == 0 }

    /// Changes the rate while running; what was owed so far stays owed, paid back at the new
    /// rate, and is forgiven when the limit goes (there is nothing to owe without one).
    public mutating func setRate(_ newRate: Double, now: Double) {
        refill(now: now)
        rate = max(0, newRate)
        burst = Self.defaultBurst(rate)
        if isUnlimited { balance = 0 }
    }

    /// The seconds until what was taken so far is paid back, at the rate in force at `now`.
    public mutating func owed(now: Double) -> Double {
        guard !isUnlimited else { return 0 }
        refill(now: now)
        return balance >= 0 ? 0 : -balance / rate
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
        if let updated, rate > 0 { balance = min(0, balance + (now - updated) * rate) }
        updated = now
    }
}
