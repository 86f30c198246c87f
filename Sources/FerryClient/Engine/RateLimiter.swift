import FerryCore
import Synchronization

/// Rate limits for all transfers together and for each one (token buckets), changeable
/// while transfers run. A transfer asks for bytes before it moves them and is held back as
/// long as the stricter of the two limits needs.
public final class RateLimiter: Sendable {
    private struct Buckets {
        var global: TokenBucket
        var each: [Int64: TokenBucket] = [:]
    }

    private let buckets: Mutex<Buckets>
    private let clock: @Sendable () -> Double

    public init(global: UInt64 = 0, clock: @escaping @Sendable () -> Double) {
        buckets = Mutex(Buckets(global: TokenBucket(rate: Double(global))))
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
        buckets.withLock { buckets in
            if bytesPerSecond == 0 {
                buckets.each[id] = nil
            } else if buckets.each[id] != nil {
                buckets.each[id]!.setRate(Double(bytesPerSecond), now: now)
            } else {
                buckets.each[id] = TokenBucket(rate: Double(bytesPerSecond))
            }
        }
    }

    /// Up to `wanted` bytes for transfer `id`: waits as the limits need, then answers how
    /// many may go.
    public func grant(_ id: Int64, _ wanted: Int) async throws -> Int {
        let now = clock()
        let (count, wait) = buckets.withLock { buckets -> (Int, Double) in
            let count = min(buckets.global.quantum(wanted), buckets.each[id]?.quantum(wanted) ?? wanted)
            let wait = max(buckets.global.take(count, now: now), buckets.each[id]?.take(count, now: now) ?? 0)
            return (count, wait)
        }
        if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
        return count
    }
}
