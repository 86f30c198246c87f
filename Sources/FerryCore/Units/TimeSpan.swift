/// Durations as people write them in config files: `3600` (seconds), `90s`, `30m`, `12h`,
/// `7d`, `2w`. Whole numbers only; case-insensitive; spaces between number and unit allowed.
public enum TimeSpan {
    private static let units: [(suffix: String, factor: UInt64)] = [
        ("", 1), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604_800),
    ]

    /// The seconds `text` stands for, or nil when it is not a whole number with a known unit
    /// or overflows 64 bits.
    public static func parse(_ text: String) -> UInt64? {
        SuffixedNumber.parse(text, units: units)
    }

    /// `seconds` written exactly, with the largest unit that divides it.
    public static func format(_ seconds: UInt64) -> String {
        guard seconds > 0 else { return "0s" }
        return SuffixedNumber.format(seconds, units: units.dropFirst().reversed()) ?? "\(seconds)s"
    }
}
