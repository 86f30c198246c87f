import FerryCore
import Testing

struct TokenBucketTests {
    @Test func unlimitedNeverWaits() {
        var bucket = TokenBucket(rate: 0)
        #expect(bucket.take(1 << 30, now: 0) == 0 && bucket.quantum(1 << 20) == 1 << 20)
    }

    @Test func bytesWaitTheirTimeFirstAfterQuietToo() {
        var bucket = TokenBucket(rate: 100_000, burst: 50_000)
        #expect(abs(bucket.take(50_000, now: 0) - 0.5) < 1e-9, "a new bucket holds nothing ahead: half a second for 50 kB")
        #expect(abs(bucket.take(100_000, now: 0) - 1.5) < 1e-9, "100 kB more at 100 kB/s: one second after those")
        #expect(bucket.take(0, now: 1.5) == 0, "the debt is paid")
        // Ten seconds of quiet store nothing up: the next bytes wait their time again (a bucket
        // that filled up while idle sent a quarter second more in the first second after).
        #expect(abs(bucket.take(50_000, now: 11.5) - 0.5) < 1e-9)
        #expect(bucket.burst == 50_000 && bucket.quantum(1 << 20) == 50_000, "pieces of the burst's size")
    }

    /// Bytes granted over the first second never exceed the rate (they were 1.25 times it).
    @Test func theFirstSecondKeepsTheLimit() {
        var bucket = TokenBucket(rate: 1_000_000)
        var now = 0.0, sent = 0
        while true {
            let count = bucket.quantum(64 << 10)
            now += bucket.take(count, now: now)
            guard now <= 1 else { break }
            sent += count
        }
        #expect(sent <= 1_000_000 && sent > 900_000, "\(sent)")
    }

    @Test func averageRateOverManyTakesIsTheRate() {
        var bucket = TokenBucket(rate: 1_000_000)
        var now = 0.0, sent = 0
        while now < 10 {
            let wait = bucket.take(bucket.quantum(64 << 10), now: now)
            now += wait
            sent += bucket.quantum(64 << 10)
        }
        let rate = Double(sent) / now
        #expect(rate > 950_000 && rate < 1_100_000, "\(rate)")
    }

    @Test func changingTheRateWhileRunning() {
        var bucket = TokenBucket(rate: 10_000, burst: 10_000)
        _ = bucket.take(20_000, now: 0)  // 2 s in debt at 10 kB/s (a new bucket starts empty)
        bucket.setRate(20_000, now: 0)
        #expect(abs(bucket.take(0, now: 0) - 1.0) < 1e-9, "the same debt at the new rate")
        bucket.setRate(0, now: 0)
        #expect(bucket.take(1 << 20, now: 0) == 0)
        #expect(TokenBucket(rate: 8_000).quantum(1 << 20) == 16 << 10, "small rates move in 16 KiB steps")
    }
}
