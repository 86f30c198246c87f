import FerryCore
import Testing

@Suite struct HumanFormatTests {
    @Test(arguments: [
        (0, "0 B"), (1023, "1023 B"), (1024, "1.00 KiB"), (1536, "1.50 KiB"), (10 << 20, "10.0 MiB"), (123 << 20, "123 MiB"),
        (1023 << 20, "1023 MiB"), (1 << 30, "1.00 GiB"), (5 << 40, "5.00 TiB"), (UInt64.max, "16384 PiB"),
    ] as [(UInt64, String)])
    func bytes(_ count: UInt64, _ text: String) {
        #expect(HumanFormat.bytes(count) == text)
    }

    @Test func ratesAndDurations() {
        #expect(HumanFormat.rate(23.4 * 1_048_576) == "23.4 MiB/s")
        #expect(HumanFormat.rate(-5) == "0 B/s")
        #expect(HumanFormat.duration(42) == "42s" && HumanFormat.duration(187) == "3:07" && HumanFormat.duration(3723) == "1:02:03")
        #expect(HumanFormat.duration(.infinity) == "--" && HumanFormat.duration(-1) == "--")
    }
}
