import FerryCore
import TOMLKit

/// Reads typed settings out of TOML values; each failure names the key and says what was
/// expected.
public enum ConfigValue {
    /// A byte count: a plain integer or a string such as "500M" or "2GiB" (``ByteSize``).
    public static func size(_ value: any TOMLValueConvertible, key: String) throws(ConfigError) -> UInt64 {
        if let number = value.int, number >= 0 { return UInt64(number) }
        if let text = value.string, let bytes = ByteSize.parse(text) { return bytes }
        throw .badValue(key: key, reason: "expected a size such as 1000, \"500M\" or \"2GiB\"")
    }

    /// A rate limit: a plain integer (bytes per second) or a string such as "500K" or "2M"
    /// (binary, as curl's and aria2's limits: ``ByteSize/parseRate(_:)``), "2MB", "2MiB/s".
    public static func rate(_ value: any TOMLValueConvertible, key: String) throws(ConfigError) -> UInt64 {
        if let number = value.int, number >= 0 { return UInt64(number) }
        if let text = value.string, let bytes = ByteSize.parseRate(text) { return bytes }
        throw .badValue(key: key, reason: "expected bytes per second such as 500000, \"500K\" or \"2M\" (K and M are 1024 and 1024², as in curl)")
    }

    /// A duration: a plain integer (seconds) or a string such as "90s", "12h" or "7d".
    public static func seconds(_ value: any TOMLValueConvertible, key: String) throws(ConfigError) -> UInt64 {
        if let number = value.int, number >= 0 { return UInt64(number) }
        if let text = value.string, let seconds = TimeSpan.parse(text) { return seconds }
        throw .badValue(key: key, reason: "expected a duration such as 3600, \"30m\", \"12h\" or \"7d\"")
    }

    /// A whole number in `range`.
    public static func count(_ value: any TOMLValueConvertible, key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let number = value.int, range.contains(number) else {
            throw .badValue(key: key, reason: "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// An array of strings.
    public static func strings(_ value: any TOMLValueConvertible, key: String) throws(ConfigError) -> [String] {
        guard let array = value.array else { throw .badValue(key: key, reason: "expected an array of strings") }
        var strings: [String] = []
        for element in array {
            guard let text = element.string else { throw .badValue(key: key, reason: "expected an array of strings") }
            strings.append(text)
        }
        return strings
    }

    /// `strings` as a TOML array, one per line.
    public static func render(_ strings: [String]) -> String {
        guard !strings.isEmpty else { return "[]" }
        return "[\n" + strings.map { "    \"\($0)\",\n" }.joined() + "]"
    }
}
