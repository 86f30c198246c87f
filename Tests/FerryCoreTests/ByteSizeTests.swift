import FerryCore
import Testing

@Suite struct ByteSizeTests {
    @Test(arguments: [
        ("0", 0), ("1000", 1000), ("1k", 1000), ("1K", 1000), ("1kB", 1000), ("1KiB", 1024), ("500 MB", 500_000_000),
        ("2GiB", 2 << 30), ("1G", 1_000_000_000), (" 3 T ", 3_000_000_000_000), ("1TiB", 1 << 40), ("7b", 7),
        ("16777215TiB", 16_777_215 << 40),
    ] as [(String, UInt64)])
    func parses(_ text: String, _ expected: UInt64) {
        #expect(ByteSize.parse(text) == expected)
    }

    @Test(arguments: ["", "G", "1.5G", "-1", "1 GG", "1Gi", "1 PB", "twelve", "18446745TB", "16777216TiB", "99999999999999999999"])
    func refuses(_ text: String) {
        #expect(ByteSize.parse(text) == nil, "\(text)")
    }

    @Test func formatsExactlyAndRoundTrips() {
        #expect(ByteSize.format(0) == "0")
        #expect(ByteSize.format(1_000_000_000) == "1G")
        #expect(ByteSize.format(1 << 40) == "1TiB")
        #expect(ByteSize.format(1536) == "3KiB" || ByteSize.format(1536) == "1536")
        #expect(ByteSize.format(1001) == "1001")
        for value: UInt64 in [1, 999, 1024, 3 << 20, 5_000_000, 123_456_789_000, UInt64.max, UInt64.max / 1024 * 1024] {
            #expect(ByteSize.parse(ByteSize.format(value)) == value, "\(value)")
        }
    }

    /// Rates follow curl, aria2 and rclone: a bare K or M is 1024-based; kB/MB stay SI; the
    /// written form never uses a bare suffix, so it reads back the same.
    @Test func ratesReadBareSuffixesAsBinaryAndRoundTrip() {
        #expect(ByteSize.parseRate("2M") == 2 << 20 && ByteSize.parseRate("500k") == 500 << 10 && ByteSize.parseRate("1G") == 1 << 30)
        #expect(ByteSize.parseRate("2MB") == 2_000_000 && ByteSize.parseRate("2 MiB/s") == 2 << 20 && ByteSize.parseRate("300") == 300)
        #expect(ByteSize.parseRate("fast") == nil && ByteSize.parseRate("2M/") == nil)
        // Spaces between the number and the unit, and before /s; never inside the unit.
        #expect(ByteSize.parseRate(" 5 MB /s ") == 5_000_000 && ByteSize.parseRate("1.5 M") == 3 << 19)
        #expect(ByteSize.parseRate("5 M B") == nil && ByteSize.parseRate("5 Mi B") == nil && ByteSize.parseRate("5 M/ s") == nil)
        // Decimals, as rclone takes them (the rate dialog said "not a rate: 1.5M").
        #expect(ByteSize.parseRate("1.5M") == 3 << 19 && ByteSize.parseRate("0.5 MB/s") == 500_000 && ByteSize.parseRate(".5k") == 512)
        #expect(ByteSize.parseRate("1..5M") == nil && ByteSize.parseRate("1.5.2M") == nil && ByteSize.parseRate(".") == nil && ByteSize.parseRate("1.5X") == nil)
        for value: UInt64 in [1, 1000, 1024, 2 << 20, 2_000_000, 1_536_000, 123_456_789] {
            let text = ByteSize.formatRate(value)
            #expect(ByteSize.parseRate(text) == value, "\(value) as \(text)")
        }
        #expect(ByteSize.formatRate(2_000_000) == "2MB" && ByteSize.formatRate(2 << 20) == "2MiB")
    }
}
