/// Figures as a person reads them on a progress line: sizes and speeds in binary units
/// with three significant digits ("512 B", "1.50 MiB", "23.4 MiB/s"), durations as
/// "42s", "3:07", "1:02:03". Pure.
public enum HumanFormat {
    private static let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]

    public static func bytes(_ count: UInt64) -> String {
        guard count >= 1024 else { return "\(count) B" }
        var value = Double(count), unit = 0
        // One that would read "1024 KiB" reads "1.00 MiB" (both were seen side by side).
        while value >= 1023.5, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return "\(threeDigits(value)) \(units[unit])"
    }

    public static func rate(_ bytesPerSecond: Double) -> String {
        bytes(UInt64(max(0, bytesPerSecond).rounded())) + "/s"
    }

    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--" }
        let total = Int(seconds.rounded())
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        if hours > 0 { return "\(hours):\(pad(minutes)):\(pad(rest))" }
        if minutes > 0 { return "\(minutes):\(pad(rest))" }
        return "\(rest)s"
    }

    /// A retry's wait, as said after an error: "retrying in 3s", rounded up ("retrying in
    /// 0s" came of a wait under half a second), or "retrying now" with no wait at all.
    public static func retrying(in seconds: Double) -> String {
        seconds > 0 ? "retrying in \(duration(seconds.rounded(.up)))" : "retrying now"
    }

    /// A time left, in at most seven columns: "41s", "1:12", "9:59:59", then "10h 05m",
    /// then whole days ("12d"), and ">99d" beyond (a stalled transfer's ETA ran to
    /// "496:13:00" and was cut in the list).
    public static func eta(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--" }
        let total = Int(min(seconds, 1e9).rounded())
        if total < 36_000 { return duration(seconds) }
        if total < 360_000 { return "\(total / 3600)h \(pad(total / 60 % 60))m" }
        let days = total / 86_400
        return days <= 99 ? "\(days)d" : ">99d"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func threeDigits(_ value: Double) -> String {
        let decimals = value < 10 ? 2 : value < 100 ? 1 : 0
        var scaled = (value * pow10(decimals)).rounded()
        if decimals > 0, scaled >= 1000 { scaled = (value * pow10(decimals - 1)).rounded() * 10 }
        let whole = Int(scaled) / Int(pow10(decimals)), fraction = Int(scaled) % Int(pow10(decimals))
        guard decimals > 0 else { return "\(whole)" }
        let digits = String(fraction)
        return "\(whole)." + String(repeating: "0", count: decimals - digits.count) + digits
    }

    private static func pow10(_ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }
}
