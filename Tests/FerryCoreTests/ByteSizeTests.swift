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
}
