import FerryCore
import Testing

@Suite struct HumanFormatTests {
    @Test(arguments: [
        (0, "0 B"), (1023, "1023 B"), (1024, "1.00 KiB"), (1536, "1.50 KiB"), (10 << 20, "10.0 MiB"), (123 << 20, "123 MiB"),
        (1023 << 20, "1023 MiB"), (1 << 30, "1.00 GiB"), (5 << 40, "5.00 TiB"), (UInt64.max, "16384 PiB"),
        // Never "1024 KiB" beside "1.00 MiB": a figure that rounds to 1024 takes the next unit.
        (1023 << 10, "1023 KiB"), (1_048_100, "1.00 MiB"),
    ] as [(UInt64, String)])
    func bytes(_ count: UInt64, _ text: String) {
        #expect(HumanFormat.bytes(count) == text)
    }

    @Test func ratesAndDurations() {
        #expect(HumanFormat.rate(23.4 * 1_048_576) == "23.4 MiB/s")
        #expect(HumanFormat.rate(-5) == "0 B/s")
        #expect(HumanFormat.duration(42) == "42s" && HumanFormat.duration(187) == "3:07" && HumanFormat.duration(3723) == "1:02:03")
        #expect(HumanFormat.duration(.infinity) == "--" && HumanFormat.duration(-1) == "--")
        // A retry's wait is rounded up: full jitter picks waits under a second ("retrying in 0s").
        #expect(HumanFormat.retrying(in: 0.3) == "retrying in 1s" && HumanFormat.retrying(in: 4.2) == "retrying in 5s")
        #expect(HumanFormat.retrying(in: 0) == "retrying now" && HumanFormat.retrying(in: 90) == "retrying in 1:30")
    }

    /// An ETA fits the list's column (seven characters) however far off.
    @Test func etasFitSevenColumns() {
        let cases: [(Double, String)] = [(41, "41s"), (72, "1:12"), (35_999, "9:59:59"), (36_000, "10h 00m"), (72_081, "20h 01m"),
                                         (1_786_380, "20d"), (8_553_600, "99d"), (1e12, ">99d"), (.infinity, "--")]
        for (seconds, text) in cases {
            #expect(HumanFormat.eta(seconds) == text && text.count <= 7, "\(seconds)")
        }
    }
}
