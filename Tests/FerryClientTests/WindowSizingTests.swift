@testable import FerryClient
import Testing

/// Windows that grow when the network, not the decoding, sets a download's pace.
@Suite struct WindowSizingTests {
    @Test func windowsDoubleAfterWaitsInARowUpToFourTimesTheFirst() {
        var sizing = WindowSizing(first: 768 << 10)
        sizing.waited(.milliseconds(100))
        #expect(sizing.bytes == 768 << 10, "one wait could be a hiccup")
        sizing.waited(.milliseconds(100))
        #expect(sizing.bytes == 1536 << 10)
        for _ in 0..<10 { sizing.waited(.milliseconds(100)) }
        #expect(sizing.bytes == 3072 << 10 && sizing.most == 3072 << 10)
    }

    @Test func readAheadsInBeforeTheyAreWantedLeaveTheWindowsAsTheyAre() {
        var sizing = WindowSizing(first: 768 << 10)
        for wait in [1, 30, 2, 40, 0, 25, 3] { sizing.waited(.milliseconds(wait)) }
        #expect(sizing.bytes == 768 << 10, "waits not in a row, or short (loopback): no growth")
    }

    @Test func aLongRoundTripAtTheOpeningStartsTheWindowsAtTheirLargest() {
        #expect(WindowSizing(first: 1 << 20, roundTrip: .milliseconds(50)).bytes == 4 << 20)
        #expect(WindowSizing(first: 1 << 20, roundTrip: .milliseconds(2)).bytes == 1 << 20)
    }

    @Test func aFailedReadTakesTheWindowsBackToTheFirstSize() {
        var sizing = WindowSizing(first: 1 << 20, roundTrip: .milliseconds(50))
        sizing.waited(.milliseconds(100))
        sizing.failed()
        #expect(sizing.bytes == 1 << 20)
        sizing.waited(.milliseconds(100))
        #expect(sizing.bytes == 1 << 20, "the wait before the failure does not count")
        sizing.waited(.milliseconds(100))
        #expect(sizing.bytes == 2 << 20, "and they may grow again")
        #expect(WindowSizing(first: 1 << 20, growth: 1, roundTrip: .seconds(1)).bytes == 1 << 20, "growth 1: fixed")
    }
}
