/// Durations as people write them in config files: `3600` (seconds), `90s`, `30m`, `12h`,
/// `7d`, `2w`. Whole numbers only; case-insensitive; spaces between number and unit allowed.
public enum TimeSpan {
    private static let units: [(suffix: String, seconds: UInt64)] = [
        ("", 1), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604_800),
    ]

    /// The seconds `text` stands for, or nil when it is not a whole number with a known unit
    /// or overflows 64 bits.
    public static func parse(_ text: String) -> UInt64? {
        let trimmed = text.filter { $0 != " " }.lowercased()
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        let suffix = String(trimmed.dropFirst(digits.count))
        guard !digits.isEmpty, let number = UInt64(digits),
              let factor = units.first(where: { $0.suffix == suffix })?.seconds else { return nil }
        let (value, overflow) = number.multipliedReportingOverflow(by: factor)
        return overflow ? nil : value
    }

    /// `seconds` written exactly, with the largest unit that divides it.
    public static func format(_ seconds: UInt64) -> String {
        guard seconds > 0 else { return "0s" }
        for (suffix, factor) in units.reversed() where factor > 1 && seconds % factor == 0 {
            return "\(seconds / factor)\(suffix)"
        }
        return "\(seconds)s"
    }
}
