import FerryCore

/// The pure core of a ``RateLimiter``: the global bucket, each transfer's own, and the
/// parts of the global limit transfers asking together get. Given a transfer's ask and the
/// time, answers how many bytes may go and after how long. The caller passes the time.
///
/// Transfers that asked within ``recent`` seconds share the global limit evenly (one held
/// lower by its own limit leaves the rest to the others, ``FairShare``): each has a bucket
/// at its part of the global rate, in place of the global bucket. Without it the limit went
/// by the size of the pieces asked for (every piece waits for the whole debt): an upload
/// beside a download took about two thirds.
struct RateBuckets: Sendable {
    var global: TokenBucket
    var each: [Int64: TokenBucket] = [:]
    /// When each transfer last asked (those of the last ``recent`` seconds), and the part
    /// of the global limit of each while more than one asks.
    private var asked: [Int64: Double] = [:]
    private var shares: [Int64: TokenBucket] = [:]

    /// Seconds since its last ask for which a transfer counts as sharing the global limit:
    /// a transfer under a limit asks every quarter second or so.
    static let recent = 2.0

    init(global: Double) {
        self.global = TokenBucket(rate: global)
    }

    /// Sets the limit of one transfer (0: none).
    mutating func set(_ id: Int64, _ bytesPerSecond: Double, now: Double) {
        if bytesPerSecond == 0 {
            each[id] = nil
        } else if each[id] != nil {
            each[id]!.setRate(bytesPerSecond, now: now)
        } else {
            each[id] = TokenBucket(rate: bytesPerSecond)
        }
    }

    /// Up to `wanted` bytes for transfer `id` at `now`: how many, and the seconds to wait
    /// before they go.
    mutating func admit(_ id: Int64, wanted: Int, now: Double) -> (count: Int, wait: Double) {
        // While transfers share, their parts add up to the global limit and stand for it:
        // charged to the global bucket too, a small piece waited for the others' large ones.
        let shared = share(id, now: now)
        let count = min(shared ? shares[id]!.quantum(wanted) : global.quantum(wanted), each[id]?.quantum(wanted) ?? wanted)
        let wait = max(shared ? shares[id]!.take(count, now: now) : global.take(count, now: now), each[id]?.take(count, now: now) ?? 0)
        return (count, wait)
    }

    /// The seconds `id` still owes for what it took, at the limits in force at `now` (a wait
    /// shortens when a limit is raised or removed meanwhile).
    mutating func owed(_ id: Int64, now: Double) -> Double {
        max(shares[id] != nil ? shares[id]!.owed(now: now) : global.owed(now: now), each[id]?.owed(now: now) ?? 0)
    }

    /// Notes that `id` asks now; whether it has a part of the global limit (others asked
    /// too), kept at what ``FairShare`` gives it.
    private mutating func share(_ id: Int64, now: Double) -> Bool {
        asked[id] = now
        asked = asked.filter { now - $0.value < Self.recent }
        shares = shares.filter { asked[$0.key] != nil }
        guard !global.isUnlimited, asked.count > 1 else {
            shares = [:]
            return false
        }
        let caps = each.compactMapValues { $0.isUnlimited ? nil : $0.rate }
        let rate = FairShare.split(global.rate, among: Array(asked.keys), caps: caps)[id] ?? global.rate
        if shares[id] == nil { shares[id] = TokenBucket(rate: rate) } else if shares[id]!.rate != rate { shares[id]!.setRate(rate, now: now) }
        return true
    }
}
