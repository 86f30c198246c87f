import FerryCore
import Testing

@Suite struct TimeSpanTests {
    @Test(arguments: [
        ("0", 0), ("3600", 3600), ("90s", 90), ("30m", 1800), ("12h", 43200), ("7d", 604_800), ("2w", 1_209_600),
        (" 3 D ", 259_200), ("1H", 3600),
    ] as [(String, UInt64)])
    func parses(_ text: String, _ expected: UInt64) {
        #expect(TimeSpan.parse(text) == expected)
    }

    @Test(arguments: ["", "d", "1.5h", "-1", "1 dd", "1y", "1ms", "soon", "99999999999999999999w", "30600000000000w"])
    func refuses(_ text: String) {
        #expect(TimeSpan.parse(text) == nil, "\(text)")
    }

    @Test func formatsExactlyAndRoundTrips() {
        #expect(TimeSpan.format(0) == "0s")
        #expect(TimeSpan.format(604_800) == "1w" && TimeSpan.format(86400 * 3) == "3d" && TimeSpan.format(5400) == "90m")
        #expect(TimeSpan.format(61) == "61s")
        for value: UInt64 in [1, 59, 60, 3599, 3600, 86401, 1 << 40, UInt64.max] {
            #expect(TimeSpan.parse(TimeSpan.format(value)) == value, "\(value)")
        }
    }
}
