/// Byte counts as people write them in config files: `1000`, `1G`, `500 MB`, `2GiB`. SI
/// suffixes (k, M, G, T, with or without `B`) are powers of 1000, as in Tahoe-LAFS's
/// `reserved_space`; binary ones (KiB, MiB, GiB, TiB) powers of 1024. Case-insensitive.
public enum ByteSize {
    private static let units: [(suffix: String, factor: UInt64)] = [
        ("", 1), ("b", 1),
        ("k", 1000), ("kb", 1000), ("kib", 1 << 10),
        ("m", 1_000_000), ("mb", 1_000_000), ("mib", 1 << 20),
        ("g", 1_000_000_000), ("gb", 1_000_000_000), ("gib", 1 << 30),
        ("t", 1_000_000_000_000), ("tb", 1_000_000_000_000), ("tib", 1 << 40),
    ]

    /// The count `text` stands for, or nil when it is not a whole number with a known suffix
    /// or overflows 64 bits.
    public static func parse(_ text: String) -> UInt64? {
        let trimmed = text.trimmingSpaces
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        let suffix = String(trimmed.dropFirst(digits.count)).trimmingSpaces.lowercased()
        guard !digits.isEmpty, let number = UInt64(digits),
              let factor = units.first(where: { $0.suffix == suffix })?.factor else { return nil }
        let (value, overflow) = number.multipliedReportingOverflow(by: factor)
        return overflow ? nil : value
    }

    /// `count` written exactly, with the largest binary or SI unit that divides it.
    public static func format(_ count: UInt64) -> String {
        guard count > 0 else { return "0" }
        for (suffix, factor) in [("TiB", UInt64(1) << 40), ("T", 1_000_000_000_000), ("GiB", 1 << 30), ("G", 1_000_000_000),
                                 ("MiB", 1 << 20), ("M", 1_000_000), ("KiB", 1 << 10), ("k", 1000)] where count % factor == 0 {
            return "\(count / factor)\(suffix)"
        }
        return String(count)
    }
}

private extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
