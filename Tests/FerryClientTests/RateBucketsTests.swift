@testable import FerryClient
import Testing

/// The rate limits on simulated time: transfers ask again as soon as their last wait ends,
/// in the order their waits end, so the figures do not depend on the machine's load.
struct RateBucketsTests {
    /// Runs transfers asking `pieces[id]` bytes at a time from time 0 to `seconds`; the
    /// bytes each was granted. `until[id]` stops one earlier.
    static func simulate(_ buckets: inout RateBuckets, pieces: [Int64: Int], seconds: Double, until: [Int64: Double] = [:]) -> [Int64: Int] {
        var next = pieces.mapValues { _ in 0.0 }
        var granted = pieces.mapValues { _ in 0 }
        while let (id, now) = next.min(by: { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }), now < seconds {
            guard now < until[id] ?? seconds else {
                next[id] = nil
                continue
            }
            let (count, wait) = buckets.admit(id, wanted: pieces[id]!, now: now)
            // The bytes go once the wait ends: counted if that is inside the run.
            if now + wait <= seconds { granted[id]! += count }
            next[id] = now + max(wait, 0.001)
        }
        return granted
    }

    /// Two transfers asking at once get about the same, whatever the size of their pieces
    /// (an upload asking whole chunks beside a download asking a block at a time: every
    /// piece waited for the whole debt, so the one asking more at once took more, 10 to 1
    /// here); together they keep to the limit.
    @Test func transfersAskingTogetherShareTheGlobalLimitEvenly() {
        var buckets = RateBuckets(global: 2_000_000)
        let granted = Self.simulate(&buckets, pieces: [1: 1_000_000, 2: 50_000], seconds: 10)
        let ratio = Double(granted[1]!) / Double(granted[2]!)
        #expect(ratio > 0.9 && ratio < 1.1, "\(granted)")
        #expect(granted.values.reduce(0, +) <= 20_000_000 + 500_000, "\(granted) in 10 s at 2 MB/s")
        #expect(granted.values.reduce(0, +) >= 19_000_000, "the limit is used: \(granted)")
    }

    /// One held by a limit of its own below its even part leaves the rest to the other (a
    /// 2M-capped download beside an unlimited one under 10M ran at 2 and 5: 3M unused).
    @Test func aCappedTransferLeavesTheRestToTheOthers() {
        var buckets = RateBuckets(global: 10_000_000)
        buckets.set(1, 2_000_000, now: 0)
        let granted = Self.simulate(&buckets, pieces: [1: 1_000_000, 2: 1_000_000], seconds: 10)
        #expect(abs(Double(granted[1]!) - 20_000_000) < 1_000_000, "\(granted)")
        #expect(abs(Double(granted[2]!) - 80_000_000) < 3_000_000, "\(granted)")
    }

    /// Alone, a transfer has the whole limit again once the other has stopped asking.
    @Test func aTransferAloneHasTheWholeLimitAgain() {
        var buckets = RateBuckets(global: 2_000_000)
        let granted = Self.simulate(&buckets, pieces: [1: 100_000, 2: 100_000], seconds: 20, until: [2: 5])
        // 5 s shared (~5 MB each), 2 s more at half while 2 still counts, then 13 s alone.
        #expect(granted[1]! > 5_000_000 + 2_000_000 + 24_000_000, "\(granted)")
    }

    /// What a piece owes shortens when the limit is raised, and is forgiven when it goes:
    /// a piece taken at 512 B/s owed 32 s, and its download stayed still that long after
    /// the limit was lifted (at 5 B/s, an hour).
    @Test func aRaisedOrLiftedLimitShortensWhatIsOwed() {
        var buckets = RateBuckets(global: 512)
        let (count, wait) = buckets.admit(1, wanted: 1 << 20, now: 0)
        #expect(count == 16_384 && wait == 32, "\(count) bytes after \(wait) s")
        #expect(buckets.owed(1, now: 2) == 30)
        buckets.global.setRate(16_384, now: 2)
        #expect(buckets.owed(1, now: 2) == 15_360.0 / 16_384, "the rest of the debt at the new rate")
        buckets.global.setRate(0, now: 2.5)
        #expect(buckets.owed(1, now: 2.5) == 0)
        buckets.global.setRate(512, now: 3)
        #expect(buckets.owed(1, now: 3) == 0, "forgiven, not owed again when a limit comes back")
        buckets.set(1, 1000, now: 3)
        _ = buckets.admit(1, wanted: 16_384, now: 3)
        #expect(buckets.owed(1, now: 3) == 32, "the strictest of the global and its own limit")
    }
}
