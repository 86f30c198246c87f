import Synchronization

/// Rate limits for all transfers together and for each one, changeable while transfers
/// run (the limits: ``RateBuckets``). A transfer asks for bytes before it moves them and is
/// held back as long as the strictest limit needs.
public final class RateLimiter: Sendable {
    private let buckets: Mutex<RateBuckets>
    private let clock: @Sendable () -> Double

    public init(global: UInt64 = 0, clock: @escaping @Sendable () -> Double) {
        buckets = Mutex(RateBuckets(global: Double(global)))
        self.clock = clock
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

    /// Up to `wanted` bytes for transfer `id`: waits as the limits need, then answers how
    /// many may go.
    public func grant(_ id: Int64, _ wanted: Int) async throws -> Int {
        let now = clock()
        let (count, wait) = buckets.withLock { $0.admit(id, wanted: wanted, now: now) }
        if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
        return count
    }
}
