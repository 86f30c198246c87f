import FerryCore
import Synchronization

/// Rate limits for all transfers together and for each one (token buckets), changeable
/// while transfers run. A transfer asks for bytes before it moves them and is held back as
/// long as the strictest limit needs.
///
/// Transfers that ask within ``recent`` seconds of each other share the global limit evenly:
/// each has a bucket of its own at the global rate over their number, in place of the global
/// bucket. Without it, the limit went by the size of the pieces asked for (every piece waits
/// for the whole debt): an upload beside a download took about two thirds.
public final class RateLimiter: Sendable {
    private struct Buckets {
        var global: TokenBucket
        var each: [Int64: TokenBucket] = [:]
        /// When each transfer last asked (those of the last ``recent`` seconds), and the
        /// share of the global limit of each while more than one asks.
        var asked: [Int64: Double] = [:]
        var shares: [Int64: TokenBucket] = [:]

        /// Notes that `id` asks now; whether it has a share (others asked too), at the rate
        /// for the number asking.
        mutating func shares(_ id: Int64, now: Double) -> Bool {
            asked[id] = now
            asked = asked.filter { now - $0.value < RateLimiter.recent }
            shares = shares.filter { asked[$0.key] != nil }
            guard !global.isUnlimited, asked.count > 1 else {
                shares = [:]
                return false
            }
            let rate = global.rate / Double(asked.count)
            if shares[id] == nil { shares[id] = TokenBucket(rate: rate) } else if shares[id]!.rate != rate { shares[id]!.setRate(rate, now: now) }
            return true
        }
    }

    /// Seconds since its last ask for which a transfer counts as sharing the global limit:
    /// a transfer under a limit asks every quarter second or so.
    static let recent = 2.0

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
            // While transfers share, their shares add up to the global limit and stand for it:
            // charged to the global bucket too, a small piece waited for the others' large ones.
            let shared = buckets.shares(id, now: now)
            let count = min(shared ? buckets.shares[id]!.quantum(wanted) : buckets.global.quantum(wanted), buckets.each[id]?.quantum(wanted) ?? wanted)
            let wait = max(shared ? buckets.shares[id]!.take(count, now: now) : buckets.global.take(count, now: now),
                           buckets.each[id]?.take(count, now: now) ?? 0)
            return (count, wait)
        }
        if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
        return count
    }
}
