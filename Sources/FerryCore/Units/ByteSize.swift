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
        SuffixedNumber.parse(text, units: units)
    }

    /// A rate as people write one for a limit: as in curl's `--limit-rate`, aria2's and
    /// rclone's limits, a bare `K`, `M`, `G` or `T` is binary (`2M` is 2 MiB/s, shown as
    /// "2.00 MiB/s"); `kB`/`MB` are still SI and `KiB`/`MiB` binary. A trailing `/s` is allowed,
    /// and a decimal number (`1.5M`, as rclone takes). Spaces may stand between the number
    /// and the unit, and before `/s`, not inside the unit (`5 M B` was taken as 5 MB).
    public static func parseRate(_ text: String) -> UInt64? {
        var rate = Substring(text).drop { $0 == " " }
        while rate.last == " " { rate = rate.dropLast() }
        if rate.lowercased().hasSuffix("/s") { rate = rate.dropLast(2) }
        return SuffixedNumber.parseDecimal(String(rate), units: rateUnits)
    }

    /// A rate written so ``parseRate(_:)`` reads it back exactly (`2MiB`, `500kB`), never a
    /// bare suffix, whose meaning differs between sizes and rates.
    public static func formatRate(_ count: UInt64) -> String {
        written(count, siSuffixes: ["TB", "GB", "MB", "kB"])
    }

    private static let rateUnits: [(suffix: String, factor: UInt64)] = [
        ("", 1), ("b", 1),
        ("k", 1 << 10), ("kb", 1000), ("kib", 1 << 10),
        ("m", 1 << 20), ("mb", 1_000_000), ("mib", 1 << 20),
        ("g", 1 << 30), ("gb", 1_000_000_000), ("gib", 1 << 30),
        ("t", 1 << 40), ("tb", 1_000_000_000_000), ("tib", 1 << 40),
    ]

    /// `count` written exactly, with the largest binary or SI unit that divides it.
    public static func format(_ count: UInt64) -> String {
        written(count, siSuffixes: ["T", "G", "M", "k"])
    }

    /// `count` with the largest binary unit, or SI unit (named by `siSuffixes`, tera first),
    /// that divides it.
    private static func written(_ count: UInt64, siSuffixes si: [String]) -> String {
        guard count > 0 else { return "0" }
        let largestFirst: [(suffix: String, factor: UInt64)] = [
            ("TiB", 1 << 40), (si[0], 1_000_000_000_000), ("GiB", 1 << 30), (si[1], 1_000_000_000),
            ("MiB", 1 << 20), (si[2], 1_000_000), ("KiB", 1 << 10), (si[3], 1000),
        ]
        return SuffixedNumber.format(count, units: largestFirst) ?? String(count)
    }
}
