import FerryStorage
import Testing

@Suite struct LogThrottleTests {
    /// The first event is said at once; the rest within the period are counted and said
    /// with the first one after it.
    @Test func saysTheFirstAtOnceThenCountsUntilThePeriodEnds() {
        var throttle = LogThrottle(period: 60)
        #expect(throttle.record(at: 1000) == 1)
        #expect(throttle.record(at: 1010) == nil && throttle.record(at: 1059) == nil)
        #expect(throttle.record(at: 1060) == 3, "two held back, and this one")
        #expect(throttle.record(at: 1061) == nil)
        #expect(throttle.record(at: 2000) == 2)
    }
}
