import FerryClient
import Testing

/// The embedded grid's ports: outside the kernel's ephemeral range, from 20000 up.
struct PortChoiceTests {
    @Test func theKernelsRangeIsRead() {
        #expect(PortChoice.ephemeralRange(parsing: "32768\t60999\n") == 32768...60999)
        #expect(PortChoice.ephemeralRange(parsing: "1024 65535") == 1024...65535)
        for bad in ["", "32768", "60999 32768", "a b", "1 70000", "1 2 3"] {
            #expect(PortChoice.ephemeralRange(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func candidatesLieBelowAndAboveTheRange() {
        #expect(PortChoice.candidates(avoiding: 32768...60999) == [20000...32767, 61000...65535])
        #expect(PortChoice.candidates(avoiding: 1024...65535) == [])
        #expect(PortChoice.candidates(avoiding: 10000...30000) == [30001...65535])
        #expect(PortChoice.candidates(avoiding: 40000...65535) == [20000...39999])
    }

    @Test func aPickIsNeverEphemeralAndReachesBothSides() {
        var generator = SystemRandomNumberGenerator()
        var below = 0, above = 0
        for _ in 0..<2000 {
            let port = try! #require(PortChoice.pick(avoiding: 32768...60999, using: &generator))
            #expect((20000...65535).contains(port) && !(32768...60999).contains(port), "\(port)")
            if port < 32768 { below += 1 } else { above += 1 }
        }
        // 12768 ports below, 4536 above: both sides are drawn, in about that proportion.
        #expect(below > 1200 && above > 300, "\(below) below, \(above) above")
        #expect(PortChoice.pick(avoiding: 1024...65535, using: &generator) == nil)
    }
}
