import Synchronization

/// Rate limits for all transfers together and for each one, changeable while transfers
/// run (the limits: ``RateBuckets``). A transfer asks for bytes before it moves them and is
/// held back as long as the strictest limit needs.
public final class RateLimiter: Sendable {
    private let buckets: Mutex<RateBuckets>
    private let clock: @Sendable () -> Double
    private let sleep: @Sendable (Double) async throws -> Void

    /// `sleep` waits that many seconds on `clock`'s time (tests pass a simulated pair).
    public init(global: UInt64 = 0, clock: @escaping @Sendable () -> Double,
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }) {
        buckets = Mutex(RateBuckets(global: Double(global)))
        self.clock = clock
        self.sleep = sleep
    }

    /// Sets the limit for all transfers (0: none).
    public func setGlobal(_ bytesPerSecond: UInt64) {
        let now = clock()
        buckets.withLock { $0.global.setRate(Double(bytesPerSecond), now: now) }
    }

    /// Sets the limit of one transfer (0: none).
    public func set(_ id: Int64, _ bytesPerSecond: UInt64) {
        let now = clock()
        buckets.withLock { $0.set(id, Double(bytesPerSecond), now: now) }
    }

    /// Longest single sleep of a wait: a limit raised or removed meanwhile is seen after at
    /// most this long.
    static let slice = 0.25

    /// Up to `wanted` bytes for transfer `id`: waits as the limits need, then answers how
    /// many may go. The wait is slept in slices, each time shortened to what the limits in
    /// force then still ask: slept whole, a piece taken under `rate_limit = 512` kept its
    /// download still for half a minute after the limit was lifted (at 5 B/s, an hour).
    public func grant(_ id: Int64, _ wanted: Int) async throws -> Int {
        let now = clock()
        let (count, wait) = buckets.withLock { $0.admit(id, wanted: wanted, now: now) }
        var left = wait
        while left > 0 {
            let nap = min(left, Self.slice)
            try await sleep(nap)
            // Never longer than first said: others' pieces taken meanwhile are their debt.
            let now = clock()
            left = min(left - nap, buckets.withLock { $0.owed(id, now: now) })
        }
        return count
    }
}
