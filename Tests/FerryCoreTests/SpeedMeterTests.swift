import FerryCore
import Testing

struct SpeedMeterTests {
    @Test func steadySpeedAndEta() {
        var meter = SpeedMeter()
        for second in 0...10 { meter.record(bytes: UInt64(second) * 1_000_000, now: Double(second)) }
        #expect(abs(meter.bytesPerSecond - 1_000_000) < 1)
        #expect(meter.eta(remaining: 5_000_000).map { abs($0 - 5) < 0.01 } == true)
        #expect(meter.history.count == 10)
    }

    /// At a rate limit the one-second samples saw-tooth (grants fall on either side of a
    /// second); the ETA averages ten of them, so it moves by the second, not by a sample.
    @Test func theEtaIsSteadyWhenSamplesSawTooth() {
        var meter = SpeedMeter(), bytes: UInt64 = 0
        var etas: [Double] = []
        for second in 0...30 {
            meter.record(bytes: bytes, now: Double(second))
            bytes += second % 2 == 0 ? 936_000 : 1_130_000
            if second > 12, let eta = meter.eta(remaining: 100_000_000 - bytes) { etas.append(eta) }
        }
        let steps = zip(etas, etas.dropFirst()).map { abs($0 - $1) }
        #expect(steps.allSatisfy { $0 < 2.5 }, "\(etas)")
    }

    @Test func aStallBringsTheSpeedDownAndHasNoEta() {
        var meter = SpeedMeter()
        meter.record(bytes: 0, now: 0)
        meter.record(bytes: 1_000_000, now: 1)
        meter.record(bytes: 1_000_000, now: 2)
        #expect(meter.bytesPerSecond > 500_000, "one quiet second is a hiccup")
        meter.record(bytes: 1_000_000, now: 3)
        #expect(meter.bytesPerSecond == 0 && meter.eta(remaining: 10) == nil, "two in a row: stopped, no ETA")
        meter.record(bytes: 1_500_000, now: 4)
        #expect(meter.bytesPerSecond > 100_000, "moving again")
        #expect(SpeedMeter().eta(remaining: 10) == nil, "nothing moved: no ETA")
    }

    /// On a slow link bytes come a chunk every few seconds: the speed stays the mean rate
    /// between them (it read 0 for 3 to 5 s out of every 6 at 300 KB/s), and a real stop
    /// still reads 0 within 8 s.
    @Test func burstsEveryFewSecondsReadAsASteadySpeed() {
        var meter = SpeedMeter(), bytes: UInt64 = 0
        var shown: [Double] = []
        for second in 0...40 {
            if second > 0, second % 4 == 0 { bytes += 1_200_000 }  // 300 KB/s, in 1.2 MB bursts
            meter.record(bytes: bytes, now: Double(second))
            if second >= 12 { shown.append(meter.bytesPerSecond) }
        }
        #expect(shown.allSatisfy { $0 > 150_000 && $0 < 600_000 }, "\(shown)")
        #expect(meter.eta(remaining: 3_000_000).map { $0 > 5 && $0 < 20 } == true)
        for second in 41...49 { meter.record(bytes: bytes, now: Double(second)) }
        #expect(meter.bytesPerSecond == 0, "stopped")
    }

    /// A new phase (hashing, then sending) starts afresh: the hashing's speed made the
    /// sending's ETA 2 s and its average a lie.
    @Test func aRestartForgetsTheLastPhasesSpeed() {
        var meter = SpeedMeter()
        for second in 0...5 { meter.record(bytes: UInt64(second) * 100_000_000, now: Double(second)) }
        meter.restart()
        #expect(meter.history.isEmpty && meter.eta(remaining: 100) == nil)
        for second in 6...9 { meter.record(bytes: UInt64(second - 6) * 1_000_000, now: Double(second)) }
        #expect(meter.eta(remaining: 10_000_000).map { abs($0 - 10) < 0.5 } == true)
    }

    @Test func sampleWithinASecondWaitsAndHistoryIsBounded() {
        var meter = SpeedMeter()
        meter.record(bytes: 0, now: 0)
        meter.record(bytes: 500, now: 0.5)
        #expect(meter.history.isEmpty)
        meter.record(bytes: 500, now: 200)
        #expect(meter.history.count == SpeedMeter.historyLength)
        meter.restart()
        #expect(meter.bytesPerSecond == 0)
    }

    /// A link cut every two seconds: each retry's jump (back to what the helper kept) is not
    /// speed, and the speed and graph so far stay.
    @Test func aRebaseKeepsTheSpeedAndSkipsTheJump() {
        var meter = SpeedMeter()
        var now = 0.0, bytes: UInt64 = 0
        for cut in 0..<5 {
            for _ in 0...2 {
                meter.record(bytes: bytes, now: now)
                now += 1
                bytes += 2_000_000
            }
            meter.rebase()
            bytes -= UInt64(cut % 2) * 3_000_000  // sent again from the helper's offset
        }
        #expect(meter.history.count >= 8, "\(meter.history)")
        #expect(meter.history.allSatisfy { $0 == 2_000_000 }, "no sample of the jumps back: \(meter.history)")
        #expect(meter.bytesPerSecond == 2_000_000)
    }
}
